# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..services.errors import BusinessRuleError


class IntegrationBuilder(models.AbstractModel):
    """Builds a canonical document from an Odoo record, for outbound flows.
    A flow's ``builder`` value names integration.builder.<value>.
    """

    _name = "integration.builder"
    _description = "Integration Builder"

    def _build(self, message, record):
        """Return the canonical document (a pydantic model) for ``record``."""
        raise BusinessRuleError(
            self.env._("No builder makes outbound %s documents.", message.document_type)
        )

    # ------------------------------------------------------------------ flow hooks
    # What an outbound flow asks its builder when an event fires; builders override them.
    def _claims_flow(self, flow):
        """Whether this builder is the default of ``flow`` ahead of the one named after its
        document type; a variant for some flows (a channel's fulfilments) returns True."""
        return False

    def _default_scope(self, flow):
        """The scope a flow of this builder starts with (a value of the flow's ``scope``)."""
        return "partner"

    def _select_records(self, flow, records):
        """The records of an event (``records``, all of one model) that ``flow`` sends.

        By default those of the flow's company, in its scope (``_scope_records``) and
        matching its event domain. Builders narrow it, or replace the records with the one
        they send (a channel for its products).
        """
        records = flow._company_records(records)
        records = self._scope_records(flow, records)
        return flow._event_domain_records(records)

    def _scope_records(self, flow, records):
        """The records the flow's scope lets out: the core's scopes by default; a spoke that
        adds a scope value handles it here."""
        return flow._scope_records(records)

    def _outbound_values(self, flow, record):
        """Extra values of the outbound message queued for ``record`` (e.g. a warehouse
        order's action), ``{}`` for none, or None to queue nothing (a builder that
        schedules its own batch job)."""
        return {}

    def _covering_domain(self, flow, record, values):
        """The messages that already cover a new one for ``record`` with ``values``: none
        is queued when one exists."""
        return flow._outbound_covering_domain(record, values)

    # ------------------------------------------------------------------ send hooks
    # Called by the pipeline (integration.pipeline) around the send step of a message of a
    # flow of this builder; builders override them to follow what became of their document.
    # They change the message only through the pipeline's ``_set_*`` transitions.
    def _before_send(self, message):
        """Just before ``message`` is sent (e.g. lower stale figures, re-encoding the
        payload with ``message._attach_payload``). Returns nothing."""

    def _on_sent(self, message):
        """``message`` was delivered (state ``sent``), by the transport or downloaded by a
        person. Returns nothing."""

    def _on_send_failed(self, message, err):
        """The send step failed with ``err`` (an IntegrationError), before it is recorded.
        Returns the error to record: ``err``, or a clearer one (a warehouse's refusal)."""
        return err

    def _on_acknowledged(self, message):
        """The partner acknowledged ``message`` (state ``acknowledged``) or rejected it
        (state ``failed``, ``last_error`` saying why). Returns nothing."""

    # ------------------------------------------------------------------ helpers
    def _address(self, partner):
        """A res.partner as a canonical address dict."""
        return {
            "name": partner.name or partner.display_name,
            "street": partner.street or None,
            "street2": partner.street2 or None,
            "city": partner.city or None,
            "zip": partner.zip or None,
            "state_code": partner.state_id.code or None,
            "country_code": partner.country_id.code or None,
            "email": partner.email or None,
            "phone": partner.phone or None,
        }

    def _product_code(self, message, product):
        """The partner's code for ``product``: its cross-reference, else Odoo's reference."""
        return (
            self.env["integration.xref"]._external_code(message.partner_id, "product", product)
            or product.default_code
            or str(product.id)
        )

    def _uom_code(self, message, uom):
        return self.env["integration.xref"]._external_code(message.partner_id, "uom", uom) or (
            "EA" if uom == self.env.ref("uom.product_uom_unit") else uom.name
        )
