"""A raw HTTP/1.1 server on a loopback socket whose answers each test scripts, to misbehave on
purpose: close kept-alive connections, send chunks, garbage, or nothing at all."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import ipaddress
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass(frozen=True, slots=True, kw_only=True)
class Exchange:
    head: bytes  # request line and headers, without the blank line
    body: bytes
    connection: int  # 1 for the first connection the server accepted
    index: int  # 0 for the first request on its connection

    @property
    def lines(self) -> list[bytes]:
        return self.head.split(b"\r\n")


# Writes the answer to one request; returns whether to read another on the connection.
Reply = Callable[[Exchange, asyncio.StreamWriter], Awaitable[bool]]


@dataclass
class ScriptedServer:
    reply: Reply
    exchanges: list[Exchange] = field(default_factory=list)
    connections: int = 0  # accepted so far
    open: int = 0  # open now
    closed_by_client: int = 0  # connections the client closed
    url: str = ""
    _handlers: set[asyncio.Task[None]] = field(default_factory=set)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self.connections += 1
        self.open += 1
        number = self.connections
        try:
            for index in range(1_000_000):
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    self.closed_by_client += 1
                    return
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                body = await reader.readexactly(length)
                exchange = Exchange(head=head[:-4], body=body, connection=number, index=index)
                self.exchanges.append(exchange)
                if not await self.reply(exchange, writer):
                    return
        except asyncio.CancelledError:
            # The server stops: ended quietly (asyncio's streams report a cancelled handler).
            return
        finally:
            self.open -= 1
            self._handlers.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError, ssl.SSLError):
                await writer.wait_closed()


@contextlib.asynccontextmanager
async def scripted(
    reply: Reply, *, tls: ssl.SSLContext | None = None, host: str = "127.0.0.1"
) -> AsyncIterator[ScriptedServer]:
    server = ScriptedServer(reply)
    listening = await asyncio.start_server(server._handle, host, 0, ssl=tls)
    port = listening.sockets[0].getsockname()[1]
    server.url = f"{'https' if tls else 'http'}://{host}:{port}/graphql"
    try:
        yield server
    finally:
        listening.close()
        for task in list(server._handlers):
            task.cancel()
        await asyncio.gather(*server._handlers, return_exceptions=True)
        await listening.wait_closed()


def response(
    body: bytes = b'{"data":{"ok":true}}',
    *,
    status: str = "200 OK",
    version: bytes = b"HTTP/1.1",
    headers: tuple[str, ...] = (),
    length: bool = True,
) -> bytes:
    lines = [version + b" " + status.encode()]
    lines += [h.encode() for h in headers]
    if length:
        lines.append(b"content-length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def answer(body: bytes = b'{"data":{"ok":true}}', **options: object) -> Reply:
    """A reply that answers every request with `response(body, ...)` and keeps the connection."""

    async def reply(_exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        writer.write(response(body, **options))  # type: ignore[arg-type]
        await writer.drain()
        return True

    return reply


@dataclass(frozen=True, slots=True)
class Certificate:
    """A self-signed certificate for localhost and 127.0.0.1, and the files holding it."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


def self_signed(directory: Path) -> Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    paths = Certificate(cert=directory / "cert.pem", key=directory / "key.pem")
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


def ok() -> dict[str, object]:
    """What `response()`'s default body decodes to."""
    return {"data": {"ok": True}}


def port(server: ScriptedServer) -> int:
    return int(server.url.rsplit(":", 1)[1].split("/")[0])
