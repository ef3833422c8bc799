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


# Programs some tests drive, by the Debian package that installs them: LibreOffice writes the real
# spreadsheet files the Edit page's upload is tested with.
DEBIAN_TOOLS = {"soffice": "libreoffice-calc-nogui"}


def ensure_debian_tools() -> None:
    """Install the missing DEBIAN_TOOLS in one apt-get call (as root); otherwise say what is missing."""
    missing = [package for program, package in DEBIAN_TOOLS.items() if not shutil.which(program)]
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)
    still = [program for program in DEBIAN_TOOLS if not shutil.which(program)]
    if still:
        sys.exit(f"The tests need {', '.join(still)}: install {' '.join(missing)} (Debian/Ubuntu) and run this again.")


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
    ensure_debian_tools()
    chromium = ensure_chromium()
    os.environ["OSA_CHROMIUM"] = chromium
    run(sys.executable, "-m", "ruff", "check", ".")
    run(sys.executable, "-m", "ruff", "format", "--check", ".")
    # The package's layers and the streamlit boundary (.importlinter): a broken contract fails here.
    # (lint-imports through this Python, which may not have put its scripts on PATH)
    run(sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()")
    audit_dependencies()
    return subprocess.run([sys.executable, "-m", "pytest", *sys.argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
