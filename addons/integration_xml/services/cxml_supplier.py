"""The supplier side of cXML 1.2: our OrderRequest out, the supplier's ConfirmationRequest,
ShipNoticeRequest and InvoiceDetailRequest in (each checked against the schema of what the
hub reads, errors naming the XPath). No ORM."""

from decimal import Decimal

from lxml import etree

from odoo.addons.integration_core.services.jsondata import json_ready

from .cxml import _credentials, _money, _number, check
from .xmlread import text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# OrderRequestHeader/@type of each purpose of a canonical order
ORDER_TYPES = {"original": "new", "change": "update", "cancel": "delete"}
HEADER_STATUS = {"accept": "accepted", "reject": "rejected"}  # anything else: changed
LINE_STATUS = {"accept": "accepted", "reject": "rejected", "backordered": "backordered"}
# The cXML request each document type travels in, both ways
REQUESTS = {
    "order": "OrderRequest",
    "order_ack": "ConfirmationRequest",
    "shipment_notice": "ShipNoticeRequest",
    "invoice": "InvoiceDetailRequest",
}


def _day(value):
    return value[:10] if value else None


def _decimal(value):
    return Decimal(value.strip()) if value is not None and value.strip() else None


# ---------------------------------------------------------------------- OrderRequest out
def order_request(order, _order_payload_id, now):
    """A canonical order (dict) → OrderRequest: a change is an ``update``, a cancellation
    a ``delete`` of the same orderID, as cXML orders are versioned."""
    currency = order["currency"]
    request = etree.Element("OrderRequest")
    header = etree.SubElement(
        request,
        "OrderRequestHeader",
        orderID=order["order_ref"],
        orderDate=f"{order['order_date']}T00:00:00+00:00",
        type=ORDER_TYPES[order["purpose"]],
    )
    total = sum(
        Decimal(str(line["quantity"])) * Decimal(str(line.get("unit_price") or 0))
        for line in order["lines"]
    )
    _money(header, "Total", total, currency)
    if order.get("ship_to"):
        _place(header, "ShipTo", order["ship_to"])
    customer = order["customer"]
    bill_to = order.get("bill_to") or customer.get("address") or {"name": customer.get("name")}
    _place(header, "BillTo", {"name": customer.get("name") or customer["external_id"], **bill_to})
    if order.get("notes"):
        comments = etree.SubElement(header, "Comments")
        comments.set(XML_LANG, "en")
        comments.text = order["notes"]
    delivery = order.get("requested_delivery_date")
    for line in order["lines"]:
        item = etree.SubElement(
            request, "ItemOut", quantity=_number(line["quantity"]), lineNumber=line["line_ref"]
        )
        if delivery:
            item.set("requestedDeliveryDate", str(delivery))
        item_id = etree.SubElement(item, "ItemID")
        etree.SubElement(item_id, "SupplierPartID").text = line["product_code"]
        if line.get("buyer_product_code"):
            etree.SubElement(item_id, "BuyerPartID").text = line["buyer_product_code"]
        detail = etree.SubElement(item, "ItemDetail")
        _money(detail, "UnitPrice", Decimal(str(line.get("unit_price") or 0)), currency)
        description = etree.SubElement(detail, "Description")
        description.set(XML_LANG, "en")
        description.text = line.get("description") or line["product_code"]
        etree.SubElement(detail, "UnitOfMeasure").text = line.get("uom_code") or "EA"
        if line.get("gtin"):
            etree.SubElement(detail, "ManufacturerPartID").text = line["gtin"]
    return request


