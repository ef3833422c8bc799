"""Serve the OSA map to many readers from one machine, without Docker: `python scripts/serve.py --replicas 2`.

Starts N Streamlit replicas of app.py on loopback ports and nginx in front of them, from the same
nginx configuration the proxy image in deploy/ ships (deploy/nginx/nginx.conf.template):

- nginx serves Streamlit's content-hashed bundles from disk, precompressed, cached for a year,
  and compresses the rest, so the replicas' Python only runs sessions;
- every other request, the WebSocket included, goes to one replica per reader (cookie affinity);
- each replica runs app.py once, one after another, before nginx starts: warm caches for the
  first readers, and no two replicas writing static/generated at the same moment;
- every replica gets the same `server.cookieSecret` (from --cookie-secret, $OSA_COOKIE_SECRET, or
  a random one per start), so the XSRF cookie one replica sets is accepted by the others;
- all replicas read and write one data folder (data/ or --data-dir / $OSA_DATA_DIR): an edit saved
  through one replica shows on the others at their readers' next interaction, and two saves of
  the same version are serialised by the folder's lock file (the second is refused).

Ctrl-C (or SIGTERM) stops nginx and every replica. If any of them exits, the others are stopped too.
nginx comes from the distribution (Debian: `apt-get install nginx`); `python scripts/run_tests.py`
installs it when run as root.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_SCRIPT = ROOT / "app.py"
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "nginx.conf.template"
START_TIMEOUT_S = 60
# What gzip_static may serve precompressed; fonts (woff2) and images are compressed already.
COMPRESSIBLE = {".js", ".css", ".html", ".json", ".svg", ".txt", ".map", ".ttf", ".otf", ".ico", ".xml"}


@dataclass
class Process:
    name: str
    process: subprocess.Popen
    log_path: Path
    url: str = ""

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@dataclass
class Stack:
    """The load balancer's URL, the replicas behind it, and how to stop them all."""

    url: str
    replicas: list[Process]
    proxy: Process
    runtime_dir: Path
    access_log: Path
    stopped: bool = field(default=False)

    def processes(self) -> list[Process]:
        return [self.proxy, *self.replicas]

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        for item in self.processes():
            if item.process.poll() is None:
                item.process.terminate()
        for item in self.processes():
            try:
                item.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                item.process.kill()
                item.process.wait()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def find_nginx() -> str | None:
    return (
        os.environ.get("OSA_NGINX")
        or shutil.which("nginx")
        or next((path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)), None)
    )


def mime_types_file(nginx: str) -> Path:
    """nginx's mime.types, found beside the configuration nginx was built with."""
    built = subprocess.run([nginx, "-V"], capture_output=True, text=True).stderr
    match = re.search(r"--conf-path=(\S+)", built)
    candidates = [Path(match.group(1)).parent / "mime.types"] if match else []
    candidates += [Path("/etc/nginx/mime.types"), Path("/usr/local/etc/nginx/mime.types")]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"nginx's mime.types not found (looked in {', '.join(map(str, candidates))})")


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "osa-map"


def precompressed_streamlit_static(cache: Path | None = None) -> Path:
    """Streamlit's static folder as nginx serves it: each file linked, each text file also as .gz.

    Built once per Streamlit version (a few seconds) and reused; the image does the same with gzip -k.
    """
    import streamlit

    source = Path(streamlit.__file__).resolve().parent / "static"
    target = (cache or cache_dir()) / f"streamlit-{streamlit.__version__}-static"
    if (target / ".complete").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    files = [path for path in source.rglob("*") if path.is_file()]

    def place(path: Path) -> None:
        destination = building / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.symlink_to(path)
        if path.suffix in COMPRESSIBLE and path.stat().st_size >= 1024:
            # mtime=0: the same bytes every time; zlib releases the GIL, so threads use both cores.
            destination.with_name(destination.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))

    with ThreadPoolExecutor() as pool:
        list(pool.map(place, files))
    (building / ".complete").write_text(streamlit.__version__)
    try:
        building.rename(target)
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
        if not (target / ".complete").is_file():  # not another start that built it meanwhile
            raise
    return target


