"""The flat-file codec's reader and writer: grouping, types, located errors, round trips."""

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from odoo.addons.integration_core import schemas
from odoo.addons.integration_core.services import flatfile as ff
from odoo.addons.integration_core.services.flatfile import Column as C

DATA = Path(__file__).resolve().parents[2] / "addons/integration_core/data"


def ready_made(xml_id):
    """A ready-made layout of the add-on's data file, as the ORM would hand it over."""
    tree = ET.parse(DATA / "integration_flat_layout_data.xml")
    record = tree.find(f".//record[@id='{xml_id}']")
    values = {field.get("name"): field for field in record.findall("field")}
    columns = tuple(
        C(
            path=column["path"],
            kind=column["kind"],
            header=column["header"],
            position=column["position"],
            required=column.get("required", False),
        )
        for _z, _o, column in ast.literal_eval(values["column_ids"].get("eval"))
    )
    return ff.Layout(
        doc_type=values["document_type"].text,
        columns=columns,
        group_by=(values["group_by"].text,),
        datetime_formats=tuple(values["datetime_formats"].text.split(";")),
    )


SHIP = ready_made("flat_layout_3pl_ship_confirmation")
SHIP_FILE = (
    b"OrderNumber,ShipmentID,ShipDate,Carrier,Service,TrackingNumber,LineNumber,SKU,QtyShipped,"
    b"UOM,LotNumber,LotQty\r\n"
    b"WH/OUT/1,S1,2026-11-20 10:00:00,UPS,GND,1Z1,1,PAINT,12,EA,LOT-A,8\r\n"
    b"WH/OUT/1,S1,2026-11-20 10:00:00,UPS,GND,1Z2,1,PAINT,12,EA,LOT-B,4\r\n"
    b"WH/OUT/1,S1,2026-11-20 10:00:00,UPS,GND,,2,JACK,3.5,EA,,\r\n"
    b"WH/OUT/2,S2,2026-11-21,UPS,GND,1Z3,1,JACK,1,EA,,\r\n"
)


def problems(layout, payload):
    with pytest.raises(ff.FlatFileError) as caught:
        ff.check(layout, ff.read(layout, payload))
    return [str(problem) for problem in caught.value.problems]


def test_rows_are_grouped_into_documents_and_lots_into_their_line():
    first, second = ff.read(SHIP, SHIP_FILE)
    assert first.data == {
        "order_ref": "WH/OUT/1",
        "shipment_ref": "S1",
        "ship_date": "2026-11-20T10:00:00",
        "carrier_code": "UPS",
        "service_code": "GND",
        "tracking_numbers": ["1Z1", "1Z2"],
        "lines": [
            {
                "line_ref": "1",
                "product_code": "PAINT",
                "quantity_shipped": "12",
                "uom_code": "EA",
                "lots": [
                    {"lot_name": "LOT-A", "quantity": "8"},
                    {"lot_name": "LOT-B", "quantity": "4"},
                ],
            },
            {"line_ref": "2", "product_code": "JACK", "quantity_shipped": "3.5", "uom_code": "EA"},
        ],
    }
    assert second.key == ("WH/OUT/2",)
    assert second.data["ship_date"] == "2026-11-21T00:00:00", "a date alone is midnight"
    notices = ff.check(SHIP, [first, second])
    assert notices[0].lines[0].lots[1].quantity == 4


def test_columns_are_found_by_header_name_in_any_order():
    reordered = (
        b"SKU;QtyShipped;LineNumber;ShipDate;ShipmentID;OrderNumber;LotNumber;LotQty;UOM;"
        b"Carrier;Service;TrackingNumber\n"
        b"PAINT;12;1;2026-11-20 10:00:00;S1;WH/OUT/1;;;EA;;;\n"
    )
    layout = ff.Layout(**{**SHIP.__dict__, "delimiter": ";"})
    (document,) = ff.read(layout, reordered)
    assert document.data["lines"] == [
        {"line_ref": "1", "product_code": "PAINT", "quantity_shipped": "12", "uom_code": "EA"}
    ]


def test_each_order_keeps_its_own_rows_as_written():
    documents = ff.read(SHIP, SHIP_FILE)
    first, second = ff.split(SHIP, SHIP_FILE, documents)
    header = SHIP_FILE.split(b"\r\n")[0]
    assert first.startswith(header) and second.startswith(header)
    assert first.count(b"WH/OUT/1") == 3 and b"WH/OUT/2" not in first
    assert [d.data for d in ff.read(SHIP, second)] == [documents[1].data]


