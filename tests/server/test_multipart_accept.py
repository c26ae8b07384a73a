"""Which `Accept` headers take `multipart/mixed` incremental delivery."""

from __future__ import annotations

import pytest

from gateway.server.http.multipart import accepts_multipart


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("multipart/mixed;deferSpec=20220824, application/json", True),  # Apollo Client
        ('multipart/mixed; deferSpec="20220824"', True),
        ("multipart/mixed", True),
        ("application/json, multipart/mixed", True),  # GraphiQL's fetcher: read as 20220824
        ("application/json", False),
        ("*/*", False),
        ("multipart/mixed;deferSpec=20990101", False),
        ("multipart/mixed;q=0, application/json", False),
    ],
)
def test_accepts_multipart(accept: str, expected: bool) -> None:
    assert accepts_multipart(accept) is expected
