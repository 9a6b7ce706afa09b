# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import float_compare

from ..services.errors import BusinessRuleError, MappingError
from ..services.plugins import ProcessResult
from ..services.replay import flatten


class IntegrationProcessor(models.AbstractModel):
    """Turns a validated canonical document into Odoo records, in two steps a person can see:
    map (partner codes → Odoo ids, stored on the message) and process (create the records).
    A flow's ``processor`` value names integration.processor.<value>.
    """

    _name = "integration.processor"
    _description = "Integration Processor"

    def _claims_flow(self, flow):
        """Whether this processor is the default of ``flow`` ahead of the one named after
        its document type; a variant for some flows (a channel's orders) returns True."""
        return False

    def _map(self, message, document):
        """Resolve every partner code; return JSON-serialisable values for ``_process``."""
        raise MappingError(
            self.env._("No processor handles inbound %s documents.", message.document_type),
            hint=self.env._(
                "Install the module that handles this document type, or change the flow."
            ),
        )

    def _process(self, message, document, mapped):
        """Create or update the business records; return a ProcessResult (record,
        duplicate_of, note) that the pipeline writes on the message: a processor never
        writes the message's pipeline fields itself. Every inbound processor overrides it."""
        raise NotImplementedError

    def _process_test(self, message, document, mapped):
        """Process a message of test traffic, validated and mapped as in production.

        Test traffic creates nothing confirmed: by default it stops here. Processors that can
        process without confirming anything (orders: a quotation tagged Test) override it.
        Returns a ProcessResult, like ``_process``.
        """
        return ProcessResult(
            note=self.env._("Test traffic: validated and mapped; nothing was changed in Odoo.")
        )

    def _replay_values(self, message, mapped, record):
        """The business values a person compares when a message is replayed (the replay
        wizard, ``integration.replay``): a flat ``{label: value}`` of JSON-able values, for
        both sides alike: what was processed then (the stored ``mapped`` values and the
        record the message made, as it is now) and what the current code gives (the values
        ``_map`` returns now and the record ``_process`` made in the rolled-back dry run).

        Read-only; ``record`` is None when there is none. By default the mapped values;
        processors whose records a person knows better (an order's lines) override it.
        """
        return flatten(mapped or {})

    def _check_company(self, message, records, allowed=None):
        """Refuse to touch ``records`` of a company other than the message's (or ``allowed``):
        stored values are never trusted to pick a company."""
        allowed = allowed or message.company_id
        foreign = records.filtered(lambda r: r.company_id and r.company_id not in allowed)
        if foreign:
            raise BusinessRuleError(
                self.env._(
                    "%(records)s belong to %(company)s, not to %(allowed)s, the company of "
                    "%(message)s: nothing was done.",
                    records=", ".join(foreign.mapped("display_name")),
                    company=", ".join(foreign.company_id.mapped("name")),
                    allowed=", ".join(allowed.mapped("name")),
                    message=message.name,
                ),
                hint=self.env._(
                    "Retry: the message is mapped again. If it comes back, check the routing "
                    "rules and the cross-references of the partner."
                ),
            )

    def _unknown_product(self, message, line):
        """The MappingError of a line whose product code maps to nothing: one wording and
        one Fix cross-reference hint for every document that carries product lines."""
        return MappingError(
            self.env._(
                "Line %(line)s: product code %(code)s of %(partner)s is not known.",
                line=line.line_ref,
                code=line.product_code,
                partner=message.partner_id.name,
            ),
            hint=self.env._(
                "Map %(code)s to a product (Fix cross-reference), then Retry.",
                code=line.product_code,
            ),
            xref_kind="product",
            external_code=line.product_code,
        )

    def _check_tracked_parts(self, move, line_ref, parts, document, resend_hint):
        """Check the lots or serial numbers of what a partner says it shipped or received for
        ``move``: ``parts`` (dicts with ``quantity`` in the move's unit and ``lot_name``) are
        cleared of lots for an untracked product; a tracked one needs a lot on each part, a
        serial number counts for one unit and appears once. ``document`` names the partner's
        document ("confirmation", "ship notice") and ``resend_hint`` what to ask for."""
        product = move.product_id
        if product.tracking == "none":
            for part in parts:
                part["lot_name"] = None
            return
        if any(part["quantity"] and not part["lot_name"] for part in parts):
            raise BusinessRuleError(
                self.env._(
                    "Line %(line)s: %(product)s is tracked by %(tracking)s, and the "
                    "%(document)s does not say which.",
                    line=line_ref,
                    product=product.display_name,
                    tracking=self.env._("serial number")
                    if product.tracking == "serial"
                    else self.env._("lot"),
                    document=document,
                ),
                hint=resend_hint,
            )
        if product.tracking != "serial":
            return
        seen = set()
        for part in parts:
            quantity = move.product_uom._compute_quantity(part["quantity"], product.uom_id)
            if float_compare(quantity, 1.0, precision_rounding=product.uom_id.rounding):
                raise BusinessRuleError(
                    self.env._(
                        "Line %(line)s: serial number %(serial)s of %(product)s has a "
                        "quantity of %(quantity)s; a serial number counts for one unit.",
                        line=line_ref,
                        serial=part["lot_name"],
                        product=product.display_name,
                        quantity=quantity,
                    )
                )
            if part["lot_name"] in seen:
                raise BusinessRuleError(
                    self.env._(
                        "Line %(line)s: serial number %(serial)s appears twice.",
                        line=line_ref,
                        serial=part["lot_name"],
                    )
                )
            seen.add(part["lot_name"])
