"""How a screening run sets CPython's cyclic garbage collector: rarely, for a long batch.

CPython frees nearly every object of a screened row by reference counting; the cyclic collector
only finds cycles, and screening makes next to none. By default it runs every 700 net
allocations and, now and then, walks every object the run holds: the loaded list index, the
rules and the memos of parties and names that make a repeated counterparty cheap. On a
million-row ledger that walking was a third of the run's time (benchmarks/scale, measured in
docs/performance.md). `batch_collector` makes the collector run about a hundred times less often
for the length of a run, and puts everything back as it was afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Net allocations before a young collection (CPython's default is 700), young collections per
# middle one (default 10) and middle ones per full one (default 10). Cycles made meanwhile wait
# for a collection: a row makes none, so this costs no memory that grows with the rows.
BATCH_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def batch_collector() -> Iterator[None]:
    """Run the cyclic collector at BATCH_THRESHOLDS inside the block; restored after it.

    A collector the caller disabled (`gc.disable()`) stays disabled.
    """
    before = gc.get_threshold()
    gc.set_threshold(*BATCH_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
