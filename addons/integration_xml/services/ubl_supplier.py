"""The supplier side of UBL (Peppol BIS 3): what we send a supplier and what it sends us.

Out: an Order built from a canonical order when no purchase order stands behind it (Odoo's
own export, purchase_edi_ubl_bis3, is used when one does), an Order Change and an Order
Cancellation (Peppol Advanced Ordering), and a Despatch Advice (Peppol BIS Despatch Advice
3) from a canonical shipment notice. In: Order Response → order_ack, Despatch Advice →
shipment_notice, Invoice → invoice. Each inbound document is checked against the schema of
what the hub reads (``xsd/``) first, so errors name the XPath and the rule. No ORM.
"""

from decimal import Decimal
from itertools import count

from lxml import etree

from odoo.addons.integration_core.schemas.shipment_notice import loose_lines
from odoo.addons.integration_core.services.jsondata import json_ready

from .ubl import GTIN_SCHEME, NS, UBL_NS, _cac, _cbc, _text

PEPPOL_ORDERING = "urn:fdc:peppol.eu:poacc:bis:ordering:3"
PEPPOL_ADVANCED_ORDERING = "urn:fdc:peppol.eu:poacc:bis:advanced_ordering:3"
PEPPOL_DESPATCH = "urn:fdc:peppol.eu:poacc:bis:despatch_advice:3"
CUSTOMIZATION = "urn:fdc:peppol.eu:poacc:trns:{}:3"

# UNCL 4343 (order response code) and UNCL 1229 (line status) as Peppol BIS 28 uses them
ORDER_RESPONSE_STATUS = {"AB": "accepted", "AP": "accepted", "CA": "changed", "RE": "rejected"}
LINE_STATUS = {"5": "accepted", "3": "changed", "7": "rejected"}
# UNCL 1229 in an Order Change: line added, deleted, changed, no action
CHANGE_ADDED, CHANGE_DELETED, CHANGE_CHANGED, CHANGE_NONE = "1", "2", "3", "4"
SSCC_SCHEME = "SSCC"


def _number(node, path):
    value = _text(node, path)
    return Decimal(value) if value is not None else None


def _item_code(item):
    """The item as the supplier knows it: its own id, else the GTIN, else ours."""
    return (
        _text(item, "cac:SellersItemIdentification/cbc:ID")
        or _text(item, "cac:StandardItemIdentification/cbc:ID")
        or _text(item, "cac:BuyersItemIdentification/cbc:ID")
    )


def party(node):
    """A UBL Party → a canonical Party: its Peppol endpoint, else its first id, else its
    VAT number is the key the partner's cross-references use."""
    if node is None:
        return None
    vat = _text(node, "cac:PartyTaxScheme/cbc:CompanyID")
    name = _text(node, "cac:PartyName/cbc:Name") or _text(
        node, "cac:PartyLegalEntity/cbc:RegistrationName"
    )
    key = _text(node, "cbc:EndpointID") or _text(node, "cac:PartyIdentification/cbc:ID")
    values = {"external_id": key or vat or name, "name": name, "vat": vat}
    return {k: v for k, v in values.items() if v is not None}


# ---------------------------------------------------------------------- Order Response in
def order_ack_document(root, ordered=None):
    """A checked Order Response → the canonical order acknowledgement.

    An Order Response carries the quantities the supplier accepts, not the ones we ordered:
    ``ordered`` maps our line_ref to the line we sent (``quantity``, ``product_code``), from
    the order message; without it the accepted quantity stands for the ordered one.
    """
    ordered = ordered or {}
    code = _text(root, "cbc:OrderResponseCode")
    lines = []
    for order_line in root.iterfind("cac:OrderLine", NS):
        item = order_line.find("cac:LineItem", NS)
        line_ref = _text(order_line, "cac:OrderLineReference/cbc:LineID") or _text(item, "cbc:ID")
        sent = ordered.get(line_ref) or {}
        status = LINE_STATUS[_text(item, "cbc:LineStatusCode") or "5"]
        accepted = _number(item, "cbc:Quantity")
        if status == "rejected":
            accepted = Decimal(0)
        elif accepted is None:
            accepted = Decimal(str(sent.get("quantity") or 0))
        substitute = order_line.find("cac:SellerSubstitutedLineItem/cac:Item", NS)
        lines.append(
            {
                "line_ref": line_ref,
                "product_code": _item_code(item.find("cac:Item", NS))
                or sent.get("product_code")
                or line_ref,
                "quantity_ordered": sent.get("quantity", accepted),
                "quantity_accepted": accepted,
                "status": "changed" if substitute is not None else status,
                "unit_price": _number(item, "cac:Price/cbc:PriceAmount"),
                "scheduled_date": _text(
                    item, "cac:Delivery/cac:PromisedDeliveryPeriod/cbc:StartDate"
                )
                or _text(item, "cac:Delivery/cac:PromisedDeliveryPeriod/cbc:EndDate"),
                "substitute_product_code": _item_code(substitute)
                if substitute is not None
                else None,
            }
        )
    return json_ready(
        {
            "order_ref": _text(root, "cac:OrderReference/cbc:ID"),
            "ack_date": _text(root, "cbc:IssueDate"),
            "status": ORDER_RESPONSE_STATUS[code],
            "seller_order_ref": _text(root, "cbc:SalesOrderID"),
            "lines": lines,
        }
    )


