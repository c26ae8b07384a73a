import random

from gateway.pipeline.override import ProgressiveOverride


def test_percent_100_is_always_on_and_percent_0_never() -> None:
    override = ProgressiveOverride(["percent(100)", "percent(0)", "named"])
    assert {override.draw() for _ in range(20)} == {frozenset({"percent(100)"})}


def test_percent_label_is_drawn_for_about_its_share() -> None:
    override = ProgressiveOverride(["percent(25)"], rng=random.Random(7))
    hits = sum("percent(25)" in override.draw() for _ in range(4000))
    assert 800 < hits < 1200


def test_no_labels_draws_the_empty_set() -> None:
    assert ProgressiveOverride([]).draw() == frozenset()
