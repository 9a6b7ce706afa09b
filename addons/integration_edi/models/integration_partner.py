# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..edifact import Separators
from ..edifact.errors import EdifactSyntaxError

EDI_CODECS = ("x12", "edifact")
X12_VERSIONS = ("004010", "005010")
EDIFACT_VERSIONS = ("D96A", "D01B")
# Control-number levels: X12 ISA13 / EDIFACT UNB0020, X12 GS06, X12 ST02 / EDIFACT UNH0062.
CONTROL_LEVELS = {
    "interchange": "edi_interchange_sequence_id",
    "group": "edi_group_sequence_id",
    "set": "edi_set_sequence_id",
}
# The profile fields whose change is passed on to the partner's outbound EDI flows.
ACK_FIELDS = ("edi_expected_ack", "edi_ack_minutes")


class IntegrationPartner(models.Model):
    """The partner's EDI profile: identifiers, version, delimiters, acknowledgements and the
    control-number sequences of everything we send it."""

    _inherit = "integration.partner"

    edi_standard = fields.Selection(
        [("x12", "ANSI X12"), ("edifact", "UN/EDIFACT")],
        string="EDI standard",
        help="The standard of this partner's EDI flows (codec X12 or UN/EDIFACT).",
    )
    edi_version = fields.Selection(
        [
            ("004010", "X12 004010"),
            ("005010", "X12 005010"),
            ("D96A", "EDIFACT D.96A"),
            ("D01B", "EDIFACT D.01B"),
        ],
        string="EDI version",
        help="X12: GS08 and the ISA12 we send (00401 / 00501). EDIFACT: the directory of "
        "the messages we send (UNH S009).",
    )
    edi_usage = fields.Selection(
        [("P", "Production"), ("T", "Test")],
        string="EDI usage indicator",
        compute="_compute_edi_usage",
        store=True,
        help="ISA15 / UNB0035 of what we send: the partner's usage (Go live switches it). A "
        "test interchange received by a production profile is rejected: test data must never "
        "create orders. A test profile takes any interchange as test traffic.",
    )
    edi_our_qualifier = fields.Char(
        string="Our ID qualifier", help="X12 ISA07 (ZZ, 01, 12...); EDIFACT UNB S002/0007 (14)."
    )
    edi_our_id = fields.Char(string="Our interchange ID", help="X12 ISA08; EDIFACT UNB0010.")
    edi_their_qualifier = fields.Char(string="Their ID qualifier", help="X12 ISA05; EDIFACT 0007.")
    edi_their_id = fields.Char(string="Their interchange ID", help="X12 ISA06; EDIFACT UNB0004.")
    edi_our_group_id = fields.Char(
        string="Our application ID", help="X12 GS02 of what we send; our interchange ID if empty."
    )
    edi_their_group_id = fields.Char(
        string="Their application ID",
        help="X12 GS03 of what we send; their interchange ID if empty.",
    )
    edi_element_separator = fields.Char(string="Element separator", size=1, default="*")
    edi_component_separator = fields.Char(string="Component separator", size=1, default=">")
    edi_repetition_separator = fields.Char(
        string="Repetition separator",
        size=1,
        help="ISA11 from version 00402 on (e.g. ^); leave empty for 004010.",
    )
    edi_segment_terminator = fields.Char(string="Segment terminator", size=1, default="~")
    edi_line_break = fields.Boolean(
        string="Line break after each segment",
        default=True,
        help="A line break follows every segment terminator of what we send.",
    )
    edi_una = fields.Char(
        string="UNA service characters",
        size=6,
        default=":+.? '",
        help="EDIFACT component, element, decimal mark, release, reserved and segment "
        "terminator, in UNA order.",
    )
    edi_force_una = fields.Boolean(
        string="Always send UNA", help="Send UNA even with the default service characters."
    )
    edi_syntax_id = fields.Char(
        string="Syntax identifier",
        default="UNOC",
        help="EDIFACT UNB S001/0001: the character set (UNOA, UNOC, UNOY...).",
    )
    edi_syntax_version = fields.Selection(
        [("3", "3"), ("4", "4")], string="Syntax version", default="3"
    )
    edi_expected_ack = fields.Selection(
        [("none", "None"), ("997", "997"), ("999", "999"), ("contrl", "CONTRL")],
        string="Acknowledgement expected",
        default="none",
        help="What the partner answers to what we send. The outbound EDI flows expect it "
        "within the window below; the SLA cron opens an exception when it is late.",
    )
    edi_ack_minutes = fields.Integer(
        string="Acknowledgement within (minutes)",
        default=1440,
        help="The acknowledgement window of the outbound EDI flows (their SLA).",
    )
    edi_send_ack = fields.Boolean(
        string="Acknowledge what we receive",
        default=True,
        help="Send a 997/999 (X12) or CONTRL (EDIFACT) for every interchange received, "
        "through the partner's outbound functional acknowledgement flow.",
    )
    edi_request_ta1 = fields.Boolean(
        string="Request TA1",
        help="Set ISA14 to 1 on what we send: the partner answers each interchange with a TA1.",
    )
    edi_strict_isa = fields.Boolean(
        string="Strict ISA",
        help="Reject an ISA whose fields are not padded to their fixed width (TA1 022). "
        "Without it such an ISA, common from small partners' gateways, is read with a warning.",
    )
    edi_product_qualifiers = fields.Char(
        string="Item qualifiers read",
        default="BP,IN,VP,UP,EN,UK,*",
        help="X12 PO1 (order) and LIN (inventory advice) product ID qualifiers that become the "
        "line's product code, first found wins (BP buyer part, VP vendor part, SK SKU, UP "
        "UPC...; * any other qualifier). The code is then looked up as a "
        "product cross-reference, then as an internal reference, then the GTIN as a barcode.",
    )
    edi_item_qualifier = fields.Char(
        string="Item qualifier sent",
        help="What our product codes are to the partner in what we send: X12 PO1/LIN/IT1 "
        "qualifier (default VP), EDIFACT PIA 7143 (default SA).",
    )
    edi_resend_orders = fields.Boolean(
        string="Re-send changed orders",
        help="Changes and cancellations of our purchase orders go to this supplier as the "
        "order again (X12 850 with BEG01 05 replace / 01 cancellation, EDIFACT ORDERS with "
        "BGM 5 / 1) instead of an 860 / ORDCHG: for suppliers that take no change messages.",
    )
    edi_interchange_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Interchange control numbers",
        readonly=True,
        copy=False,
        help="ISA13 / UNB0020 of what we send; created on the first send, never reused.",
    )
    edi_group_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Group control numbers",
        readonly=True,
        copy=False,
        help="GS06 of what we send; created on the first send, never reused.",
    )
    edi_set_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Transaction set control numbers",
        readonly=True,
        copy=False,
        help="ST02 / UNH0062 of what we send; created on the first send, never reused.",
    )
    edi_interchange_ids = fields.One2many(
        "integration.edi.interchange", "partner_id", string="Interchanges"
    )
    edi_interchange_count = fields.Integer(compute="_compute_edi_interchange_count")
    # AS2 (RFC 4130): their identity, certificates and what they must send us.
    as2_id = fields.Char(
        string="Their AS2 identifier",
        index="btree_not_null",
        help="The partner's AS2 name: AS2-To of what we send, AS2-From of what it sends us.",
    )
    as2_certificate_ids = fields.One2many(
        "integration.as2.certificate",
        "partner_id",
        string="AS2 certificates",
        help="The partner's certificates: any valid one may sign what it sends; we encrypt "
        "for the newest valid one. Two may be valid at once while a certificate is rotated.",
    )
    as2_require_signature = fields.Boolean(
        string="Require signed AS2 messages",
        default=True,
        help="An unsigned message gets a negative MDN (insufficient-message-security).",
    )
    as2_require_encryption = fields.Boolean(
        string="Require encrypted AS2 messages",
        default=True,
        help="An unencrypted message gets a negative MDN (insufficient-message-security).",
    )

    @api.depends("usage")
    def _compute_edi_usage(self):
        for partner in self:
            partner.edi_usage = "T" if partner.usage == "test" else "P"

    @api.depends("edi_interchange_ids")
    def _compute_edi_interchange_count(self):
        counts = dict(
            self.env["integration.edi.interchange"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.edi_interchange_count = counts.get(partner, 0)

    @api.constrains("edi_standard", "edi_version")
    def _check_edi_version(self):
        for partner in self:
            versions = {"x12": X12_VERSIONS, "edifact": EDIFACT_VERSIONS}.get(partner.edi_standard)
            if versions and partner.edi_version and partner.edi_version not in versions:
                raise ValidationError(
                    self.env._(
                        "%(partner)s: version %(version)s is not a version of %(standard)s.",
                        partner=partner.name,
                        version=partner.edi_version,
                        standard=partner.edi_standard.upper(),
                    )
                )

    @api.constrains("edi_una")
    def _check_edi_una(self):
        for partner in self.filtered("edi_una"):
            try:
                Separators.from_una(partner.edi_una.ljust(6))
            except EdifactSyntaxError as err:
                raise ValidationError(
                    self.env._("%(partner)s: %(err)s", partner=partner.name, err=err.text)
                ) from err

    def write(self, vals):
        result = super().write(vals)
        if any(name in vals for name in ACK_FIELDS):
            self._edi_sync_flows()
        return result

    def _edi_sync_flows(self):
        """Pass the acknowledgement expected and its window on to the outbound EDI flows, so
        the core's send step and SLA cron watch for it."""
        for partner in self:
            flows = partner.flow_ids.filtered(
                lambda f: (
                    f.direction == "outbound"
                    and f.codec in EDI_CODECS
                    and f.document_type != "functional_ack"
                )
            )
            flows.write(partner._edi_flow_ack_values())

    def _edi_flow_ack_values(self):
        self.ensure_one()
        expected = bool(self.edi_expected_ack) and self.edi_expected_ack != "none"
        return {
            "expect_acknowledgement": expected,
            "sla_minutes": self.edi_ack_minutes if expected else 0,
        }

    def _edi_next_control(self, level):
        """The next control number (an int) of ``level``: its sequence is per partner and
        level, created on first use, and a PostgreSQL sequence never hands a number twice,
        not even when the transaction that took it rolls back."""
        self.ensure_one()
        field = CONTROL_LEVELS[level]
        # sudo: private, for the encode step: the partner's own control-number sequences
        partner = self.sudo()
        if not partner[field]:
            # Two first sends at once must not create two sequences for one level.
            self.env.cr.execute(
                "SELECT id FROM integration_partner WHERE id = %s FOR UPDATE", (partner.id,)
            )
            partner.invalidate_recordset([field])
            if not partner[field]:
                partner[field] = (
                    self.env["ir.sequence"]
                    # sudo: the partner's own control-number sequence, created on first use
                    .sudo()
                    .create(
                        {
                            "name": f"EDI {partner.code} {level} control numbers",
                            "implementation": "standard",
                            "number_next": 1,
                            "number_increment": 1,
                            "padding": 0,
                            "company_id": partner.company_id.id,
                        }
                    )
                )
        return int(partner[field].next_by_id())

    def action_view_edi_interchanges(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "integration_edi.action_integration_edi_interchange"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
