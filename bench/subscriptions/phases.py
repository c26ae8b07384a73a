"""One mode of the subscription bench against a fresh gateway: warm-up, opening, fan-out,
throughput with and without the subscriptions (the steps are listed in bench/subscriptions/run.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.run import EXPECTED, HEAVY
from bench.runner.load import Measurement, check_answer, measure
from bench.runner.processes import Pinned, tree_rss
from bench.subscriptions.meters import Meter, Usage
from bench.subscriptions.probes import Sampler, memory_growth, snapshot
from bench.subscriptions.report import ModeReport, Throughput, latency
from bench.subscriptions.stack import Stack
from bench.subscriptions.subscribers import Fleet

__all__ = ["Settings", "run_mode"]

_HEAVY_BODY = json.dumps({"query": HEAVY}).encode()


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    subscribers: int
    events: int
    gap: float  # seconds between one fan-out completing and the next emit
    settle: float  # seconds the gateway is left alone before its RSS is read
    timeout: float  # seconds an opening or one fan-out may take
    throughput: bool
    rate: float  # events per second while wrk runs
    seconds: float
    warmup: float
    connections: int
    profile: bool
    trace_memory: bool


class EventsControl:
    """The events subgraph's trigger and its count of open subscriptions.

    Its session opens a connection per request: between two emits the gateway may be measured
    for longer than uvicorn keeps an idle connection, and a reused one closed meanwhile fails.
    """

    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        self.session = session
        self.base = base

    async def emit(self, seq: int) -> str:
        """Emits event `seq`; its emit time (ns, as the event carries it)."""
        async with self.session.post(f"{self.base}/emit", json={"seq": seq}) as response:
            body = await response.json()
        emitted: str = body["emittedNs"]
        return emitted

    async def wait_open(self, count: int, seconds: float) -> bool:
        """True once the subgraph has exactly `count` subscriptions open (within `seconds`)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                while True:
                    async with self.session.get(f"{self.base}/subscribers") as response:
                        if (await response.json())["open"] == count:
                            return True
                    await asyncio.sleep(0.05)
        return False


async def run_mode(
    settings: Settings,
    stack: Stack,
    session: aiohttp.ClientSession,
    *,
    distinct: bool,
    wrk: str | None,
) -> ModeReport:
    name = "distinct" if distinct else "identical"
    trace_dir = stack.logs / f"subscriptions-trace-{name}" if settings.trace_memory else None
    if trace_dir is not None:
        shutil.rmtree(trace_dir, ignore_errors=True)  # a snapshot file found means a new one
    gateway, url = stack.start_gateway(name, trace_dir=trace_dir)
    try:
        connector = aiohttp.TCPConnector(force_close=True)
        async with aiohttp.ClientSession(connector=connector) as control:
            run = _Run(settings, stack, session, control, gateway, url, distinct=distinct,
                       wrk=wrk)  # fmt: skip
            return await run.all(name, trace_dir)
    finally:
        gateway.stop()


