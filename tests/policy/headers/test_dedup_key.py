"""HeaderPropagation.dedup_key: equal exactly when the calls' client-derived headers are equal."""

from __future__ import annotations

from gateway.config.model import HeaderRule

from .helpers import context, propagation


def test_without_rules_the_key_is_empty_whatever_the_headers() -> None:
    plan = propagation()
    assert plan.dedup_key(context({"x-tenant": "a"})) == ()
    assert plan.dedup_key(context({"x-tenant": "b"})) == ()


def test_a_propagated_header_splits_the_key_and_the_request_id_does_not() -> None:
    plan = propagation(HeaderRule(action="propagate", named=("x-tenant",)))
    first = plan.dedup_key(context({"x-tenant": "a"}, request_id="r1"))
    again = plan.dedup_key(context({"x-tenant": "a"}, request_id="r2"))
    other = plan.dedup_key(context({"x-tenant": "b"}, request_id="r1"))
    assert first == again
    assert first != other
    hash(first)


def test_a_header_only_one_subgraph_receives_splits_the_key() -> None:
    rules = {"reviews": (HeaderRule(action="propagate", named=("x-locale",)),)}
    plan = propagation(subgraphs=rules)
    assert plan.dedup_key(context({"x-locale": "de"})) != plan.dedup_key(
        context({"x-locale": "fr"})
    )
    # A header no rule forwards does not.
    assert plan.dedup_key(context({"x-other": "1"})) == plan.dedup_key(context({"x-other": "2"}))


def test_forwarded_trace_context_does_not_split_the_key() -> None:
    plan = propagation(HeaderRule(action="propagate", matching=".*"))
    first = plan.dedup_key(context({"traceparent": "00-aa-01-01", "x-tenant": "a"}))
    again = plan.dedup_key(context({"traceparent": "00-bb-02-01", "x-tenant": "a"}))
    other = plan.dedup_key(context({"traceparent": "00-aa-01-01", "x-tenant": "b"}))
    assert first == again
    assert first != other
    # The trace context still goes to the subgraphs: only the key leaves it out.
    assert ("traceparent", "00-aa-01-01") in plan.headers_for(
        "any", context({"traceparent": "00-aa-01-01"})
    )
