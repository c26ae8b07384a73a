"""Random operations over every conformance scenario, answered by our gateway.

Two oracles, neither needing Node at test time: the answers reference gateways gave to the
same operations (recorded by tools/record.py), and the operation's own rewrites
(`metamorphic`), which must not change the answer. Seeds are fixed, so a failure replays.
"""

from __future__ import annotations

import os

import pytest
from conformance.harness import Scenario
from conformance.scenarios import all_scenarios

from .conftest import OurGateways
from .corpus import api_schema, load_answers, operations_for
from .oracles import metamorphic_problems, recorded_problem

# Scenarios whose subgraphs rewrite their answers by response key (the `answer` hook: values
# of the wrong type on purpose) answer an aliased rewrite differently, and references do not
# check values: their own cases cover them (tests/conformance).
SCENARIOS = tuple(
    s for s in all_scenarios() if not any(sub.answer is not None for sub in s.subgraphs)
)
# Seeds for the rewrite oracle; DIFFERENTIAL_SEEDS=N explores further on a workstation.
METAMORPHIC_SEEDS = range(int(os.environ.get("DIFFERENTIAL_SEEDS", "12")))


def _reset(scenario: Scenario) -> None:
    for subgraph in scenario.subgraphs:
        if subgraph.reset is not None:
            subgraph.reset()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_random_operations_agree_with_references_and_rewrites(
    differential_gateways: OurGateways, scenario: Scenario
) -> None:
    answers = load_answers(scenario)
    assert answers is not None, f"no recorded answers: run tools/record.py {scenario.name}"
    gateway = differential_gateways.for_scenario(scenario)
    problems: list[str] = []
    for recorded in answers["operations"]:
        _reset(scenario)
        problem = recorded_problem(gateway.post, recorded)
        if problem is not None:
            problems.append("recorded " + problem)
    schema = api_schema(scenario)
    for seed, operation in operations_for(scenario, METAMORPHIC_SEEDS):
        _reset(scenario)
        for problem in metamorphic_problems(
            gateway.post, schema, operation.query, operation.variables
        ):
            problems.append(f"seed {seed} rewrite {problem}")
    assert not problems, (
        "\n\n".join(problems[:5]) + f"\n({len(problems)} problems)\n" + gateway.log_tail()[-1500:]
    )
