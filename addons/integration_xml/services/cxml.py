"""cXML 1.2: the envelope (From / To / Sender credentials, payloadID), OrderRequest → the
hub's canonical order, and the synchronous Response. No ORM."""

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from odoo.addons.integration_core.schemas.shipment_notice import loose_lines

from .xmlread import ReadSchema, Violation, XmlDocumentError, parse, text

DTD_URL = "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd"
STATUS_TEXT = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 406: "Not Acceptable"}
_SECRET = re.compile(rb"(<SharedSecret(?:\s[^>]*)?>)(.*?)(</SharedSecret\s*>)", re.S)
_schemas = {}


def check(root, request):
    """Check ``root`` against the read schema of ``request`` (OrderRequest...): an
    XmlDocumentError names each XPath and rule."""
    if request not in _schemas:
        name = "".join(f"_{c.lower()}" if c.isupper() else c for c in request)
        _schemas[request] = ReadSchema(f"cxml{name}.xsd")
    _schemas[request].check(root, f"cXML {request}")


@dataclass(frozen=True)
class Credential:
    domain: str
    identity: str
    shared_secret: str | None = None

    def matches(self, domain, identity):
        """Same identity (case-insensitive, as cXML networks compare them), and same domain
        when one is configured."""
        same_domain = not domain or self.domain.lower() == domain.strip().lower()
        return same_domain and self.identity.lower() == identity.strip().lower()


@dataclass(frozen=True)
class Envelope:
    payload_id: str
    from_: tuple
    to: tuple
    sender: tuple
    request: str | None  # OrderRequest, ProfileRequest...


def _credentials(root, where):
    return tuple(
        Credential(
            node.get("domain") or "",
            text(node, "Identity") or "",
            # SharedSecret is the text content; its whitespace is the sender's, kept as is
            node.findtext("SharedSecret"),
        )
        for node in root.iterfind(f"Header/{where}/Credential")
    )


def read_envelope(payload):
    """The envelope of a cXML request: XmlDocumentError when it is not cXML."""
    root = parse(payload)
    if root.tag != "cXML":
        raise XmlDocumentError(
            f"The root element is <{root.tag}>, not <cXML>.",
            [Violation(f"/{root.tag}", "the root element must be cXML")],
        )
    request = root.find("Request")
    kind = None
    if request is not None:
        kind = next((child.tag for child in request if isinstance(child.tag, str)), None)
    return root, Envelope(
        payload_id=(root.get("payloadID") or "").strip(),
        from_=_credentials(root, "From"),
        to=_credentials(root, "To"),
        sender=_credentials(root, "Sender"),
        request=kind,
    )


def authenticate(envelope, from_domain, from_identity, secret, to_identity=None):
    """Whether the envelope's From names the partner, its Sender carries the partner's
    shared secret (compared in constant time) and its To names us when we set who we are."""
    if not secret or not from_identity:
        return False
    if not any(c.matches(from_domain, from_identity) for c in envelope.from_):
        return False
    if to_identity and not any(c.matches(None, to_identity) for c in envelope.to):
        return False
    return any(
        c.shared_secret is not None
        and hmac.compare_digest(c.shared_secret.encode(), secret.encode())
        for c in envelope.sender
    )


def with_shared_secret(payload, secret):
    """Our stored request with ``secret`` in its Sender credential, as it is sent."""
    root = parse(payload)
    identity = root.find("Header/Sender/Credential/Identity")
    shared = etree.Element("SharedSecret")
    shared.text = secret
    identity.addnext(shared)
    return etree.tostring(
        etree.ElementTree(root),
        xml_declaration=True,
        encoding="UTF-8",
        doctype=f'<!DOCTYPE cXML SYSTEM "{DTD_URL}">',
    )


def response_status(payload):
    """The code and text of a synchronous cXML Response (XmlDocumentError when it is
    none)."""
    root = parse(payload)
    status = root.find("Response/Status")
    code = status.get("code") if status is not None else None
    if root.tag != "cXML" or not (code or "").strip().isdigit():
        raise XmlDocumentError(
            "The answer is not a cXML Response with a Status code.",
            [Violation("/cXML/Response/Status/@code", "required, a number")],
        )
    return int(code), (status.text or status.get("text") or "").strip()


def redact_secret(payload):
    """The payload with every SharedSecret's text replaced: the hub keeps what partners
    send, never their passwords."""
    return _SECRET.sub(rb"\1(removed)\3", payload)


