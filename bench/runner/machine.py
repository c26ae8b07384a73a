"""The machine line of a benchmark report: host, CPUs, memory, kernel, Python, wrk."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import psutil  # type: ignore[import-untyped]

__all__ = ["machine"]


def machine(wrk: str | None = None) -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = psutil.virtual_memory().total / 2**30
    text = (f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), {memory:.1f} GiB RAM, "
            f"Linux {platform.release()}; Python {platform.python_version()}")  # fmt: skip
    return text + (f"; wrk at {wrk}" if wrk else "")
