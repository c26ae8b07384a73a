"""Debian's Chromium, headless, driven over the DevTools protocol with aiohttp's websocket client.

Only what the GraphiQL test needs: start the browser, open its page target, call commands,
evaluate JavaScript, click at an element's centre like a user, and remember what the page
requested (over HTTP and WebSocket), what it was answered, which exceptions it threw and which
Content-Security-Policy violations it saw, for the assertions and for failure messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

# Without the networking switches Chromium keeps calling Google's hosts, which this closed
# network refuses (and it may hang at start-up).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,900",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
)
# A guard against a hung browser, not a performance assertion.
WAIT_SECONDS = 30.0
# Runs in every document before its own scripts (DevTools' scripts are not subject to the
# page's CSP): collects the violations the page reports, blocked or not.
_CSP_PROBE = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.effectiveDirective + " blocked " + event.blockedURI);
});
"""


def chromium_binary() -> str:
    """The Chromium executable (`CHROMIUM` overrides); a missing browser fails the test."""
    candidates = (os.environ.get("CHROMIUM"), "chromium", "chromium-browser")
    for candidate in candidates:
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.fail(
        "Chromium is not installed: `apt-get install -y chromium` (as root; .ci/run and "
        "`task test` do it), or set CHROMIUM to its path."
    )


async def _devtools_port(profile: Path, browser: subprocess.Popen[bytes]) -> int:
    """Chromium writes the port it picked to DevToolsActivePort in its profile folder."""
    marker = profile / "DevToolsActivePort"
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while asyncio.get_running_loop().time() < deadline:
        if browser.poll() is not None:
            raise RuntimeError(f"chromium exited with {browser.returncode} at start-up")
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int(marker.read_text().splitlines()[0])
        await asyncio.sleep(0.1)
    raise RuntimeError(f"chromium wrote no {marker} within {WAIT_SECONDS}s")


def _start_chromium(profile: Path) -> subprocess.Popen[bytes]:
    """Chromium with a fresh profile in `profile`, its output in chromium.log beside it."""
    binary = chromium_binary()
    profile.mkdir(parents=True, exist_ok=True)
    with (profile.parent / "chromium.log").open("wb") as log:
        return subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )


@contextlib.asynccontextmanager
async def launch_chromium(profile: Path) -> AsyncIterator[str]:
    """Starts headless Chromium with a fresh profile; yields its DevTools HTTP address."""
    browser = _start_chromium(profile)
    try:
        port = await _devtools_port(profile, browser)
        yield f"http://127.0.0.1:{port}"
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
            browser.wait()


class Page:
    """One page target: commands by id over its websocket, and the events the test reads."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        # The `request` of every Network.requestWillBeSent: url, method, headers, postData,
        # with its requestId.
        self.requests: list[dict[str, Any]] = []
        # The `response` of each request by requestId: url, status, mimeType, headers.
        self.responses: dict[str, dict[str, Any]] = {}
        # The URL of every WebSocket the page opened (not in `requests`).
        self.websockets: list[str] = []
        self.exceptions: list[str] = []
        # Errors the browser itself logged: refused loads, Content-Security-Policy violations.
        self.errors: list[str] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            payload: dict[str, Any] = message.json()
            if "id" in payload:
                future = self._pending.pop(payload["id"], None)
                if future is not None and not future.done():
                    future.set_result(payload)
                continue
            params = payload.get("params", {})
            match payload.get("method"):
                case "Network.requestWillBeSent":
                    self.requests.append({**params["request"], "requestId": params["requestId"]})
                case "Network.responseReceived":
                    self.responses[params["requestId"]] = params["response"]
                case "Network.webSocketCreated":
                    self.websockets.append(params["url"])
                case "Runtime.exceptionThrown":
                    details = params["exceptionDetails"]
                    text = details.get("exception", {}).get("description") or details["text"]
                    self.exceptions.append(text)
                case "Log.entryAdded" if params["entry"]["level"] == "error":
                    entry = params["entry"]
                    self.errors.append(f"{entry['text']} ({entry.get('url', 'no url')})")
                case _:
                    pass
        for future in self._pending.values():
            if not future.done():
                future.set_exception(RuntimeError("the DevTools connection closed"))

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[ident] = future
        await self._socket.send_json({"id": ident, "method": method, "params": params})
        answer = await asyncio.wait_for(future, WAIT_SECONDS)
        if "error" in answer:
            raise RuntimeError(f"{method} failed: {answer['error']}")
        result: dict[str, Any] = answer["result"]
        return result

    async def evaluate(self, expression: str) -> Any:
        """The JSON value of `expression` in the page (promises awaited)."""
        result = await self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, what: str) -> Any:
        """Polls `expression` until it is truthy; fails naming `what` if it never is."""
        return await self.wait_until(lambda: self.evaluate(expression), what)

    async def wait_until(self, probe: Callable[[], Awaitable[Any]], what: str) -> Any:
        deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
        while True:
            value = await probe()
            if value:
                return value
            if asyncio.get_running_loop().time() > deadline:
                pytest.fail(f"the page never showed {what}; exceptions: {self.exceptions}")
            await asyncio.sleep(0.1)

    async def csp_violations(self) -> list[str]:
        """The Content-Security-Policy violations the current document reported so far."""
        violations: list[str] = await self.evaluate("window.__cspViolations")
        return violations

    async def click(self, selector: str) -> None:
        """A real mouse click (press and release) at the centre of the element."""
        box = await self.wait_for(
            f"""(() => {{
                const element = document.querySelector({json.dumps(selector)});
                if (!element) return null;
                const box = element.getBoundingClientRect();
                return box.width > 0 ? {{x: box.x + box.width / 2, y: box.y + box.height / 2}}
                                     : null;
            }})()""",
            f"a visible {selector}",
        )
        for kind in ("mousePressed", "mouseReleased"):
            await self.call(
                "Input.dispatchMouseEvent",
                type=kind,
                x=box["x"],
                y=box["y"],
                button="left",
                clickCount=1,
            )

    async def close(self) -> None:
        await self._socket.close()
        await self._reader


@contextlib.asynccontextmanager
async def open_page(devtools: str) -> AsyncIterator[Page]:
    """The browser's first page target, with network and runtime events on."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{devtools}/json/list") as response:
            targets: list[dict[str, Any]] = await response.json()
        target = next(t for t in targets if t["type"] == "page")
        socket = await session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0)
        page = Page(socket)
        try:
            await page.call("Network.enable")
            await page.call("Runtime.enable")
            await page.call("Page.enable")
            await page.call("Log.enable")
            await page.call("Page.addScriptToEvaluateOnNewDocument", source=_CSP_PROBE)
            yield page
        finally:
            await page.close()
