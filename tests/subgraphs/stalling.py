"""A TCP proxy on a loopback port that can be told to stall, for store-timeout tests.

Until `stall()` it forwards every connection to the real store. After it, the proxy still
accepts connections (the TCP handshake succeeds) but never answers them, and the connections
it was forwarding stop too: a store that hangs mid-handshake or mid-query, over real sockets.
Without a target it is silent from the start.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

__all__ = ["StallingProxy", "stalling_proxy"]


class StallingProxy:
    def __init__(self, target: tuple[str, int] | None) -> None:
        self._target = target
        self._stalled = threading.Event()
        if target is None:
            self._stalled.set()
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def stall(self) -> None:
        """From now on: accept, never answer; forward nothing more on open connections."""
        self._stalled.set()

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            sockets = [self._listener, *self._sockets]
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def _keep(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._keep(client)
            if self._stalled.is_set() or self._target is None:
                continue  # held open, never read from, never answered
            try:
                upstream = socket.create_connection(self._target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            self._keep(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        while not self._closed.is_set():
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                with contextlib.suppress(OSError):
                    sink.shutdown(socket.SHUT_WR)
                return
            if self._stalled.is_set():
                continue  # swallowed: the other side waits forever
            try:
                sink.sendall(data)
            except OSError:
                return


@contextlib.contextmanager
def stalling_proxy(target: tuple[str, int] | None) -> Iterator[StallingProxy]:
    proxy = StallingProxy(target)
    try:
        yield proxy
    finally:
        proxy.close()