# ---------------------------------------------------------------------- Despatch Advice in
def shipment_notice_document(root):
    """A checked Despatch Advice → the canonical shipment notice.

    Peppol writes one despatch line per lot and per transport handling unit (its SSCC):
    lines of one order line in one unit are gathered, their lots listed; lines outside
    any unit are the notice's loose lines.
    """
    shipment = root.find("cac:Shipment", NS)
    packages, loose = {}, {}
    for line in root.iterfind("cac:DespatchLine", NS):
        unit = line.find("cac:Shipment/cac:TransportHandlingUnit", NS)
        holder = loose
        if unit is not None:
            unit_id = _text(unit, "cbc:ID")
            shipment_id = _text(line, "cac:Shipment/cbc:ID")
            package = packages.setdefault(
                unit_id,
                {
                    # Peppol writes "NA" when a despatch line's shipment has no id of its own
                    "package_ref": shipment_id if shipment_id not in (None, "NA") else unit_id,
                    "sscc": unit_id
                    if unit.find("cbc:ID", NS).get("schemeID") == SSCC_SCHEME
                    else None,
                    "lines": {},
                },
            )
            holder = package["lines"]
        _add_shipped(holder, line)
    ship_date = _text(shipment, "cac:Delivery/cac:Despatch/cbc:ActualDespatchDate") or _text(
        root, "cbc:IssueDate"
    )
    time = _text(shipment, "cac:Delivery/cac:Despatch/cbc:ActualDespatchTime")
    consignments = shipment.findall("cac:Consignment", NS) if shipment is not None else []
    carrier = next(
        (
            _text(c, "cac:CarrierParty/cac:PartyIdentification/cbc:ID")
            or _text(c, "cac:CarrierParty/cac:PartyName/cbc:Name")
            for c in consignments
            if c.find("cac:CarrierParty", NS) is not None
        ),
        None,
    )
    return json_ready(
        {
            "shipment_ref": _text(root, "cbc:ID"),
            "order_ref": _text(root, "cac:OrderReference/cbc:ID")
            or _text(root, "cac:DespatchLine/cac:OrderLineReference/cac:OrderReference/cbc:ID"),
            "ship_date": f"{ship_date}T{time[:8]}" if time else ship_date,
            "expected_date": _text(
                shipment, "cac:Delivery/cac:EstimatedDeliveryPeriod/cbc:StartDate"
            )
            or _text(shipment, "cac:Delivery/cac:EstimatedDeliveryPeriod/cbc:EndDate"),
            "carrier_code": carrier,
            "tracking_numbers": [
                t for t in (_text(c, "cbc:CarrierAssignedID") for c in consignments) if t
            ],
            "lines": list(loose.values()),
            "packages": [
                {**package, "lines": list(package["lines"].values())}
                for package in packages.values()
            ],
        }
    )


def _add_shipped(holder, line):
    """Add a despatch line to the shipped line of its order line in ``holder``."""
    quantity_node = line.find("cbc:DeliveredQuantity", NS)
    quantity = Decimal(quantity_node.text.strip())
    line_ref = _text(line, "cac:OrderLineReference/cbc:LineID")
    item = line.find("cac:Item", NS)
    shipped = holder.setdefault(
        line_ref,
        {
            "line_ref": line_ref,
            "product_code": _item_code(item) or line_ref,
            "quantity_shipped": Decimal(0),
            "uom_code": quantity_node.get("unitCode") or "EA",
            "lots": [],
        },
    )
    shipped["quantity_shipped"] += quantity
    for lot in item.iterfind("cac:ItemInstance/cac:LotIdentification", NS):
        shipped["lots"].append(
            {
                "lot_name": _text(lot, "cbc:LotNumberID"),
                "quantity": quantity,
                "expiry_date": _text(lot, "cbc:ExpiryDate"),
            }
        )