@pytest.mark.parametrize("layout", ["ship", "snapshot", "order"])
def test_round_trip_in_canonical_out(layout):
    if layout == "ship":
        layout, payload = SHIP, SHIP_FILE
    elif layout == "snapshot":
        layout = ready_made("flat_layout_3pl_inventory_snapshot")
        payload = (
            b"Warehouse,SnapshotDate,SKU,Location,LotNumber,OnHand,UOM\n"
            b"T3PL,2026-11-20 06:00:00,PAINT,A-01,LOT-A,8,EA\n"
            b"T3PL,2026-11-20 06:00:00,PAINT,A-01,LOT-B,0,EA\n"
            b"T3PL,2026-11-20 06:00:00,JACK,,,12.25,EA\n"
        )
    else:
        layout = ready_made("flat_layout_3pl_warehouse_order")
        payload = (
            b"OrderNumber,Action,Warehouse,ShipToName,ShipToStreet,ShipToStreet2,ShipToCity,"
            b"ShipToZip,ShipToState,ShipToCountry,ShipToPhone,ShipDate,Origin,Carrier,LineNumber,"
            b"SKU,Qty,UOM,LotRequired\n"
            b'WH/OUT/7,create,T3PL,"Acme, Inc.",1 Main St,,Lyon,69001,,FR,,2026-11-22 09:00:00,'
            b"SO-7,UPS,1,PAINT,2,EA,Y\n"
            b'WH/OUT/7,create,T3PL,"Acme, Inc.",1 Main St,,Lyon,69001,,FR,,2026-11-22 09:00:00,'
            b"SO-7,UPS,2,JACK,1,EA,N\n"
        )
    documents = ff.check(layout, ff.read(layout, payload))
    written = ff.write(layout, [schemas.dump(document) for document in documents])
    again = ff.check(layout, ff.read(layout, written))
    assert again == documents


def test_fixed_width_with_decimal_comma_and_date_format():
    layout = ff.Layout(
        doc_type="inventory_snapshot",
        file_kind="fixed",
        header_rows=0,
        decimal_separator=",",
        thousands_separator=".",
        datetime_formats=("%Y%m%d",),
        columns=(
            C("warehouse_code", position=1, length=4),
            C("as_of", "datetime", position=5, length=8),
            C("items.product_code", position=13, length=10, required=True),
            C("items.quantity", "decimal", position=23, length=9),
            C("items.uom_code", default="EA"),
        ),
        group_by=("warehouse_code",),
    )
    payload = b"T3PL20261120PAINT      1.234,50\nT3PL20261120JACK             7\n"
    (document,) = ff.read(layout, payload)
    assert document.data["items"] == [
        {"product_code": "PAINT", "quantity": "1234.50", "uom_code": "EA"},
        {"product_code": "JACK", "quantity": "7", "uom_code": "EA"},
    ]
    written = ff.write(layout, [document.data])
    assert written.splitlines()[0] == b"T3PL20261120" + b"PAINT".ljust(10) + b"1234,5".rjust(9)
    assert [d.data for d in ff.read(layout, written)][0]["items"][0]["quantity"] == "1234.5"


def test_cell_errors_name_row_column_and_header():
    bad = SHIP_FILE.replace(b",3.5,", b",3.5.1,").replace(b"WH/OUT/2,S2,", b"WH/OUT/2,,")
    assert problems(SHIP, bad) == [
        "row 4, column 9 (QtyShipped): '3.5.1' is not a number",
        "row 5, column 2 (ShipmentID): a value is required",
    ]


def test_a_document_value_that_changes_between_rows_is_refused():
    bad = SHIP_FILE.replace(
        b"WH/OUT/1,S1,2026-11-20 10:00:00,UPS,GND,,", b"WH/OUT/1,S9,2026-11-20 10:00:00,UPS,GND,,"
    )
    assert problems(SHIP, bad) == [
        "row 4, column 2 (ShipmentID): 'S9' differs from 'S1' on row 2 of the same document"
    ]


def test_bad_dates_say_the_format_expected():
    bad = SHIP_FILE.replace(b"2026-11-21", b"21.11.2026")
    (problem,) = problems(SHIP, bad)
    assert problem.startswith("row 5, column 3 (ShipDate): '21.11.2026' does not match")
    assert "%Y-%m-%d %H:%M:%S" in problem


def test_schema_errors_are_located_at_the_row_and_column_of_their_value():
    bad = SHIP_FILE.replace(b"LOT-B,4", b"LOT-B,3").replace(b",JACK,1,EA", b",JACK,-1,EA")
    assert problems(SHIP, bad) == [
        "row 2: lines[0]: lots of line '1' add up to 11, not to quantity_shipped 12",
        "row 5, column 9 (QtyShipped): lines[0].quantity_shipped: Input should be greater "
        "than or equal to 0",
    ]


