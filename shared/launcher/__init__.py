"""Runs the whole platform locally: stores, seed, subgraphs and gateway."""
