# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import dataclasses

from lxml import etree

from odoo import models
from odoo.addons.integration_core.services.errors import BusinessRuleError

from ..services import ubl, ubl_supplier
from ..services.xmlread import XmlDocumentError

UBL_INVOICE_FORMATS = ("ubl_bis3", "xrechnung", "nlcius", "ubl_a_nz", "ubl_sg")
# The UBL document each inbound document type is read from
INBOUND = {
    "order": "Order",
    "order_ack": "OrderResponse",
    "shipment_notice": "DespatchAdvice",
    "invoice": "Invoice",
}


class IntegrationCodecUbl(models.AbstractModel):
    """UBL / Peppol BIS 3 through Odoo's own UBL code where it exists. Customers: orders
    in (sale_edi_ubl's reader), invoices and credit notes out (account_edi_ubl_cii's
    export, byte for byte), Order Responses and Despatch Advices out, which Odoo lacks.
    Suppliers: orders out (purchase_edi_ubl_bis3's export, byte for byte), Order Changes
    and Cancellations; Order Responses, Despatch Advices and Invoices in."""

    _name = "integration.codec.ubl"
    _inherit = "integration.codec.xml"
    _description = "UBL (Peppol BIS 3) codec"

    def _features(self):
        return dataclasses.replace(
            super()._features(), example="integration_xml/examples/ubl_order.xml"
        )

    def _decode(self, message, payload):
        """Orders from customers; from suppliers, Order Responses, Despatch Advices and
        Invoices (each checked against the schema of what the hub reads)."""
        reader = INBOUND.get(message.document_type)
        if not reader:
            raise BusinessRuleError(
                self.env._("The UBL codec does not read %s documents.", message.document_type)
            )
        try:
            root = ubl.read(payload, reader)
        except XmlDocumentError as err:
            raise self._xml_error(err) from err
        return getattr(self, f"_decode_{message.document_type}")(message, root)

    def _decode_order(self, message, root):
        reader = self.env["sale.order"]._get_order_ubl_builder_from_xml_tree(root)
        reader = reader if reader is not None else self.env["sale.edi.xml.ubl_bis3"]
        return ubl.order_document(
            root,
            buyer=reader._import_retrieve_partner_vals(root, "BuyerCustomer"),
            delivery=reader._import_retrieve_delivery_vals(root),
        )

    def _decode_order_ack(self, message, root):
        order_ref = root.findtext("cac:OrderReference/cbc:ID", namespaces=ubl.NS)
        return ubl_supplier.order_ack_document(root, self._ordered_lines(message, order_ref))

    def _decode_shipment_notice(self, message, root):
        return ubl_supplier.shipment_notice_document(root)

    def _decode_invoice(self, message, root):
        """Party values as Odoo's own UBL invoice import reads them (name, VAT, e-mail);
        the rest with lxml: Odoo's importer fills an account.move directly, and the hub
        needs the canonical invoice first (cross-references, three-way match)."""
        reader = self.env["account.edi.xml.ubl_bis3"]
        return ubl_supplier.invoice_document(
            root,
            seller=reader._import_retrieve_partner_vals(root, "AccountingSupplier"),
            buyer=reader._import_retrieve_partner_vals(root, "AccountingCustomer"),
        )

    def _encode(self, message, document):
        """Invoices and credit notes: Odoo's own UBL export. Order acknowledgements: a
        Peppol BIS Order Response 3. Orders to suppliers: Odoo's own export of the
        purchase order (or an Order Change / Cancellation). Shipment notices: a Peppol
        Despatch Advice."""
        record = message._business_record()
        if message.document_type == "order":
            return self._order_to_supplier(message, document, record)
        if message.document_type == "shipment_notice":
            return self._despatch_advice(message, document)
        if message.document_type == "order_ack" and record and record._name == "sale.order":
            return self._order_response(message, document, record)
        if message.document_type != "invoice" or not record or record._name != "account.move":
            raise BusinessRuleError(
                self.env._(
                    "The UBL codec sends orders, invoices, credit notes, order "
                    "acknowledgements and shipment notices."
                )
            )
        return self._invoice(record)

    def _invoice(self, move):
        """The invoice's UBL as Odoo exports it, in the customer's UBL format (Peppol BIS 3
        unless the customer's contact names another UBL format)."""
        customer = move.partner_id.commercial_partner_id
        edi_format = customer.invoice_edi_format
        if edi_format not in UBL_INVOICE_FORMATS:
            edi_format = "ubl_bis3"
        xml, errors = customer._get_edi_builder(edi_format)._export_invoice(move)
        if errors:
            raise BusinessRuleError(
                self.env._(
                    "Odoo cannot export %(move)s as UBL: %(errors)s",
                    move=move.name,
                    errors="; ".join(sorted(errors)),
                ),
                hint=self.env._("Complete what is named on the invoice, company or customer."),
            )
        return xml

    def _order_response(self, message, document, order):
        return ubl.order_response(
            document.model_dump(),
            seller=self._peppol_party(order.company_id.partner_id),
            buyer=self._peppol_party(order.partner_id.commercial_partner_id),
            response_id=message.name,
            currency=order.currency_id.name,
        )

    def _peppol_party(self, partner):
        return {
            "name": partner.name,
            "endpoint": partner.peppol_endpoint,
            "scheme": partner.peppol_eas,
        }

    # ------------------------------------------------------------------ supplier side
    def _order_to_supplier(self, message, document, purchase):
        """Our order to a supplier. A new order is Odoo's own export of the purchase order
        (purchase_edi_ubl_bis3), byte for byte; without a purchase order behind the message
        (a canonical order from elsewhere), the same Peppol Order built from the document.
        A change is an Order Change, or the Order again when the flow says so; a
        cancellation an Order Cancellation (Peppol Advanced Ordering)."""
        values = document.model_dump(mode="json")
        issue_date = message.create_date.date().isoformat()
        flow = message.flow_id
        if values["purpose"] == "cancel":
            note = self.env._("Order %s is cancelled.", values["order_ref"])
            return ubl_supplier.order_cancellation(values, message.name, issue_date, note)
        if values["purpose"] == "change" and flow.ubl_order_changes == "order_change":
            earlier = self._earlier_orders(message)
            previous = earlier[:1].canonical or None
            return ubl_supplier.order_change(
                values, previous, message.name, issue_date, len(earlier)
            )
        if purchase and purchase._name == "purchase.order":
            return self._purchase_order(purchase, values)
        return ubl_supplier.order(values)

    def _purchase_order(self, purchase, values):
        """Odoo's export of ``purchase``. Odoo numbers the lines 1, 2...: when the
        document's stable line references differ (a line was deleted), they replace Odoo's
        numbers so the supplier's answers refer to our lines."""
        xml = self.env["purchase.edi.xml.ubl_bis3"]._export_order(purchase)
        refs = [line["line_ref"] for line in values["lines"]]
        if refs == [str(number) for number in range(1, len(refs) + 1)]:
            return xml
        root = etree.fromstring(xml)
        items = root.findall("cac:OrderLine/cac:LineItem/cbc:ID", ubl.NS)
        if len(items) != len(refs):
            raise BusinessRuleError(
                self.env._(
                    "Purchase order %(po)s has %(odoo)s lines in Odoo's UBL export and "
                    "%(doc)s in the order document.",
                    po=purchase.name,
                    odoo=len(items),
                    doc=len(refs),
                ),
                hint=self.env._("Check the order's lines (notes and sections are not sent)."),
            )
        for node, ref in zip(items, refs, strict=True):
            node.text = ref
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def _earlier_orders(self, message):
        """The orders this flow delivered before ``message`` for the same record, newest
        first: the last one is what the supplier holds, their count the change's sequence."""
        if not message.res_model:
            return self.env["integration.message"]
        # sudo: the encode step (private) reads what the flow sent before
        return (
            self.env["integration.message"]
            .sudo()
            .search(
                [
                    ("flow_id", "=", message.flow_id.id),
                    ("res_model", "=", message.res_model),
                    ("res_id", "=", message.res_id),
                    ("id", "<", message.id),
                    ("canonical", "!=", False),
                    ("state", "in", ("sent", "acknowledged")),
                ],
                order="id desc",
            )
        )

    def _despatch_advice(self, message, document):
        """A shipment notice → Peppol Despatch Advice, from us to the flow's partner."""
        customer = message.partner_id.partner_id.commercial_partner_id
        return ubl_supplier.despatch_advice(
            document.model_dump(mode="json"),
            message.create_date.date().isoformat(),
            supplier=self._ubl_party(message.company_id.partner_id),
            customer=self._ubl_party(customer),
        )

    def _ubl_party(self, partner):
        return {
            "external_id": partner.peppol_endpoint or partner.vat or partner.name,
            "name": partner.name,
            "vat": partner.vat,
        }
