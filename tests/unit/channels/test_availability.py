import pytest

from odoo.addons.integration_channels.services import availability


@pytest.mark.parametrize(
    ("free", "safety", "expected"),
    [
        (10, 0, 10),
        (10, 3, 7),
        (2, 3, 0),  # never below zero
        (-4, 0, 0),  # oversold warehouse
        (7.5, 0, 7),  # whole units only, rounded down
        (4.9999999, 0, 5),  # float noise is not a missing unit
        (0, 0, 0),
        (None, 2, 0),
    ],
)
def test_available_to_sell(free, safety, expected):
    assert availability.available_to_sell(free, safety) == expected


def test_free_quantities_add_up_rows_of_several_warehouses():
    rows = [("A", 10, 2), ("B", 5, 5), ("A", 4, 0), ("C", 1, 3)]
    assert availability.free_quantities(rows) == {"A": 12, "B": 0, "C": -2}


def test_figures_default_to_zero_for_items_without_stock():
    assert availability.figures(["A", "B"], {"A": 9}, safety_stock=2) == {"A": 7, "B": 0}


def test_select_changes_sends_new_and_changed_only():
    current = {3: ("SKU3", 5), 1: ("SKU1", 0), 2: ("SKU2", 4)}
    published = {1: ("SKU1", 0), 2: ("SKU2", 6)}
    assert availability.select_changes(current, published) == [(2, ("SKU2", 4)), (3, ("SKU3", 5))]
    assert availability.select_changes(current, published, full=True) == sorted(current.items())
    assert availability.select_changes(current, dict(current)) == []


def test_batches():
    assert availability.batches(range(5), 2) == [[0, 1], [2, 3], [4]]
    assert availability.batches([], 50) == []
    assert availability.batches([1], 0) == [[1]]


def test_lower_to_current_never_raises_a_figure():
    sent = {"A": 10, "B": 3, "C": 4}
    current = {"A": 7, "B": 8}
    figures, lowered = availability.lower_to_current(sent, current)
    assert figures == {"A": 7, "B": 3, "C": 0}
    assert sorted(lowered) == ["A", "C"]


def test_pacing():
    assert availability.pacing(3, 0) == [0.0, 0.0, 0.0]
    assert availability.pacing(3, 120) == [0.0, 0.5, 1.0]


def test_interleaved_reservations_never_publish_more_than_free():
    """A simulation of the oversell property: whatever interleaving of reservations and
    publications, what is sent never exceeds free - safety at the moment it is sent."""
    import random

    rng = random.Random(7)
    safety = 2
    for _round in range(200):
        free = rng.randint(0, 40)
        in_flight = None
        for _step in range(30):
            action = rng.choice(["reserve", "receive", "compute", "send"])
            if action == "reserve":
                free -= rng.randint(1, 5)
            elif action == "receive":
                free += rng.randint(1, 5)
            elif action == "compute":
                in_flight = {"X": availability.available_to_sell(free, safety)}
            elif in_flight:
                now = {"X": availability.available_to_sell(free, safety)}
                sent, _lowered = availability.lower_to_current(in_flight, now)
                assert sent["X"] <= max(0, free - safety)
                in_flight = None
