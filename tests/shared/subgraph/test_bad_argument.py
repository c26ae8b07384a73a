"""`bad_argument`: one BAD_USER_INPUT shape, its message always starting with the path."""

from __future__ import annotations

import pytest

from shared.subgraph.arguments import bad_argument


@pytest.mark.parametrize(
    ("argument", "message", "expected"),
    [
        ("first", "first must be between 0 and 100", "first must be between 0 and 100"),
        (
            "input.email",
            "email must be 1 to 320 characters",
            "input.email must be 1 to 320 characters",
        ),
        ("input.bio", "`input.bio` must not be blank", "input.bio must not be blank"),
        ("subjects", "`subjects`: unknown subjects x", "subjects: unknown subjects x"),
        ("input.start", "the lesson is outside", "input.start: the lesson is outside"),
        ("input.rating", "ratings are 1 to 5", "input.rating: ratings are 1 to 5"),
        ("to", "tomorrow is too late", "to: tomorrow is too late"),
    ],
)
def test_message_starts_with_the_argument_path(argument: str, message: str, expected: str) -> None:
    error = bad_argument(argument, message)
    assert error.message == expected
    assert error.code == "BAD_USER_INPUT"
    assert error.details == {"argument": argument}
