"""integration_cash's pure rules: which open invoice a remittance line pays, what a
deduction code means, and the remittance schema's checks."""

from decimal import Decimal

import pytest

from odoo.addons.integration_cash.schemas import Remittance
from odoo.addons.integration_cash.services.matching import Claim, Match, OpenItem, match_lines
from odoo.addons.integration_cash.services.reason_codes import reason
from odoo.addons.integration_core.schemas import SchemaError, json_schemas, validate_document

ITEMS = [
    OpenItem(1, ("INV/2026/00001", "PO-77", None), Decimal("500")),
    OpenItem(2, ("INV/2026/00002", None, None), Decimal("300")),
    OpenItem(3, ("INV/2026/00003", None, None), Decimal("300")),
    OpenItem(4, ("INV/2026/00004", None, None), Decimal("120.50")),
]


def test_lines_match_by_number_ours_or_the_customers_ignoring_punctuation():
    claims = [Claim("inv 2026-00002", Decimal(1)), Claim("PO-77", Decimal(1))]
    assert match_lines(claims, ITEMS) == [Match(2, "number"), Match(1, "number")]


def test_a_line_without_a_known_number_matches_the_only_invoice_of_its_amount():
    claims = [Claim("UNKNOWN-9", Decimal("120.50")), Claim(None, Decimal("120.5"))]
    assert match_lines(claims, ITEMS) == [Match(4, "amount"), Match(None, None)]


def test_two_invoices_of_the_same_amount_are_ambiguous_until_one_is_taken_by_number():
    assert match_lines([Claim(None, Decimal(300))], ITEMS) == [Match(None, None)]
    claims = [Claim(None, Decimal(300)), Claim("INV/2026/00002", Decimal(300))]
    assert match_lines(claims, ITEMS) == [Match(3, "amount"), Match(2, "number")]


def test_reason_codes_say_what_they_mean_and_their_kind():
    assert reason("x12", "04").label == "X12 426 04: Item Not Accepted - Damaged (Damage)"
    assert reason("edifact", "4").kind == "shortage"
    assert reason("canonical", "Chargeback").kind == "chargeback"
    unknown = reason("x12", "ZZ")
    assert (unknown.meaning, unknown.kind) == ("unknown code", "other")


def remittance(**overrides):
    return {
        "payment_ref": "CHK-1001",
        "payment_date": "2026-12-01",
        "currency": "USD",
        "total_paid": "670",
        "payer": {"external_id": "ACME01"},
        "lines": [
            {
                "invoice_number": "INV/2026/00003",
                "amount_invoiced": "750",
                "amount_paid": "670",
                "discount_amount": "10",
                "adjustments": [{"reason_code": "shortage", "amount": "70"}],
            }
        ],
        **overrides,
    }


def test_remittance_is_a_versioned_canonical_document():
    document = validate_document("remittance", remittance())
    assert isinstance(document, Remittance)
    assert (Remittance.version, document.schema_version) == ("1.0", "1.0")
    assert document.lines[0].deducted == Decimal(70)
    assert "remittance" in json_schemas()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"total_paid": "700"}, "total_paid 700 is not the sum of the lines' amount_paid 670"),
        ({"lines": []}, "lines: List should have at least 1 item"),
        (
            {"lines": [{"invoice_number": "X", "amount_invoiced": "750", "amount_paid": "670"}]},
            "invoice X: amount_paid 670 is not amount_invoiced 750 - discount 0 - "
            "adjustments 0 = 750",
        ),
    ],
)
def test_remittance_that_does_not_add_up_is_refused(overrides, error):
    with pytest.raises(SchemaError, match=error):
        validate_document("remittance", remittance(**overrides))
