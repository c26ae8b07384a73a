"""Loading supergraph SDL: the join model, subgraph URLs, ids and errors as values."""

from __future__ import annotations

from pathlib import Path

from gateway.supergraph import Supergraph, SupergraphError, load_supergraph

FIXTURES = Path(__file__).parent.parent / "fixtures" / "supergraphs"


def _tutoring() -> Supergraph:
    loaded = load_supergraph((FIXTURES / "tutoring.graphql").read_text())
    assert isinstance(loaded, Supergraph)
    return loaded


def test_load_supergraph_reads_subgraph_names_and_urls() -> None:
    supergraph = _tutoring()
    assert {name: info.url for name, info in supergraph.subgraphs.items()} == {
        "accounts": "http://accounts/graphql",
        "reviews": "http://reviews/graphql",
        "scheduling": "http://scheduling/graphql",
        "tutors": "http://tutors/graphql",
    }


def test_supergraph_id_is_a_stable_hash_of_the_sdl() -> None:
    text = (FIXTURES / "tutoring.graphql").read_text()
    first, second = load_supergraph(text), load_supergraph(text)
    changed = load_supergraph(text + "\nscalar Extra\n")
    assert isinstance(first, Supergraph)
    assert isinstance(second, Supergraph)
    assert isinstance(changed, Supergraph)
    assert first.id == second.id
    assert first.id != changed.id


def test_keys_requires_provides_and_override_labels_are_read() -> None:
    types = _tutoring().types
    assert [k.fields for k in types["Tutor"].graphs["reviews"].keys] == ["id"]
    local_time = types["User"].fields["localReviewTime"].in_graph("reviews")
    assert local_time is not None
    assert local_time.requires == "timezone"
    user = types["Tutor"].fields["user"].in_graph("tutors")
    assert user is not None
    assert user.provides == "name"
    headline = types["Tutor"].fields["headline"]
    overriding = headline.in_graph("tutors")
    assert overriding is not None
    assert (overriding.override, overriding.override_label) == ("accounts", "percent(25)")


def test_interface_object_and_union_members_per_subgraph() -> None:
    types = _tutoring().types
    assert types["Node"].graphs["scheduling"].is_interface_object
    assert not types["Node"].graphs["accounts"].is_interface_object
    assert types["SearchResult"].union_members == {
        "Tutor": ("tutors",),
        "Subject": ("tutors",),
    }


def test_non_supergraph_sdl_is_returned_as_error_value() -> None:
    result = load_supergraph("type Query { hello: String }")
    assert isinstance(result, SupergraphError)
    assert "join" in result.message


def test_syntax_error_is_returned_as_error_value() -> None:
    result = load_supergraph("type Query {")
    assert isinstance(result, SupergraphError)


def test_empty_sdl_is_returned_as_error_value() -> None:
    assert isinstance(load_supergraph(""), SupergraphError)
