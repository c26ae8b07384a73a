"""One mode of the subscription bench against a fresh gateway: warm-up, opening, fan-out, then
the throughput rounds (bench/subscriptions/throughput.py); the steps are listed in
bench/subscriptions/run.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections.abc import Mapping
from pathlib import Path

import aiohttp
import yaml

from bench.run import EXPECTED
from bench.runner.load import check_answer
from bench.runner.processes import Pinned, tree_rss
from bench.subscriptions.control import EventsControl, Settings
from bench.subscriptions.meters import Meter, Usage
from bench.subscriptions.probes import GcProbe, Sampler, memory_growth, snapshot
from bench.subscriptions.report import ModeReport, Throughput, latency
from bench.subscriptions.stack import Stack
from bench.subscriptions.subscribers import Fleet
from bench.subscriptions.throughput import HEAVY_BODY, ThroughputRounds

__all__ = ["run_mode"]

# Whether the bench's gateway shares identical subscriptions upstream (its
# `subscriptions.deduplicate`, on unless gateway.yaml turns it off).
SHARED = bool(
    (yaml.safe_load((Path(__file__).parent / "gateway.yaml").read_text()) or {})
    .get("subscriptions", {})
    .get("deduplicate", True)
)


async def run_mode(
    settings: Settings,
    stack: Stack,
    session: aiohttp.ClientSession,
    *,
    distinct: bool,
    wrk: str | None,
) -> ModeReport:
    name = "distinct" if distinct else "identical"
    probed = settings.trace_memory or settings.gc
    probe_dir = stack.logs / f"subscriptions-probes-{name}" if probed else None
    if probe_dir is not None:
        shutil.rmtree(probe_dir, ignore_errors=True)  # a file found there means a new one
    gateway, url = stack.start_gateway(name, probe_dir=probe_dir)
    try:
        connector = aiohttp.TCPConnector(force_close=True)
        async with aiohttp.ClientSession(connector=connector) as control:
            run = _Run(settings, stack, session, control, gateway, url, distinct=distinct,
                       wrk=wrk)  # fmt: skip
            return await run.all(name, probe_dir)
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
        self.control = EventsControl(control, stack.events_base, stack.catalog_base)
        pids = {**stack.pids, "gateway": gateway.pid}
        self.meter = Meter(pids, tuple(sorted({stack.cpus.gateway, stack.cpus.load})))
        self.notes: list[str] = []

    def _fleet(self, count: int) -> Fleet:
        return Fleet(self.ws_url, count, distinct=self.distinct)

    async def all(self, name: str, probe_dir: Path | None) -> ModeReport:
        settings, pid, n = self.settings, self.gateway.pid, self.settings.subscribers
        await self._warm_up()
        await asyncio.sleep(settings.settle)
        trace_dir = probe_dir if settings.trace_memory else None
        before_snapshot = None if trace_dir is None else snapshot(pid, trace_dir, 0)
        rss_before = tree_rss(pid)
        reading, opening = self.meter.read(), time.monotonic()
        fleet = await self._open()
        open_seconds = time.monotonic() - opening
        opened = self.meter.since(reading)
        await asyncio.sleep(settings.settle)
        rss_open = tree_rss(pid)
        memory = None
        if trace_dir is not None and before_snapshot is not None:
            memory = memory_growth(before_snapshot, snapshot(pid, trace_dir, 1), n)

        fetches_before = await self.control.catalog_requests()
        emitted, fanned, profile = await self._fan_out(fleet)
        fetches = await self.control.catalog_requests() - fetches_before
        rss_after = tree_rss(pid)
        check = fleet.check(emitted)
        failures = list(check.failures)
        throughput: tuple[Throughput, ...] = ()
        if self.wrk is None:
            upstream_closed = await self._close(fleet)
        else:
            wrong = await asyncio.to_thread(check_answer, self.url, HEAVY_BODY, EXPECTED)
            if wrong:
                raise RuntimeError(f"the gateway answered the heavy query wrongly: {wrong}")
            rounds = ThroughputRounds(
                settings=settings, cpus=self.stack.cpus, gateway=(pid, self.url), wrk=self.wrk,
                control=self.control, meter=self.meter, reopen=self._open, close=self._close,
                first_seq=settings.events + 1,
                gc=GcProbe(pid, probe_dir) if settings.gc and probe_dir is not None else None,
            )  # fmt: skip
            throughput = await rounds.run(fleet)
            upstream_closed = rounds.upstream_closed
            failures += rounds.failures
            self.notes += rounds.notes
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
            catalog_fetches_per_delivery=fetches / max(check.delivered, 1),
            gateway_core_busy=fanned.busy[cores.gateway],
            load_core_busy=fanned.busy[cores.load],
            throughput=throughput,
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

    async def _open(self) -> Fleet:
        """Opens the N subscriptions: once the gateway holds all N and the events subgraph has
        the upstream ones (N, or one when identical subscriptions are shared)."""
        n = self.settings.subscribers
        fleet = self._fleet(n)
        await fleet.open(self.session)
        upstream = n if self.distinct or not SHARED else 1
        if not await self.control.wait_open(upstream, self.settings.timeout):
            raise RuntimeError(f"the events subgraph never had {upstream} subscriptions open")
        if not await self._gateway_holds(n, self.settings.timeout):
            raise RuntimeError(f"the gateway never held all {n} subscriptions")
        return fleet

    async def _gateway_holds(self, count: int, seconds: float) -> bool:
        """True once the gateway's /metrics counts `count` open WebSocket subscriptions."""
        metrics = self.url.removesuffix("/graphql") + "/metrics"
        line = 'gateway_subscriptions_open{protocol="graphql-transport-ws"}'
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                while True:
                    async with self.control.session.get(metrics) as response:
                        text = await response.text()
                    found = [row for row in text.splitlines() if row.startswith(line)]
                    if found and float(found[0].split()[-1]) == count:
                        return True
                    await asyncio.sleep(0.05)
        return False

    async def _close(self, fleet: Fleet) -> bool:
        """Closes the subscriptions; True once every upstream one has ended too."""
        await fleet.close()
        return await self.control.wait_open(0, self.settings.timeout)


def _per(seconds: Mapping[str, float], count: int) -> dict[str, float]:
    """CPU ms per item, by role."""
    return {role: value * 1000 / count for role, value in seconds.items()}
