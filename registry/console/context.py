"""What every console page reads: the store, the settings, the session signer."""

from __future__ import annotations

from dataclasses import dataclass

from registry.console.session import SessionSigner
from registry.settings import RegistrySettings
from registry.store.repository import RegistryStore

__all__ = ["Console"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Console:
    store: RegistryStore
    settings: RegistrySettings
    signer: SessionSigner
