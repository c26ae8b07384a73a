"""Differential testing: random operations, our gateway against recorded reference answers."""
