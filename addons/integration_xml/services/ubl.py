"""UBL 2.1: the checked read of every UBL document the hub takes, and Order (Peppol BIS
Ordering 3) → the hub's canonical order. No ORM.

Odoo's own UBL reader (sale_edi_ubl) fills a sale order directly; the hub needs the order
as a canonical document first, so cross-references, routing, test mode and the exception
queue apply as for every other format. The party values are read by Odoo's reader in the
codec; this module reads the rest with the same XPaths.
"""

from lxml import etree

from .xmlread import ReadSchema, Violation, XmlDocumentError, local_name, parse

UBL_NS = "urn:oasis:names:specification:ubl:schema:xsd:{}-2"
ORDER_NS = UBL_NS.format("Order")
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
GTIN_SCHEME = "0160"  # ISO 6523 ICD of GS1 GTINs
_schemas = {}


def schema(name):
    """The read schema of a UBL document (``Order``, ``OrderResponse``...), loaded once."""
    if name not in _schemas:
        file_name = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
        _schemas[name] = ReadSchema(f"ubl{file_name}.xsd", local_names=True)
    return _schemas[name]


def read(payload, name):
    """Bytes → the checked root of a UBL ``name`` document (XmlDocumentError naming each
    XPath and rule, or the root when it is another document)."""
    root = parse(payload)
    namespace = UBL_NS.format(name)
    if local_name(root) != name or etree.QName(root).namespace != namespace:
        raise XmlDocumentError(
            f"The root element is not a UBL {name} ({{{namespace}}}{name}).",
            [Violation(f"/{local_name(root)}", f"the root element must be {name} in {namespace}")],
        )
    schema(name).check(root, f"UBL {name}")
    return root


def read_order(payload):
    """Bytes → the checked Order root."""
    return read(payload, "Order")


def _text(node, path):
    found = node.find(path, NS) if node is not None else None
    if found is None or found.text is None or not found.text.strip():
        return None
    return found.text.strip()


def party_id(party):
    """The buyer as the partner identifies it: its Peppol endpoint, else its first id."""
    return _text(party, "cbc:EndpointID") or _text(party, "cac:PartyIdentification/cbc:ID")


def address(node, name):
    if node is None:
        return None
    values = {
        "name": name,
        "external_id": _text(node, "cbc:ID"),
        "street": _text(node, "cbc:StreetName"),
        "street2": _text(node, "cbc:AdditionalStreetName"),
        "city": _text(node, "cbc:CityName"),
        "zip": _text(node, "cbc:PostalZone"),
        "state_code": _text(node, "cbc:CountrySubentity"),
        "country_code": _text(node, "cac:Country/cbc:IdentificationCode"),
    }
    return {key: value for key, value in values.items() if value}


def order_document(root, buyer, delivery):
    """The canonical order of a checked UBL Order; ``buyer`` and ``delivery`` are the
    party values Odoo's reader found (name, email, phone, vat)."""
    party = root.find("cac:BuyerCustomerParty/cac:Party", NS)
    location = root.find("cac:Delivery/cac:DeliveryLocation", NS)
    ship_name = delivery.get("name") or buyer.get("name") or party_id(party)
    ship_to = address(location.find("cac:Address", NS), ship_name) if location is not None else None
    if ship_to is not None and location is not None and _text(location, "cbc:ID"):
        ship_to["external_id"] = _text(location, "cbc:ID")
    notes = [n.text.strip() for n in root.iterfind("cbc:Note", NS) if n.text and n.text.strip()]
    return {
        "order_ref": _text(root, "cbc:ID"),
        "order_date": _text(root, "cbc:IssueDate"),
        "currency": _text(root, "cbc:DocumentCurrencyCode") or "EUR",
        "customer": {
            "external_id": party_id(party) or buyer.get("vat") or buyer.get("name"),
            "name": buyer.get("name"),
            "email": buyer.get("email"),
            "vat": buyer.get("vat"),
            "address": address(party.find("cac:PostalAddress", NS), buyer.get("name") or "-"),
        },
        "ship_to": ship_to,
        "requested_delivery_date": _text(
            root, "cac:Delivery/cac:RequestedDeliveryPeriod/cbc:StartDate"
        ),
        "notes": "\n".join(notes) or None,
        "lines": [_line(line) for line in root.iterfind("cac:OrderLine/cac:LineItem", NS)],
    }