# OrderRequestHeader/@type → the canonical purpose: an update restates the whole order
# (lines it leaves out are cancelled), a delete cancels it.
ORDER_PURPOSES = {"new": "original", "update": "change", "delete": "cancel"}


def order_document(root):
    """A checked OrderRequest → the canonical order as a dict (an update or delete of an
    order sent before: its change or cancellation)."""
    check(root, "OrderRequest")
    header = root.find("Request/OrderRequest/OrderRequestHeader")
    items = root.findall("Request/OrderRequest/ItemOut")
    bill_to = header.find("BillTo/Address")
    from_ = _credentials(root, "From")
    currency = header.find("Total/Money").get("currency")
    dates = sorted(d for d in (i.get("requestedDeliveryDate") for i in items) if d)
    order = {
        "order_ref": header.get("orderID").strip(),
        "order_date": header.get("orderDate")[:10],
        "currency": currency,
        "customer": {
            "external_id": from_[0].identity,
            "name": text(bill_to, "Name"),
            "email": text(bill_to, "Email"),
            "address": _address(bill_to),
        },
        "ship_to": _address(header.find("ShipTo/Address")),
        "bill_to": _address(bill_to),
        "requested_delivery_date": dates[0][:10] if dates else None,
        "notes": text(header, "Comments"),
        "lines": [_line(item) for item in items],
    }
    purpose = ORDER_PURPOSES[header.get("type") or "new"]
    if purpose != "original":
        order["purpose"] = purpose
        order["lines_complete"] = purpose == "change"
    if purpose == "cancel":
        order["lines"] = []  # the whole order goes, whatever lines it restates
    return order


def _address(address):
    if address is None:
        return None
    postal = address.find("PostalAddress")
    values = {
        "name": text(address, "Name"),
        "external_id": address.get("addressID") or None,
        "email": text(address, "Email"),
    }
    if postal is not None:
        streets = [s.text.strip() for s in postal.iterfind("Street") if s.text and s.text.strip()]
        values.update(
            street=streets[0] if streets else None,
            street2=", ".join(streets[1:]) or None,
            city=text(postal, "City"),
            state_code=text(postal, "State"),
            zip=text(postal, "PostalCode"),
            country_code=postal.find("Country").get("isoCountryCode"),
        )
    return {key: value for key, value in values.items() if value is not None}


def _line(item):
    detail = item.find("ItemDetail")
    return {
        "line_ref": item.get("lineNumber"),
        "product_code": text(item, "ItemID/SupplierPartID"),
        "description": _own_text(detail.find("Description")),
        "quantity": item.get("quantity"),
        "uom_code": text(detail, "UnitOfMeasure"),
        "unit_price": text(detail, "UnitPrice/Money"),
    }


def _own_text(element):
    """An element's own text, without its children's (Description's ShortName)."""
    value = (element.text or "").strip() if element is not None else ""
    return value or text(element, "ShortName") if element is not None else None


def response(code, message="", payload_id=None, now=None):
    """The synchronous cXML Response: ``<Status code=... text=...>message</Status>``."""
    now = now or datetime.now(UTC)
    root = etree.Element("cXML")
    root.set("payloadID", payload_id or f"{now:%Y%m%d%H%M%S}.{secrets.token_hex(8)}@hub")
    root.set("timestamp", now.isoformat(timespec="seconds"))
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en-US")
    status = etree.SubElement(etree.SubElement(root, "Response"), "Status")
    status.set("code", str(code))
    status.set("text", STATUS_TEXT.get(code, "Error"))
    if message:
        status.text = message
    return etree.tostring(
        etree.ElementTree(root),
        xml_declaration=True,
        encoding="UTF-8",
        doctype=f'<!DOCTYPE cXML SYSTEM "{DTD_URL}">',
    )


# ---------------------------------------------------------------------- outbound requests
CONFIRMATION_TYPES = {"accepted": "accept", "rejected": "reject", "changed": "detail"}
LINE_CONFIRMATION_TYPES = {
    "accepted": "accept",
    "rejected": "reject",
    "backordered": "backordered",
    "changed": "detail",
}
USER_AGENT = "Odoo integration hub"


@dataclass(frozen=True)
class Route:
    """Who sends (us) and who receives (the partner) an outbound request."""

    our_domain: str
    our_identity: str
    their_domain: str
    their_identity: str


