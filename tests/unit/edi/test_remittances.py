"""Customers' remittance advices in: an X12 820 and an EDIFACT REMADV read into the
canonical remittance integration_cash processes (hand-written fixtures: no public sample
of either fits our licence rules)."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import odoo.addons.integration_cash.schemas  # noqa: F401  (registers the remittance)
from odoo.addons.integration_core.schemas import SchemaError, dump, validate_document
from odoo.addons.integration_edi import edifact, x12
from odoo.addons.integration_edi.edifact.readable import readable as edifact_readable
from odoo.addons.integration_edi.x12.readable import readable as x12_readable

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures"


def sets_of(data):
    result = x12.validate(io.BytesIO(data), keep_segments=True)
    assert not list(result.all_errors())
    return list(result.transaction_sets())


def remittance_of_820(data):
    (transaction_set,) = sets_of(data)
    entry = x12.INBOUND[transaction_set.type]
    return entry.doc_type, entry.mapper(transaction_set.segments)


def remadv_of(text):
    (interchange,) = edifact.read_interchanges(text)
    assert not interchange.all_errors()
    (message,) = interchange.messages
    entry = edifact.INBOUND[message.message_type.type]
    return entry.doc_type, entry.mapper(message)


def test_820_reads_payment_lines_and_coded_deductions():
    doc_type, data = remittance_of_820((FIXTURES / "x12/820_remittance.edi").read_bytes())
    remittance = dump(validate_document(doc_type, data))
    assert doc_type == "remittance"
    assert {key: remittance[key] for key in ("payment_ref", "payment_date", "currency")} == {
        "payment_ref": "ACH-20261201-0042",
        "payment_date": "2026-12-01",
        "currency": "USD",
    }
    assert (remittance["total_paid"], remittance["method"]) == ("1470", "ACH")
    assert remittance["payer"] == {
        "external_id": "ACME01",
        "name": "ACME RETAIL",
        "email": None,
        "vat": None,
        "address": None,
    }
    assert remittance["payee"]["external_id"] == "HUB01"
    lines = remittance["lines"]
    assert [line["invoice_number"] for line in lines] == [
        "INV/2026/00001",
        "INV/2026/00002",
        "INV/2026/00003",
    ]
    assert [line["amount_paid"] for line in lines] == ["500", "300", "670"]
    assert lines[2]["invoice_date"] == "2026-11-15"
    assert lines[2]["discount_amount"] == "10"
    assert [
        (a["reason_code"], a["code_list"], a["amount"], a["reference"])
        for a in lines[2]["adjustments"]
    ] == [("04", "x12", "50", "DM-7781"), ("01", "x12", "20", None)]


def test_820_adjustment_before_any_rmr_is_a_line_of_its_own():
    text = (FIXTURES / "x12/820_remittance.edi").read_text()
    text = text.replace("ENT*1~", "ENT*1~\nADX*-25*27*CM*CB-11~").replace("SE*18*", "SE*19*")
    text = text.replace("BPR*C*1470*", "BPR*C*1445*")
    _doc_type, data = remittance_of_820(text.encode())
    remittance = validate_document("remittance", data)
    chargeback = remittance.lines[0]
    assert (chargeback.invoice_number, chargeback.amount_paid) == ("CB-11", Decimal(-25))


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("TRN*1*ACH-20261201-0042*1234567890~", "TRN*1**1234567890~", "TRN02"),
        ("N1*PR*ACME RETAIL*92*ACME01~", "N1*ZZ*ACME RETAIL*92*ACME01~", "N101"),
        ("BPR*C*", "BPR*Z*", "BPR01"),
        ("RMR*IV*INV/2026/00002*PO*300*300~", "RMR*IV*INV/2026/00002*PO*X*300~", "RMR04"),
    ],
)
def test_820_errors_name_the_segment_and_element(old, new, error):
    text = (FIXTURES / "x12/820_remittance.edi").read_text()
    assert old in text
    with pytest.raises(x12.X12MappingError, match=error):
        remittance_of_820(text.replace(old, new).encode())


def test_820_whose_lines_do_not_add_up_fails_validation():
    text = (FIXTURES / "x12/820_remittance.edi").read_text().replace("BPR*C*1470*", "BPR*C*1500*")
    _doc_type, data = remittance_of_820(text.encode())
    with pytest.raises(SchemaError, match="total_paid 1500"):
        validate_document("remittance", data)


def test_remadv_reads_documents_adjustments_and_their_text():
    doc_type, data = remadv_of((FIXTURES / "edifact/remadv_remittance.edi").read_text())
    remittance = validate_document(doc_type, data)
    assert doc_type == "remittance"
    assert (remittance.payment_ref, remittance.payment_date) == ("SEPA-77120", date(2026, 12, 2))
    assert (remittance.currency, remittance.total_paid, remittance.method) == (
        "EUR",
        Decimal(1180),
        "31",
    )
    assert (remittance.payer.external_id, remittance.payer.name) == (
        "4012345000009",
        "KAUFHAUS NORD GMBH",
    )
    first, second = remittance.lines
    assert (first.invoice_number, first.amount_paid, first.adjustments) == (
        "INV/2026/00010",
        Decimal(800),
        [],
    )
    assert (second.amount_invoiced, second.amount_paid, second.invoice_date) == (
        Decimal(420),
        Decimal(380),
        date(2026, 11, 8),
    )
    (adjustment,) = second.adjustments
    assert (adjustment.code_list, adjustment.reason_code, adjustment.amount) == (
        "edifact",
        "3",
        Decimal(40),
    )
    assert (adjustment.description, adjustment.reference) == (
        "Two cartons crushed on arrival",
        "CLAIM-5512",
    )


def test_remadv_adjustment_without_amount_names_its_segment():
    text = (FIXTURES / "edifact/remadv_remittance.edi").read_text().replace("MOA+5:40'\n", "")
    text = text.replace("UNT+23+1", "UNT+22+1")
    with pytest.raises(edifact.EdifactMappingError, match="adjustment 3 has no amount"):
        remadv_of(text)


def test_820_and_remadv_read_with_their_segments_named():
    x12_view = x12_readable((FIXTURES / "x12/820_remittance.edi").read_bytes())
    assert [row.tag for row in x12_view.rows if not row.name] == []
    adx = next(row for row in x12_view.rows if row.tag == "ADX")
    assert adx.fields[1].name == "Adjustment Reason Code"
    edifact_view = edifact_readable((FIXTURES / "edifact/remadv_remittance.edi").read_bytes())
    assert not edifact_view.error
    assert [row.tag for row in edifact_view.rows if not row.name] == []
    moa = [row for row in edifact_view.rows if row.tag == "MOA"]
    assert "Amount remitted" in [field.meaning for row in moa for field in row.fields]
