"""An XML payload (UBL, cXML) as a person reads it: an indented tree of its elements, each
with its path (``/Order/cac:OrderLine[2]/cac:LineItem/cbc:Quantity``), its text and its
attributes, the main UBL and cXML elements named. Read as a stream: a payload that is not
well-formed shows the elements before the fault and lxml's reason with its line.

Element names written for the hub from the UBL 2.1 and cXML 1.2 element definitions.
"""

import io

from lxml import etree

from odoo.addons.integration_core.services.readable import Field, Readable, Row

HIDDEN = "(hidden)"
# Elements whose text is a credential: never shown, even to who may read the payload.
SECRETS = {"SharedSecret", "CredentialMac", "DigitalSignature"}

NAMES = {
    # UBL documents and their main parts
    "Order": "Order",
    "OrderResponse": "Order response",
    "DespatchAdvice": "Despatch advice",
    "Invoice": "Invoice",
    "CreditNote": "Credit note",
    "CustomizationID": "Specification identifier",
    "ProfileID": "Business process",
    "ID": "Identifier",
    "IssueDate": "Issue date",
    "DueDate": "Due date",
    "OrderTypeCode": "Order type code",
    "InvoiceTypeCode": "Invoice type code",
    "OrderResponseCode": "Response code",
    "LineStatusCode": "Line status code",
    "Note": "Note",
    "DocumentCurrencyCode": "Currency",
    "CustomerReference": "Customer reference",
    "BuyerReference": "Buyer reference",
    "OrderReference": "Order reference",
    "OrderLineReference": "Order line reference",
    "BuyerCustomerParty": "Buyer",
    "SellerSupplierParty": "Seller",
    "AccountingCustomerParty": "Buyer (accounting)",
    "AccountingSupplierParty": "Seller (accounting)",
    "DeliveryCustomerParty": "Delivered to",
    "DespatchSupplierParty": "Despatched by",
    "Party": "Party",
    "EndpointID": "Electronic address",
    "PartyIdentification": "Party identification",
    "PartyName": "Party name",
    "Name": "Name",
    "PostalAddress": "Postal address",
    "StreetName": "Street",
    "AdditionalStreetName": "Street (more)",
    "CityName": "City",
    "PostalZone": "Postal code",
    "CountrySubentity": "Region",
    "Country": "Country",
    "IdentificationCode": "Country code",
    "PartyTaxScheme": "Tax registration",
    "CompanyID": "Company identifier",
    "TaxScheme": "Tax scheme",
    "PartyLegalEntity": "Legal entity",
    "RegistrationName": "Registered name",
    "Contact": "Contact",
    "ElectronicMail": "E-mail",
    "Telephone": "Telephone",
    "Delivery": "Delivery",
    "DeliveryLocation": "Delivery location",
    "RequestedDeliveryPeriod": "Requested delivery period",
    "StartDate": "Start date",
    "EndDate": "End date",
    "Shipment": "Shipment",
    "OrderLine": "Order line",
    "LineItem": "Line item",
    "InvoiceLine": "Invoice line",
    "CreditNoteLine": "Credit note line",
    "DespatchLine": "Despatch line",
    "Quantity": "Quantity",
    "InvoicedQuantity": "Invoiced quantity",
    "DeliveredQuantity": "Delivered quantity",
    "LineExtensionAmount": "Line amount (without tax)",
    "Price": "Price",
    "PriceAmount": "Price amount",
    "BaseQuantity": "Price base quantity",
    "Item": "Item",
    "Description": "Description",
    "SellersItemIdentification": "Seller's item identifier",
    "BuyersItemIdentification": "Buyer's item identifier",
    "StandardItemIdentification": "Standard item identifier (GTIN)",
    "ClassifiedTaxCategory": "Tax category",
    "TaxCategory": "Tax category",
    "Percent": "Rate (%)",
    "TaxTotal": "Tax total",
    "TaxSubtotal": "Tax subtotal",
    "TaxableAmount": "Taxable amount",
    "TaxAmount": "Tax amount",
    "AllowanceCharge": "Allowance or charge",
    "ChargeIndicator": "Charge (true) or allowance (false)",
    "Amount": "Amount",
    "AnticipatedMonetaryTotal": "Totals (anticipated)",
    "LegalMonetaryTotal": "Totals",
    "TaxExclusiveAmount": "Total without tax",
    "TaxInclusiveAmount": "Total with tax",
    "PayableAmount": "Amount payable",
    "PaymentMeans": "Payment means",
    "PaymentTerms": "Payment terms",
    # cXML
    "cXML": "cXML envelope",
    "Header": "Header",
    "From": "From (the buyer's organisation)",
    "To": "To (the supplier)",
    "Sender": "Sender (who transmits)",
    "Credential": "Credential",
    "Identity": "Identity",
    "SharedSecret": "Shared secret",
    "UserAgent": "Sending application",
    "Request": "Request",
    "Response": "Response",
    "Status": "Status",
    "OrderRequest": "Order request",
    "OrderRequestHeader": "Order header",
    "ItemOut": "Ordered item",
    "ItemID": "Item identifier",
    "SupplierPartID": "Supplier's part number",
    "SupplierPartAuxiliaryID": "Supplier's auxiliary part id",
    "ItemDetail": "Item detail",
    "UnitPrice": "Unit price",
    "Money": "Amount",
    "UnitOfMeasure": "Unit of measure",
    "ShipTo": "Ship to",
    "BillTo": "Bill to",
    "Address": "Address",
    "Street": "Street",
    "City": "City",
    "State": "State",
    "PostalCode": "Postal code",
    "Email": "E-mail",
    "Total": "Total",
    "Tax": "Tax",
    "Shipping": "Shipping",
    "Comments": "Comments",
    "ConfirmationRequest": "Order confirmation",
    "ConfirmationHeader": "Confirmation header",
    "ConfirmationItem": "Confirmed item",
    "ConfirmationStatus": "Confirmation status",
    "ShipNoticeRequest": "Ship notice",
    "ShipNoticeHeader": "Ship notice header",
    "ShipControl": "Carrier and tracking",
    "CarrierIdentifier": "Carrier",
    "ShipmentIdentifier": "Tracking number",
    "ShipNoticePortion": "Shipped order",
    "ShipNoticeItem": "Shipped item",
    "InvoiceDetailRequest": "Invoice",
    "InvoiceDetailRequestHeader": "Invoice header",
    "InvoiceDetailOrder": "Invoiced order",
    "InvoiceDetailItem": "Invoiced item",
    "InvoiceDetailSummary": "Invoice totals",
    "SubtotalAmount": "Subtotal",
    "GrossAmount": "Gross amount",
    "NetAmount": "Net amount",
    "DueAmount": "Amount due",
}

