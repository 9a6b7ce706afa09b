"""Which open invoice each remittance line pays: by invoice number first, then by amount.

Pure Python, so the rules are tested without a database: the processor hands in the
customer's open invoices as ``OpenItem``s and the lines as ``Claim``s.
"""

import re
from decimal import Decimal
from typing import NamedTuple

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
CENT = Decimal("0.01")


class OpenItem(NamedTuple):
    """An open invoice: its id, the numbers it is known by (ours, the customer's
    reference) and what is still due."""

    id: int
    numbers: tuple
    residual: Decimal


class Claim(NamedTuple):
    """A remittance line as matching reads it: the invoice number it names (or None) and
    the invoice amount it settles (invoiced, else paid + discount + deductions)."""

    number: str | None
    amount: Decimal


class Match(NamedTuple):
    item_id: int | None
    by: str | None  # "number" | "amount" | None (unmatched)


def normalized(number):
    """``INV/2026/00001`` and ``inv 2026-00001`` alike: capitals and digits only."""
    return _NOT_ALNUM.sub("", (number or "").upper())


def match_lines(claims, items):
    """One Match per claim. A number matches the item known by it; a claim whose number
    matches nothing (or that names none) matches by amount the only item, not matched
    yet, whose residual is its amount to the cent: two candidates are ambiguous and match
    neither."""
    by_number = {}
    for item in items:
        for number in item.numbers:
            if normalized(number):
                by_number.setdefault(normalized(number), item)
    matches, taken = [], set()
    for claim in claims:
        item = by_number.get(normalized(claim.number)) if claim.number else None
        if item is not None:
            taken.add(item.id)
        matches.append(Match(item.id, "number") if item is not None else None)
    for index, claim in enumerate(claims):
        if matches[index] is not None:
            continue
        candidates = [
            item
            for item in items
            if item.id not in taken and abs(item.residual - claim.amount) < CENT
        ]
        if len(candidates) == 1:
            taken.add(candidates[0].id)
            matches[index] = Match(candidates[0].id, "amount")
        else:
            matches[index] = Match(None, None)
    return matches
