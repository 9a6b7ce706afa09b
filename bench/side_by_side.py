"""Measuring readers side by side, shared by the parser benchmarks (X12, EDIFACT).

Rounds alternate between the readers so that machine noise hits all alike; each keeps its
best rate. Rates are segments per second of this process's CPU time (``process_time``): the
readers are single-threaded and CPU-bound, and other processes on a shared machine then
change the figures much less than they change wall time. Only ratios are results:
absolute rates depend on the machine.
"""

import time
import tracemalloc


def best_rates(readers, path, rounds):
    """``{reader: best segments/s}`` over ``rounds`` alternating rounds; a reader is a
    function of the file's path returning the number of segments it read, which must be
    the same for all."""
    best = dict.fromkeys(readers, 0.0)
    for _ in range(rounds):
        counts = {}
        for reader in readers:
            started = time.process_time()
            counts[reader] = reader(path)
            best[reader] = max(best[reader], counts[reader] / (time.process_time() - started))
        assert len(set(counts.values())) == 1, f"the readers count different segments: {counts}"
    return best


def peak_growth_mb(reader, path):
    """The peak of memory allocated while ``reader`` reads ``path`` (tracemalloc), in MB."""
    tracemalloc.start()
    try:
        reader(path)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def print_rates(rates, labels, reference):
    """A table of segments/s, each rate also as a multiple of ``reference``'s."""
    print(f"{'reader':<48}{'segments/s':>12}{'ratio':>8}")
    for reader, label in labels:
        ratio = rates[reader] / rates[reference]
        print(f"{label:<48}{rates[reader]:>12,.0f}{ratio:>7.1f}x")
    print()


def verdict(checks):
    """Print each ``(target, met)`` and return the exit status: 1 when one is missed."""
    for target, met in checks:
        print(f"target {target}: {'met' if met else 'MISSED'}")
    return 0 if all(met for _, met in checks) else 1
