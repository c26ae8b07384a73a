"""DirectiveAuthorizer: what each rule removes, the errors and their response paths, the cache
key, and documents returned untouched when nothing is removed."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest
from graphql import DocumentNode, parse, print_ast

from gateway.composition import CompositionSuccess, SubgraphInput, compose
from gateway.config import AuthConfig
from gateway.policy.auth import DirectiveAuthorizer
from gateway.request import RequestContext
from gateway.supergraph import Supergraph, load_supergraph

from .supergraph import supergraph, supergraph_sdl

ANONYMOUS = RequestContext()


def signed_in(*scopes: str) -> RequestContext:
    return RequestContext(claims=MappingProxyType({"sub": "u"}), scopes=frozenset(scopes))


def authorizer(**config: Any) -> DirectiveAuthorizer:
    return DirectiveAuthorizer(supergraph(), AuthConfig(**config))


def run(
    query: str, context: RequestContext = ANONYMOUS, name: str | None = None
) -> tuple[DocumentNode, DocumentNode, list[list[Any]]]:
    document = parse(query)
    result = authorizer().authorize(document, name, context)
    for error in result.errors:
        assert error["message"] == "Unauthorized field or type"
        assert error["extensions"] == {"code": "UNAUTHORIZED_FIELD_OR_TYPE"}
    return document, result.document, [e["path"] for e in result.errors]


def same(document: DocumentNode, expected: str) -> bool:
    return print_ast(document) == print_ast(parse(expected))


def test_nothing_to_remove_returns_the_same_document() -> None:
    document, filtered, paths = run("{ users { id name reviews { body } } }")
    assert filtered is document
    assert paths == []


def test_authenticated_root_field_is_removed_for_anonymous_callers() -> None:
    _, filtered, paths = run("{ me { id } users { id } }")
    assert same(filtered, "{ users { id } }")
    assert paths == [["me"]]


def test_emptied_root_keeps_typename() -> None:
    _, filtered, paths = run("query Me { me { id } }")
    assert same(filtered, "query Me { __typename }")
    assert paths == [["me"]]


def test_signed_in_caller_keeps_authenticated_fields() -> None:
    document, filtered, paths = run("{ me { id email } }", signed_in())
    assert filtered is document
    assert paths == []


def test_list_elements_are_at_in_the_path_and_aliases_name_the_key() -> None:
    _, filtered, paths = run("{ people: users { id mail: email friends { email name } } }")
    assert same(filtered, "{ people: users { id friends { name } } }")
    assert paths == [["people", "@", "mail"], ["people", "@", "friends", "@", "@", "email"]]


def test_emptied_selection_set_keeps_typename() -> None:
    _, filtered, paths = run('{ user(id: "1") { email } }')
    assert same(filtered, '{ user(id: "1") { __typename } }')
    assert paths == [["user", "email"]]


@pytest.mark.parametrize(
    ("scopes", "kept"),
    [
        ((), False),
        (("hr",), False),
        (("read",), False),
        (("hr", "read"), True),
        (("admin",), True),
        (("admin", "other"), True),
    ],
)
def test_requires_scopes_is_an_or_of_and_lists(scopes: tuple[str, ...], kept: bool) -> None:
    document, filtered, paths = run("{ users { salary } }", signed_in(*scopes))
    assert (filtered is document) is kept
    assert paths == ([] if kept else [["users", "@", "salary"]])


def test_scopes_without_a_token_grant_nothing_authenticated() -> None:
    context = RequestContext(scopes=frozenset({"admin"}))
    _, _, paths = run("{ me { id } users { salary } }", context)
    assert paths == [["me"]]


def test_field_in_another_subgraph_is_checked_too() -> None:
    _, filtered, paths = run("{ users { reviews { body private } } }", signed_in("hr"))
    assert same(filtered, "{ users { reviews { body } } }")
    assert paths == [["users", "@", "reviews", "@", "private"]]


def test_return_type_rules_apply_to_objects_enums_and_scalars() -> None:
    _, filtered, paths = run("{ secret { code } color contact users { id } }")
    assert same(filtered, "{ users { id } }")
    assert paths == [["secret"], ["color"], ["contact"]]
    _, _, paths = run("{ secret { code } color contact }", signed_in())
    assert paths == [["color"]]


def test_policy_is_never_granted() -> None:
    _, _, paths = run("{ audit }", signed_in("auditor", "admin"))
    assert paths == [["audit"]]


def test_inline_fragment_on_a_restricted_type_is_removed() -> None:
    query = "{ media { __typename ... on Book { title } ... on Film { title } } }"
    _, filtered, paths = run(query)
    assert same(filtered, "{ media { __typename ... on Book { title } } }")
    assert paths == [["media", "@"]]


def test_named_fragments_are_filtered_once_with_an_error_per_use() -> None:
    query = """
    query Q { me { ...Who } users { ...Who friends { ...Who } } }
    fragment Who on User { id email }
    """
    _, filtered, paths = run(query, name="Q")
    assert same(
        filtered,
        """
        query Q { users { ...Who friends { ...Who } } }
        fragment Who on User { id }
        """,
    )
    assert paths == [["me"], ["users", "@", "email"], ["users", "@", "friends", "@", "@", "email"]]


def test_fragment_spread_on_a_restricted_type_is_removed_with_its_definition() -> None:
    query = """
    { media { ... on Book { title } ...F } }
    fragment F on Film { title }
    """
    _, filtered, paths = run(query)
    assert same(filtered, "{ media { ... on Book { title } } }")
    assert paths == [["media", "@"]]


def test_interface_field_carries_the_rules_of_every_implementation() -> None:
    _, filtered, paths = run("{ items { id owner } }")
    assert same(filtered, "{ items { id } }")
    assert paths == [["items", "@", "owner"]]
    document, filtered, _ = run("{ items { id owner } }", signed_in("notes"))
    assert filtered is document


def test_only_the_selected_operation_is_kept() -> None:
    query = "query A { me { id } } query B { users { id } }"
    _, filtered, paths = run(query, name="A")
    assert same(filtered, "query A { __typename }")
    assert paths == [["me"]]
    document, filtered, _ = run(query, name="B")
    assert filtered is document


def test_mutation_fields_are_checked() -> None:
    _, filtered, paths = run('mutation { rename(name: "x") { id } ping }', signed_in())
    assert same(filtered, "mutation { ping }")
    assert paths == [["rename"]]


def test_introspection_and_typename_are_never_removed() -> None:
    document, filtered, _ = run("{ __typename __schema { queryType { name } } }")
    assert filtered is document


def test_key_holds_only_what_decides_the_outcome() -> None:
    auth = authorizer()
    assert auth.key(ANONYMOUS) == (False, frozenset())
    assert auth.key(signed_in("admin", "unrelated", "x")) == (True, frozenset({"admin"}))
    assert auth.key(signed_in("unrelated")) == auth.key(signed_in())


def test_disabled_enforcement_allows_everything() -> None:
    auth = authorizer(enforce_directives=False)
    document = parse("{ me { email } audit }")
    assert auth.key(signed_in("admin")) is None
    result = auth.authorize(document, None, ANONYMOUS)
    assert result.document is document
    assert result.errors == ()


def test_supergraph_without_rules_has_a_constant_key() -> None:
    plain = compose(
        [SubgraphInput(name="a", url="http://a.example", sdl="type Query { me: String }")]
    )
    assert isinstance(plain, CompositionSuccess)
    loaded = load_supergraph(plain.supergraph_sdl)
    assert isinstance(loaded, Supergraph)
    auth = DirectiveAuthorizer(loaded, AuthConfig())
    assert auth.key(ANONYMOUS) == auth.key(signed_in("admin")) is None
    document = parse("{ me }")
    assert auth.authorize(document, None, ANONYMOUS).document is document


def test_renamed_directives_are_found_through_their_link() -> None:
    sdl = supergraph_sdl().replace(
        '@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)',
        '@link(url: "https://specs.apollo.dev/authenticated/v0.1", as: "signedIn", for: SECURITY)',
    )
    renamed = sdl.replace("@authenticated", "@signedIn")
    assert renamed.count("@signedIn") > 3
    loaded = load_supergraph(renamed)
    assert isinstance(loaded, Supergraph)
    auth = DirectiveAuthorizer(loaded, AuthConfig())
    result = auth.authorize(parse("{ me { id } users { email } }"), None, ANONYMOUS)
    assert [e["path"] for e in result.errors] == [["me"], ["users", "@", "email"]]