def _money(parent, tag, amount, currency):
    holder = etree.SubElement(parent, tag) if tag else parent
    money = etree.SubElement(holder, "Money", currency=currency)
    money.text = f"{amount:.2f}"
    return holder


def _credential(parent, domain, identity):
    credential = etree.SubElement(parent, "Credential", domain=domain or "NetworkID")
    etree.SubElement(credential, "Identity").text = identity
    return credential


def _order_reference(parent, order_ref, order_payload_id):
    reference = etree.SubElement(parent, "OrderReference", orderID=order_ref)
    etree.SubElement(reference, "DocumentReference", payloadID=order_payload_id or order_ref)
    return reference


def request_envelope(request, payload_id, route, now, deployment="production"):
    """A cXML document around ``request`` (a ConfirmationRequest... element). The Sender
    carries no SharedSecret: payloads are stored, secrets never are; the cXML transport
    adds it when it sends (``with_shared_secret``)."""
    root = etree.Element("cXML", payloadID=payload_id, timestamp=now.isoformat("T", "seconds"))
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en-US")
    header = etree.SubElement(root, "Header")
    _credential(etree.SubElement(header, "From"), route.our_domain, route.our_identity)
    _credential(etree.SubElement(header, "To"), route.their_domain, route.their_identity)
    sender = etree.SubElement(header, "Sender")
    _credential(sender, route.our_domain, route.our_identity)
    etree.SubElement(sender, "UserAgent").text = USER_AGENT
    etree.SubElement(root, "Request", deploymentMode=deployment).append(request)
    return etree.tostring(
        etree.ElementTree(root),
        xml_declaration=True,
        encoding="UTF-8",
        pretty_print=True,
        doctype=f'<!DOCTYPE cXML SYSTEM "{DTD_URL}">',
    )


def confirmation_request(ack, order_payload_id, now):
    """A canonical order acknowledgement (dict) → ConfirmationRequest."""
    request = etree.Element("ConfirmationRequest")
    etree.SubElement(
        request,
        "ConfirmationHeader",
        type=CONFIRMATION_TYPES.get(ack["status"], "detail"),
        noticeDate=now.isoformat("T", "seconds"),
        confirmID=ack.get("seller_order_ref") or ack["order_ref"],
        operation="new",
    )
    _order_reference(request, ack["order_ref"], order_payload_id)
    for line in ack.get("lines") or []:
        rejected = line["status"] == "rejected"
        quantity = line["quantity_ordered"] if rejected else line["quantity_accepted"]
        item = etree.SubElement(
            request,
            "ConfirmationItem",
            lineNumber=str(line["line_ref"]),
            quantity=_number(line["quantity_ordered"]),
        )
        etree.SubElement(item, "UnitOfMeasure").text = line.get("uom_code") or "EA"
        status = etree.SubElement(
            item,
            "ConfirmationStatus",
            type=LINE_CONFIRMATION_TYPES[line["status"]],
            quantity=_number(quantity),
        )
        if line.get("scheduled_date"):
            status.set("deliveryDate", str(line["scheduled_date"]))
        etree.SubElement(status, "UnitOfMeasure").text = line.get("uom_code") or "EA"
    return request


def ship_notice_request(notice, order_payload_id, now):
    """A canonical shipment notice (dict) → ShipNoticeRequest."""
    request = etree.Element("ShipNoticeRequest")
    etree.SubElement(
        request,
        "ShipNoticeHeader",
        shipmentID=notice["shipment_ref"],
        operation="new",
        noticeDate=now.isoformat("T", "seconds"),
        shipmentDate=_datetime(notice["ship_date"]),
        shipmentType="actual",
    )
    if notice.get("carrier_code") or notice.get("tracking_numbers"):
        control = etree.SubElement(request, "ShipControl")
        carrier = etree.SubElement(control, "CarrierIdentifier", domain="companyName")
        carrier.text = notice.get("carrier_code") or "unknown"
        for number in notice.get("tracking_numbers") or []:
            etree.SubElement(control, "ShipmentIdentifier").text = number
    portion = etree.SubElement(request, "ShipNoticePortion")
    _order_reference(portion, notice["order_ref"], order_payload_id)
    for line in loose_lines(notice):
        _ship_notice_items(portion, line, None)
    for package in notice.get("packages") or []:
        for line in package.get("lines") or []:
            _ship_notice_items(portion, line, package.get("sscc"))
    return request


