"""Rating summaries as plain data."""

from __future__ import annotations

from subgraphs.reviews.model import RatingSummaryData


def test_summary_without_reviews_has_no_average_and_five_empty_buckets() -> None:
    summary = RatingSummaryData.from_buckets({})
    assert summary.count == 0
    assert summary.average is None
    assert summary.histogram == ((1, 0), (2, 0), (3, 0), (4, 0), (5, 0))


def test_summary_fills_missing_stars_with_zero() -> None:
    summary = RatingSummaryData.from_buckets({5: 3, 2: 1}, count=4, average=4.25)
    assert summary.histogram == ((1, 0), (2, 1), (3, 0), (4, 0), (5, 3))
    assert summary.average == 4.25
    assert summary.count == 4
