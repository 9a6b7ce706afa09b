# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import UTC

from odoo import models
from odoo.addons.integration_core.services.errors import BusinessRuleError

from ..services import cxml, cxml_supplier
from ..services.xmlread import XmlDocumentError, parse

OUTBOUND = {
    "order": cxml_supplier.order_request,
    "order_ack": cxml.confirmation_request,
    "shipment_notice": cxml.ship_notice_request,
    "invoice": cxml.invoice_detail_request,
}


class IntegrationCodecCxml(models.AbstractModel):
    """cXML 1.2. Customers: OrderRequest in; ConfirmationRequest, ShipNoticeRequest and
    InvoiceDetailRequest out. Suppliers: OrderRequest out; ConfirmationRequest,
    ShipNoticeRequest and InvoiceDetailRequest in. The envelope of what comes in
    (credentials, shared secret) is checked by the cXML route before anything is stored."""

    _name = "integration.codec.cxml"
    _inherit = "integration.codec.xml"
    _description = "cXML 1.2 codec"

    def _decode(self, message, payload):
        """OrderRequests from customers; ConfirmationRequests, ShipNoticeRequests and
        InvoiceDetailRequests from suppliers."""
        if message.document_type not in cxml_supplier.REQUESTS:
            raise BusinessRuleError(
                self.env._("The cXML codec does not read %s documents.", message.document_type)
            )
        try:
            root = parse(payload)
            if message.document_type == "order":
                return cxml.order_document(root)
            if message.document_type == "order_ack":
                reference = root.find("Request/ConfirmationRequest/OrderReference")
                order_ref = reference.get("orderID") if reference is not None else None
                ordered = self._ordered_lines(message, order_ref)
                return cxml_supplier.confirmation_document(root, ordered)
            if message.document_type == "shipment_notice":
                return cxml_supplier.ship_notice_document(root)
            return cxml_supplier.invoice_document(root)
        except XmlDocumentError as err:
            raise self._xml_error(err) from err

    def _encode(self, message, document):
        """Order → OrderRequest, order acknowledgement → ConfirmationRequest, shipment
        notice → ShipNoticeRequest, invoice → InvoiceDetailRequest, in an envelope from us
        to the endpoint's partner (the transport adds our shared secret when it sends)."""
        build = OUTBOUND.get(message.document_type)
        endpoint = message.flow_id.endpoint_id
        if not build:
            raise BusinessRuleError(
                self.env._("The cXML codec does not send %s.", message.document_type)
            )
        if not (endpoint.cxml_from_identity and endpoint.cxml_to_identity):
            raise BusinessRuleError(
                self.env._("Endpoint %s has no cXML identities.", endpoint.display_name),
                hint=self.env._(
                    "Fill in the partner's From identity and ours (To identity) on the "
                    "endpoint, then Retry."
                ),
            )
        now = message.create_date.replace(tzinfo=UTC)  # a resend carries the same document
        route = cxml.Route(
            our_domain=endpoint.cxml_to_domain,
            our_identity=endpoint.cxml_to_identity,
            their_domain=endpoint.cxml_from_domain,
            their_identity=endpoint.cxml_from_identity,
        )
        request = build(document.model_dump(), self._order_payload_id(message), now)
        return cxml.request_envelope(
            request,
            f"{message.name.replace('/', '-')}.{message.id}@odoo",
            route,
            now,
            deployment="test" if message.is_test else "production",
        )

    def _order_payload_id(self, message):
        """The payloadID of the OrderRequest this message answers (cXML's
        DocumentReference), found through the transaction's correlation id."""
        if not message.correlation_id:
            return None
        order = self.env["integration.message"].search(
            [
                ("correlation_id", "=", message.correlation_id),
                ("direction", "=", "inbound"),
                ("flow_id.codec", "=", "cxml"),
                ("state", "!=", "duplicate"),
            ],
            order="id",
            limit=1,
        )
        return order.idempotency_key or None