def _place(parent, tag, values):
    address = etree.SubElement(etree.SubElement(parent, tag), "Address")
    if values.get("external_id"):
        address.set("addressID", values["external_id"])
    name = etree.SubElement(address, "Name")
    name.set(XML_LANG, "en")
    name.text = values.get("name") or "-"
    if values.get("street") and values.get("city") and values.get("country_code"):
        postal = etree.SubElement(address, "PostalAddress")
        for street in filter(None, (values.get("street"), values.get("street2"))):
            etree.SubElement(postal, "Street").text = street
        etree.SubElement(postal, "City").text = values["city"]
        if values.get("state_code"):
            etree.SubElement(postal, "State").text = values["state_code"]
        if values.get("zip"):
            etree.SubElement(postal, "PostalCode").text = values["zip"]
        country = etree.SubElement(postal, "Country", isoCountryCode=values["country_code"])
        country.text = values["country_code"]
    if values.get("email"):
        etree.SubElement(address, "Email").text = values["email"]


# ---------------------------------------------------------------------- requests in
def confirmation_document(root, ordered=None):
    """A ConfirmationRequest → the canonical order acknowledgement. A line confirmed in
    parts (60 accepted, 40 back-ordered) accepts the sum of its accepted parts; ``ordered``
    (our line_ref → the line we sent) gives the product code cXML does not repeat."""
    check(root, "ConfirmationRequest")
    ordered = ordered or {}
    request = root.find("Request/ConfirmationRequest")
    header = request.find("ConfirmationHeader")
    lines = []
    for item in request.iterfind("ConfirmationItem"):
        line_ref = item.get("lineNumber").strip()
        statuses = item.findall("ConfirmationStatus")
        kinds = {status.get("type") for status in statuses}
        accepted = sum(
            (
                _decimal(s.get("quantity"))
                for s in statuses
                if s.get("type") in ("accept", "detail")
            ),
            Decimal(0),
        )
        substitute = next(
            (
                text(s, "ItemIn/ItemID/SupplierPartID")
                for s in statuses
                if s.find("ItemIn") is not None
            ),
            None,
        )
        price = next(
            (text(s, "UnitPrice/Money") for s in statuses if s.find("UnitPrice") is not None), None
        )
        date = next((s.get("deliveryDate") for s in statuses if s.get("deliveryDate")), None)
        status = _line_status(kinds, substitute)
        lines.append(
            {
                "line_ref": line_ref,
                "product_code": (ordered.get(line_ref) or {}).get("product_code") or line_ref,
                "quantity_ordered": _decimal(item.get("quantity")),
                "quantity_accepted": accepted,
                "status": status,
                "unit_price": _decimal(price),
                "scheduled_date": _day(date),
                "substitute_product_code": substitute,
            }
        )
    return json_ready(
        {
            "order_ref": request.find("OrderReference").get("orderID").strip(),
            "ack_date": _day(header.get("noticeDate")),
            "status": HEADER_STATUS.get(header.get("type"), "changed"),
            "seller_order_ref": header.get("confirmID"),
            "lines": lines,
        }
    )


def _line_status(kinds, substitute):
    """The canonical status of a line confirmed with ConfirmationStatus ``kinds``."""
    if substitute:
        return "changed"
    if "backordered" in kinds:
        return "backordered"
    return LINE_STATUS.get(kinds.pop(), "changed") if len(kinds) == 1 else "changed"


def ship_notice_document(root):
    """A ShipNoticeRequest → the canonical shipment notice: items packed in a container
    (its SSCC) are the package's lines, each batch a lot with its expiry date."""
    check(root, "ShipNoticeRequest")
    request = root.find("Request/ShipNoticeRequest")
    header = request.find("ShipNoticeHeader")
    packages, loose = {}, {}
    portions = request.findall("ShipNoticePortion")
    for item in (item for portion in portions for item in portion.iterfind("ShipNoticeItem")):
        sscc = text(item, "Packaging/ShippingContainerSerialCode")
        holder = loose
        if sscc:
            holder = packages.setdefault(sscc, {"package_ref": sscc, "sscc": sscc, "lines": {}})
            holder = holder["lines"]
        _add_item(holder, item)
    control = request.find("ShipControl")
    return json_ready(
        {
            "shipment_ref": header.get("shipmentID").strip(),
            "order_ref": portions[0].find("OrderReference").get("orderID").strip(),
            "ship_date": header.get("shipmentDate") or header.get("noticeDate"),
            "expected_date": _day(header.get("deliveryDate")),
            "carrier_code": text(control, "CarrierIdentifier") if control is not None else None,
            "tracking_numbers": [
                t.text.strip()
                for t in request.iterfind("ShipControl/ShipmentIdentifier")
                if t.text and t.text.strip()
            ],
            "lines": list(loose.values()),
            "packages": [
                {**package, "lines": list(package["lines"].values())}
                for package in packages.values()
            ],
        }
    )


