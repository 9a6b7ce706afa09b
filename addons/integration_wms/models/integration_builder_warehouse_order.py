# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.addons.integration_core.schemas.warehouse_order import WarehouseOrder
from odoo.addons.integration_core.services.errors import (
    BusinessRuleError,
    PermanentTransportError,
)

from .integration_message import WMS_ACTIONS


class IntegrationBuilderWarehouseOrder(models.AbstractModel):
    """Warehouse order from a delivery of an external warehouse: release, change or cancel.

    ``order_ref`` is the delivery's name when first released (its backorders keep it) and
    each line's ``line_ref`` the id of its move, which ship confirmations send back.
    """

    _name = "integration.builder.warehouse_order"
    _inherit = "integration.builder"
    _description = "Warehouse order builder"

    # ------------------------------------------------------------------ flow hooks
    def _default_scope(self, flow):
        """A WMS or 3PL owns the deliveries of the warehouses it runs, whoever the customer."""
        return "warehouse"

    def _select_records(self, flow, records):
        """Only the deliveries of the warehouses the flow's partner runs, not released yet,
        for which it is the warehouse's release flow (so a partner with several release
        flows never receives a delivery twice)."""
        records = super()._select_records(flow, records)
        if records._name != "stock.picking":
            return records.browse()
        release_flows = {}

        def released_here(picking):
            warehouse = picking.picking_type_id.warehouse_id
            if warehouse not in release_flows:
                release_flows[warehouse] = warehouse._wms_release_flow()
            return (
                picking.picking_type_code == "outgoing"
                and warehouse.integration_partner_id == flow.partner_id
                and picking.integration_release_state in ("not_released", False)
                and release_flows[warehouse] == flow
            )

        return records.filtered(released_here)

    def _outbound_values(self, flow, record):
        """An event releases the delivery: a create."""
        return {"wms_action": "create"}

    def _covering_domain(self, flow, record, values):
        """A release is covered by any release that was not cancelled (never released
        twice); a change by a release or change not built yet (it reads the current
        quantities when it is built); a cancel by a cancel still under way."""
        action = (values or {}).get("wms_action") or "create"
        same_record = [
            ("flow_id.document_type", "=", "warehouse_order"),
            ("res_model", "=", record._name),
            ("res_id", "=", record.id),
        ]
        if action == "create":
            return [*same_record, ("wms_action", "=", "create"), ("state", "!=", "cancelled")]
        if action == "change":
            return [
                *same_record,
                ("wms_action", "in", ("create", "change")),
                ("state", "=", "pending"),
                ("next_step", "=", "build"),
            ]
        return [
            *same_record,
            ("wms_action", "=", "cancel"),
            ("state", "not in", ("cancelled", "failed", "dead")),
        ]

    # ------------------------------------------------------------------ build

    def _build(self, message, picking):
        action = message.wms_action or "create"
        if picking.picking_type_code != "outgoing":
            raise BusinessRuleError(self.env._("%s is not a delivery.", picking.name))
        if action != "cancel" and picking.state in ("done", "cancel"):
            raise BusinessRuleError(
                self.env._(
                    "%(picking)s is %(state)s: there is nothing to send to the warehouse.",
                    picking=picking.name,
                    state=dict(picking._fields["state"]._description_selection(self.env))[
                        picking.state
                    ],
                ),
                hint=self.env._("Ignore this message."),
            )
        if not picking.integration_wms_order_ref:
            # sudo: the build step names the order once, after the picking's own name
            picking.sudo().integration_wms_order_ref = picking.name
        warehouse = picking.picking_type_id.warehouse_id
        moves = picking.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel") and m.product_uom_qty > 0
        )
        if action != "cancel" and not moves:
            raise BusinessRuleError(
                self.env._("%s has no quantity left to ship.", picking.name),
                hint=self.env._("Cancel the delivery instead, or Ignore this message."),
            )
        ship_to = picking.partner_id or picking.company_id.partner_id
        return WarehouseOrder(
            order_ref=picking.integration_wms_order_ref,
            action=action,
            warehouse_code=warehouse._wms_code() if warehouse else picking.company_id.name,
            ship_to=self._address(ship_to),
            scheduled_date=picking.scheduled_date,
            origin=picking.origin or None,
            carrier_code=picking._integration_carrier_code(),
            lines=[] if action == "cancel" else [self._line(message, move) for move in moves],
        )

    def _line(self, message, move):
        return {
            "line_ref": move._integration_wms_line_ref(),
            "product_code": self._product_code(message, move.product_id),
            "quantity": move.product_uom_qty,
            "uom_code": self._uom_code(message, move.product_uom),
            "lot_required": move.product_id.tracking != "none",
        }

    # ------------------------------------------------------------------ send hooks
    # The delivery follows what became of its warehouse orders.
    def _on_sent(self, message):
        """The warehouse has the order: the delivery is released (or its cancel sent)."""
        picking = self._wms_picking(message)
        if picking:
            picking._wms_message_state_changed(message)

    def _on_acknowledged(self, message):
        """The warehouse acknowledged the order; a rejection refuses the delivery."""
        picking = self._wms_picking(message)
        if not picking:
            return
        if message.state != "failed":
            picking._wms_message_state_changed(message)
        elif picking.integration_release_state != "shipped":
            picking._wms_set_release_state(
                "refused", note=message.last_error or self.env._("Rejected by the warehouse.")
            )

    def _on_send_failed(self, message, err):
        """A warehouse that answers a warehouse order with a client error refuses it: say
        so, and show it on the delivery."""
        if not isinstance(err, PermanentTransportError) or not self._wms_order(message):
            return err
        picking = message._business_record()
        refusal = self._wms_refusal(message, picking, err)
        if picking:
            picking._wms_set_release_state("refused", note=str(refusal))
        return refusal

    def _wms_order(self, message):
        """Whether ``message`` is one of our warehouse orders about a delivery."""
        return message.direction == "outbound" and message.res_model == "stock.picking"

    def _wms_picking(self, message):
        return message._business_record() if self._wms_order(message) else None

    def _wms_refusal(self, message, picking, err):
        action = dict(WMS_ACTIONS)[message.wms_action or "create"].lower()
        order = (picking.integration_wms_order_ref or picking.name) if picking else message.name
        text = self.env._(
            "The warehouse %(partner)s refused the %(action)s of %(order)s: %(reason)s",
            partner=message.partner_id.name,
            action=action,
            order=order,
            reason=err.message,
        )
        if message.wms_action == "cancel":
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
