"""The seed: a connected 50-subject skill graph and the 200 tutors of the seed universe."""

from __future__ import annotations

import pytest

from shared import seed as universe
from subgraphs.tutors.codes import LANGUAGES
from subgraphs.tutors.seed import profiles
from subgraphs.tutors.store import TutorStore
from subgraphs.tutors.validation import MAX_BIO, MAX_HEADLINE, MAX_RATE


def test_profiles_belong_to_the_seed_universe_tutors() -> None:
    pairs = [(t.id, t.user_id) for t, _ in profiles()]
    assert pairs == [(t.id, t.user_id) for t in universe.tutors()]
    assert len(pairs) == 200


def test_profiles_are_valid_and_varied() -> None:
    for tutor, teachings in profiles():
        assert 1 <= len(teachings) <= 4
        assert len({t.subject_id for t in teachings}) == len(teachings)
        assert 1 <= len(tutor.languages) <= 3
        assert set(tutor.languages) <= LANGUAGES
        assert 0 < tutor.rate_amount <= MAX_RATE
        assert 0 < len(tutor.headline) <= MAX_HEADLINE
        assert 0 < len(tutor.bio) <= MAX_BIO
    assert len({t.rate_amount for t, _ in profiles()}) > 50
    assert len({t.headline for t, _ in profiles()}) > 150


@pytest.mark.stores
async def test_seeded_graph_is_connected_and_complete(store: TutorStore) -> None:
    counts = await store._run(
        "MATCH (s:Subject) WITH count(s) AS subjects "
        "MATCH (t:Tutor) RETURN subjects, count(t) AS tutors"
    )
    assert counts == [{"subjects": 50, "tutors": 200}]
    # Every subject reaches every other over related/prerequisite edges, either way.
    start = "subject-arithmetic"
    reached = await store._run(
        "MATCH (a:Subject {id: $id})-[:RELATED_TO|PREREQUISITE_OF*1..12]-(b:Subject) "
        "WHERE b.id <> $id RETURN count(DISTINCT b) AS n",
        id=start,
    )
    assert reached == [{"n": 49}]
    taught = await store._run("MATCH (:Tutor)-[r:TEACHES]->(:Subject) RETURN count(r) AS n")
    assert taught == [{"n": sum(len(x) for _, x in profiles())}]


@pytest.mark.stores
async def test_seeding_twice_gives_the_same_graph(store: TutorStore) -> None:
    from subgraphs.tutors.seed import seed

    before = await store.tutors_by_id([t.id for t, _ in profiles()])
    await seed(store)
    after = await store.tutors_by_id([t.id for t, _ in profiles()])
    assert before == after
    assert after["tutor-0001"] == profiles()[0][0]
