"""Tests of the scheduling subgraph."""