class _Run:
    def __init__(
        self,
        settings: Settings,
        stack: Stack,
        session: aiohttp.ClientSession,
        control: aiohttp.ClientSession,
        gateway: Pinned,
        url: str,
        *,
        distinct: bool,
        wrk: str | None,
    ) -> None:
        self.settings = settings
        self.stack = stack
        self.session = session
        self.gateway = gateway
        self.url = url
        self.ws_url = "ws" + url.removeprefix("http")
        self.distinct = distinct
        self.wrk = wrk
        self.control = EventsControl(control, stack.events_base)
        pids = {**stack.pids, "gateway": gateway.pid}
        self.meter = Meter(pids, tuple(sorted({stack.cpus.gateway, stack.cpus.load})))
        self.notes: list[str] = []

    def _fleet(self, count: int) -> Fleet:
        return Fleet(self.ws_url, count, distinct=self.distinct)

    async def all(self, name: str, trace_dir: Path | None) -> ModeReport:
        settings, pid, n = self.settings, self.gateway.pid, self.settings.subscribers
        await self._warm_up()
        await asyncio.sleep(settings.settle)
        before_snapshot = None if trace_dir is None else snapshot(pid, trace_dir, 0)
        rss_before = tree_rss(pid)
        reading, opening = self.meter.read(), time.monotonic()
        fleet = self._fleet(n)
        await fleet.open(self.session)
        if not await self.control.wait_open(n, settings.timeout):
            raise RuntimeError(f"the events subgraph never had all {n} subscriptions open")
        open_seconds = time.monotonic() - opening
        opened = self.meter.since(reading)
        await asyncio.sleep(settings.settle)
        rss_open = tree_rss(pid)
        memory = None
        if trace_dir is not None and before_snapshot is not None:
            memory = memory_growth(before_snapshot, snapshot(pid, trace_dir, 1), n)

        emitted, fanned, profile = await self._fan_out(fleet)
        rss_after = tree_rss(pid)
        check = fleet.check(emitted)
        throughput: list[Throughput] = []
        failures = list(check.failures)
        if self.wrk is not None:
            wrong = await asyncio.to_thread(check_answer, self.url, _HEAVY_BODY, EXPECTED)
            if wrong:
                raise RuntimeError(f"the gateway answered the heavy query wrongly: {wrong}")
            throughput.append(self._throughput("open, idle", *await self._measure()))
            flowing, steady_failures = await self._steady(fleet, first=settings.events + 1)
            throughput.append(flowing)
            failures += [f"under load: {failure}" for failure in steady_failures]
        await fleet.close()
        upstream_closed = await self.control.wait_open(0, settings.timeout)
        if self.wrk is not None:
            throughput.insert(0, self._throughput("none", *await self._measure()))
        fanout = sorted(check.fanout_ms) or [0.0]
        cores = self.stack.cpus
        return ModeReport(
            mode=name,
            subscribers=n,
            events=settings.events,
            expected=check.expected,
            delivered=check.delivered,
            failures=tuple(failures),
            latency=latency(check.latencies_ms),
            fanout_median_ms=fanout[len(fanout) // 2],
            fanout_max_ms=fanout[-1],
            open_seconds=open_seconds,
            upstream_closed=upstream_closed,
            rss_before_mb=rss_before / 2**20,
            rss_open_mb=rss_open / 2**20,
            rss_after_events_mb=rss_after / 2**20,
            kb_per_subscription=(rss_open - rss_before) / 1024 / n,
            cpu_ms_per_open=_per(opened.seconds, n),
            cpu_ms_per_delivery=_per(fanned.seconds, max(check.delivered, 1)),
            gateway_core_busy=fanned.busy[cores.gateway],
            load_core_busy=fanned.busy[cores.load],
            throughput=tuple(throughput),
            profile=profile,
            memory=memory,
            notes=tuple(self.notes),
        )

    async def _warm_up(self) -> None:
        """One subscription and one event (seq 0), checked, then closed upstream too."""
        timeout = self.settings.timeout
        fleet = self._fleet(1)
        await fleet.open(self.session)
        if not await self.control.wait_open(1, timeout):
            raise RuntimeError("the warm-up subscription never reached the events subgraph")
        emitted = {0: await self.control.emit(0)}
        await fleet.wait_for(0, timeout)
        await fleet.close()
        check = fleet.check(emitted)
        if check.failures:
            raise RuntimeError(f"the warm-up event was not delivered: {check.failures[0]}")
        if not await self.control.wait_open(0, timeout):
            raise RuntimeError("the warm-up subscription stayed open upstream")

    async def _fan_out(self, fleet: Fleet) -> tuple[dict[int, str], Usage, str | None]:
        """Events 1..E, each after the previous one reached everyone: (seq → emit ns, the CPU
        used meanwhile, py-spy's summary)."""
        settings, pid = self.settings, self.gateway.pid
        sampler = None
        if settings.profile:
            sampler = Sampler(pid, self.stack.logs / f"subscriptions-py-spy-{pid}.txt")
            await asyncio.sleep(1.0)  # py-spy attaches
        emitted: dict[int, str] = {}
        reading = self.meter.read()
        for seq in range(1, settings.events + 1):
            emitted[seq] = await self.control.emit(seq)
            if not await fleet.wait_for(seq, settings.timeout):
                self.notes.append(
                    f"event {seq} had not reached everyone after {settings.timeout:g} s"
                )
            await asyncio.sleep(settings.gap)
        used = self.meter.since(reading)
        profile = sampler.stop() if sampler is not None else None
        return emitted, used, profile

    async def _measure(self) -> tuple[Measurement, Usage]:
        settings = self.settings
        assert self.wrk is not None
        reading = self.meter.read()
        measured = await asyncio.to_thread(
            measure, self.wrk, self.url, _HEAVY_BODY, pid=self.gateway.pid,
            seconds=settings.seconds, warmup=settings.warmup,
            connections=settings.connections, load_cpu=self.stack.cpus.load,
        )  # fmt: skip
        return measured, self.meter.since(reading)

    async def _steady(self, fleet: Fleet, *, first: int) -> tuple[Throughput, tuple[str, ...]]:
        """wrk while events are emitted at `rate` per second from seq `first`, all checked."""
        settings = self.settings
        stop = asyncio.Event()
        emitted: dict[int, str] = {}

        async def emit_steadily() -> None:
            interval, seq, due = 1 / settings.rate, first, time.monotonic()
            while not stop.is_set():
                emitted[seq] = await self.control.emit(seq)
                seq += 1
                due += interval
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(max(0.0, due - time.monotonic())):
                        await stop.wait()

        emitter = asyncio.create_task(emit_steadily())
        measured, used = await self._measure()
        stop.set()
        await emitter
        if emitted and not await fleet.wait_for(max(emitted), settings.timeout):
            self.notes.append(f"the last event under load had not reached everyone after "
                              f"{settings.timeout:g} s")  # fmt: skip
        check = fleet.check(emitted)
        flowing = self._throughput(
            "open, events flowing", measured, used, rate=settings.rate,
            deliveries=settings.rate * settings.subscribers, expected=check.expected,
            delivered=check.delivered, latencies=check.latencies_ms,
        )  # fmt: skip
        return flowing, check.failures

    def _throughput(
        self,
        state: str,
        measured: Measurement,
        used: Usage,
        *,
        rate: float = 0.0,
        deliveries: float = 0.0,
        expected: int = 0,
        delivered: int = 0,
        latencies: tuple[float, ...] = (),
    ) -> Throughput:
        cores = self.stack.cpus
        return Throughput(
            state=state, rps=measured.rps, p99_ms=measured.p99_ms,
            gateway_cpu_cores=measured.cpu_cores, gateway_core_busy=used.busy[cores.gateway],
            load_core_busy=used.busy[cores.load], errors=measured.errors,
            events_per_second=rate, deliveries_per_second=deliveries, expected=expected,
            delivered=delivered, latency=latency(latencies) if expected else None,
        )  # fmt: skip


def _per(seconds: Mapping[str, float], count: int) -> dict[str, float]:
    """CPU ms per item, by role."""
    return {role: value * 1000 / count for role, value in seconds.items()}
