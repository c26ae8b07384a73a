"""The classifier gives graphql-inspector's answers on every recorded schema pair.

For each pair: the same multiset of (change type, criticality, coordinate) as inspector, apart
from the adjudicated differences. The corpus must exercise every change kind the classifier can
report, each at least twice, so that a new kind cannot slip in untested.
"""

from __future__ import annotations

from collections import Counter

import pytest

from registry.changes import ChangeType, diff_sdl
from tests.registry.changes.oracle import (
    Answer,
    Case,
    answer_of,
    expected_answers,
    load_adjudications,
    load_cases,
)

CASES = load_cases()
ADJUDICATIONS = load_adjudications()


def _ours(case: Case) -> Counter[Answer]:
    return Counter(
        (str(c.type), c.criticality.value, c.coordinate) for c in diff_sdl(case.old, case.new)
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_changes_match_inspector(case: Case) -> None:
    ours, expected = _ours(case), expected_answers(case, ADJUDICATIONS)
    assert ours == expected, {
        "missing": sorted((expected - ours).elements()),
        "extra": sorted((ours - expected).elements()),
    }


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_messages_name_the_coordinate(case: Case) -> None:
    for change in diff_sdl(case.old, case.new):
        assert change.coordinate in change.message, change


def test_every_change_kind_is_covered_at_least_twice() -> None:
    counts = Counter(
        kind for case in CASES for kind, _, _ in expected_answers(case, ADJUDICATIONS).elements()
    )
    assert set(counts) == {str(kind) for kind in ChangeType}
    assert {kind: n for kind, n in counts.items() if n < 2} == {}


def test_inspector_reports_no_kind_we_lack() -> None:
    reported = {entry["type"] for case in CASES for entry in case.inspector}
    assert reported <= {str(kind) for kind in ChangeType}


def test_every_criticality_a_kind_can_have_is_exercised() -> None:
    """Kinds whose criticality depends on position or context show each of their outcomes."""
    seen: dict[str, set[str]] = {}
    for case in CASES:
        for kind, criticality, _ in expected_answers(case, ADJUDICATIONS).elements():
            seen.setdefault(kind, set()).add(criticality)
    assert seen["FIELD_TYPE_CHANGED"] == {"SAFE", "BREAKING"}
    assert seen["FIELD_ARGUMENT_TYPE_CHANGED"] == {"SAFE", "BREAKING"}
    assert seen["INPUT_FIELD_TYPE_CHANGED"] == {"SAFE", "BREAKING"}
    assert seen["DIRECTIVE_ARGUMENT_TYPE_CHANGED"] == {"SAFE", "BREAKING"}
    assert seen["FIELD_ARGUMENT_ADDED"] == {"SAFE", "DANGEROUS", "BREAKING"}
    assert seen["INPUT_FIELD_ADDED"] == {"SAFE", "DANGEROUS", "BREAKING"}
    assert seen["DIRECTIVE_ARGUMENT_ADDED"] == {"SAFE", "BREAKING"}
    assert seen["ENUM_VALUE_ADDED"] == {"SAFE", "DANGEROUS"}
    assert seen["UNION_MEMBER_ADDED"] == {"SAFE", "DANGEROUS"}
    assert seen["OBJECT_TYPE_INTERFACE_ADDED"] == {"SAFE", "DANGEROUS"}
    assert seen["SCHEMA_MUTATION_TYPE_CHANGED"] == {"SAFE", "BREAKING"}
    assert seen["DIRECTIVE_USAGE_INPUT_OBJECT_ADDED"] == {"SAFE", "DANGEROUS", "BREAKING"}
    assert seen["DIRECTIVE_USAGE_FIELD_DEFINITION_REMOVED"] == {"SAFE", "DANGEROUS"}


@pytest.mark.parametrize("adjudication", ADJUDICATIONS, ids=lambda a: f"{a['file']}: {a['case']}")
def test_adjudications_still_differ_from_inspector(adjudication: dict[str, object]) -> None:
    """An adjudication names a recorded case, explains itself, and changes its answers."""
    (case,) = [c for c in CASES if (c.file, c.name) == (adjudication["file"], adjudication["case"])]
    assert len(str(adjudication["reason"])) > 40
    inspector = Counter(answer_of(entry) for entry in case.inspector)
    assert expected_answers(case, ADJUDICATIONS) != inspector


def test_case_names_are_unique() -> None:
    assert len({case.id for case in CASES}) == len(CASES)
