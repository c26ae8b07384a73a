"""me, user(id) and users(first, after): who sees what, and stable cursor pagination.

`me` is null for an anonymous request, without an error; `user(id)` shows tutors to everyone,
others only to themselves and admins; the user directory `users` is for admins only."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from sqlalchemy import text

from shared.auth import Viewer
from shared.seed import users
from shared.subgraph.pagination import encode_cursor
from subgraphs.accounts.store import AccountsStore
from tests.subgraphs.accounts.helpers import (
    ADMIN,
    STUDENT,
    Run,
    codes,
    data,
    signed_up,
)

ME = "{ me { id email displayName role timezone createdAt } }"
USER = "query($id: ID!) { user(id: $id) { id email displayName role timezone } }"
PAGE = """
query($first: Int!, $after: String) {
  users(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id createdAt } }
  }
}
"""


async def test_me_is_null_without_a_viewer_and_without_an_error(run: Run) -> None:
    result = await run(ME)
    assert result.errors is None
    assert result.data == {"me": None}


async def test_me_is_the_viewers_user_with_email(run: Run) -> None:
    seeded = users()[200]
    me = data(await run(ME, viewer=STUDENT))["me"]
    assert me["id"] == STUDENT.user_id == seeded.id
    assert me["email"] == seeded.email
    assert me["displayName"] == seeded.display_name
    assert me["role"] == "STUDENT"
    assert me["timezone"] == seeded.timezone
    assert me["createdAt"].endswith("+00:00")


async def test_me_is_null_when_the_tokens_user_no_longer_exists(run: Run) -> None:
    ghost = Viewer(user_id="user-gone", role="STUDENT")
    assert data(await run(ME, viewer=ghost)) == {"me": None}


async def test_a_tutors_user_is_public_without_email(run: Run) -> None:
    seeded = users()[9]
    anonymous = data(await run(USER, {"id": seeded.id}))["user"]
    other = data(await run(USER, {"id": seeded.id}, viewer=STUDENT))["user"]
    assert (
        anonymous
        == other
        == {
            "id": seeded.id,
            "email": None,
            "displayName": seeded.display_name,
            "role": "TUTOR",
            "timezone": seeded.timezone,
        }
    )


@pytest.mark.parametrize("viewer", [None, STUDENT, Viewer(user_id="user-0002", role="TUTOR")])
async def test_a_students_user_is_null_to_anyone_but_themself_and_admins(
    run: Run, viewer: Viewer | None
) -> None:
    student = users()[500]
    assert student.role == "STUDENT"
    assert data(await run(USER, {"id": student.id}, viewer=viewer)) == {"user": None}
    themself = Viewer(user_id=student.id, role="STUDENT")
    for allowed in (themself, ADMIN):
        shown = data(await run(USER, {"id": student.id}, viewer=allowed))["user"]
        assert shown["displayName"] == student.display_name
        assert shown["email"] == student.email


@pytest.mark.parametrize(("viewer", "code"), [(None, "UNAUTHENTICATED"), (STUDENT, "FORBIDDEN")])
async def test_the_user_directory_is_for_admins_only(
    run: Run, viewer: Viewer | None, code: str
) -> None:
    result = await run(PAGE, {"first": 5, "after": None}, viewer=viewer)
    assert codes(result) == [code]
    assert result.data is None
    tutor = Viewer(user_id="user-0003", role="TUTOR")
    assert codes(await run(PAGE, {"first": 5, "after": None}, viewer=tutor)) == ["FORBIDDEN"]
    assert (
        len(data(await run(PAGE, {"first": 5, "after": None}, viewer=ADMIN))["users"]["edges"]) == 5
    )


async def test_user_by_id_shows_email_to_admin_and_to_self(run: Run) -> None:
    seeded = users()[9]
    owner = Viewer(user_id=seeded.id, role=seeded.role)
    for viewer in (ADMIN, owner):
        assert data(await run(USER, {"id": seeded.id}, viewer=viewer))["user"]["email"] == (
            seeded.email
        )


@pytest.mark.parametrize("user_id", ["user-9999", "", "user-\x00", "user-\ud800", "x" * 10_000])
async def test_user_with_unknown_id_is_null_not_error(run: Run, user_id: str) -> None:
    assert data(await run(USER, {"id": user_id})) == {"user": None}


async def test_users_walks_every_user_once_in_created_at_then_id_order(run: Run) -> None:
    seen: list[tuple[str, str]] = []
    after: str | None = None
    pages = 0
    while True:
        page = data(await run(PAGE, {"first": 100, "after": after}, viewer=ADMIN))["users"]
        pages += 1
        assert page["totalCount"] == len(users())
        seen.extend((e["node"]["createdAt"], e["node"]["id"]) for e in page["edges"])
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 11
    assert len(seen) == len(users())
    assert sorted({uid for _, uid in seen}) == sorted(u.id for u in users())
    assert seen == sorted(seen)


async def test_users_defaults_to_twenty(run: Run) -> None:
    page = data(
        await run("{ users { edges { node { id } } pageInfo { hasNextPage } } }", viewer=ADMIN)
    )
    assert len(page["users"]["edges"]) == 20
    assert page["users"]["pageInfo"]["hasNextPage"] is True


async def test_users_orders_ties_in_created_at_by_id(
    run: Run, store: AccountsStore, mailbox: Path
) -> None:
    # Two sign-ups with one timestamp: the order must still be total, so no page repeats one.
    first = (await signed_up(run, mailbox, email="b@example.org"))["user"]
    second = (await signed_up(run, mailbox, email="a@example.org"))["user"]
    async with store.engine.begin() as conn:
        await conn.execute(
            text("UPDATE users SET created_at = '2030-01-01T00:00:00Z' WHERE id IN (:a, :b)"),
            {"a": first["id"], "b": second["id"]},
        )
    ids = sorted([first["id"], second["id"]])
    before = {"first": 100, "after": _cursor_before_2030()}
    page = data(await run(PAGE, before, viewer=ADMIN))["users"]
    tail = [e["node"]["id"] for e in page["edges"]]
    assert tail == ids
    one = data(await run(PAGE, {**before, "first": 1}, viewer=ADMIN))["users"]
    after = {"first": 5, "after": one["pageInfo"]["endCursor"]}
    rest = data(await run(PAGE, after, viewer=ADMIN))["users"]
    assert [e["node"]["id"] for e in one["edges"] + rest["edges"]] == ids
    assert rest["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": rest["edges"][0]["cursor"],
        "endCursor": rest["edges"][-1]["cursor"],
    }


def _cursor_before_2030() -> str:
    return encode_cursor("user", "2029-12-31T00:00:00+00:00", "user-0")


async def test_users_with_first_zero_returns_no_edges(run: Run) -> None:
    page = data(await run(PAGE, {"first": 0, "after": None}, viewer=ADMIN))["users"]
    assert page["edges"] == []
    assert page["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }


@pytest.mark.parametrize("first", [-1, 101, 10_000])
async def test_users_rejects_first_out_of_bounds(run: Run, first: int) -> None:
    result = await run(PAGE, {"first": first, "after": None}, viewer=ADMIN)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors is not None
    assert (result.errors[0].extensions or {})["argument"] == "first"


@pytest.mark.parametrize(
    "after",
    [
        "",
        "not base64!",
        base64.urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|user-0001").decode(),  # old form
        encode_cursor("user", "2026-01-01T00:00:00+00:00"),  # no id
        encode_cursor("tutor", "2026-01-01T00:00:00+00:00", "user-0001"),  # another kind
        encode_cursor("user", "2026-01-01T00:00:00", "user-0001"),  # naive time
        encode_cursor("user", "yesterday", "user-0001"),
        encode_cursor("user", 20260101, "user-0001"),
        encode_cursor("user", "2026-01-01T00:00:00+00:00", "user-\x00"),
        encode_cursor("user", "0001-01-01T00:00:00+14:00", "user-0001"),
        encode_cursor("user", "9999-12-31T23:59:59-14:00", "user-0001"),
        # Well-formed cursors around ids accounts never issues: not a first page either.
        encode_cursor("user", "2026-01-01T00:00:00+00:00", "!!!"),
        encode_cursor("user", "2026-01-01T00:00:00+00:00", "user-"),
        encode_cursor("user", "2026-01-01T00:00:00+00:00", "tutor-0001"),
        encode_cursor("user", "2026-01-01T00:00:00+00:00", "user-0001 OR 1=1"),
    ],
)
async def test_users_rejects_cursors_it_did_not_issue(run: Run, after: str) -> None:
    result = await run(PAGE, {"first": 5, "after": after}, viewer=ADMIN)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors is not None
    assert result.errors[0].message == "after is not a cursor this API issued"
    assert (result.errors[0].extensions or {})["argument"] == "after"