def test_a_missing_header_column_and_file_level_errors():
    renamed = SHIP_FILE.replace(b"LotQty", b"Lot quantity")
    assert [d.data for d in ff.read(SHIP, renamed)] == [d.data for d in ff.read(SHIP, SHIP_FILE)]
    no_position = ff.Layout(**{**SHIP.__dict__, "columns": (C("order_ref", header="Order"),)})
    assert problems(no_position, SHIP_FILE)[0] == (
        "row 1, column (Order): no column named 'Order' in the header"
    )
    assert problems(SHIP, SHIP_FILE.split(b"\r\n")[0]) == ["row 2: the file has no data rows"]
    assert problems(SHIP, SHIP_FILE + b'WH/OUT/3,"S3\r\n') == [
        "row 6: unreadable CSV: unexpected end of data"
    ]
    latin = ff.Layout(**{**SHIP.__dict__, "encoding": "utf-8"})
    assert problems(latin, SHIP_FILE.replace(b"JACK,1,", b"J\xc4CK,1,")) == [
        "row 5: byte 0xc4 is not utf-8 text"
    ]


def test_a_layout_naming_no_field_is_refused():
    layout = ff.Layout(
        "shipment_notice",
        (C("order_ref", header="A"), C("lines.qty", header="B"), C("lines", header="C")),
        group_by=("ship_date",),
    )
    with pytest.raises(ff.FlatFileError) as caught:
        ff.compile_layout(layout)
    text = str(caught.value)
    assert "column (B): lines.qty: 'qty' is not a field of ShippedLine" in text
    assert "column (C): lines: 'lines' holds several values" in text
    assert "grouping key 'ship_date' must be a top-level column" in text


def test_a_value_too_long_for_its_fixed_width_is_not_cut():
    layout = ff.Layout(
        "inventory_snapshot",
        (
            C("warehouse_code", position=1, length=4),
            C("as_of", "date", position=5, length=10),
            C("items.product_code", position=15, length=3),
            C("items.quantity", "decimal", position=18, length=3),
        ),
        file_kind="fixed",
        header_rows=0,
    )
    document = {
        "warehouse_code": "T3PL",
        "as_of": "2026-11-20T00:00:00",
        "items": [{"product_code": "PAINT", "quantity": "2"}],
    }
    with pytest.raises(ff.FlatFileError) as caught:
        ff.write(layout, [document])
    assert str(caught.value) == (
        "row 1, column 15-17 (items.product_code): 'PAINT' is longer than the 3 characters"
    )


def test_packages_lines_and_lots_nest_three_levels_in_a_tab_file_without_header():
    paths = (
        "order_ref",
        "shipment_ref",
        "ship_date",
        "packages.package_ref",
        "packages.tracking_number",
        "packages.lines.line_ref",
        "packages.lines.product_code",
        "packages.lines.quantity_shipped",
        "packages.lines.lots.lot_name",
        "packages.lines.lots.quantity",
    )
    kinds = {"ship_date": "datetime", "packages.lines.quantity_shipped": "decimal"}
    kinds["packages.lines.lots.quantity"] = "decimal"
    layout = ff.Layout(
        "shipment_notice",
        tuple(C(p, kinds.get(p, "text"), position=i) for i, p in enumerate(paths, 1)),
        delimiter="\t",
        header_rows=0,
        datetime_formats=("%Y-%m-%dT%H:%M:%S",),
        group_by=("order_ref",),
    )
    payload = (
        b"WH/OUT/1\tS1\t2026-11-20T10:00:00\tCTN-1\t1Z1\t1\tPAINT\t10\tLOT-A\t6\n"
        b"WH/OUT/1\tS1\t2026-11-20T10:00:00\tCTN-1\t1Z1\t1\tPAINT\t10\tLOT-B\t4\n"
        b"WH/OUT/1\tS1\t2026-11-20T10:00:00\tCTN-2\t1Z2\t1\tPAINT\t2\tLOT-B\t2\n"
        b"WH/OUT/1\tS1\t2026-11-20T10:00:00\tCTN-2\t1Z2\t2\tJACK\t1\t\t\n"
    )
    (document,) = ff.read(layout, payload)
    first, second = document.data["packages"]
    assert [lot["lot_name"] for lot in first["lines"][0]["lots"]] == ["LOT-A", "LOT-B"]
    assert [line["product_code"] for line in second["lines"]] == ["PAINT", "JACK"]
    assert "lots" not in second["lines"][1]
    (notice,) = ff.check(layout, [document])
    written = ff.write(layout, [schemas.dump(notice)])
    assert written.replace(b"\r\n", b"\n") == payload


def test_only_line_breaks_end_a_row_and_quoted_cells_may_hold_them():
    layout = ready_made("flat_layout_3pl_warehouse_order")
    header = ",".join(column.header for column in layout.columns).encode()
    row = (
        'WH/OUT/8,create,T3PL,"Acme\nDock 4",Rue\u2028Haute,,Lyon,69001,,FR,,,,,1,PAINT,2,EA,N\r\n'
    )
    (document,) = ff.read(layout, header + b"\r\n" + row.encode())
    assert document.data["ship_to"]["name"] == "Acme\nDock 4"
    assert document.data["ship_to"]["street"] == "Rue\u2028Haute"
