"""The README's first command: everything comes up, answers, and Ctrl-C leaves nothing behind."""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from shared.stores import LocalStores


def _free_base_port() -> int:
    for _ in range(100):
        base = random.randrange(21000, 29000)
        ports = range(base, base + 5)
        if all(_bindable(p) for p in ports):
            return base
    raise RuntimeError("no five free ports in a row")


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in cmdline:
                found.append(int(entry.name))
    return found


def test_up_serves_every_part_and_ctrl_c_stops_all(tmp_path: Path, jwt_secret: str) -> None:
    base = _free_base_port()
    data_dir = tmp_path / "platform"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shared.launcher",
            "up",
            "--data-dir",
            str(data_dir),
            "--base-port",
            str(base),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    printed: list[str] = []
    deadline = time.monotonic() + 400
    try:
        for line in proc.stdout:
            printed.append(line)
            if "Ctrl-C stops everything" in line or time.monotonic() > deadline:
                break
        output = "".join(printed)
        assert "tutorgraph is up" in output, output
        urls = re.findall(r"(http://127\.0\.0\.1:\d+/graphql)", output)
        ports = {int(u.split(":")[2].split("/")[0]) for u in urls}
        assert {base + 1, base + 2, base + 3, base + 4} <= ports, output
        for url in urls:
            answer = httpx.post(url, json={"query": "{ __typename }"}, timeout=10)
            assert answer.status_code == 200, (url, answer.text)
            assert answer.json()["data"]["__typename"] == "Query"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=90)
        proc.stdout.close()
    assert proc.returncode == 0
    for port in range(base, base + 5):
        assert not _listening(port), f"port {port} still served after Ctrl-C"
    assert LocalStores(data_dir / "stores").running() is None
    assert _processes_mentioning(str(data_dir)) == []
