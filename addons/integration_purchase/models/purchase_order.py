# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.integration_core.access import refuse_user_write

from .integration_flow import PURCHASE_EVENT

# Context key: changes to a purchase order that the supplier made (its acknowledgement) or
# that need not be told (our own bookkeeping): no change order is sent for them.
SILENT = "integration_purchase_silent"
ACK_STATES = [
    ("sent", "Sent, not acknowledged"),
    ("acknowledged", "Acknowledged"),
    ("disputed", "Differences to decide"),
]


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "integration.record.mixin"]

    integration_ack_state = fields.Selection(
        ACK_STATES,
        string="Supplier acknowledgement",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Where the order stands with the supplier's system: sent, acknowledged, or "
        "acknowledged with differences a person has to decide (Accept / Reject).",
    )
    integration_sent_at = fields.Datetime(string="Sent to supplier", readonly=True, copy=False)
    integration_ack_due_at = fields.Datetime(
        string="Acknowledgement due", readonly=True, copy=False, index="btree_not_null"
    )
    integration_acknowledged_at = fields.Datetime(
        string="Acknowledged on", readonly=True, copy=False
    )
    integration_asn_at = fields.Datetime(
        string="Last ship notice",
        readonly=True,
        copy=False,
        help="When the supplier's last advance ship notice for this order arrived.",
    )
    integration_asn_expected = fields.Date(
        string="Expected (ship notice)",
        readonly=True,
        copy=False,
        help="The arrival the supplier's last ship notice announced.",
    )

    integration_asn_late = fields.Boolean(
        compute="_compute_integration_asn_late",
        store=True,
        string="Ship notice late",
        help="The supplier's ship notice announces an arrival after the ordered date.",
    )

    def write(self, vals):
        refuse_user_write(self, set(vals) & self._integration_state_fields())
        return super().write(vals)

    def _integration_state_fields(self):
        """What the supplier's documents and the pipeline record: never a user's to write."""
        return {name for name in self._fields if name.startswith("integration_")} - {
            "integration_message_count"
        }

    def button_confirm(self):
        result = super().button_confirm()
        self.filtered(lambda order: order.state == "purchase")._integration_publish(PURCHASE_EVENT)
        return result

    def button_cancel(self):
        sent = self.filtered(lambda order: order._purchase_messages(("original", "change")))
        result = super().button_cancel()
        for order in sent.filtered(lambda o: o.state == "cancel"):
            order._purchase_request("cancel")
        return result

    # ------------------------------------------------------------------ messages
    def _purchase_messages(self, purposes=None):
        """The purchase orders built (or to build) for this order, oldest first."""
        self.ensure_one()
        domain = [
            ("direction", "=", "outbound"),
            ("document_type", "=", "order"),
            ("res_model", "=", self._name),
            ("res_id", "=", self.id),
            ("state", "!=", "cancelled"),
        ]
        if purposes:
            domain.append(("purchase_purpose", "in", list(purposes)))
        # sudo: private: the messages of this very order (purchase users read no messages)
        return self.env["integration.message"].sudo().search(domain, order="id")

    def _purchase_request(self, purpose):
        """Tell the supplier of a change or a cancellation of an order it was sent; an order
        not built yet reads the current lines when it is, so it needs no message."""
        self.ensure_one()
        original = self._purchase_messages(("original",))[-1:]
        if not original:
            return self.env["integration.message"]
        if purpose == "cancel" and original.state == "pending" and original.next_step == "build":
            original.action_cancel(self.env._("The purchase order was cancelled before it left."))
            return original
        return original.flow_id._queue_outbound(self, {"purchase_purpose": purpose})

    def _purchase_changed(self):
        """Lines changed after the order was confirmed: a change order for the supplier."""
        for order in self.filtered(lambda o: o.state == "purchase"):
            order._purchase_request("change")

    # ------------------------------------------------------------------ supplier's answers
    def _purchase_set_sent(self, message):
        """The supplier has the order (or its change): an acknowledgement is now due."""
        # sudo: private: the send step records what the supplier was sent
        order = self.sudo()
        hours = message.partner_id.purchase_ack_sla_hours
        now = fields.Datetime.now()
        order.write(
            {
                "integration_ack_state": "sent",
                "integration_sent_at": now,
                "integration_ack_due_at": now + timedelta(hours=hours) if hours else False,
            }
        )

    def _purchase_ack_settled(self):
        """Acknowledged, once no difference is left to decide."""
        Exceptions = self.env["integration.exception"].sudo()
        for order in self:
            open_count = Exceptions.search_count(
                [
                    ("purchase_order_id", "=", order.id),
                    ("purchase_kind", "=", "ack"),
                    *Exceptions._open_domain(),
                ]
            )
            # sudo: private: the acknowledgement's outcome, recorded by its processor/actions
            order.sudo().write(
                {
                    "integration_ack_state": "disputed" if open_count else "acknowledged",
                    "integration_acknowledged_at": order.integration_acknowledged_at
                    or fields.Datetime.now(),
                }
            )

    @api.model
    def _purchase_unacknowledged_domain(self):
        """Orders sent whose acknowledgement is overdue (the supplier's SLA)."""
        return [
            ("state", "=", "purchase"),
            ("integration_ack_state", "=", "sent"),
            ("integration_ack_due_at", "<", fields.Datetime.now()),
        ]

    @api.model
    def _purchase_asn_late_domain(self):
        """Orders of suppliers with ship notices still to receive past their date: no ship
        notice yet, or one announcing an arrival later than ordered."""
        now = fields.Datetime.now()
        return [
            ("state", "=", "purchase"),
            ("integration_ack_state", "!=", False),
            ("receipt_status", "in", ("pending", "partial")),
            "|",
            "&",
            ("integration_asn_at", "=", False),
            ("date_planned", "<", now),
            ("integration_asn_late", "=", True),
        ]

    @api.depends("integration_asn_expected", "date_planned")
    def _compute_integration_asn_late(self):
        for order in self:
            order.integration_asn_late = bool(
                order.integration_asn_expected
                and order.date_planned
                and order.integration_asn_expected > order.date_planned.date()
            )
