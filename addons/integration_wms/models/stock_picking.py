# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.addons.integration_core.access import USER_GROUP, check_group
from odoo.exceptions import UserError

RELEASE_STATES = [
    ("not_released", "Not released"),
    ("released", "Released"),
    ("acknowledged", "Acknowledged"),
    ("shipped", "Shipped"),
    ("cancel_sent", "Cancel sent"),
    ("refused", "Refused"),
]
# Released states in which the warehouse holds the order and must hear of changes.
HELD_BY_WAREHOUSE = ("released", "acknowledged")
# Context key: stock operations that must not be reported to the warehouse (it made them).
SILENT = "integration_wms_silent"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    integration_wms_partner_id = fields.Many2one(
        related="picking_type_id.warehouse_id.integration_partner_id",
        string="External warehouse",
    )
    integration_wms_managed = fields.Boolean(
        compute="_compute_integration_wms_managed",
        string="Shipped by an external warehouse",
    )
    integration_release_state = fields.Selection(
        RELEASE_STATES,
        string="Release",
        copy=False,
        readonly=True,
        index="btree_not_null",
        tracking=True,
        help="Where this delivery stands with the external warehouse that ships it.",
    )
    integration_wms_order_ref = fields.Char(
        string="Warehouse order",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The order reference the warehouse knows this delivery by; its backorders keep "
        "it, since the warehouse ships them against the same order.",
    )
    integration_released_at = fields.Datetime(string="Released on", copy=False, readonly=True)

    @api.depends("picking_type_id.code", "picking_type_id.warehouse_id.integration_partner_id")
    def _compute_integration_wms_managed(self):
        for picking in self:
            picking.integration_wms_managed = picking._wms_releasable()

    # ------------------------------------------------------------------ life cycle
    @api.model_create_multi
    def create(self, vals_list):
        pickings = super().create(vals_list)
        for picking in pickings:
            parent = picking.backorder_id
            values = {}
            if parent.integration_wms_order_ref:
                # A backorder stays open at the warehouse under the same order.
                values["integration_wms_order_ref"] = parent.integration_wms_order_ref
            if parent.integration_release_state in (*HELD_BY_WAREHOUSE, "shipped"):
                values["integration_release_state"] = "released"
                values["integration_released_at"] = parent.integration_released_at
            elif picking._wms_releasable():
                values["integration_release_state"] = "not_released"
            if values:
                picking.write(values)
        return pickings

    def _wms_releasable(self):
        """A delivery of a warehouse that an external partner runs."""
        self.ensure_one()
        return bool(self.picking_type_code == "outgoing" and self.integration_wms_partner_id)

    def action_cancel(self):
        if self.env.context.get(SILENT):
            return super().action_cancel()
        held = self.filtered(lambda p: p.integration_release_state in HELD_BY_WAREHOUSE)
        unsent = self.filtered(lambda p: p.integration_release_state == "not_released")
        result = super(StockPicking, self.with_context(**{SILENT: True})).action_cancel()
        for picking in held.filtered(lambda p: p.state == "cancel"):
            picking._wms_request_cancel()
        for picking in unsent.filtered(lambda p: p.state == "cancel"):
            picking._wms_cancel_unsent(self.env._("The delivery was cancelled before release."))
        return result

    # ------------------------------------------------------------------ messages
    def _wms_messages(self, actions=None):
        """The warehouse orders sent (or to send) for this delivery, oldest first."""
        self.ensure_one()
        domain = [
            ("direction", "=", "outbound"),
            ("document_type", "=", "warehouse_order"),
            ("res_model", "=", self._name),
            ("res_id", "=", self.id),
        ]
        if actions:
            domain.append(("wms_action", "in", list(actions)))
        # sudo: private: the warehouse orders of this very delivery (stock users read no messages)
        return self.env["integration.message"].sudo().search(domain, order="id")

    def _wms_flow(self):
        self.ensure_one()
        return self.picking_type_id.warehouse_id._wms_release_flow()

    def _wms_release(self, force=False):
        """Queue the release of this delivery (never twice: the flow's dedupe sees to it).

        ``force`` sends it now even when the warehouse releases in waves.
        """
        self.ensure_one()
        flow = self._wms_flow()
        if not flow:
            raise UserError(
                self.picking_type_id.warehouse_id._wms_config_warning(flow)
                or self.env._("%s is not run by an external warehouse.", self.name)
            )
        message = flow._queue_outbound(self, {"wms_action": "create"})
        if force or self._wms_sends_at_once(flow):
            self._wms_messages(["create"]).filtered(
                lambda m: m.state == "pending" and m.next_step
            )._enqueue()
        return message

    def _wms_sends_at_once(self, flow):
        return flow.mode != "batch" and (
            self.picking_type_id.warehouse_id.integration_release_policy == "ready"
        )

    def _wms_send(self, action):
        """Queue a change or cancel now (they never wait for a wave)."""
        self.ensure_one()
        flow = self._wms_flow() or self._wms_messages(["create"])[-1:].flow_id
        if not flow:
            return self.env["integration.message"]
        message = flow._queue_outbound(self, {"wms_action": action})
        message._enqueue()
        return message

    def _wms_changed_quantities(self):
        """Report changed quantities of deliveries the warehouse holds or will be sent."""
        for picking in self.filtered(
            lambda p: (
                p.state not in ("done", "cancel")
                and p.integration_release_state in (*HELD_BY_WAREHOUSE, "not_released")
            )
        ):
            picking._wms_request_change()

    def _wms_request_change(self):
        """Tell the warehouse the quantities changed: a change order once it holds the order;
        before that, the release itself carries the new quantities."""
        self.ensure_one()
        if not self.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
            return self._wms_request_cancel()
        release = self._wms_messages(["create"]).filtered(lambda m: m.state != "cancelled")[-1:]
        if self.integration_release_state in HELD_BY_WAREHOUSE:
            return self._wms_send("change")
        if release.state == "pending" and release.next_step in ("encode", "send"):
            # Built but not delivered yet: build it again from the current quantities.
            release._set_restart("build")
            release._log(
                "rebuild",
                self.env._("Quantities changed before the order was sent: rebuilt."),
                kind="business",
            )
            if self._wms_sends_at_once(release.flow_id):
                release._enqueue()
        return release

    def _wms_request_cancel(self):
        """Ask the warehouse to cancel the order; an order it never received is simply not
        sent. The delivery is cancelled in Odoo once the warehouse accepts."""
        self.ensure_one()
        if self.integration_release_state not in HELD_BY_WAREHOUSE:
            return self._wms_cancel_unsent(self.env._("Cancelled before it was sent."))
        self._wms_cancel_unsent(
            self.env._("Superseded by a cancellation."), actions=("create", "change")
        )
        return self._wms_send("cancel")

    def _wms_cancel_unsent(self, reason, actions=("create", "change")):
        """Cancel the warehouse orders of this delivery that did not leave yet."""
        self.ensure_one()
        unsent = self._wms_messages(actions).filtered(
            lambda m: m.state in ("pending", "failed", "dead")
        )
        for message in unsent:
            message.action_cancel(reason=reason)
            message.exception_ids._resolve()
        return unsent

    def _wms_set_release_state(self, state, note=None):
        # sudo: private: the release state is the warehouse's answer, recorded by the pipeline
        for picking in self.sudo():
            if picking.integration_release_state == state:
                continue
            picking.integration_release_state = state
            if state == "released" and not picking.integration_released_at:
                picking.integration_released_at = fields.Datetime.now()
            if note:
                picking.message_post(body=note)

    def _wms_message_state_changed(self, message):
        """Follow what happened to one of our warehouse orders."""
        self.ensure_one()
        current = self.integration_release_state
        action = message.wms_action or "create"
        if current == "shipped":
            return  # the ship confirmation has the last word, whatever arrives late
        if message.state == "sent":
            if action == "cancel":
                self._wms_set_release_state("cancel_sent")
                if self.state not in ("done", "cancel"):
                    self._wms_cancel_in_odoo()
            elif current in ("not_released", "refused", False):
                self._wms_set_release_state("released")
        elif message.state == "acknowledged":
            if action == "cancel":
                self._wms_set_release_state("cancel_sent")
            elif current in ("not_released", "released", "refused", False):
                self._wms_set_release_state("acknowledged")

    def _wms_cancel_in_odoo(self):
        """The warehouse accepted to cancel: cancel the delivery here too. Should Odoo refuse,
        the cancellation stays recorded and the delivery says why it is still open."""
        try:
            with self.env.cr.savepoint():
                self.with_context(**{SILENT: True}).action_cancel()
        except UserError as err:
            self.message_post(
                body=self.env._(
                    "The warehouse cancelled the order, but Odoo could not cancel %(picking)s: "
                    "%(error)s",
                    picking=self.name,
                    error=err.args[0] if err.args else err,
                )
            )

    # ------------------------------------------------------------------ buttons
    def _wms_check_caller(self, action):
        """What the warehouse hears is for integration users who may edit these deliveries."""
        check_group(self.env, USER_GROUP, action)
        self.check_access("write")

    def action_wms_release(self):
        self._wms_check_caller(self.env._("Releasing a delivery"))
        for picking in self:
            if not picking._wms_releasable():
                raise UserError(
                    self.env._("%s is not a delivery of an external warehouse.", picking.name)
                )
            if picking.state in ("draft", "done", "cancel"):
                raise UserError(self.env._("%s cannot be released in its state.", picking.name))
            picking._wms_release(force=True)
        return True

    def action_wms_send_change(self):
        self._wms_check_caller(self.env._("Sending a change"))
        for picking in self:
            if picking.integration_release_state not in HELD_BY_WAREHOUSE:
                raise UserError(
                    self.env._("%s was not released: there is nothing to change.", picking.name)
                )
            picking._wms_request_change()
        return True

    def action_wms_send_cancel(self):
        self._wms_check_caller(self.env._("Sending a cancellation"))
        for picking in self:
            if picking.integration_release_state not in HELD_BY_WAREHOUSE:
                raise UserError(
                    self.env._("%s is not held by the warehouse: cancel it in Odoo.", picking.name)
                )
            picking._wms_request_cancel()
        return True
