"""Counting the watched root fields of an operation, and never parsing when none is named."""

from __future__ import annotations

from unittest import mock

from gateway.traffic import RootFieldCounter, root_fields


def _counter() -> RootFieldCounter:
    return RootFieldCounter({"signIn", "signUp"}, max_tokens=1000)


def test_counts_by_response_key() -> None:
    counts = _counter().counts(
        "mutation { a: signIn(e: 1) b: signIn(e: 2) signIn(e: 3) signIn(e: 3) other }", None
    )
    assert counts == {("mutation", "signIn"): 3}


def test_the_named_operation_is_the_one_counted() -> None:
    text = "query Q { signIn } mutation M { signUp signIn }"
    counter = _counter()
    assert counter.counts(text, "Q") == {("query", "signIn"): 1}
    assert counter.counts(text, "M") == {("mutation", "signUp"): 1, ("mutation", "signIn"): 1}
    assert counter.counts(text, None) == {}  # several operations, no name: the pipeline refuses
    assert counter.counts(text, "Nope") == {}


def test_fragment_cycles_do_not_loop() -> None:
    text = (
        "mutation { ...A } fragment A on Mutation { signIn ...B } fragment B on Mutation { ...A }"
    )
    assert _counter().counts(text, None) == {("mutation", "signIn"): 1}


def test_nested_fields_are_not_root_fields() -> None:
    assert _counter().counts("{ me { signIn } }", None) == {}


def test_documents_without_a_watched_name_are_not_parsed() -> None:
    with mock.patch.object(root_fields, "parse", side_effect=AssertionError("parsed")):
        assert _counter().counts("{ hello me { name } }", None) == {}


def test_documents_over_the_token_limit_count_nothing() -> None:
    counter = RootFieldCounter({"signIn"}, max_tokens=10)
    assert counter.counts("mutation { " + "signIn " * 50 + "}", None) == {}


def test_results_are_cached_and_bounded() -> None:
    counter = RootFieldCounter({"signIn"}, max_tokens=1000, cache_size=2)
    for n in range(5):
        counter.counts(f"mutation {{ a{n}: signIn }}", None)
    with mock.patch.object(root_fields, "parse", side_effect=AssertionError("parsed")):
        assert counter.counts("mutation { a4: signIn }", None) == {("mutation", "signIn"): 1}


def test_the_cache_keeps_no_document_text_and_answers_for_its_apq_hash() -> None:
    import hashlib

    counter = _counter()
    text = "mutation { signIn }" + " " * 10_000
    counter.counts(text, None)
    assert all(len(key[0]) == 64 for key in counter._cache)
    sha = hashlib.sha256(text.encode()).hexdigest()
    assert counter.cached(sha, None) == {("mutation", "signIn"): 1}