def render_nginx_config(values: dict[str, str]) -> str:
    """deploy/nginx/nginx.conf.template with its ${OSA_...} names filled in, as envsubst does in the image."""
    text = NGINX_TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace("${" + name + "}", value)
    missing = sorted(set(re.findall(r"\$\{(OSA_[A-Z_]+)\}", text)))
    if missing:
        raise ValueError(f"no value for {', '.join(missing)} in {NGINX_TEMPLATE}")
    return text


def write_previews(runtime_dir: Path, env: dict[str, str]) -> Path:
    """The link previews' nginx maps from the replicas' data (`python -m osa_map previews`). With
    invalid data the file still holds the app's own title, and the problems are printed."""
    previews = runtime_dir / "previews.conf"
    made = subprocess.run(
        [sys.executable, "-m", "osa_map", "previews", str(previews)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if made.returncode:
        print(f"link previews: the data has problems, so links preview with the app's own title:\n{made.stderr}")
    return previews


def wait_healthy(item: Process, deadline: float) -> None:
    while time.monotonic() < deadline:
        if item.process.poll() is not None:
            raise RuntimeError(f"{item.name} exited with {item.process.returncode}:\n{item.log()}")
        try:
            with urllib.request.urlopen(f"{item.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{item.name} did not answer within {START_TIMEOUT_S}s:\n{item.log()}")


async def _one_script_run(url: str) -> None:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    stream = url.replace("http", "ws", 1) + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as ws:
        request = BackMsg()
        request.rerun_script.query_string = ""
        await ws.send(request.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await ws.recv())
            if message.WhichOneof("type") == "script_finished":
                return


def warm_up(replica: Process) -> None:
    """Run app.py once on a replica, as a first visitor would, before any reader comes.

    Its caches are then filled (the first reader gets a warm replica), and the files the app
    writes at its first run (static/generated) are written by one replica at a time: the
    replicas of this set-up share that folder.
    """
    try:
        # In a thread of its own: a caller may already run an event loop (bench/replicas.py does).
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(lambda: asyncio.run(asyncio.wait_for(_one_script_run(replica.url), START_TIMEOUT_S))).result()
    except Exception as error:  # a replica that answers its health check still serves readers
        print(f"serve.py: warming {replica.name} failed ({type(error).__name__}: {error}); it starts cold")


def start_replica(index: int, port: int, host: str, env: dict[str, str], log_dir: Path) -> Process:
    """One `streamlit run app.py`, as the image's CMD runs it, on its own loopback port."""
    log_path = log_dir / f"replica-{index}.log"
    command = [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT), "--server.port", str(port)]
    command += ["--server.address", host, "--server.headless", "true"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT)
    return Process(f"replica {index}", process, log_path, f"http://{host}:{port}")


def start_stack(
    replicas: int,
    runtime_dir: Path,
    port: int = 0,
    host: str = "127.0.0.1",
    data_dir: Path | None = None,
    cookie_secret: str | None = None,
) -> Stack:
    """Start `replicas` Streamlit processes and nginx in front of them; return once all answer."""
    nginx = find_nginx()
    if not nginx:
        raise RuntimeError(
            "nginx not found: install it (Debian/Ubuntu: `sudo apt-get install nginx`; "
            "`python scripts/run_tests.py` does so as root) or set OSA_NGINX to its executable."
        )
    runtime_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # The same secret on every replica: the XSRF cookie one replica signs, another accepts.
    secret = cookie_secret or os.environ.get("OSA_COOKIE_SECRET") or secrets.token_hex(32)
    env["STREAMLIT_SERVER_COOKIE_SECRET"] = secret
    if data_dir is not None:
        env["OSA_DATA_DIR"] = str(Path(data_dir).resolve())
    started: list[Process] = []
    try:
        for index in range(1, replicas + 1):
            # Replicas listen on loopback whatever --host says: readers reach them only through nginx.
            started.append(start_replica(index, free_port(), "127.0.0.1", env, runtime_dir))
        static = precompressed_streamlit_static()  # while the replicas start
        deadline = time.monotonic() + START_TIMEOUT_S
        for replica in started:
            wait_healthy(replica, deadline)
        for replica in started:
            warm_up(replica)
        port = port or free_port(host)
        upstreams = " ".join(f"server {r.url.removeprefix('http://')} max_fails=1 fail_timeout=5s;" for r in started)
        access_log = runtime_dir / "access.log"
        config = runtime_dir / "nginx.conf"
        previews = write_previews(runtime_dir, env)
        config.write_text(
            render_nginx_config(
                {
                    "OSA_LISTEN": f"{host}:{port}",
                    "OSA_UPSTREAM_SERVERS": upstreams,
                    "OSA_STREAMLIT_STATIC": str(static),
                    "OSA_RUNTIME_DIR": str(runtime_dir),
                    "OSA_ACCESS_LOG": str(access_log),
                    "OSA_MIME_TYPES": str(mime_types_file(nginx)),
                    "OSA_NGINX_USER": pwd.getpwuid(os.geteuid()).pw_name,
                    "OSA_PREVIEWS": str(previews),
                }
            )
        )
        checked = subprocess.run([nginx, "-t", "-q", "-e", "stderr", "-c", str(config)], capture_output=True, text=True)
        if checked.returncode:
            raise RuntimeError(f"nginx rejected {config}:\n{checked.stderr}")
        proxy_log = runtime_dir / "nginx.log"
        proxy = subprocess.Popen(
            [nginx, "-e", "stderr", "-c", str(config)], stdout=proxy_log.open("w"), stderr=subprocess.STDOUT
        )
        started.insert(0, Process("nginx", proxy, proxy_log, f"http://{host}:{port}"))
        wait_healthy(started[0], time.monotonic() + START_TIMEOUT_S)
    except BaseException:
        for item in started:
            if item.process.poll() is None:
                item.process.terminate()
                try:
                    item.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    item.process.kill()
        raise
    return Stack(started[0].url, started[1:], started[0], runtime_dir, access_log)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes (default 2; about one per core)")
    parser.add_argument("--port", type=int, default=8080, help="the load balancer's port (default 8080; 0: any free)")
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address (default 127.0.0.1; replicas stay on it)")
    parser.add_argument("--data-dir", type=Path, help="the shared data folder (default: $OSA_DATA_DIR, else data/)")
    parser.add_argument("--cookie-secret", help="server.cookieSecret for every replica (default: $OSA_COOKIE_SECRET)")
    parser.add_argument("--runtime-dir", type=Path, help="logs, nginx.conf and nginx's files (default: a temp folder)")
    arguments = parser.parse_args()
    if arguments.replicas < 1:
        parser.error("--replicas must be at least 1")
    runtime_dir = arguments.runtime_dir or Path(tempfile.mkdtemp(prefix="osa-serve-"))

    def stop_on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_term)
    try:
        stack = start_stack(
            arguments.replicas, runtime_dir, arguments.port, arguments.host, arguments.data_dir, arguments.cookie_secret
        )
    except KeyboardInterrupt:
        return 130
    except (RuntimeError, FileNotFoundError, ValueError) as error:
        print(f"serve.py: {error}", file=sys.stderr)
        return 1
    try:
        for replica in stack.replicas:
            print(f"{replica.name}: {replica.url} (pid {replica.process.pid}, log {replica.log_path})", flush=True)
        config = runtime_dir / "nginx.conf"
        print(f"nginx: pid {stack.proxy.process.pid}, config {config}, access log {stack.access_log}")
        count = len(stack.replicas)
        print(f"Serving the OSA map at {stack.url} with {count} replicas. Ctrl-C stops them all.", flush=True)
        while True:
            for item in stack.processes():
                if item.process.poll() is not None:
                    print(f"serve.py: {item.name} exited with {item.process.returncode}; stopping the rest.")
                    print(item.log()[-2000:], file=sys.stderr)
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("Stopping nginx and the replicas.", flush=True)
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
