"""The schema registry: publish, check and serve schemas."""
