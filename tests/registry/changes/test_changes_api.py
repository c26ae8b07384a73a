"""The package's public names, and the plain-data shape of its results."""

from __future__ import annotations

import dataclasses

import pytest

import registry.changes as changes
from registry.changes import Change, ChangeType, Criticality


def test_all_lists_the_public_names() -> None:
    assert set(changes.__all__) >= {
        "Change",
        "ChangeType",
        "Criticality",
        "changes_json",
        "diff_schemas",
        "diff_sdl",
    }
    for name in changes.__all__:
        assert hasattr(changes, name)


def test_criticality_values_are_their_names() -> None:
    assert [c.value for c in Criticality] == ["BREAKING", "DANGEROUS", "SAFE"]


def test_change_is_frozen_plain_data() -> None:
    change = Change(
        type=ChangeType.FIELD_REMOVED,
        criticality=Criticality.BREAKING,
        coordinate="Query.a",
        message="m",
    )
    assert change.type == "FIELD_REMOVED"
    with pytest.raises(dataclasses.FrozenInstanceError):
        change.coordinate = "Query.b"  # type: ignore[misc]


def test_change_type_names_are_their_values() -> None:
    assert all(kind.name == kind.value for kind in ChangeType)
    assert len(ChangeType) == 78
