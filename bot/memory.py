"""What the process keeps from start-up to its end, kept out of the garbage collector's way."""

from __future__ import annotations

import gc


def freeze_start_up_objects() -> None:
    """What start-up built (modules, routers, mappers, texts: some 400,000 objects) lives as
    long as the process. Left to the garbage collector, each of its full collections looks at
    all of them and stops every update for a third of a second; frozen, they are skipped."""
    gc.collect()
    gc.freeze()
