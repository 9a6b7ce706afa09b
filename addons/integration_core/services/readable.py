"""Readable views of messages, as plain data the message form renders (QWeb).

Two views, both free of the ORM:

* ``Readable``: the payload as the partner wrote it, one ``Row`` per segment, file row or
  element, each with its ``Field``s named (``BEG03 Purchase Order Number: PO-1001``) and
  coded values explained. Codecs build it in their ``_readable`` hook; a payload that cannot
  be read further ends with the rows read so far and ``error`` saying where and why.
* ``document_view``: a canonical document laid out as a business document: its header, its
  parties, its lines as tables, its totals. Generic over the document types (known amounts
  are totals, objects are parties, lists of objects are tables), so a new type renders too.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .. import schemas
from .flatfile import field_shape

MAX_ROWS = 2000  # rows of a readable view; a longer payload is cut there (and says so)


@dataclass(frozen=True)
class Field:
    """One element, component, cell or attribute: where it is, what it is, what it holds."""

    ref: str  # BEG03, C507.2005, a column header, @currencyID
    name: str = ""
    value: str = ""
    meaning: str = ""  # what a coded value stands for
    path: str = ""  # the canonical path it fills (flat files)


@dataclass
class Row:
    """One segment, file row or element of the payload."""

    tag: str
    name: str = ""
    fields: list = field(default_factory=list)
    number: int = 0  # segment or row number in the file, 0 when not counted
    level: int = 0  # nesting depth (XML, JSON)
    value: str = ""  # an element's own text (XML, JSON)
    raw: str = ""  # the text as written
    note: str = ""  # what is wrong with this row, when it was read anyway


@dataclass
class Readable:
    """What a codec's ``_readable`` returns: the rows read, and where reading stopped."""

    rows: list = field(default_factory=list)
    error: str = ""
    truncated: bool = False  # the payload goes on past MAX_ROWS rows

    @property
    def full(self):
        """Whether MAX_ROWS rows are held: a reader stops there (``stop``)."""
        return len(self.rows) >= MAX_ROWS

    def add(self, row):
        """Append ``row``, or mark the view truncated once it is full."""
        if self.full:
            self.truncated = True
        else:
            self.rows.append(row)

    def stop(self):
        """Called by a reader that has more to read once the view is full: True to stop."""
        if self.full:
            self.truncated = True
        return self.truncated


def tree_rows(data, readable=None, name="", path="", level=0, names=None):
    """A JSON value as an indented tree: one row per key or list item, with its path
    (``lines[0].quantity``) and scalar value; ``names(key)`` labels the keys."""
    readable = readable if readable is not None else Readable()
    shown = names(name) if names and name and not name.startswith("[") else ""
    if isinstance(data, dict):
        if name:
            readable.add(Row(tag=name, name=shown, level=level, raw=path))
            level += 1
        for key, value in data.items():
            tree_rows(value, readable, key, f"{path}.{key}" if path else key, level, names)
    elif isinstance(data, list):
        readable.add(Row(tag=name or "[]", name=shown, level=level, raw=path))
        for index, item in enumerate(data):
            tree_rows(item, readable, f"[{index}]", f"{path}[{index}]", level + 1, names)
    else:
        readable.add(Row(tag=name, name=shown, level=level, raw=path, value=_text(data)))
    return readable


# ---------------------------------------------------------------------- document view
# Amounts of a document that are its totals, in the order a reader expects them.
TOTALS = (
    "discount_amount",
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "total_paid",
)
# The quantity of a line that its table adds up.
QUANTITIES = ("quantity", "quantity_shipped", "quantity_accepted", "quantity_change")
# Keys naming a document: shown as its title after the document type.
REFERENCES = (
    "rma_ref",
    "order_ref",
    "invoice_number",
    "shipment_ref",
    "receipt_ref",
    "snapshot_ref",
    "request_ref",
    "ack_ref",
    "warehouse_code",
    "payment_ref",
)
LABELS = {
    "rma_ref": "Return authorisation",
    "order_ref": "Order reference",
    "order_date": "Order date",
    "requested_delivery_date": "Requested delivery",
    "line_ref": "Line",
    "product_code": "Product",
    "buyer_product_code": "Buyer's product",
    "gtin": "GTIN",
    "uom_code": "Unit",
    "unit_price": "Unit price",
    "discount_percent": "Discount %",
    "amount_untaxed": "Untaxed amount",
    "amount_tax": "Taxes",
    "amount_total": "Total",
    "discount_amount": "Discount",
    "quantity_shipped": "Shipped",
    "ship_to": "Ship to",
    "bill_to": "Bill to",
    "external_id": "ID",
    "vat": "Tax ID",
    "sscc": "SSCC",
    "zip": "ZIP",
    "country_code": "Country",
    "state_code": "State",
    "schema_version": "Schema version",
}
# Keys of every document that tell a reader nothing about the business.
HIDDEN_KEYS = ("schema_version",)