def _ship_notice_items(portion, line, sscc):
    """One ShipNoticeItem per lot of ``line`` (its Batch), in the container ``sscc``;
    each quantity once (the hub's builder lists packed lines at top level as well)."""
    for lot in line.get("lots") or [None]:
        quantity = lot["quantity"] if lot else line["quantity_shipped"]
        item = etree.SubElement(
            portion,
            "ShipNoticeItem",
            quantity=_number(quantity),
            lineNumber=str(line["line_ref"]),
        )
        etree.SubElement(etree.SubElement(item, "ItemID"), "SupplierPartID").text = line[
            "product_code"
        ]
        etree.SubElement(item, "UnitOfMeasure").text = line.get("uom_code") or "EA"
        if sscc:
            packaging = etree.SubElement(item, "Packaging")
            etree.SubElement(packaging, "ShippingContainerSerialCode").text = sscc
        if lot:
            batch = etree.SubElement(item, "Batch")
            if lot.get("expiry_date"):
                batch.set("expirationDate", str(lot["expiry_date"]))
            etree.SubElement(batch, "SupplierBatchID").text = lot["lot_name"]


def invoice_detail_request(invoice, order_payload_id, now):
    """A canonical invoice (dict) → InvoiceDetailRequest (header, one order, summary)."""
    currency = invoice["currency"]
    request = etree.Element("InvoiceDetailRequest")
    header = etree.SubElement(
        request,
        "InvoiceDetailRequestHeader",
        invoiceID=invoice["invoice_number"],
        purpose="standard",
        operation="new",
        invoiceDate=str(invoice["invoice_date"]),
    )
    etree.SubElement(header, "InvoiceDetailHeaderIndicator")
    etree.SubElement(header, "InvoiceDetailLineIndicator", isTaxInLine="yes")
    order = etree.SubElement(request, "InvoiceDetailOrder")
    info = etree.SubElement(order, "InvoiceDetailOrderInfo")
    order_ref = invoice.get("order_ref") or invoice["invoice_number"]
    _order_reference(info, order_ref, order_payload_id)
    for number, line in enumerate(invoice["lines"], 1):
        item = etree.SubElement(
            order,
            "InvoiceDetailItem",
            invoiceLineNumber=str(number),
            quantity=_number(line["quantity"]),
        )
        etree.SubElement(item, "UnitOfMeasure").text = line.get("uom_code") or "EA"
        _money(item, "UnitPrice", line["unit_price"], currency)
        reference = etree.SubElement(
            item, "InvoiceDetailItemReference", lineNumber=str(line["line_ref"])
        )
        etree.SubElement(etree.SubElement(reference, "ItemID"), "SupplierPartID").text = line[
            "product_code"
        ]
        _money(item, "SubtotalAmount", line["subtotal"], currency)
        if line.get("taxes"):
            _tax(item, sum(t["amount"] for t in line["taxes"]), currency, line["taxes"])
    summary = etree.SubElement(request, "InvoiceDetailSummary")
    _money(summary, "SubtotalAmount", invoice["amount_untaxed"], currency)
    _tax(summary, invoice["amount_tax"], currency, [])
    _money(summary, "GrossAmount", invoice["amount_total"], currency)
    _money(summary, "NetAmount", invoice["amount_total"], currency)
    _money(summary, "DueAmount", invoice["amount_total"], currency)
    return request


def _tax(parent, amount, currency, taxes):
    """A Tax with one TaxDetail per tax (its rate and amount)."""
    tax = _money(parent, "Tax", amount, currency)
    names = ", ".join(t["name"] for t in taxes) or "Tax"
    description = etree.SubElement(tax, "Description")
    description.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    description.text = names
    for line_tax in taxes:
        detail = etree.SubElement(
            tax, "TaxDetail", category="vat", percentageRate=_number(line_tax["rate"])
        )
        _money(detail, "TaxAmount", line_tax["amount"], currency)
        detail_description = etree.SubElement(detail, "Description")
        detail_description.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
        detail_description.text = line_tax["name"]
    return tax


def _datetime(value):
    """A date or datetime as cXML writes it (ISO 8601, a ``T`` between date and time)."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _number(value):
    """A quantity as cXML writes it: no exponent, no trailing zeros."""
    text = f"{float(value):f}".rstrip("0").rstrip(".")
    return text or "0"
