# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.addons.integration_core.services.errors import BusinessRuleError

from ..services import ubl
from ..services.xmlread import XmlDocumentError

UBL_INVOICE_FORMATS = ("ubl_bis3", "xrechnung", "nlcius", "ubl_a_nz", "ubl_sg")


class IntegrationCodecUbl(models.AbstractModel):
    """UBL / Peppol BIS 3 through Odoo's own UBL code: orders in are read with
    sale_edi_ubl's reader, invoices and credit notes out are account_edi_ubl_cii's export,
    byte for byte what Odoo itself produces for the invoice; order acknowledgements out are
    Peppol BIS Order Responses, which Odoo lacks."""

    _name = "integration.codec.ubl"
    _inherit = "integration.codec.xml"
    _description = "UBL (Peppol BIS 3) codec"

    def _decode(self, message, payload):
        if message.document_type != "order":
            raise BusinessRuleError(
                self.env._("The UBL codec reads orders only, not %s.", message.document_type)
            )
        try:
            root = ubl.read_order(payload)
        except XmlDocumentError as err:
            raise self._xml_error(err) from err
        reader = self.env["sale.order"]._get_order_ubl_builder_from_xml_tree(root)
        reader = reader if reader is not None else self.env["sale.edi.xml.ubl_bis3"]
        return ubl.order_document(
            root,
            buyer=reader._import_retrieve_partner_vals(root, "BuyerCustomer"),
            delivery=reader._import_retrieve_delivery_vals(root),
        )

    def _encode(self, message, document):
        """Invoices and credit notes: Odoo's own UBL export. Order acknowledgements: a
        Peppol BIS Order Response 3, which Odoo does not write."""
        record = message._business_record()
        if message.document_type == "order_ack" and record and record._name == "sale.order":
            return self._order_response(message, document, record)
        if message.document_type != "invoice" or not record or record._name != "account.move":
            raise BusinessRuleError(
                self.env._("The UBL codec sends invoices, credit notes and order acknowledgements.")
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
