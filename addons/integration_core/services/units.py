"""Unit-of-measure codes partners use for "each": they stand for the product's own unit."""

UNIT_CODES = frozenset({"EA", "EACH", "PCE", "PC", "C62", "UN", "UNIT", "UNITS", "H87"})