def label(key):
    """``order_date`` → ``Order date``: the label of a canonical key."""
    return LABELS.get(key) or key.replace("_", " ").capitalize()


@dataclass
class Table:
    """A list of objects: its columns (keys, labels) and one row of cells per item; a cell
    holding a list of objects is itself a Table."""

    title: str
    columns: list  # [(key, label)]
    rows: list  # [[cell]] where a cell is text or a Table
    totals: list = field(default_factory=list)  # [(label, text)]


@dataclass
class DocumentView:
    """A canonical document as a business document."""

    title: str
    header: list = field(default_factory=list)  # [(label, text)]
    parties: list = field(default_factory=list)  # [(label, [line])]
    tables: list = field(default_factory=list)  # [Table]
    totals: list = field(default_factory=list)  # [(label, text)]


def document_view(doc_type_label, data, doc_type=None):
    """The view of canonical document ``data`` (a dict), titled by its type and reference;
    its keys in the order of the schema of ``doc_type`` when there is one (stored JSON
    keeps no order)."""
    schema = schemas.SCHEMAS.get(doc_type)
    data = in_schema_order(data, schema) if schema else data
    reference = next((data[key] for key in REFERENCES if data.get(key)), "")
    view = DocumentView(title=f"{doc_type_label} {_text(reference)}".strip())
    for key, value in data.items():
        if _empty(value) or key in HIDDEN_KEYS:
            continue
        if key in TOTALS:
            view.totals.append((label(key), _text(value)))
        elif isinstance(value, dict):
            view.parties.append((label(key), _party_lines(value)))
        elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
            view.tables.append(_table(label(key), value))
        else:
            view.header.append((label(key), _text(value)))
    if not view.totals:
        view.totals = [total for table in view.tables for total in table.totals]
    return view


def in_schema_order(data, model):
    """``data`` (a dict) with its keys, and those of its objects and lists of objects, in
    the order ``model`` (pydantic) declares its fields; keys it does not declare last."""
    fields = list(model.model_fields)
    ordered = {}
    for key in sorted(data, key=lambda k: fields.index(k) if k in fields else len(fields)):
        value = data[key]
        shape, sub = field_shape(model, key)
        if shape == "object" and isinstance(value, dict):
            value = in_schema_order(value, sub)
        elif shape == "list" and isinstance(value, list):
            value = [in_schema_order(v, sub) if isinstance(v, dict) else v for v in value]
        ordered[key] = value
    return ordered


def _party_lines(party):
    """A party or address as the lines of an address block, each line once (a party's
    address repeats its name)."""
    lines = []
    for line in _address_lines(party):
        if line not in lines:
            lines.append(line)
    return lines


def _address_lines(party):
    lines = []
    name = party.get("name")
    if name:
        lines.append(_text(name))
    place = " ".join(_text(party[key]) for key in ("zip", "city") if party.get(key))
    for key, value in party.items():
        if _empty(value) or key == "name":
            continue
        if isinstance(value, dict):
            lines.extend(_address_lines(value))
        elif key in ("zip", "city"):
            if place:
                lines.append(place)
                place = ""
        elif key in ("street", "street2"):
            lines.append(_text(value))
        else:
            lines.append(f"{label(key)}: {_text(value)}")
    return lines


def _table(title, items):
    items = [item for item in items if isinstance(item, dict)]
    keys = []  # the keys some item has a value for, in their first order
    for item in items:
        keys += [key for key, value in item.items() if key not in keys and not _empty(value)]
    priced = "unit_price" in keys and "quantity" in keys and "subtotal" not in keys
    columns = [(key, label(key)) for key in keys]
    if priced:
        columns.append(("", "Amount"))
    rows, amount_total, quantity_total = [], Decimal(0), Decimal(0)
    quantity_key = next((key for key in QUANTITIES if key in keys), None)
    for item in items:
        cells = [_cell(label(key), item.get(key)) for key in keys]
        if priced:
            amount = _number(item.get("quantity")) * _number(item.get("unit_price"))
            amount *= 1 - _number(item.get("discount_percent")) / 100
            amount_total += amount
            cells.append(_text(amount.quantize(Decimal("0.01"))))
        rows.append(cells)
        if quantity_key:
            quantity_total += _number(item.get(quantity_key))
    totals = []
    if quantity_key:
        totals.append((f"{title}: total {label(quantity_key).lower()}", _text(quantity_total)))
    if priced:
        totals.append((f"{title}: total amount", _text(amount_total.quantize(Decimal("0.01")))))
    if "subtotal" in keys:
        subtotal = sum((_number(item.get("subtotal")) for item in items), Decimal(0))
        totals.append((f"{title}: total subtotal", _text(subtotal)))
    return Table(title=title, columns=columns, rows=rows, totals=totals)


def _cell(title, value):
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return _table(title, value)
    if isinstance(value, dict):
        return "; ".join(_party_lines(value))
    return _text(value)


def _empty(value):
    return value is None or value in ("", [], {})


def _number(value):
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, float):
        return format(value, "g")
    return str(value)
