"""Input checks: ratings, comments and ids (page sizes are the kit's)."""

from __future__ import annotations

import pytest

from shared.errors import BadUserInput
from subgraphs.reviews.validation import (
    check_comment,
    check_rating,
    check_tutor_id,
    is_review_id,
    is_tutor_id,
    is_user_id,
)


@pytest.mark.parametrize("stars", [1, 2, 3, 4, 5])
def test_ratings_one_to_five_are_kept(stars: int) -> None:
    assert check_rating(stars) == stars


@pytest.mark.parametrize("stars", [0, 6, -5, 100])
def test_ratings_outside_one_to_five_are_rejected(stars: int) -> None:
    with pytest.raises(BadUserInput, match="rating"):
        check_rating(stars)


def test_comment_is_trimmed() -> None:
    assert check_comment("\n  Great tutor!\t ") == "Great tutor!"


def test_comment_length_counts_after_trimming() -> None:
    assert len(check_comment(" " * 50 + "a" * 2000 + " " * 50)) == 2000
    with pytest.raises(BadUserInput, match="2000"):
        check_comment("a" * 2001)


@pytest.mark.parametrize("comment", ["", "   ", "\n\t", "a\x00b", "bad \udc80"])
def test_blank_or_unstorable_comment_is_rejected(comment: str) -> None:
    with pytest.raises(BadUserInput):
        check_comment(comment)


def test_tutor_id_format() -> None:
    assert check_tutor_id("tutor-0001") == "tutor-0001"
    assert is_tutor_id("tutor-a_B-9")
    for bad in ("tutor-", "Tutor-0001", "user-0001", "tutor-0001\n", "tutor-ü", " tutor-1"):
        assert not is_tutor_id(bad)
        with pytest.raises(BadUserInput, match="tutorId"):
            check_tutor_id(bad)


def test_user_and_review_id_formats() -> None:
    assert is_user_id("user-0001")
    assert not is_user_id("tutor-0001")
    assert is_review_id("review-00001")
    assert is_review_id("review-0123456789abcdef0123456789abcdef")
    assert not is_review_id("review-" + "a" * 65)
