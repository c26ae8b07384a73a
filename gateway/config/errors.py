"""`ConfigError`: a configuration the gateway refuses, with the key path and what was expected."""

from __future__ import annotations

__all__ = ["ConfigError", "KeyPath", "render_path"]

# Keys from the root of the configuration; list positions are ints.
KeyPath = tuple[str | int, ...]


def render_path(path: KeyPath) -> str:
    """`limits.max_depth`, `headers.all[0].action`; the root is `(top level)`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


class ConfigError(ValueError):
    """One line saying which key is wrong and what it accepts.

    The command line prints it as it is and exits 2; nothing else catches it.
    """

    def __init__(self, message: str, *, path: KeyPath = ()) -> None:
        super().__init__(f"{render_path(path)}: {message}" if path else message)
        self.path = path
