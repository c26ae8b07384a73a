"""Operation usage for the schema registry: which operations ran, for which clients, how often.

`UsageObserver` leaves one sample per executed request on the request path (an append);
`UsageReporter` aggregates them per (operation, client) and window off the request path and
POSTs them to the registry.  `signature` and `coordinates` say what is reported of an operation:
its normalised document and hash, and the schema coordinates it touches.
"""

from gateway.usage.aggregate import Aggregate, Sample, Signature, signature_of
from gateway.usage.coordinates import schema_coordinates
from gateway.usage.observer import UsageObserver
from gateway.usage.reporter import FlushResult, NoUsageMetrics, UsageMetrics, UsageReporter
from gateway.usage.signature import introspection_only, normalised_document, signature_hash

__all__ = [
    "Aggregate",
    "FlushResult",
    "NoUsageMetrics",
    "Sample",
    "Signature",
    "UsageMetrics",
    "UsageObserver",
    "UsageReporter",
    "introspection_only",
    "normalised_document",
    "schema_coordinates",
    "signature_hash",
    "signature_of",
]
