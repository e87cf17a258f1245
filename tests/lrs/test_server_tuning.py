"""What `ace serve` does to its own process before serving."""

from __future__ import annotations

import gc

from lrs.server import tune_gc


def test_tune_gc_freezes_the_startup_heap_and_collects_young_objects_less_often() -> None:
    before = gc.get_threshold()
    try:
        tune_gc()
        assert gc.get_freeze_count() > 1000  # the imported modules and schemas
        assert gc.get_threshold()[0] == 50_000
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
