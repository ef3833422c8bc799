"""Install what the tests need and run every test: `python scripts/run_tests.py`.

This is the README's second command and all that .ci/run does, so a fresh clone on a fresh
machine tests exactly what a developer tests. Extra arguments go to pytest.
"""

from __future__ import annotations

import json
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


def find_program(names: tuple[str, ...], variable: str) -> str | None:
    """$VARIABLE if set, else the first of `names` on PATH or in /usr/sbin (nginx lives there)."""
    configured = os.environ.get(variable)
    if configured:
        return configured
    search = os.pathsep.join(filter(None, (os.environ.get("PATH"), "/usr/sbin", "/usr/local/sbin")))
    return next(filter(None, (shutil.which(name, path=search) for name in names)), None)


# What some tests drive, each found by its names or an environment variable, and installed from
# Debian when missing: Playwright cannot download its own browser here, so the browser tests drive
# Debian's Chromium; LibreOffice writes the real spreadsheet files the Edit page's upload is tested
# with; nginx is the load balancer of the replicated set-up (scripts/serve.py, tests/test_serve.py).
SYSTEM_PROGRAMS = {
    "OSA_CHROMIUM": (CHROMIUM_CANDIDATES, "chromium fonts-liberation"),  # fonts: recommended, not pulled in
    "OSA_SOFFICE": (("soffice",), "libreoffice-calc-nogui"),
    "OSA_NGINX": (("nginx",), "nginx"),
}


def ensure_system_programs() -> None:
    """Find each of SYSTEM_PROGRAMS, installing the missing ones in one apt-get call (as root), and
    put their paths in the environment the tests read; otherwise say what to install."""
    missing = [package for variable, (names, package) in SYSTEM_PROGRAMS.items() if not find_program(names, variable)]
    if missing and shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env)
        packages = [name for package in missing for name in package.split()]
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], env=env)
    for variable, (names, package) in SYSTEM_PROGRAMS.items():
        found = find_program(names, variable)
        if not found:
            sys.exit(
                f"{names[0]} is needed by the tests. Install it (Debian/Ubuntu: `sudo apt-get install {package}`) "
                f"or set {variable} to its executable, then run this again."
            )
        os.environ[variable] = found


# Two test workers (pytest-xdist). The browser tests spend most of their time waiting (for a
# Streamlit run, for Chromium to draw), so two of them keep a 2-core machine busy. Each worker
# starts its own app server and Chromium (tests/conftest.py); a module with servers of its own is
# kept on one worker by its xdist_group. Arguments given to this script come after and win:
# `-n 0` runs the tests in one process, as plain `python -m pytest` does.
PYTEST_WORKERS = ("-n", "2", "--dist", "loadgroup")

AUDITED_FILES = ("requirements.txt", "requirements-dev.txt")
AUDIT_TIMEOUT_S = 300


def audit_dependencies() -> None:
    """Check the pinned versions against the PyPI/OSV advisory databases with pip-audit.

    The advisories come from the network. Where they cannot be had (offline, or a mirror that
    does not serve PyPI's JSON API), pip-audit skips each package and still prints "No known
    vulnerabilities found"; this step counts the skips instead and says plainly that the audit
    could not run, without failing the tests. A known vulnerability fails them.
    """
    print("+ dependency audit: pip-audit of " + ", ".join(AUDITED_FILES), flush=True)
    command = [sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip", "--format", "json"]
    command += ["--progress-spinner", "off"]
    for name in AUDITED_FILES:
        command += ["-r", name]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=AUDIT_TIMEOUT_S)
        report = json.loads(done.stdout or "{}")
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError) as error:
        print(f"  DEPENDENCY AUDIT COULD NOT RUN: {error}. The pins were not checked for advisories.")
        return
    packages = report.get("dependencies", [])
    if not packages:
        reason = (done.stderr.strip().splitlines() or ["pip-audit gave no report"])[-1]
        print(f"  DEPENDENCY AUDIT COULD NOT RUN: {reason}. The pins were not checked for advisories.")
        return
    skipped = [p for p in packages if "skip_reason" in p]
    vulnerable = [p for p in packages if p.get("vulns")]
    for package in vulnerable:
        ids = ", ".join(
            v["id"] + (f" (fixed in {', '.join(v['fix_versions'])})" if v.get("fix_versions") else "")
            for v in package["vulns"]
        )
        print(f"  VULNERABLE: {package['name']} {package.get('version', '')}: {ids}")
    if skipped:
        print(
            f"  DEPENDENCY AUDIT COULD NOT RUN for {len(skipped)} of {len(packages)} pinned packages "
            f"(no advisory data here: {skipped[0]['skip_reason']}). Run it where PyPI is reachable."
        )
    if len(skipped) < len(packages) and not vulnerable:
        print(f"  {len(packages) - len(skipped)} pinned packages audited: no known vulnerabilities.")
    if vulnerable:
        sys.exit(1)


def main() -> int:
    run(sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements-dev.txt")
    ensure_system_programs()
    run(sys.executable, "-m", "ruff", "check", ".")
    run(sys.executable, "-m", "ruff", "format", "--check", ".")
    # The package's layers and the streamlit boundary (.importlinter): a broken contract fails here.
    # (lint-imports through this Python, which may not have put its scripts on PATH)
    run(sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()")
    audit_dependencies()
    return subprocess.run([sys.executable, "-m", "pytest", *PYTEST_WORKERS, *sys.argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
