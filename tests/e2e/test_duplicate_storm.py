"""A partner retrying everything: 200 orders, each posted 3 times with one Idempotency-Key,
from 8 concurrent clients in random order. Each order must become exactly one sale order."""

from storms import duplicate_storm


def test_duplicate_storm(hub):
    duplicate_storm(hub, orders=200, repeats=3, clients=8)
