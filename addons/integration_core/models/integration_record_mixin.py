# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import uuid

from odoo import fields, models
from odoo.osv import expression


class IntegrationRecordMixin(models.AbstractModel):
    """Business records that messages produce or come from: correlation and smart button."""

    _name = "integration.record.mixin"
    _description = "Integration-linked record"

    integration_correlation_id = fields.Char(
        string="Correlation ID",
        copy=False,
        index="btree_not_null",
        help="Ties every message of one business transaction together.",
    )
    integration_message_count = fields.Integer(
        compute="_compute_integration_message_count",
        groups="integration_core.group_integration_user",
    )

    def _integration_message_domain(self):
        self.ensure_one()
        domain = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        if self.integration_correlation_id:
            domain = expression.OR(
                [domain, [("correlation_id", "=", self.integration_correlation_id)]]
            )
        return domain

    def _compute_integration_message_count(self):
        Message = self.env["integration.message"]
        for record in self:
            record.integration_message_count = (
                Message.search_count(record._integration_message_domain()) if record.id else 0
            )

    def action_view_integration_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "integration_core.action_integration_message"
        )
        action["domain"] = self._integration_message_domain()
        action["context"] = {}
        return action

    def _integration_parent(self):
        """The record whose transaction this one belongs to (a picking's sale order)."""
        return self.browse()

    def _integration_origin(self):
        """The record this one's transaction started from: the first parent without a
        parent (a delivery's or an invoice's sale order), else itself."""
        self.ensure_one()
        parent = self._integration_parent()
        return parent._integration_origin() if parent else self

    def _integration_correlation(self):
        """This record's correlation id: its own, its parent's, or a new one it keeps."""
        self.ensure_one()
        if not self.integration_correlation_id:
            parent = self._integration_parent()
            correlation = parent._integration_correlation() if parent else False
            # sudo: private, for builders and events: a correlation id the record keeps, set once
            self.sudo().integration_correlation_id = correlation or str(uuid.uuid4())
        return self.integration_correlation_id

    def _integration_publish(self, event):
        """Announce a business event to the outbound flows that subscribe to it."""
        return self.env["integration.flow"]._publish_event(event, self)
