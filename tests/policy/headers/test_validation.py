"""Rules are checked when the gateway starts: clear errors naming the rule and the reason."""

from __future__ import annotations

import pytest

from gateway.config.model import HeaderRule

from .helpers import SECRET, context, propagation


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        (HeaderRule(action="propagate", matching="x-(unclosed"), "not a valid regex"),
        (HeaderRule(action="remove", matching="*"), "not a valid regex"),
        (HeaderRule(action="propagate"), "needs 'named' or 'matching'"),
        (HeaderRule(action="propagate", matching="x-.*", default="d"), "'default' goes with"),
        (HeaderRule(action="propagate", named=("a",), value="v"), "does not take 'value'"),
        (HeaderRule(action="rename", name="a"), "needs 'rename_to'"),
        (HeaderRule(action="rename", rename_to="b"), "needs 'name'"),
        (HeaderRule(action="insert", name="a"), "needs 'value'"),
        (HeaderRule(action="insert", value="v"), "needs 'name'"),
        (HeaderRule(action="insert", name="a", value="v\r\nx-evil: 1"), "CR, LF or NUL"),
        (HeaderRule(action="propagate", named=("a",), default="v\n"), "CR, LF or NUL"),
        (HeaderRule(action="remove"), "needs 'name', 'named' or 'matching'"),
        (HeaderRule(action="propagate", named=("bad name",)), "not a valid header name"),
        (HeaderRule(action="propagate", named=("x-gateway-claims",)), "set by the gateway"),
        (HeaderRule(action="propagate", named=("Host",)), "set by the gateway"),
        (HeaderRule(action="propagate", named=("proxy-authorization",)), "set by the gateway"),
        (HeaderRule(action="rename", name="x-a", rename_to="x-gateway-secret"), "set by"),
        (HeaderRule(action="rename", name="x-gateway-secret", rename_to="x-a"), "set by"),
        (HeaderRule(action="insert", name="content-length", value="1"), "set by the gateway"),
        (HeaderRule(action="insert", name="x-gateway-claims", value="e30"), "set by the gateway"),
        (HeaderRule(action="bogus", name="a"), "unknown action 'bogus'"),  # type: ignore[arg-type]
    ],
)
def test_invalid_rule_is_refused_naming_it(rule: HeaderRule, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as raised:
        propagation(HeaderRule(action="insert", name="x-ok", value="1"), rule)
    assert "headers.all[1]" in str(raised.value)


def test_invalid_subgraph_rule_names_the_subgraph() -> None:
    bad = HeaderRule(action="propagate", matching="[")
    with pytest.raises(ValueError, match=r"headers\.subgraphs\.reviews\[0\]: 'matching'"):
        propagation(subgraphs={"reviews": (bad,)})


def test_remove_may_name_any_header_but_cannot_drop_the_gateways_own() -> None:
    plan = propagation(HeaderRule(action="remove", named=("host", "x-gateway-secret")))
    headers = dict(plan.headers_for("accounts", context()))
    assert headers["x-gateway-secret"] == SECRET
