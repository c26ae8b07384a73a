"""Helpers for tests: running ASGI apps on real sockets."""
