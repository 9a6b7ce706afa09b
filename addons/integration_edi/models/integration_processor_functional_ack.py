# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class IntegrationProcessorFunctionalAck(models.AbstractModel):
    """Also notes on the EDI transaction sets what the partner's 997/999/TA1/CONTRL said,
    so every outbound EDI document shows its acknowledgement status and errors."""

    _inherit = "integration.processor.functional_ack"

    def _process(self, message, document, mapped):
        record = super()._process(message, document, mapped)
        acknowledged = self.env["integration.message"].browse(mapped["message_ids"])
        sent = acknowledged.edi_transaction_ids.filtered(lambda t: t.direction == "outbound")
        if not sent:
            return record
        # An EDI ack's partner reference is "<its own reference>/<the set it acknowledges>".
        own, _slash, raw = (message.partner_reference or "").partition("/")
        target = sent.filtered(lambda t: t.reference == (raw or document.acknowledged_ref))
        if not target:
            target = self.env["integration.edi.transaction"].browse(
                [max(m.edi_transaction_ids.ids) for m in acknowledged if m.edi_transaction_ids]
            )
        target._record_acknowledgement(message, document, self._edi_ack_kind(message, own))
        return record

    def _edi_ack_kind(self, message, own_reference):
        """997, 999 or CONTRL (the received set's type), or TA1."""
        if own_reference.startswith("TA1:"):
            return "TA1"
        received = self.env["integration.edi.transaction"].search(
            [
                ("direction", "=", "inbound"),
                ("reference", "=", own_reference),
                ("interchange_id.message_id", "=", message.parent_id.id or message.id),
            ],
            limit=1,
        )
        return received.set_type or False
