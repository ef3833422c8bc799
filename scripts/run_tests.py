"""Install what the tests need and run every test: `python scripts/run_tests.py`.

This is the README's second command and all that .ci/run does, so a fresh clone on a fresh
machine tests exactly what a developer tests. Extra arguments go to pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")


def run(*command: str) -> None:
    """Run one step; stop with its exit code (and no traceback) if it fails."""
    print("+", " ".join(command), flush=True)
    returncode = subprocess.run(command, cwd=ROOT).returncode
    if returncode:
        sys.exit(returncode)


def find_chromium() -> str | None:
    configured = os.environ.get("OSA_CHROMIUM")
    if configured:
        return configured
    return next(filter(None, (shutil.which(name) for name in CHROMIUM_CANDIDATES)), None)


def ensure_chromium() -> str:
    """Playwright cannot download its own browser here, so the browser tests drive Debian's Chromium."""
    chromium = find_chromium()
    if chromium:
        return chromium
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env)
        chromium = find_chromium()
    if not chromium:
        sys.exit(
            "Chromium is needed for the browser tests. Install it (Debian/Ubuntu: `sudo apt-get install chromium`) "
            "or set OSA_CHROMIUM to a Chromium executable, then run this again."
        )
    return chromium


def find_nginx() -> str | None:
    configured = os.environ.get("OSA_NGINX")
    if configured:
        return configured
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)), None
    )


def ensure_nginx() -> str:
    """tests/test_serve.py starts scripts/serve.py, whose load balancer is Debian's nginx."""
    nginx = find_nginx()
    if nginx:
        return nginx
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], env=env)
        nginx = find_nginx()
    if not nginx:
        sys.exit(
            "nginx is needed for the replicated set-up's test (tests/test_serve.py). Install it (Debian/Ubuntu: "
            "`sudo apt-get install nginx`) or set OSA_NGINX to an nginx executable, then run this again."
        )
    return nginx


def main() -> int:
    run(sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements-dev.txt")
    chromium = ensure_chromium()
    os.environ["OSA_CHROMIUM"] = chromium
    os.environ["OSA_NGINX"] = ensure_nginx()
    run(sys.executable, "-m", "ruff", "check", ".")
    run(sys.executable, "-m", "ruff", "format", "--check", ".")
    # The package's layers and the streamlit boundary (.importlinter): a broken contract fails here.
    # (lint-imports through this Python, which may not have put its scripts on PATH)
    run(sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()")
    return subprocess.run([sys.executable, "-m", "pytest", *sys.argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