ATTRIBUTES = {
    "payloadID": "Payload id (idempotency key)",
    "timestamp": "Sent at",
    "domain": "Identity domain",
    "orderID": "Order number",
    "orderDate": "Order date",
    "type": "Type",
    "quantity": "Quantity",
    "lineNumber": "Line number",
    "currency": "Currency",
    "currencyID": "Currency",
    "unitCode": "Unit code",
    "schemeID": "Identifier scheme",
    "code": "Code",
    "text": "Text",
    "addressID": "Address identifier",
    "invoiceID": "Invoice number",
    "invoiceDate": "Invoice date",
    "purpose": "Purpose",
    "operation": "Operation",
    "shipmentID": "Shipment id",
    "shipmentDate": "Shipment date",
    "deliveryDate": "Delivery date",
    "noticeDate": "Notice date",
    "confirmID": "Confirmation id",
    "deploymentMode": "Deployment mode",
}


def readable(payload):
    """``services.readable.Readable`` of ``payload`` (bytes): the elements up to the end or
    to the fault that stops the parser."""
    view = Readable()
    stack = []  # (row, {child name: count}) of the open elements
    events = etree.iterparse(
        io.BytesIO(payload),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )
    try:
        for event, element in events:
            if view.stop():
                break
            if event == "start":
                stack.append(_open(view, stack, element))
            else:
                row, _children = stack.pop()
                row.value = _text(element)
                element.clear(keep_tail=True)  # read: only its row is kept
    except etree.XMLSyntaxError as err:
        view.error = f"not well-formed XML: {err.msg}"
    return view


def _open(view, stack, element):
    qname = etree.QName(element)
    tag = f"{element.prefix}:{qname.localname}" if element.prefix else qname.localname
    if stack:
        parent, children = stack[-1]
        children[tag] = children.get(tag, 0) + 1
        index = children[tag]
        path = f"{parent.raw}/{tag}" + (f"[{index}]" if index > 1 else "")
    else:
        path = f"/{tag}"
    row = Row(
        tag=tag,
        name=NAMES.get(qname.localname, ""),
        fields=[_attribute(name, value) for name, value in element.attrib.items()],
        number=element.sourceline or 0,
        level=len(stack),
        raw=path,
    )
    view.add(row)
    return row, {}


def _attribute(name, value):
    local = etree.QName(name).localname
    return Field(ref=f"@{local}", name=ATTRIBUTES.get(local, ""), value=value)


def _text(element):
    if etree.QName(element).localname in SECRETS:
        return HIDDEN
    return (element.text or "").strip()
