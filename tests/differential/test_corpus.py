"""The recorded corpus: every scenario has answers, every adjudication still applies."""

from __future__ import annotations

from conformance.scenarios import all_scenarios

from .corpus import adjudications, load_answers


def test_every_adjudication_replaces_a_recorded_answer_and_says_why() -> None:
    scenarios = {s.name: s for s in all_scenarios()}
    for verdict in adjudications():
        assert verdict["reason"].strip(), verdict
        answers = load_answers(scenarios[verdict["scenario"]])
        assert answers is not None
        replaced = [
            op for op in answers["operations"] if op.get("adjudicated") == verdict["reason"]
        ]
        assert len(replaced) == 1, (
            f"stale adjudication: {verdict['scenario']} seed {verdict['seed']}"
        )
        assert replaced[0]["data"] == verdict["data"]


def test_every_scenario_has_recorded_answers_naming_the_references() -> None:
    for scenario in all_scenarios():
        answers = load_answers(scenario)
        assert answers is not None, f"{scenario.name}: run tests/differential/tools/record.py"
        assert answers["operations"], scenario.name
        assert set(answers["references"]) == {"hive-router-runtime", "hive", "apollo"}
