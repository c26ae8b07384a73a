"""The showcase: one query for a tutor's profile that crosses every store, through our gateway.

Each part of the answer is checked against what the store that owns it holds, read with that
store's own driver, not through any subgraph.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from neo4j import AsyncGraphDatabase
from pymongo import AsyncMongoClient

from tests.support.platform import Platform

ROOT = Path(__file__).resolve().parents[2]
SHOWCASE = (ROOT / "docs" / "showcase.graphql").read_text()
TUTOR = "tutor-0007"
WINDOW = {"from": "2026-12-07T00:00:00Z", "to": "2026-12-14T00:00:00Z"}
LEVELS = {1: "BEGINNER", 2: "INTERMEDIATE", 3: "ADVANCED", 4: "EXPERT"}


DIRECT_AVAILABILITY = """
query($r: [_Any!]!, $from: DateTime!, $to: DateTime!) {
  _entities(representations: $r) {
    ... on Tutor { availability(from: $from, to: $to) { start end } }
  }
}"""


async def _ask(url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(url, json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


async def _postgres(platform: Platform, database: str) -> asyncpg.Connection:
    return await asyncpg.connect(
        host="127.0.0.1", port=platform.stores.postgres_port, user="postgres", database=database
    )


async def test_showcase_answers_what_every_store_holds(platform: Platform) -> None:
    tutor = (await _ask(platform.gateway_url, SHOWCASE, {"id": TUTOR, **WINDOW}))["tutor"]

    accounts = await _postgres(platform, "accounts")
    try:
        user = await accounts.fetchrow(
            "SELECT display_name, timezone FROM users WHERE id = $1", "user-0007"
        )
        assert tutor["user"] == {"displayName": user["display_name"], "timezone": user["timezone"]}
        names = {
            r["id"]: r["display_name"]
            for r in await accounts.fetch("SELECT id, display_name FROM users")
        }
    finally:
        await accounts.close()

    graph = AsyncGraphDatabase.driver(platform.stores.bolt_url, auth=None)
    try:
        async with graph.session() as session:
            result = await session.run(
                "MATCH (t:Tutor {id: $id})-[r:TEACHES]->(s:Subject) "
                "RETURN s.name AS name, r.rank AS rank",
                id=TUTOR,
            )
            teaches = sorted((row["name"], LEVELS[row["rank"]]) for row in await result.data())
    finally:
        await graph.close()
    assert sorted((s["subject"]["name"], s["level"]) for s in tutor["subjects"]) == teaches
    assert teaches, "the seeded tutor teaches something"

    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(platform.stores.mongo_url)
    try:
        reviews = mongo["reviews"]["reviews"]
        stored = [d async for d in reviews.find({"tutorId": TUTOR})]
        latest = [
            d
            async for d in reviews.find({"tutorId": TUTOR})
            .sort([("createdAt", -1), ("_id", -1)])
            .limit(5)
        ]
    finally:
        await mongo.close()
    assert tutor["rating"]["count"] == len(stored) > 0
    assert abs(tutor["rating"]["average"] - sum(d["rating"] for d in stored) / len(stored)) < 1e-9
    assert [
        (e["node"]["rating"], e["node"]["comment"], e["node"]["author"]["displayName"])
        for e in tutor["reviews"]["edges"]
    ] == [(d["rating"], d["comment"], names[d["authorId"]]) for d in latest]

    scheduling = await _postgres(platform, "scheduling")
    try:
        rules = await scheduling.fetch(
            "SELECT weekday FROM availability_rules WHERE tutor_id = $1", TUTOR
        )
        booked = await scheduling.fetch(
            "SELECT start_at, end_at FROM bookings WHERE tutor_id = $1 AND status = 'CONFIRMED'",
            TUTOR,
        )
    finally:
        await scheduling.close()
    assert rules, "the seeded tutor has weekly rules"
    window_start = datetime.fromisoformat(WINDOW["from"])
    window_end = datetime.fromisoformat(WINDOW["to"])
    slots = [
        (datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]))
        for s in tutor["availability"]
    ]
    assert slots, "a week of a tutor with weekly rules has free time"
    for start, end in slots:
        assert window_start <= start < end <= window_end
        assert all(end <= b["start_at"] or start >= b["end_at"] for b in booked)
        assert start.tzinfo is not None
        assert end - start <= timedelta(days=1)

    # The scheduling subgraph asked directly gives the same free time as the gateway.
    direct = await _ask(
        platform.subgraph_urls["scheduling"],
        DIRECT_AVAILABILITY,
        {"r": [{"__typename": "Tutor", "id": TUTOR}], **WINDOW},
    )
    assert direct["_entities"][0]["availability"] == tutor["availability"]


def test_documented_plan_is_the_planner_s_plan_and_crosses_every_subgraph() -> None:
    from graphql import parse

    from gateway.plan.printer import print_plan
    from gateway.planner import QueryPlanner
    from gateway.supergraph import load_supergraph

    supergraph = load_supergraph((ROOT / "schema" / "supergraph.graphql").read_text())
    assert not isinstance(supergraph, Exception)
    plan = QueryPlanner(supergraph).plan(parse(SHOWCASE), None)
    text = print_plan(plan)
    assert (ROOT / "docs" / "showcase-plan.txt").read_text() == text + "\n"
    for name in ("accounts", "tutors", "reviews", "scheduling"):
        assert f'Fetch(service: "{name}")' in text
