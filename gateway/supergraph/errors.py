"""Errors of the supergraph stage.

Exception
└── SupergraphError   the SDL is not a supergraph we can load (returned as a value by
                      `load_supergraph`; raised only inside the package)
"""

from __future__ import annotations

__all__ = ["SupergraphError"]


class SupergraphError(Exception):
    """The supergraph SDL cannot be loaded; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SupergraphError) and other.message == self.message

    def __hash__(self) -> int:
        return hash(self.message)
