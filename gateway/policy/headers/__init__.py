"""Header propagation: the HTTP headers the gateway sends to each subgraph."""

from gateway.policy.headers.propagation import HeaderPropagation
from gateway.policy.headers.rules import FRAMING_HEADERS, compile_rules, is_framing

__all__ = ["FRAMING_HEADERS", "HeaderPropagation", "compile_rules", "is_framing"]
