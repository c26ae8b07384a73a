"""How the subgraph client reads answers, good and broken, from a scripted raw server: framing
(length, chunks, end of connection), HTTP/1.0, compression, interim answers, garbage, oversize
heads, and TLS."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from pathlib import Path
from typing import Any

import pytest

from gateway.execution import SUBREQUEST_HTTP_ERROR, SubgraphFetchError, SubgraphRequest
from gateway.traffic.errors import ConnectionFailed
from gateway.transport import SubgraphHttpClient
from tests.runtime.waiting import until
from tests.transport.scripted import (
    Exchange,
    answer,
    ok,
    port,
    response,
    scripted,
    self_signed,
)


def request(**variables: Any) -> SubgraphRequest:
    return SubgraphRequest(service_name="s", query="{ ok }", variables=variables)


async def _two_queries(url: str) -> None:
    """Two queries in turn through one client, each answered `ok()`."""
    client = SubgraphHttpClient({"s": url})
    try:
        assert await client(request(n=1)) == ok()
        assert await client(request(n=2)) == ok()
    finally:
        await client.close()


def _sends(data: bytes, *, then_close: bool = True) -> Any:
    async def reply(_exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        writer.write(data)
        await writer.drain()
        return not then_close

    return reply


@pytest.mark.parametrize(
    ("data", "name"),
    [
        pytest.param(response()[:-5], "ClientPayloadError", id="body-cut-short"),
        pytest.param(b"HTTP/1.1 200 OK\r\ncontent-le", "ServerDisconnectedError", id="head-cut"),
        pytest.param(b"SSH-2.0-OpenSSH_9.6\r\n\r\n", "ClientResponseError", id="not-http"),
        pytest.param(
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
            "ClientPayloadError",
            id="bad-chunk",
        ),
        pytest.param(
            response(b"not gzip", headers=("content-encoding: gzip",)),
            "ClientPayloadError",
            id="bad-gzip",
        ),
        pytest.param(
            response(b"{}", headers=("content-encoding: br",)),
            "ClientPayloadError",
            id="unknown-encoding",
        ),
        pytest.param(
            response(status="101 Switching Protocols", headers=("upgrade: h2c",), length=False),
            "ClientResponseError",
            id="upgrade",
        ),
    ],
)
async def test_a_broken_answer_is_an_http_error_not_a_connection_failure(
    data: bytes, name: str
) -> None:
    async with scripted(_sends(data)) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            async with asyncio.timeout(5):
                with pytest.raises(SubgraphFetchError) as caught:
                    await client(request(secret="hunter2"))
            assert not isinstance(caught.value, ConnectionFailed)
            assert caught.value.message == f"HTTP fetch failed from 's': {name}."
            assert caught.value.code == SUBREQUEST_HTTP_ERROR
            await until(lambda: client.open_connections() == 0, "the connection closed")
        finally:
            await client.close()


@pytest.mark.parametrize("endless", [False, True], ids=["many-headers", "one-endless-header"])
async def test_an_oversize_head_is_refused_without_waiting_for_its_end(endless: bool) -> None:
    filler = b"x-filler: " + b"a" * 100 + b"\r\n"
    head = b"HTTP/1.1 200 OK\r\n" + filler * 1000
    data = head + (b"x-endless: " + b"b" * 100_000 if endless else b"content-length: 2\r\n\r\n{}")
    async with scripted(_sends(data, then_close=False)) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            async with asyncio.timeout(5):
                with pytest.raises(SubgraphFetchError) as caught:
                    await client(request())
            assert caught.value.message == "HTTP fetch failed from 's': ClientResponseError."
        finally:
            await client.close()


async def test_a_large_head_under_the_limit_is_read_in_pieces() -> None:
    data = response(headers=tuple(f"x-filler-{n}: {'a' * 100}" for n in range(400)))
    assert 40_000 < len(data) < 64 * 1024

    async def trickle(_exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        for start in range(0, len(data), 4096):
            writer.write(data[start : start + 4096])
            await writer.drain()
            await asyncio.sleep(0.001)
        return True

    async with scripted(trickle) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            assert await client(request()) == ok()
        finally:
            await client.close()


async def test_a_chunked_answer_is_read_whole_and_its_connection_kept() -> None:
    chunks = [b'{"data":', b'{"ok":', b"true}}"]
    body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"

    async def chunked(_exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
        for piece in (body[:7], body[7:20], body[20:]):
            await writer.drain()
            await asyncio.sleep(0.01)
            writer.write(piece)
        return True

    async with scripted(chunked) as server:
        await _two_queries(server.url)
    assert server.connections == 1


async def test_a_connection_close_answer_is_not_reused() -> None:
    async with scripted(answer(headers=("connection: close",))) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            assert await client(request(n=1)) == ok()
            assert client.open_connections() == 0
            assert await client(request(n=2)) == ok()
        finally:
            await client.close()
    assert server.connections == 2


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "until-eof"])
async def test_an_http_1_0_answer_is_read_and_its_connection_dropped(length: bool) -> None:
    async def old(_exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        writer.write(response(version=b"HTTP/1.0", length=length))
        return False  # an HTTP/1.0 server closes after each answer

    async with scripted(old) as server:
        await _two_queries(server.url)
    assert server.connections == 2


@pytest.mark.parametrize(
    ("coding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),
    ],
    ids=["gzip", "deflate", "raw-deflate"],
)
async def test_a_compressed_answer_nobody_asked_for_is_decompressed(
    coding: str, compress: Any
) -> None:
    body = compress(b'{"data":{"ok":true}}')
    async with scripted(answer(body, headers=(f"content-encoding: {coding}",))) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            assert await client(request()) == ok()
        finally:
            await client.close()
    assert b"accept-encoding" not in server.exchanges[0].head.lower()


async def test_interim_answers_are_skipped() -> None:
    interim = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n"

    async def hints(_exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        writer.write(interim)
        await writer.drain()
        await asyncio.sleep(0.01)
        writer.write(response())
        return True

    async with scripted(hints) as server:
        await _two_queries(server.url)
    assert server.connections == 1


async def test_an_error_status_keeps_its_reason_and_the_connection() -> None:
    async with scripted(answer(b"busy", status="503 Service Unavailable")) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            for _ in range(2):
                with pytest.raises(SubgraphFetchError) as caught:
                    await client(request())
                assert caught.value.message == (
                    "HTTP fetch failed from 's': 503 Service Unavailable."
                )
        finally:
            await client.close()
    assert server.connections == 1


async def test_bytes_nobody_asked_for_drop_an_idle_connection() -> None:
    async def chatty(_exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        writer.write(response())
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.write(response())  # a second answer to one request
        return True

    async with scripted(chatty) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            assert await client(request(n=1)) == ok()
            await until(lambda: client.open_connections() == 0, "the connection closed")
            assert await client(request(n=2)) == ok()
        finally:
            await client.close()
    assert server.connections == 2


async def test_https_with_a_private_ca(tmp_path: Path) -> None:
    certificate = self_signed(tmp_path)
    async with scripted(answer(), tls=certificate.server_context()) as server:
        trusting = SubgraphHttpClient({"s": server.url}, ssl_context=certificate.client_context())
        default = SubgraphHttpClient({"s": server.url})
        try:
            assert await trusting(request(n=1)) == ok()
            assert await trusting(request(n=2)) == ok()
            with pytest.raises(SubgraphFetchError) as caught:
                await default(request())
            # A refused certificate does not heal by retrying.
            assert not isinstance(caught.value, ConnectionFailed)
            assert caught.value.message == (
                "HTTP fetch failed from 's': ClientConnectorCertificateError."
            )
        finally:
            await trusting.close()
            await default.close()
    assert server.connections == 1  # the refused handshake never reached the server's handler
    assert server.exchanges[0].lines[1] == f"host: 127.0.0.1:{port(server)}".encode()


async def test_https_by_host_name_checks_the_name(tmp_path: Path) -> None:
    certificate = self_signed(tmp_path)
    async with scripted(answer(), tls=certificate.server_context()) as server:
        by_name = server.url.replace("127.0.0.1", "localhost")
        client = SubgraphHttpClient({"s": by_name}, ssl_context=certificate.client_context())
        try:
            assert await client(request()) == ok()
        finally:
            await client.close()


async def _redirected(location: str, status: str = "307 Temporary Redirect") -> Any:
    holder: dict[str, Any] = {}

    async def reply(exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        if exchange.lines[0].startswith(b"POST /graphql "):
            target = location.format(port=port(holder["server"]))
            writer.write(response(b"", status=status, headers=(f"location: {target}",)))
        else:
            writer.write(response())
        return True

    async with scripted(reply) as server:
        holder["server"] = server
        client = SubgraphHttpClient({"s": server.url})
        try:
            try:
                return await client(request(a=1)), server.exchanges
            except SubgraphFetchError as error:
                return error.message, server.exchanges
        finally:
            await client.close()


@pytest.mark.parametrize("location", ["/graphql/", "http://127.0.0.1:{port}/graphql/"])
async def test_a_307_to_the_same_host_is_followed_with_the_same_post(location: str) -> None:
    answer_, exchanges = await _redirected(location)
    assert answer_ == ok()
    assert [e.lines[0] for e in exchanges] == [
        b"POST /graphql HTTP/1.1",
        b"POST /graphql/ HTTP/1.1",
    ]
    assert exchanges[0].body == exchanges[1].body
    assert exchanges[1].connection == 1  # on the kept-alive connection


@pytest.mark.parametrize(
    ("location", "status", "message"),
    [
        pytest.param(
            "http://localhost:{port}/graphql/",
            "308 Permanent Redirect",
            "308 Permanent Redirect",
            id="another-host",
        ),
        pytest.param("/graphql/", "301 Moved Permanently", "301 Moved Permanently", id="301"),
        pytest.param("/graphql", "307 Temporary Redirect", "307 Temporary Redirect", id="loop"),
    ],
)
async def test_other_redirects_are_the_answer(location: str, status: str, message: str) -> None:
    answer_, exchanges = await _redirected(location, status)
    assert answer_ == f"HTTP fetch failed from 's': {message}."
    # A loop stops after ten hops; another host never gets the caller's headers.
    assert len(exchanges) == (11 if location == "/graphql" else 1)
