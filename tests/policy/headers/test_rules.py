"""Every kind of header rule, in order, for all subgraphs and per subgraph."""

from __future__ import annotations

from gateway.config.model import HeaderRule

from .helpers import context, propagation, rule_output

INBOUND = {
    "x-tenant": "acme",
    "x-locale": "de",
    "x-trace-a": "1",
    "x-trace-b": "2",
    "authorization": "Bearer abc",
    "cookie": "session=1",
}


def produced(*rules: HeaderRule, service: str = "accounts") -> dict[str, str]:
    return rule_output(propagation(*rules).headers_for(service, context(INBOUND)))


def test_without_rules_nothing_of_the_client_is_sent() -> None:
    assert produced() == {}


def test_propagate_named_copies_those_headers_only() -> None:
    rule = HeaderRule(action="propagate", named=("x-tenant", "authorization", "x-absent"))
    assert produced(rule) == {"x-tenant": "acme", "authorization": "Bearer abc"}


def test_propagate_named_is_case_insensitive_and_sends_lower_case() -> None:
    assert produced(HeaderRule(action="propagate", named=("X-Tenant",))) == {"x-tenant": "acme"}


def test_propagate_default_fills_in_a_missing_header() -> None:
    rule = HeaderRule(action="propagate", named=("x-locale", "x-region"), default="eu")
    assert produced(rule) == {"x-locale": "de", "x-region": "eu"}


def test_propagate_matching_copies_every_header_the_regex_matches_in_full() -> None:
    rule = HeaderRule(action="propagate", matching="x-trace-.*")
    assert produced(rule) == {"x-trace-a": "1", "x-trace-b": "2"}
    # Full match: "trace" alone matches no name.
    assert produced(HeaderRule(action="propagate", matching="trace")) == {}


def test_propagate_matching_ignores_case_of_the_pattern() -> None:
    assert produced(HeaderRule(action="propagate", matching="X-TENANT")) == {"x-tenant": "acme"}


def test_rename_sends_the_client_header_under_another_name() -> None:
    rule = HeaderRule(action="rename", name="x-tenant", rename_to="x-org")
    assert produced(rule) == {"x-org": "acme"}


def test_rename_default_is_sent_when_the_client_has_no_such_header() -> None:
    rule = HeaderRule(action="rename", name="x-region", rename_to="x-zone", default="eu-1")
    assert produced(rule) == {"x-zone": "eu-1"}
    without_default = HeaderRule(action="rename", name="x-region", rename_to="x-zone")
    assert produced(without_default) == {}


def test_insert_sets_a_fixed_value_over_a_propagated_one() -> None:
    rules = (
        HeaderRule(action="propagate", named=("x-tenant",)),
        HeaderRule(action="insert", name="X-Tenant", value="fixed"),
        HeaderRule(action="insert", name="x-gateway", value="tutorgraph"),
    )
    assert produced(*rules) == {"x-tenant": "fixed", "x-gateway": "tutorgraph"}


def test_remove_drops_headers_earlier_rules_added() -> None:
    rules = (
        HeaderRule(action="propagate", matching="x-.*"),
        HeaderRule(action="remove", name="x-locale"),
        HeaderRule(action="remove", matching="x-trace-.*"),
    )
    assert produced(*rules) == {"x-tenant": "acme"}


def test_rules_run_in_order() -> None:
    remove_then_add = (
        HeaderRule(action="remove", name="x-tenant"),
        HeaderRule(action="propagate", named=("x-tenant",)),
    )
    assert produced(*remove_then_add) == {"x-tenant": "acme"}


def test_subgraph_rules_run_after_the_rules_for_all() -> None:
    plan = propagation(
        HeaderRule(action="propagate", named=("x-tenant", "x-locale")),
        subgraphs={
            "reviews": (
                HeaderRule(action="remove", name="x-tenant"),
                HeaderRule(action="propagate", named=("cookie",)),
            )
        },
    )
    ctx = context(INBOUND)
    reviews = rule_output(plan.headers_for("reviews", ctx))
    assert reviews == {"x-locale": "de", "cookie": "session=1"}
    assert rule_output(plan.headers_for("tutors", ctx)) == {"x-tenant": "acme", "x-locale": "de"}


def test_subgraph_only_rules_leave_other_subgraphs_alone() -> None:
    plan = propagation(subgraphs={"tutors": (HeaderRule(action="insert", name="x-a", value="1"),)})
    assert rule_output(plan.headers_for("tutors", context())) == {"x-a": "1"}
    assert rule_output(plan.headers_for("accounts", context())) == {}
