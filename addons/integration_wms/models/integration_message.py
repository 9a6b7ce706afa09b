# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.addons.integration_core.services.errors import PermanentTransportError

from .integration_flow import WMS_DOCUMENT_TYPES, WMS_DOCUMENT_TYPES_ONDELETE

WMS_ACTIONS = [("create", "Release"), ("change", "Change"), ("cancel", "Cancel")]


class IntegrationMessage(models.Model):
    _inherit = "integration.message"

    document_type = fields.Selection(
        selection_add=WMS_DOCUMENT_TYPES, ondelete=WMS_DOCUMENT_TYPES_ONDELETE
    )
    wms_action = fields.Selection(
        WMS_ACTIONS,
        string="Warehouse order action",
        readonly=True,
        help="What a warehouse order asks: release the delivery, change it or cancel it.",
    )
    wms_document_ref = fields.Char(
        string="Warehouse document",
        readonly=True,
        index="btree_not_null",
        help="The warehouse's own reference of a ship or receipt confirmation: a second "
        "confirmation with the same reference changes nothing.",
    )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") in ("sent", "acknowledged"):
            for message in self._wms_orders():
                picking = message._business_record()
                if picking:
                    picking._wms_message_state_changed(message)
        return result

    def _wms_orders(self):
        """The warehouse orders among these messages (outbound, built from a delivery)."""
        return self.filtered(
            lambda m: (
                m.document_type == "warehouse_order"
                and m.direction == "outbound"
                and m.res_model == "stock.picking"
            )
        )

    def _step_failed(self, step, err):
        """A warehouse that answers a warehouse order with a client error refuses it: say so,
        and show it on the delivery."""
        if step != "send" or not isinstance(err, PermanentTransportError) or not self._wms_orders():
            return super()._step_failed(step, err)
        picking = self._business_record()
        refusal = self._wms_refusal(picking, err)
        result = super()._step_failed(step, refusal)
        if picking:
            picking._wms_set_release_state("refused", note=str(refusal))
        return result

    def _wms_refusal(self, picking, err):
        action = dict(WMS_ACTIONS)[self.wms_action or "create"].lower()
        order = (picking.integration_wms_order_ref or picking.name) if picking else self.name
        text = self.env._(
            "The warehouse %(partner)s refused the %(action)s of %(order)s: %(reason)s",
            partner=self.partner_id.name,
            action=action,
            order=order,
            reason=err.message,
        )
        if self.wms_action == "cancel":
            hint = self.env._(
                "The warehouse could not cancel the order (it may have shipped it already). "
                "Check with the warehouse: if it shipped, its ship confirmation completes the "
                "delivery; otherwise fix the cause and Retry, or Ignore."
            )
            if picking and picking.state == "cancel":
                hint = self.env._(
                    "The delivery is cancelled in Odoo but the warehouse refused to cancel it "
                    "(it may have shipped it already). Check with the warehouse and the "
                    "customer; if the goods left, create the delivery again or invoice them. "
                    "Then Ignore."
                )
        else:
            hint = self.env._(
                "The warehouse did not accept the order. Read its answer, fix the delivery or "
                "the cross-references, then Retry; or Ignore."
            )
        return PermanentTransportError(text, hint=hint, status=err.status, **err.details)
