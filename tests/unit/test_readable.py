"""The readable views' pure parts: the document layout of canonical documents, the JSON
tree, and flat-file rows named by their layout's columns."""

from odoo.addons.integration_core.services import flatfile as ff
from odoo.addons.integration_core.services.readable import (
    MAX_ROWS,
    Readable,
    Row,
    Table,
    document_view,
    label,
    tree_rows,
)

ORDER = {
    "schema_version": "1.0",
    "order_ref": "PO-1001",
    "order_date": "2026-11-20",
    "currency": "USD",
    "customer": {"external_id": "ACME", "name": "Acme Retail"},
    "ship_to": {"name": "Acme DC 12", "street": "1 Dock Road", "city": "Reno", "zip": "89501"},
    "lines": [
        {"line_ref": "1", "product_code": "WIDGET-1", "quantity": "4", "unit_price": "12.5"},
        {
            "line_ref": "2",
            "product_code": "GADGET-2",
            "quantity": "2",
            "unit_price": "30",
            "discount_percent": "10",
            "gtin": None,
        },
    ],
    "notes": None,
}


def test_order_has_header_parties_lines_and_totals():
    view = document_view("Order", ORDER)
    assert view.title == "Order PO-1001"
    assert ("Order reference", "PO-1001") in view.header
    assert "Schema version" not in dict(view.header), "says nothing to a reader"
    assert "Notes" not in dict(view.header), "empty values are left out"
    assert view.parties == [
        ("Customer", ["Acme Retail", "ID: ACME"]),
        ("Ship to", ["Acme DC 12", "1 Dock Road", "89501 Reno"]),
    ]
    (lines,) = view.tables
    assert [title for _key, title in lines.columns] == [
        "Line",
        "Product",
        "Quantity",
        "Unit price",
        "Discount %",
        "Amount",
    ], "a column nobody filled (gtin) is left out; the amount is computed"
    assert lines.rows[1] == ["2", "GADGET-2", "2", "30", "10", "54.00"]
    assert view.totals == [("Lines: total quantity", "6"), ("Lines: total amount", "104.00")]


def test_stored_keys_are_shown_in_the_schemas_order_each_line_once():
    stored = {  # as PostgreSQL's jsonb hands it back: shorter keys first
        "lines": [{"quantity": "1", "line_ref": "1", "product_code": "W"}],
        "ship_to": {"zip": "43215", "city": "Columbus", "name": "DC 7", "street": "15 Rail Rd"},
        "customer": {"name": "Buyer", "address": {"name": "Buyer"}, "external_id": "B1"},
        "currency": "USD",
        "order_ref": "PO-2",
        "order_date": "2026-11-20",
    }
    view = document_view("Order", stored, "order")
    assert [title for title, _value in view.header] == ["Order reference", "Order date", "Currency"]
    assert view.parties == [
        ("Customer", ["Buyer", "ID: B1"]),
        ("Ship to", ["DC 7", "15 Rail Rd", "43215 Columbus"]),
    ]
    assert [title for _key, title in view.tables[0].columns] == ["Line", "Product", "Quantity"]


def test_invoice_totals_are_the_documents_own():
    invoice = {
        "invoice_number": "INV/2026/0001",
        "buyer": {"external_id": "ACME", "address": {"name": "Acme", "country_code": "US"}},
        "lines": [
            {
                "line_ref": "1",
                "product_code": "W",
                "quantity": "2",
                "unit_price": "5",
                "subtotal": "10",
                "taxes": [{"name": "VAT 21%", "rate": "21", "amount": "2.1"}],
            }
        ],
        "amount_untaxed": "10",
        "amount_tax": "2.1",
        "amount_total": "12.1",
    }
    view = document_view("Invoice", invoice)
    assert view.title == "Invoice INV/2026/0001"
    assert view.parties == [("Buyer", ["ID: ACME", "Acme", "Country: US"])]
    assert view.totals == [("Untaxed amount", "10"), ("Taxes", "2.1"), ("Total", "12.1")]
    (lines,) = view.tables
    taxes = lines.rows[0][-1]
    assert isinstance(taxes, Table), "a line's list of objects is a table of its own"
    assert taxes.rows == [["VAT 21%", "21", "2.1"]]


def test_other_documents_fall_back_to_header_and_tables():
    view = document_view(
        "Inventory snapshot",
        {
            "warehouse_code": "DC1",
            "as_of": "2026-11-20T06:00:00",
            "items": [{"product_code": "W", "quantity": "3"}],
        },
    )
    assert view.title == "Inventory snapshot DC1"
    assert view.totals == [("Items: total quantity", "3")]


def test_json_tree_has_paths_labels_and_values():
    rows = tree_rows({"order_ref": "PO-1", "lines": [{"quantity": 4}]}, names=label).rows
    assert [(r.tag, r.name, r.raw, r.value, r.level) for r in rows] == [
        ("order_ref", "Order reference", "order_ref", "PO-1", 0),
        ("lines", "Lines", "lines", "", 0),
        ("[0]", "", "lines[0]", "", 1),
        ("quantity", "Quantity", "lines[0].quantity", "4", 2),
    ]


def test_a_long_payload_is_cut_and_says_so():
    readable = Readable()
    for number in range(MAX_ROWS + 5):
        readable.add(Row(tag=str(number)))
    assert len(readable.rows) == MAX_ROWS
    assert readable.truncated


def test_flat_file_cells_carry_their_column_and_problem():
    layout = ff.Layout(
        doc_type="inventory_snapshot",
        columns=(
            ff.Column(path="warehouse_code", header="Warehouse"),
            ff.Column(path="as_of", header="When", kind="datetime"),
            ff.Column(path="items.product_code", header="SKU"),
            ff.Column(path="items.quantity", header="OnHand", kind="decimal", required=True),
        ),
        group_by=("warehouse_code",),
    )
    payload = (
        b"SKU,Warehouse,When,OnHand\n"
        b"W-1,DC1,2026-11-20 06:00:00,12\n"
        b"W-2,DC1,2026-11-20 06:00:00,x\n"
    )
    rows = list(ff.cells(layout, payload))
    assert rows[0] == (1, "SKU,Warehouse,When,OnHand\n", [])
    number, _raw, cells = rows[2]
    assert number == 3
    named = [(ff.column_label(column), text, problem) for column, text, problem in cells]
    assert named[0] == ("column 2 (Warehouse)", "DC1", "")
    assert named[2] == ("column 1 (SKU)", "W-2", "")
    assert named[3] == ("column 4 (OnHand)", "x", "'x' is not a number")


def test_fixed_width_cells_are_cut_at_their_columns():
    layout = ff.Layout(
        doc_type="inventory_snapshot",
        file_kind="fixed",
        header_rows=0,
        columns=(
            ff.Column(path="warehouse_code", position=1, length=3),
            ff.Column(path="as_of", position=4, length=10, kind="date"),
            ff.Column(path="items.product_code", position=14, length=8),
            ff.Column(path="items.quantity", position=22, length=4, kind="decimal"),
        ),
    )
    ((number, raw, cells),) = ff.cells(layout, b"DC12026-11-20WIDGET-1  12\n")
    assert (number, raw) == (1, "DC12026-11-20WIDGET-1  12\n")
    assert [(ff.column_label(c), text, problem) for c, text, problem in cells] == [
        ("column 1-3 (warehouse_code)", "DC1", ""),
        ("column 4-13 (as_of)", "2026-11-20", ""),
        ("column 14-21 (items.product_code)", "WIDGET-1", ""),
        ("column 22-25 (items.quantity)", "12", ""),
    ]
