# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools.safe_eval import safe_eval


class IntegrationFlowEvents(models.AbstractModel):
    """How an outbound flow hears a business event: which of the event's records it sends
    (company, event domain, scope), what a test flow holds back, and the outbound messages
    it queues (one per record, unless one already covers it)."""

    _name = "integration.flow.events"
    _description = "Integration flow: business events"

    @api.model
    def _publish_event(self, event, records):
        """Fan one business event out to every outbound flow subscribed to it."""
        if not records:
            return self.env["integration.message"]
        # sudo: private: a business event reaches every subscribed flow, whoever caused it
        flows = self.sudo().search(
            [("direction", "=", "outbound"), ("event", "=", event), ("active", "=", True)]
        )
        messages = self.env["integration.message"]
        for flow in flows:
            messages |= flow._queue_event(records)
        return messages

    def _queue_event(self, records):
        """Queue what this flow sends for ``records`` of its event, as its builder says:
        which records (``_select_records``) and with which values (``_outbound_values``)."""
        self.ensure_one()
        builder = self._builder()
        messages = self.env["integration.message"]
        for record in builder._select_records(self, records):
            values = builder._outbound_values(self, record)
            if values is not None:
                messages |= self._queue_outbound(record, values)
        return messages

    # The default selection of a builder's _select_records, in three private steps.
    def _company_records(self, records):
        """The records of the flow's company (records without a company pass)."""
        self.ensure_one()
        return records.filtered(
            lambda r: (
                "company_id" not in r._fields or not r.company_id or r.company_id == self.company_id
            )
        )

    def _event_domain_records(self, records):
        """The records matching the flow's event domain."""
        self.ensure_one()
        return records.filtered_domain(safe_eval(self.event_domain or "[]"))

    def _scope_records(self, records):
        """The records of ``records`` the core's scopes let out; a builder's
        ``_scope_records`` handles the scopes spokes add."""
        self.ensure_one()
        if self.scope == "company":
            return records
        if self.scope == "partner":
            return self._partner_records(records)
        return records.browse()

    def _partner_records(self, records):
        """The records that belong to this flow's partner: their customer is its linked
        contact or a contact under it, or one of its inbound messages created them (or the
        record they stem from: a delivery's order). Records of models without a customer
        (products) are no customer's data and pass."""
        if "partner_id" not in records._fields:
            return records
        contact = self.partner_id.partner_id
        own = records.browse()
        if contact:
            family = (
                self.env["res.partner"]
                # sudo: event plumbing; the contacts under the flow's own linked contact
                .sudo()
                .with_context(active_test=False)
                .search([("id", "child_of", contact.id)])
            )
            own = records.filtered(
                lambda r: r.partner_id in family or r.partner_id.commercial_partner_id in family
            )
        rest = records - own
        if rest and "integration_correlation_id" in records._fields:
            origin_of = {record: record._integration_origin() for record in rest}
            produced = self._produced_here(set(origin_of.values()))
            own |= rest.filtered(lambda r: origin_of[r] in produced)
        return records & own

    def _produced_here(self, origins):
        """Those of ``origins`` (records an event's records stem from) that an inbound message
        of this flow's partner created: the message names the record, or shares its
        correlation id (set when the processor creates the record, before the message is
        linked to it)."""
        correlations = {o.integration_correlation_id for o in origins} - {False}
        # sudo: event plumbing; which of the partner's own messages created these records
        messages = (
            self.env["integration.message"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "=", self.partner_id.id),
                    ("direction", "=", "inbound"),
                    "|",
                    "&",
                    ("res_model", "in", list({o._name for o in origins})),
                    ("res_id", "in", [o.id for o in origins]),
                    ("correlation_id", "in", list(correlations)),
                ],
                ["res_model", "res_id", "correlation_id"],
            )
        )
        named = {(m.res_model, m.res_id) for m in messages}
        shared = set(messages.mapped("correlation_id"))
        return {
            origin
            for origin in origins
            if (origin._name, origin.id) in named or origin.integration_correlation_id in shared
        }

    def _hold_test_message(self, message):
        """Cancel ``message`` before its send when it is test traffic bound for a production
        endpoint; True when it was held. Test data never reaches production."""
        self.ensure_one()
        if not message.is_test or self.endpoint_id.usage != "production":
            return False
        message.action_cancel(
            self.env._(
                "Not sent: %(partner)s is in test and %(endpoint)s is a production endpoint; "
                "test traffic never reaches production.",
                partner=self.partner_id.name,
                endpoint=self.endpoint_id.name,
            )
        )
        return True

    def _queue_outbound(self, record, values=None):
        """One outbound message for ``record``, unless one already covers it.

        ``values`` are extra fields of the new message, for a spoke that sends several kinds
        of message for one record (a warehouse order's create, change and cancel); without
        them, the builder's ``_outbound_values`` gives them (None: nothing to queue). The
        builder's ``_covering_domain`` tells which existing messages cover the new one.
        """
        self.ensure_one()
        builder = self._builder()
        if values is None:
            values = builder._outbound_values(self, record)
            if values is None:
                return self.env["integration.message"]
        # sudo: private: messages are the pipeline's; the flow and record are the caller's own
        Message = self.env["integration.message"].sudo()
        if Message.search_count(builder._covering_domain(self, record, values), limit=1):
            return Message
        message = Message._create_outbound(self, record)
        if values:
            message.write(values)
        if self.mode != "batch":
            message._enqueue()
        return message

    def _outbound_covering_domain(self, record, values=None):
        """The messages of this flow that already cover a new one for ``record`` (the
        default of the builder's ``_covering_domain``).

        A message not built yet covers any later event (it reads the record when it is
        built, which debounces bursts); a one-off event (order confirmed, picking done...) is
        covered by any message of the flow for the record that was not cancelled.
        """
        covering = [
            ("flow_id", "=", self.id),
            ("res_model", "=", record._name),
            ("res_id", "=", record.id),
        ]
        if self.event == "stock_changed":
            return covering + [("state", "=", "pending"), ("next_step", "=", "build")]
        return covering + [("state", "!=", "cancelled")]
