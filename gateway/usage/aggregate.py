"""Usage aggregated per reporting window: one entry per (operation, client name, client version).

A request leaves a `Sample` (what ran, for which client, with or without errors).  At each flush
the samples of the window are folded into `Aggregate`s keyed by the operation's signature hash
and the client; the `Signature` of each operation (normalised document, hash, coordinates) is
computed once per (supergraph, document hash, operation name) and kept.  An aggregate is the
unit of a report: `as_json` is one entry of the registry's `operations` list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from gateway.operation.fragments import fragments_of
from gateway.request import ExecutedOperation
from gateway.usage.coordinates import schema_coordinates
from gateway.usage.latency import BOUNDS_MS, BUCKETS, bucket_of
from gateway.usage.signature import introspection_only, normalised_document, signature_hash

__all__ = [
    "Aggregate",
    "Sample",
    "Signature",
    "SignatureKey",
    "aggregate",
    "signature_key",
    "signature_of",
]

# Client names and versions are cut to what the registry keeps.
MAX_CLIENT_LENGTH = 128


class Sample(NamedTuple):
    """One executed request, as the request path leaves it (a tuple: cheap to make)."""

    executed: ExecutedOperation
    client_name: str
    client_version: str
    errors: bool
    # From the request's start to its answer.
    milliseconds: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Signature:
    """What the registry records of an operation (`gateway.usage.signature`)."""

    hash: str
    name: str | None
    document: str
    coordinates: tuple[str, ...]
    # Only meta fields at the root: not reported.
    introspection_only: bool


SignatureKey = tuple[str, str, str | None]


def signature_key(executed: ExecutedOperation) -> SignatureKey:
    """Signatures are kept per supergraph, document and operation."""
    name = executed.operation.name
    return (executed.supergraph_id, executed.document_hash, None if name is None else name.value)


def signature_of(executed: ExecutedOperation) -> Signature:
    """The signature of the operation that ran (pure CPU work: safe in a worker thread)."""
    operation = executed.operation
    fragments = fragments_of(executed.document)
    document = normalised_document(operation, fragments)
    return Signature(
        hash=signature_hash(document),
        name=None if operation.name is None else operation.name.value,
        document=document,
        coordinates=schema_coordinates(executed.schema, operation, fragments),
        introspection_only=introspection_only(operation, fragments),
    )


@dataclass(slots=True, kw_only=True)
class Aggregate:
    """Requests of one operation by one client in one window (seconds since the epoch)."""

    signature: Signature
    client_name: str
    client_version: str
    start: float
    end: float
    count: int = 0
    errors: int = 0
    # Requests per `gateway.usage.latency` bucket, and their total duration.
    latency: list[int] = field(default_factory=lambda: [0] * BUCKETS)
    latency_ms: float = 0.0
    # Reports that failed to deliver it; it is sent at most twice.
    attempts: int = 0

    def as_json(self) -> dict[str, Any]:
        signature = self.signature
        return {
            "hash": signature.hash,
            "name": signature.name,
            "document": signature.document,
            "client": {"name": self.client_name, "version": self.client_version},
            "coordinates": list(signature.coordinates),
            "count": self.count,
            "errors": self.errors,
            "latency": {
                "bounds_ms": list(BOUNDS_MS),
                "counts": list(self.latency),
                "sum_ms": round(self.latency_ms, 3),
            },
            "window": {"start": _timestamp(self.start), "end": _timestamp(self.end)},
        }


def _timestamp(seconds: float) -> str:
    moment = datetime.fromtimestamp(seconds, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def aggregate(
    samples: Iterable[Sample],
    signatures: Mapping[SignatureKey, Signature],
    *,
    start: float,
    end: float,
) -> list[Aggregate]:
    """One aggregate per (signature hash, client name, client version), in first-seen order;
    introspection-only operations, and samples without a signature, are left out."""
    found: dict[tuple[str, str, str], Aggregate] = {}
    for sample in samples:
        signature = signatures.get(signature_key(sample.executed))
        if signature is None or signature.introspection_only:
            continue
        name = sample.client_name[:MAX_CLIENT_LENGTH]
        version = sample.client_version[:MAX_CLIENT_LENGTH]
        key = (signature.hash, name, version)
        entry = found.get(key)
        if entry is None:
            entry = found[key] = Aggregate(
                signature=signature, client_name=name, client_version=version, start=start, end=end
            )
        entry.count += 1
        entry.errors += sample.errors
        entry.latency[bucket_of(sample.milliseconds)] += 1
        entry.latency_ms += sample.milliseconds
    return list(found.values())
