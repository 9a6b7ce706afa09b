# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.addons.integration_core import schemas
from odoo.tests import tagged

from .common import PurchaseCase
from .test_purchase_chain import PurchaseChainMixin

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
BILLING = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"


def _el(parent, ns, tag, text=None, **attributes):
    node = etree.SubElement(parent, f"{{{ns}}}{tag}", attributes)
    if text is not None:
        node.text = str(text)
    return node


def ubl_invoice(invoice):
    """The supplier's Peppol BIS Billing 3 invoice of a canonical ``invoice`` (zero-rated):
    what its e-invoicing system sends."""
    root = etree.Element(
        f"{{{INVOICE_NS}}}Invoice", nsmap={None: INVOICE_NS, "cac": CAC, "cbc": CBC}
    )
    currency = invoice["currency"]
    _el(root, CBC, "CustomizationID", BILLING)
    _el(root, CBC, "ProfileID", "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
    _el(root, CBC, "ID", invoice["invoice_number"])
    _el(root, CBC, "IssueDate", invoice["invoice_date"])
    _el(root, CBC, "InvoiceTypeCode", "380")
    _el(root, CBC, "DocumentCurrencyCode", currency)
    _el(root, CBC, "BuyerReference", invoice["order_ref"])
    _el(_el(root, CAC, "OrderReference"), CBC, "ID", invoice["order_ref"])
    for role, party in (
        ("AccountingSupplierParty", invoice["seller"]),
        ("AccountingCustomerParty", invoice["buyer"]),
    ):
        node = _el(_el(root, CAC, role), CAC, "Party")
        _el(node, CBC, "EndpointID", party["external_id"], schemeID="0088")
        _el(_el(node, CAC, "PartyName"), CBC, "Name", party["name"])
        _el(_el(node, CAC, "PartyLegalEntity"), CBC, "RegistrationName", party["name"])
    untaxed = f"{invoice['amount_untaxed']:.2f}"
    tax_total = _el(root, CAC, "TaxTotal")
    _el(tax_total, CBC, "TaxAmount", "0.00", currencyID=currency)
    subtotal = _el(tax_total, CAC, "TaxSubtotal")
    _el(subtotal, CBC, "TaxableAmount", untaxed, currencyID=currency)
    _el(subtotal, CBC, "TaxAmount", "0.00", currencyID=currency)
    _tax_category(subtotal, "TaxCategory")
    totals = _el(root, CAC, "LegalMonetaryTotal")
    for tag in ("LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount"):
        _el(totals, CBC, tag, untaxed, currencyID=currency)
    _el(totals, CBC, "PayableAmount", untaxed, currencyID=currency)
    for number, line in enumerate(invoice["lines"], 1):
        node = _el(root, CAC, "InvoiceLine")
        _el(node, CBC, "ID", number * 10)
        _el(node, CBC, "InvoicedQuantity", line["quantity"], unitCode="C62")
        _el(node, CBC, "LineExtensionAmount", f"{line['subtotal']:.2f}", currencyID=currency)
        _el(_el(node, CAC, "OrderLineReference"), CBC, "LineID", line["line_ref"])
        item = _el(node, CAC, "Item")
        _el(item, CBC, "Name", line["product_code"])
        _el(_el(item, CAC, "SellersItemIdentification"), CBC, "ID", line["product_code"])
        _tax_category(item, "ClassifiedTaxCategory")
        _el(_el(node, CAC, "Price"), CBC, "PriceAmount", line["unit_price"], currencyID=currency)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _tax_category(parent, tag):
    category = _el(parent, CAC, tag)
    _el(category, CBC, "ID", "Z")
    _el(category, CBC, "Percent", "0")
    _el(_el(category, CAC, "TaxScheme"), CBC, "ID", "VAT")


@tagged("post_install", "-at_install")
class TestUblChain(PurchaseChainMixin, PurchaseCase):
    """UBL (Peppol): our purchase order out as Odoo's own UBL Order; the supplier's Order
    Response, Despatch Advice and Invoice in. Skipped when integration_xml is not
    installed (this module does not depend on it)."""

    codec = "ubl"

    def encode(self, flow, document):
        from odoo.addons.integration_xml.services import ubl, ubl_supplier

        document = schemas.validate_document(flow.document_type, document)
        data = document.model_dump(mode="json")
        supplier = {"external_id": "PSI", "name": self.vendor.name}
        us = {"external_id": "HUB-0042", "name": self.env.company.name}
        if flow.document_type == "order_ack":
            return ubl.order_response(
                document.model_dump(),
                seller=supplier,
                buyer=us,
                response_id=f"OR-{data['order_ref']}",
                currency="USD",
            )
        if flow.document_type == "shipment_notice":
            return ubl_supplier.despatch_advice(data, "2026-12-18", supplier, us)
        return ubl_invoice(document.model_dump())

    def assertOrderSent(self, server, order):
        (request,) = server.requests
        root = etree.fromstring(request["body"])
        ns = {"cac": CAC, "cbc": CBC}
        self.assertEqual(root.findtext("cbc:ID", namespaces=ns), order.name)
        self.assertEqual(
            root.xpath("cac:OrderLine/cac:LineItem/cbc:ID/text()", namespaces=ns),
            ["1", "2", "3"],
        )
        self.assertEqual(
            request["body"],
            self.env["purchase.edi.xml.ubl_bis3"]._export_order(order),
            "Odoo's own UBL order",
        )
