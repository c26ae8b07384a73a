"""The benchmark runner's parts: setup, targets, processes, load, planning, report."""

__all__: list[str] = []