# ---------------------------------------------------------------------- Invoice in
def invoice_document(root, seller=None, buyer=None):
    """A checked Peppol BIS Billing 3 Invoice → the canonical invoice. ``seller`` and
    ``buyer`` are the party values Odoo's UBL reader found (name, vat...), completing what
    the Party elements say."""
    currency = _text(root, "cbc:DocumentCurrencyCode")
    totals = root.find("cac:LegalMonetaryTotal", NS)
    tax_total = next(
        (
            node
            for node in root.iterfind("cac:TaxTotal/cbc:TaxAmount", NS)
            if node.get("currencyID") in (None, currency)
        ),
        None,
    )
    return json_ready(
        {
            "invoice_number": _text(root, "cbc:ID"),
            "invoice_date": _text(root, "cbc:IssueDate"),
            "due_date": _text(root, "cbc:DueDate"),
            "order_ref": _text(root, "cac:OrderReference/cbc:ID"),
            "currency": currency,
            "seller": _merge_party(
                party(root.find("cac:AccountingSupplierParty/cac:Party", NS)), seller
            ),
            "buyer": _merge_party(
                party(root.find("cac:AccountingCustomerParty/cac:Party", NS)), buyer
            ),
            "lines": [_invoice_line(line) for line in root.iterfind("cac:InvoiceLine", NS)],
            "allowances_charges": [
                {
                    "kind": "charge"
                    if _text(node, "cbc:ChargeIndicator") == "true"
                    else "allowance",
                    "code": _text(node, "cbc:AllowanceChargeReasonCode"),
                    "description": _text(node, "cbc:AllowanceChargeReason"),
                    "amount": _number(node, "cbc:Amount"),
                }
                for node in root.iterfind("cac:AllowanceCharge", NS)
            ],
            "amount_untaxed": _number(totals, "cbc:TaxExclusiveAmount"),
            "amount_tax": Decimal(tax_total.text.strip()) if tax_total is not None else Decimal(0),
            "amount_total": _number(totals, "cbc:TaxInclusiveAmount"),
        }
    )


def _merge_party(parsed, found):
    """The party as the document states it, completed by what Odoo's reader found."""
    found = {k: v for k, v in (found or {}).items() if k in ("name", "vat", "email") and v}
    merged = {**found, **(parsed or {})}
    if not merged.get("external_id"):
        merged["external_id"] = merged.get("vat") or merged.get("name")
    return merged


def _invoice_line(line):
    """One InvoiceLine: our line_ref is the order line it invoices (OrderLineReference),
    else its own id; the unit price is per one unit (Price/BaseQuantity)."""
    quantity = line.find("cbc:InvoicedQuantity", NS)
    item = line.find("cac:Item", NS)
    base = _number(line, "cac:Price/cbc:BaseQuantity") or Decimal(1)
    subtotal = _number(line, "cbc:LineExtensionAmount")
    taxes = []
    for category in item.iterfind("cac:ClassifiedTaxCategory", NS):
        rate = _number(category, "cbc:Percent") or Decimal(0)
        taxes.append(
            {
                "name": f"{_text(category, 'cbc:ID')} {rate.normalize():f}%",
                "rate": rate,
                "amount": (subtotal * rate / 100).quantize(Decimal("0.01")),
            }
        )
    return {
        "line_ref": _text(line, "cac:OrderLineReference/cbc:LineID") or _text(line, "cbc:ID"),
        "product_code": _item_code(item) or _text(item, "cbc:Name"),
        "description": _text(item, "cbc:Name"),
        "quantity": Decimal(quantity.text.strip()),
        "uom_code": quantity.get("unitCode") or "EA",
        "unit_price": _number(line, "cac:Price/cbc:PriceAmount") / base,
        "taxes": taxes,
        "subtotal": subtotal,
    }


# ---------------------------------------------------------------------- writers
def _root(name, customization, profile):
    namespace = UBL_NS.format(name)
    root = etree.Element(f"{{{namespace}}}{name}", nsmap={None: namespace, **NS})
    _cbc(root, "CustomizationID", CUSTOMIZATION.format(customization))
    _cbc(root, "ProfileID", profile)
    return root


def _quantity(value):
    return f"{Decimal(str(value)).normalize():f}"