def _add_item(holder, item):
    line_ref = item.get("lineNumber").strip()
    quantity = _decimal(item.get("quantity"))
    shipped = holder.setdefault(
        line_ref,
        {
            "line_ref": line_ref,
            "product_code": text(item, "ItemID/SupplierPartID") or line_ref,
            "quantity_shipped": Decimal(0),
            "uom_code": text(item, "UnitOfMeasure"),
            "lots": [],
        },
    )
    shipped["quantity_shipped"] += quantity
    batch = item.find("Batch")
    if batch is not None:
        shipped["lots"].append(
            {
                "lot_name": text(batch, "SupplierBatchID") or text(batch, "BuyerBatchID"),
                "quantity": quantity,
                "expiry_date": _day(batch.get("expirationDate")),
            }
        )


def invoice_document(root):
    """An InvoiceDetailRequest → the canonical invoice; the seller is the envelope's From
    credential, the buyer its To."""
    check(root, "InvoiceDetailRequest")
    request = root.find("Request/InvoiceDetailRequest")
    header = request.find("InvoiceDetailRequestHeader")
    summary = request.find("InvoiceDetailSummary")
    currency = summary.find("SubtotalAmount/Money").get("currency")
    orders = request.findall("InvoiceDetailOrder")
    reference = orders[0].find("InvoiceDetailOrderInfo/OrderReference")
    untaxed = _decimal(text(summary, "SubtotalAmount/Money"))
    tax = _decimal(text(summary, "Tax/Money"))
    gross = text(summary, "GrossAmount/Money")
    seller, buyer = _credentials(root, "From"), _credentials(root, "To")
    return json_ready(
        {
            "invoice_number": header.get("invoiceID").strip(),
            "invoice_date": _day(header.get("invoiceDate")),
            "order_ref": reference.get("orderID").strip() if reference is not None else None,
            "currency": currency,
            "seller": {"external_id": seller[0].identity} if seller else None,
            "buyer": {"external_id": buyer[0].identity if buyer else "-"},
            "lines": [
                _invoice_line(item)
                for order in orders
                for item in order.iterfind("InvoiceDetailItem")
            ],
            "amount_untaxed": untaxed,
            "amount_tax": tax,
            "amount_total": _decimal(gross) if gross is not None else untaxed + tax,
        }
    )


def _invoice_line(item):
    reference = item.find("InvoiceDetailItemReference")
    taxes = [
        {
            "name": text(detail, "Description") or detail.get("category") or "Tax",
            "rate": _decimal(detail.get("percentageRate")) or Decimal(0),
            "amount": _decimal(text(detail, "TaxAmount/Money")),
        }
        for detail in item.iterfind("Tax/TaxDetail")
    ]
    if not taxes and item.find("Tax") is not None:
        taxes = [
            {
                "name": text(item, "Tax/Description") or "Tax",
                "rate": Decimal(0),
                "amount": _decimal(text(item, "Tax/Money")),
            }
        ]
    line_ref = reference.get("lineNumber").strip()
    return {
        "line_ref": line_ref,
        "product_code": text(reference, "ItemID/SupplierPartID") or line_ref,
        "description": text(reference, "Description"),
        "quantity": _decimal(item.get("quantity")),
        "uom_code": text(item, "UnitOfMeasure"),
        "unit_price": _decimal(text(item, "UnitPrice/Money")),
        "taxes": taxes,
        "subtotal": _decimal(text(item, "SubtotalAmount/Money")),
    }