def _line(item):
    quantity = item.find("cbc:Quantity", NS)
    standard = item.find("cac:Item/cac:StandardItemIdentification/cbc:ID", NS)
    gtin = _text(item, "cac:Item/cac:StandardItemIdentification/cbc:ID")
    if standard is None or standard.get("schemeID") != GTIN_SCHEME:
        gtin = None
    product = _text(item, "cac:Item/cac:SellersItemIdentification/cbc:ID") or gtin
    return {
        "line_ref": _text(item, "cbc:ID"),
        "product_code": product,
        "gtin": gtin,
        "description": _text(item, "cac:Item/cbc:Name"),
        "quantity": quantity.text.strip(),
        "uom_code": quantity.get("unitCode") or "EA",
        "unit_price": _text(item, "cac:Price/cbc:PriceAmount"),
    }


# ---------------------------------------------------------------------- Order Response out
RESPONSE_NS = "urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2"
PEPPOL_ORDER_RESPONSE = "urn:fdc:peppol.eu:poacc:trns:order_response:3"
PEPPOL_ORDERING = "urn:fdc:peppol.eu:poacc:bis:ordering:3"
# UNCL 4343 (order response) and UNCL 1229 (line status) codes of Peppol BIS Ordering 3
RESPONSE_CODES = {"accepted": "AP", "rejected": "RE", "changed": "CA", "partial": "CA"}
LINE_STATUS_CODES = {"accepted": "5", "changed": "3", "backordered": "3", "rejected": "7"}


def _cbc(parent, tag, value, **attributes):
    element = etree.SubElement(parent, f"{{{NS['cbc']}}}{tag}", **attributes)
    element.text = str(value)
    return element


def _cac(parent, tag):
    return etree.SubElement(parent, f"{{{NS['cac']}}}{tag}")


def _party(parent, role, party):
    """``party``: name, and the Peppol endpoint (``endpoint``, ``scheme``) when known."""
    node = _cac(_cac(parent, role), "Party")
    if party.get("endpoint"):
        _cbc(node, "EndpointID", party["endpoint"], schemeID=party.get("scheme") or "0088")
    _cbc(_cac(node, "PartyLegalEntity"), "RegistrationName", party["name"])


def order_response(ack, seller, buyer, response_id, currency):
    """A canonical order acknowledgement (dict) → Peppol BIS Order Response 3 (bytes);
    ``currency`` prices the lines (the acknowledgement carries none)."""
    root = etree.Element(f"{{{RESPONSE_NS}}}OrderResponse", nsmap={None: RESPONSE_NS, **NS})
    _cbc(root, "CustomizationID", PEPPOL_ORDER_RESPONSE)
    _cbc(root, "ProfileID", PEPPOL_ORDERING)
    _cbc(root, "ID", response_id)
    if ack.get("seller_order_ref"):
        _cbc(root, "SalesOrderID", ack["seller_order_ref"])
    _cbc(root, "IssueDate", ack["ack_date"])
    _cbc(root, "OrderResponseCode", RESPONSE_CODES[ack["status"]])
    _cbc(_cac(root, "OrderReference"), "ID", ack["order_ref"])
    _party(root, "SellerSupplierParty", seller)
    _party(root, "BuyerCustomerParty", buyer)
    for line in ack.get("lines") or []:
        order_line = _cac(root, "OrderLine")
        item = _cac(order_line, "LineItem")
        _cbc(item, "ID", line["line_ref"])
        _cbc(item, "LineStatusCode", LINE_STATUS_CODES[line["status"]])
        if line["status"] != "rejected":
            quantity = f"{float(line['quantity_accepted']):f}".rstrip("0").rstrip(".") or "0"
            _cbc(item, "Quantity", quantity, unitCode=line.get("uom_code") or "C62")
        if line.get("scheduled_date"):
            period = _cac(_cac(item, "Delivery"), "PromisedDeliveryPeriod")
            _cbc(period, "StartDate", line["scheduled_date"])
        if line.get("unit_price") is not None:
            price = _cac(item, "Price")
            _cbc(price, "PriceAmount", f"{line['unit_price']:.2f}", currencyID=currency)
        _cbc(_cac(_cac(item, "Item"), "SellersItemIdentification"), "ID", line["product_code"])
        _cbc(_cac(order_line, "OrderLineReference"), "LineID", line["line_ref"])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
