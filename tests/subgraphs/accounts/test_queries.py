"""me, user(id) and users(first, after): who sees what, and stable cursor pagination."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import text

from shared.auth import Viewer
from shared.seed import users
from subgraphs.accounts.store import AccountsStore
from tests.subgraphs.accounts.helpers import (
    ADMIN,
    SIGN_UP,
    STUDENT,
    Run,
    codes,
    data,
    sign_up_input,
)

ME = "{ me { id email displayName role timezone createdAt } }"
USER = "query($id: ID!) { user(id: $id) { id email displayName role timezone } }"
PAGE = """
query($first: Int!, $after: String) {
  users(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id createdAt } }
  }
}
"""


async def test_me_is_null_without_a_viewer(run: Run) -> None:
    assert data(await run(ME)) == {"me": None}


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


async def test_user_by_id_hides_email_from_other_users(run: Run) -> None:
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
        page = data(await run(PAGE, {"first": 100, "after": after}))["users"]
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
    page = data(await run("{ users { edges { node { id } } pageInfo { hasNextPage } } }"))
    assert len(page["users"]["edges"]) == 20
    assert page["users"]["pageInfo"]["hasNextPage"] is True


async def test_users_orders_ties_in_created_at_by_id(run: Run, store: AccountsStore) -> None:
    # Two sign-ups with one timestamp: the order must still be total, so no page repeats one.
    first = data(await run(SIGN_UP, sign_up_input(email="b@example.org")))["signUp"]["user"]
    second = data(await run(SIGN_UP, sign_up_input(email="a@example.org")))["signUp"]["user"]
    async with store.engine.begin() as conn:
        await conn.execute(
            text("UPDATE users SET created_at = '2030-01-01T00:00:00Z' WHERE id IN (:a, :b)"),
            {"a": first["id"], "b": second["id"]},
        )
    ids = sorted([first["id"], second["id"]])
    page = data(await run(PAGE, {"first": 100, "after": _cursor_before_2030()}))["users"]
    tail = [e["node"]["id"] for e in page["edges"]]
    assert tail == ids
    one = data(await run(PAGE, {"first": 1, "after": _cursor_before_2030()}))["users"]
    rest = data(await run(PAGE, {"first": 5, "after": one["pageInfo"]["endCursor"]}))["users"]
    assert [e["node"]["id"] for e in one["edges"] + rest["edges"]] == ids
    assert rest["pageInfo"] == {"hasNextPage": False, "endCursor": rest["edges"][-1]["cursor"]}


def _cursor_before_2030() -> str:
    return base64.urlsafe_b64encode(b"2029-12-31T00:00:00+00:00|user-").decode()


async def test_users_with_first_zero_returns_no_edges(run: Run) -> None:
    page = data(await run(PAGE, {"first": 0, "after": None}))["users"]
    assert page["edges"] == []
    assert page["pageInfo"] == {"hasNextPage": True, "endCursor": None}


@pytest.mark.parametrize("first", [-1, 101, 10_000])
async def test_users_rejects_first_out_of_bounds(run: Run, first: int) -> None:
    result = await run(PAGE, {"first": first, "after": None})
    assert codes(result) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "after",
    [
        "",
        "not base64!",
        base64.urlsafe_b64encode(b"no separator").decode(),
        base64.urlsafe_b64encode(b"2026-01-01T00:00:00|user-0001").decode(),  # naive time
        base64.urlsafe_b64encode(b"yesterday|user-0001").decode(),
        base64.urlsafe_b64encode(b"\xff\xfe|x").decode(),
        base64.urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|user-\x00").decode(),
        base64.urlsafe_b64encode(b"0001-01-01T00:00:00+14:00|user-0001").decode(),
        base64.urlsafe_b64encode(b"9999-12-31T23:59:59-14:00|user-0001").decode(),
    ],
)
async def test_users_rejects_cursors_it_did_not_issue(run: Run, after: str) -> None:
    result = await run(PAGE, {"first": 5, "after": after})
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.errors is not None
    assert result.errors[0].message == "after is not a valid cursor"
