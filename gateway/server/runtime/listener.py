"""The listening socket `serve` binds itself when other processes are to share its port.

uvicorn binds with SO_REUSEADDR only, so a second gateway on the same port fails with "address
already in use".  With SO_REUSEPORT (Linux 3.9+) every process of the same user that sets it
binds the same address, each gets its own accept queue, and the kernel spreads new connections
over them by a hash of the connection's addresses: several replicas on one machine, no balancer.
"""

from __future__ import annotations

import socket

__all__ = ["listening_socket"]


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to `host`:`port` with SO_REUSEPORT, for uvicorn's `sockets=[...]`.

    Raises OSError when the address cannot be bound (a process of another user holds it, or
    one that did not set SO_REUSEPORT).
    """
    # An IPv6 literal holds a colon; names and IPv4 addresses bind as IPv4, as uvicorn does.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    # `--workers` hands the socket to worker processes.
    sock.set_inheritable(True)
    return sock
