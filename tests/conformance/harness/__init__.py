"""Declare conformance scenarios and serve their subgraphs; run the gateway under test."""

from .compare import response_mismatch
from .model import Case, Resolver, Scenario, Subgraph, link

__all__ = ["Case", "Resolver", "Scenario", "Subgraph", "link", "response_mismatch"]
