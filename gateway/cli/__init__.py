"""Command-line entry points, one module per command (see `gateway.__main__`)."""
