"""Each case of each scenario, sent to the gateway under test, gets the full expected answer."""

from __future__ import annotations

from typing import Any

import pytest

from .harness import Case, Scenario, response_mismatch
from .harness.gateway_pool import Gateways
from .scenarios import all_scenarios

SCENARIOS = all_scenarios()
CASES = [
    pytest.param(scenario, case, id=f"{scenario.name}/{case.name or index}")
    for scenario in SCENARIOS
    for index, case in enumerate(scenario.cases)
]


def _body(case: Case) -> dict[str, Any]:
    body: dict[str, Any] = {"query": case.query}
    if case.variables is not None:
        body["variables"] = dict(case.variables)
    if case.operation_name is not None:
        body["operationName"] = case.operation_name
    return body


@pytest.mark.parametrize(("scenario", "case"), CASES)
def test_gateway_answers_case(gateways: Gateways, scenario: Scenario, case: Case) -> None:
    for subgraph in scenario.subgraphs:
        if subgraph.reset is not None:
            subgraph.reset()
    gateway = gateways.for_scenario(scenario)
    response = gateway.post(_body(case))
    try:
        payload = response.json()
    except ValueError:
        payload = None
    problem = response_mismatch(case.expected, payload, check_errors=case.check_errors)
    if payload is None:
        problem = f"HTTP {response.status_code}, body not JSON: {response.text[:500]}"
    if problem is not None:
        problem += f"\n--- gateway log (tail) ---\n{gateway.log_tail()[-1500:]}"
    assert problem is None, f"{scenario.feature}\n{case.query}\n{problem}"
