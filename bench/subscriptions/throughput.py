"""The heavy query under wrk against the gateway with no subscriptions, with N open and idle,
and with N open and events flowing at `rate` per second (every one of them checked).

Each round measures every state once; the order alternates (idle, flowing, none; then none,
idle, flowing; ...), reopening the N subscriptions when a round needs them, so a drift of the
machine over the run falls on every state alike.  The table shows the mean and min-max.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bench.run import HEAVY
from bench.runner.load import Measurement, measure
from bench.subscriptions.control import EventsControl, Settings
from bench.subscriptions.meters import Meter, Usage
from bench.subscriptions.probes import GcProbe, GcTotals
from bench.subscriptions.report import GcSummary, Throughput, latency
from bench.subscriptions.stack import Cpus
from bench.subscriptions.subscribers import Check, Fleet

__all__ = ["HEAVY_BODY", "STATES", "ThroughputRounds"]

HEAVY_BODY = json.dumps({"query": HEAVY}).encode()
NONE, IDLE, FLOWING = "none", "open, idle", "open, events flowing"
STATES = (NONE, IDLE, FLOWING)


@dataclass(frozen=True, slots=True)
class _Sample:
    measured: Measurement
    used: Usage
    seconds: float  # wall time of the wrk run, warm-up included
    gc: GcTotals | None  # the gateway's collections meanwhile (with --gc)
    check: Check | None = None


class ThroughputRounds:
    """`reopen` opens the N subscriptions again; `close` closes them and says whether the
    events subgraph saw every upstream subscription end."""

    def __init__(
        self,
        *,
        settings: Settings,
        cpus: Cpus,
        gateway: tuple[int, str],  # pid, GraphQL URL
        wrk: str,
        control: EventsControl,
        meter: Meter,
        reopen: Callable[[], Awaitable[Fleet]],
        close: Callable[[Fleet], Awaitable[bool]],
        first_seq: int,
        gc: GcProbe | None,
    ) -> None:
        self.settings = settings
        self.cpus = cpus
        self.pid, self.url = gateway
        self.wrk = wrk
        self.control = control
        self.meter = meter
        self.reopen = reopen
        self.close = close
        self.next_seq = first_seq
        self.gc = gc
        self.upstream_closed = True
        self.failures: list[str] = []
        self.notes: list[str] = []

    async def run(self, fleet: Fleet) -> tuple[Throughput, ...]:
        """The rounds, starting with `fleet` open; every fleet is closed at the end."""
        samples: dict[str, list[_Sample]] = {state: [] for state in STATES}
        current: Fleet | None = fleet
        for index in range(self.settings.rounds):
            if index % 2 == 1:
                samples[NONE].append(await self._measure(NONE))
            if current is None:
                current = await self.reopen()
            samples[IDLE].append(await self._measure(IDLE))
            samples[FLOWING].append(await self._flowing(current))
            self.upstream_closed = await self.close(current) and self.upstream_closed
            current = None
            if index % 2 == 0:
                samples[NONE].append(await self._measure(NONE))
        return tuple(self._aggregate(state, samples[state]) for state in STATES)

    async def _measure(self, state: str) -> _Sample:
        settings = self.settings
        gc_before = await self._gc()
        reading, started = self.meter.read(), time.monotonic()
        measured = await asyncio.to_thread(
            measure, self.wrk, self.url, HEAVY_BODY, pid=self.pid, seconds=settings.seconds,
            warmup=settings.warmup, connections=settings.connections, load_cpu=self.cpus.load,
        )  # fmt: skip
        print(f"    {time.strftime('%H:%M:%S')} subscriptions {state}: {measured.rps:,.0f} req/s",
              flush=True)  # fmt: skip
        seconds, used = time.monotonic() - started, self.meter.since(reading)
        gc_after = await self._gc()
        gc = gc_after - gc_before if gc_after is not None and gc_before is not None else None
        return _Sample(measured, used, seconds, gc)

    async def _gc(self) -> GcTotals | None:
        """The gateway's collector totals (read off the event loop: the subscribers keep
        receiving meanwhile)."""
        return None if self.gc is None else await asyncio.to_thread(self.gc.read)

    async def _flowing(self, fleet: Fleet) -> _Sample:
        """wrk while events are emitted at `rate` per second; all of them checked."""
        settings = self.settings
        stop = asyncio.Event()
        emitted: dict[int, str] = {}

        async def emit_steadily() -> None:
            interval, due = 1 / settings.rate, time.monotonic()
            while not stop.is_set():
                emitted[self.next_seq] = await self.control.emit(self.next_seq)
                self.next_seq += 1
                due += interval
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(max(0.0, due - time.monotonic())):
                        await stop.wait()

        emitter = asyncio.create_task(emit_steadily())
        sample = await self._measure(FLOWING)
        stop.set()
        await emitter
        if emitted and not await fleet.wait_for(max(emitted), settings.timeout):
            self.notes.append(f"the last event under load had not reached everyone after "
                              f"{settings.timeout:g} s")  # fmt: skip
        check = fleet.check(emitted)
        self.failures += [f"under load: {failure}" for failure in check.failures]
        return _Sample(sample.measured, sample.used, sample.seconds, sample.gc, check)

    def _aggregate(self, state: str, samples: list[_Sample]) -> Throughput:
        rps = [s.measured.rps for s in samples]
        checks = [s.check for s in samples if s.check is not None]
        rate = self.settings.rate if state == FLOWING else 0.0
        return Throughput(
            state=state,
            rounds=len(samples),
            rps=statistics.fmean(rps),
            rps_min=min(rps),
            rps_max=max(rps),
            p99_ms=statistics.fmean(s.measured.p99_ms for s in samples),
            gateway_cpu_cores=statistics.fmean(s.measured.cpu_cores for s in samples),
            gateway_core_busy=statistics.fmean(s.used.busy[self.cpus.gateway] for s in samples),
            load_core_busy=statistics.fmean(s.used.busy[self.cpus.load] for s in samples),
            errors=sum(s.measured.errors for s in samples),
            events_per_second=rate,
            deliveries_per_second=rate * self.settings.subscribers,
            expected=sum(c.expected for c in checks),
            delivered=sum(c.delivered for c in checks),
            latency=latency([x for c in checks for x in c.latencies_ms]) if checks else None,
            gc=_gc_summary(samples),
        )


def _gc_summary(samples: list[_Sample]) -> GcSummary | None:
    totals = [s.gc for s in samples if s.gc is not None]
    if not totals:
        return None
    wall = sum(s.seconds for s in samples)
    full = sum(t.collections[2] for t in totals)
    full_seconds = sum(t.seconds[2] for t in totals)
    return GcSummary(
        share=sum(sum(t.seconds) for t in totals) / wall,
        full_passes_per_minute=full * 60 / wall,
        full_pass_ms=full_seconds * 1000 / full if full else 0.0,
        young_share=sum(t.seconds[0] + t.seconds[1] for t in totals) / wall,
    )