def _party_node(parent, role, values):
    """``values``: a canonical Party (external_id, name, vat, address)."""
    node = _cac(_cac(parent, role), "Party")
    if values.get("external_id"):
        _cbc(_cac(node, "PartyIdentification"), "ID", values["external_id"])
    if values.get("name"):
        _cbc(_cac(node, "PartyName"), "Name", values["name"])
    if values.get("address"):
        _address(_cac(node, "PostalAddress"), values["address"])
    if values.get("vat"):
        tax_scheme = _cac(node, "PartyTaxScheme")
        _cbc(tax_scheme, "CompanyID", values["vat"])
        _cbc(_cac(tax_scheme, "TaxScheme"), "ID", "VAT")
    return node


def _address(node, values):
    for tag, key in (
        ("StreetName", "street"),
        ("AdditionalStreetName", "street2"),
        ("CityName", "city"),
        ("PostalZone", "zip"),
        ("CountrySubentity", "state_code"),
    ):
        if values.get(key):
            _cbc(node, tag, values[key])
    if values.get("country_code"):
        _cbc(_cac(node, "Country"), "IdentificationCode", values["country_code"])


def _item(parent, line):
    item = _cac(parent, "Item")
    _cbc(item, "Name", line.get("description") or line["product_code"])
    if line.get("buyer_product_code"):
        _cbc(_cac(item, "BuyersItemIdentification"), "ID", line["buyer_product_code"])
    _cbc(_cac(item, "SellersItemIdentification"), "ID", line["product_code"])
    if line.get("gtin"):
        _cbc(_cac(item, "StandardItemIdentification"), "ID", line["gtin"], schemeID=GTIN_SCHEME)
    return item


def _order_line(root, line, currency, status=None):
    item = _cac(_cac(root, "OrderLine"), "LineItem")
    _cbc(item, "ID", line["line_ref"])
    if status:
        _cbc(item, "LineStatusCode", status)
    _cbc(item, "Quantity", _quantity(line["quantity"]), unitCode=line.get("uom_code") or "C62")
    if line.get("unit_price") is not None:
        _cbc(_cac(item, "Price"), "PriceAmount", f"{line['unit_price']}", currencyID=currency)
    _item(item, line)


def _delivery(root, order):
    if not (order.get("ship_to") or order.get("requested_delivery_date")):
        return
    delivery = _cac(root, "Delivery")
    ship_to = order.get("ship_to")
    if ship_to:
        location = _cac(delivery, "DeliveryLocation")
        if ship_to.get("external_id"):
            _cbc(location, "ID", ship_to["external_id"])
        _address(_cac(location, "Address"), ship_to)
    if order.get("requested_delivery_date"):
        period = _cac(delivery, "RequestedDeliveryPeriod")
        _cbc(period, "StartDate", order["requested_delivery_date"])
    if ship_to and ship_to.get("name"):
        _cbc(_cac(_cac(delivery, "DeliveryParty"), "PartyName"), "Name", ship_to["name"])


def _header(root, document_id, issue_date):
    _cbc(root, "ID", document_id)
    _cbc(root, "IssueDate", issue_date)


