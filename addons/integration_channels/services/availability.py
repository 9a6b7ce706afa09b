"""Available to sell: what a channel may promise, and which figures are worth publishing.

A channel sells the free quantity (on hand minus reserved) of its warehouses, less a safety
stock, rounded down to whole units and never below zero. Only figures that differ from the
last one the shop acknowledged are sent, in batches, paced to the shop's rate limit.
"""

import math
from collections.abc import Iterable

# Quantities are floats in Odoo: 4.9999999 units free are 5 units, not 4.
EPSILON = 1e-6


def available_to_sell(free_qty, safety_stock=0.0):
    """Whole units a channel may sell: ``floor(free - safety)``, never below zero."""
    value = (free_qty or 0.0) - (safety_stock or 0.0)
    if value <= 0:
        return 0
    return int(math.floor(value + EPSILON))


def free_quantities(rows: Iterable):
    """``{key: on hand - reserved}`` from ``(key, quantity, reserved)`` rows (quant sums)."""
    free = {}
    for key, quantity, reserved in rows:
        free[key] = free.get(key, 0.0) + (quantity or 0.0) - (reserved or 0.0)
    return free


def figures(keys, free_by_key, safety_stock=0.0):
    """The available-to-sell figure of every key; keys without stock are 0."""
    return {key: available_to_sell(free_by_key.get(key, 0.0), safety_stock) for key in keys}


def select_changes(current, published, full=False):
    """``[(key, value)]`` to send: every item when ``full``, else those never published or
    whose value differs from the published one. Sorted by key so batches are stable."""
    if full:
        changed = current.items()
    else:
        changed = ((key, value) for key, value in current.items() if published.get(key) != value)
    return sorted(changed, key=lambda item: item[0])


def batches(items, size):
    """``items`` cut into lists of at most ``size`` (at least 1)."""
    size = max(int(size or 1), 1)
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def lower_to_current(sent, current):
    """What may still be sent of figures computed earlier: each lowered to the current one.

    Between the computation of a batch and its sending, orders may reserve stock: sending the
    older, higher figure would let the shop oversell. A figure that went up since is sent as
    it was (the rise triggers its own publication). Returns ``(figures, lowered keys)``.
    """
    result = {}
    lowered = []
    for key, value in sent.items():
        now = current.get(key, 0)
        if now < value:
            result[key] = now
            lowered.append(key)
        else:
            result[key] = value
    return result, lowered


def pacing(count, rate_limit_per_minute):
    """Seconds after now at which each of ``count`` requests may go, within the rate limit.

    No limit (0 or None): all at once. The shop's own 429 + Retry-After is still honoured by
    the transport when it is stricter than what it announced.
    """
    if not rate_limit_per_minute or rate_limit_per_minute <= 0:
        return [0.0] * count
    interval = 60.0 / rate_limit_per_minute
    return [index * interval for index in range(count)]
