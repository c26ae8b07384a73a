import gc
from collections.abc import Iterator

import pytest

from gateway.server.runtime.collector import tune_collector


@pytest.fixture
def restore_collector() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


@pytest.mark.usefixtures("restore_collector")
def test_tune_collector_freezes_startup_objects_and_raises_the_young_threshold() -> None:
    gc.unfreeze()
    _, gen1, gen2 = gc.get_threshold()
    tune_collector(5_000)
    assert gc.get_threshold() == (5_000, gen1, gen2)
    assert gc.get_freeze_count() > 0


@pytest.mark.usefixtures("restore_collector")
def test_tune_collector_zero_leaves_the_collector_alone() -> None:
    gc.unfreeze()
    before = gc.get_threshold()
    tune_collector(0)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