def _tree(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def order(document):
    """A canonical order (dict) → Peppol BIS Order 3, in the element order Odoo's own
    export uses; for orders no purchase order stands behind."""
    root = _root("Order", "order", PEPPOL_ORDERING)
    _header(root, document["order_ref"], document["order_date"])
    if document.get("notes"):
        _cbc(root, "Note", document["notes"])
    _cbc(root, "DocumentCurrencyCode", document["currency"])
    _party_node(root, "BuyerCustomerParty", document["customer"])
    _party_node(root, "SellerSupplierParty", document.get("supplier") or {})
    _delivery(root, document)
    for line in document["lines"]:
        _order_line(root, line, document["currency"])
    return _tree(root)


def order_change(document, previous, change_id, issue_date, sequence):
    """A canonical order of purpose ``change`` → Peppol Order Change 3. ``previous`` is the
    order as last sent: each line says whether it is new, changed, unchanged, or gone
    (then with the quantity it had)."""
    root = _root("OrderChange", "order_change", PEPPOL_ADVANCED_ORDERING)
    _header(root, change_id, issue_date)
    _cbc(root, "SequenceNumberID", sequence)
    if document.get("notes"):
        _cbc(root, "Note", document["notes"])
    _cbc(root, "DocumentCurrencyCode", document["currency"])
    _cbc(_cac(root, "OrderReference"), "ID", document["order_ref"])
    _party_node(root, "BuyerCustomerParty", document["customer"])
    _party_node(root, "SellerSupplierParty", document.get("supplier") or {})
    _delivery(root, document)
    before = {line["line_ref"]: line for line in (previous or {}).get("lines") or []}
    for line in document["lines"]:
        _order_line(root, line, document["currency"], _change_status(line, before))
    current = {line["line_ref"] for line in document["lines"]}
    for line_ref, line in before.items():
        if line_ref not in current:
            _order_line(root, line, document["currency"], CHANGE_DELETED)
    return _tree(root)


def _change_status(line, before):
    old = before.get(line["line_ref"])
    if old is None:
        return CHANGE_ADDED
    keys = ("quantity", "unit_price", "product_code", "uom_code")
    same = all(_comparable(old.get(k)) == _comparable(line.get(k)) for k in keys)
    return CHANGE_NONE if same else CHANGE_CHANGED


def _comparable(value):
    try:
        return Decimal(str(value)).normalize()
    except ArithmeticError:
        return value


def order_cancellation(document, cancellation_id, issue_date, note):
    """A canonical order of purpose ``cancel`` → Peppol Order Cancellation 3."""
    root = _root("OrderCancellation", "order_cancellation", PEPPOL_ADVANCED_ORDERING)
    _header(root, cancellation_id, issue_date)
    _cbc(root, "CancellationNote", note)
    _cbc(_cac(root, "OrderReference"), "ID", document["order_ref"])
    _party_node(root, "BuyerCustomerParty", document["customer"])
    _party_node(root, "SellerSupplierParty", document.get("supplier") or {})
    return _tree(root)


def despatch_advice(notice, issue_date, supplier, customer):
    """A canonical shipment notice (dict) → Peppol BIS Despatch Advice 3: one despatch line
    per order line and lot, in its transport handling unit (SSCC) when packed; each
    quantity once (the hub's builder lists packed lines at top level as well)."""
    root = _root("DespatchAdvice", "despatch_advice", PEPPOL_DESPATCH)
    _cbc(root, "ID", notice["shipment_ref"])
    _cbc(root, "IssueDate", issue_date)
    _cbc(_cac(root, "OrderReference"), "ID", notice["order_ref"])
    _party_node(root, "DespatchSupplierParty", supplier)
    _party_node(root, "DeliveryCustomerParty", customer)
    shipment = _cac(root, "Shipment")
    _cbc(shipment, "ID", notice["shipment_ref"])
    consignment = _cac(shipment, "Consignment")
    _cbc(consignment, "ID", notice["shipment_ref"])
    for number in notice.get("tracking_numbers") or []:
        _cbc(consignment, "CarrierAssignedID", number)
        break  # UBL has one carrier-assigned id per consignment
    if notice.get("carrier_code"):
        carrier = _cac(_cac(consignment, "CarrierParty"), "PartyIdentification")
        _cbc(carrier, "ID", notice["carrier_code"])
    delivery = _cac(shipment, "Delivery")
    if notice.get("expected_date"):
        _cbc(_cac(delivery, "EstimatedDeliveryPeriod"), "StartDate", notice["expected_date"])
    ship_date = str(notice["ship_date"])
    despatch = _cac(delivery, "Despatch")
    _cbc(despatch, "ActualDespatchDate", ship_date[:10])
    if len(ship_date) > 10:
        _cbc(despatch, "ActualDespatchTime", ship_date[11:19])
    counter = count(1)
    for line in loose_lines(notice):
        _despatch_lines(root, line, None, counter)
    for package in notice.get("packages") or []:
        for line in package.get("lines") or []:
            _despatch_lines(root, line, package, counter)
    return _tree(root)


def _despatch_lines(root, line, package, counter):
    parts = line.get("lots") or [None]
    for lot in parts:
        quantity = lot["quantity"] if lot else line["quantity_shipped"]
        node = _cac(root, "DespatchLine")
        _cbc(node, "ID", next(counter))
        _cbc(node, "DeliveredQuantity", _quantity(quantity), unitCode=line.get("uom_code") or "C62")
        _cbc(_cac(node, "OrderLineReference"), "LineID", line["line_ref"])
        item = _cac(node, "Item")
        _cbc(item, "Name", line["product_code"])
        _cbc(_cac(item, "SellersItemIdentification"), "ID", line["product_code"])
        if lot:
            identification = _cac(_cac(item, "ItemInstance"), "LotIdentification")
            _cbc(identification, "LotNumberID", lot["lot_name"])
            if lot.get("expiry_date"):
                _cbc(identification, "ExpiryDate", lot["expiry_date"])
        if package:
            shipment = _cac(node, "Shipment")
            _cbc(shipment, "ID", package["package_ref"])
            unit = _cac(shipment, "TransportHandlingUnit")
            if package.get("sscc"):
                _cbc(unit, "ID", package["sscc"], schemeID=SSCC_SCHEME)
            else:
                _cbc(unit, "ID", package["package_ref"])
