# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from odoo import api, fields, models

from .. import edifact, x12
from ..models.integration_partner import EDI_CODECS as EDI
from ..models.integration_partner import EDIFACT_VERSIONS, X12_VERSIONS

STANDARDS = [("x12", "ANSI X12"), ("edifact", "UN/EDIFACT"), ("canonical_json", "Canonical JSON")]
# What a standard's partners usually write and acknowledge with (the partner's expected
# acknowledgement and the code of its acknowledgement flows).
QUALIFIERS = {"x12": "ZZ", "edifact": "ZZZ"}
ACKNOWLEDGEMENTS = {"x12": "997", "edifact": "contrl"}


class IntegrationOnboarding(models.TransientModel):
    """The trading partner kind: an EDI (X12, EDIFACT) or canonical JSON customer whose
    orders come in and whose acknowledgements, ship notices and invoices go out."""

    _inherit = "integration.onboarding"

    kind = fields.Selection(selection_add=[("edi", "Trading partner")], ondelete={"edi": "cascade"})
    edi_standard = fields.Selection(STANDARDS, string="Standard", default="x12")
    x12_version = fields.Selection(
        [(version, version) for version in X12_VERSIONS],
        string="X12 version",
        default=X12_VERSIONS[0],
    )
    edifact_version = fields.Selection(
        [(version, f"{version[0]}.{version[1:]}") for version in EDIFACT_VERSIONS],
        string="EDIFACT directory",
        default=EDIFACT_VERSIONS[0],
    )
    edi_their_qualifier = fields.Char(
        string="Their qualifier",
        compute="_compute_edi_qualifiers",
        store=True,
        readonly=False,
        help="X12 ISA05; EDIFACT UNB 0007.",
    )
    edi_their_id = fields.Char(string="Their interchange ID", help="X12 ISA06; EDIFACT UNB 0004.")
    edi_our_qualifier = fields.Char(
        string="Our qualifier",
        compute="_compute_edi_qualifiers",
        store=True,
        readonly=False,
        help="Defaults from the company's EDI settings.",
    )
    edi_our_id = fields.Char(
        string="Our interchange ID",
        default=lambda self: self.env.company.edi_our_id,
        help="Defaults from the company's EDI settings; saved there when they are empty.",
    )
    edi_ack_minutes = fields.Integer(
        string="Acknowledgement within (minutes)",
        default=1440,
        help="The window of their 997 / CONTRL for what we send.",
    )
    edi_product_qualifiers = fields.Char(
        string="Item qualifiers read", help="Empty: the profile's default."
    )

    @api.depends("edi_standard", "template_id")
    def _compute_edi_qualifiers(self):
        company = self.env.company
        for wizard in self:
            default = QUALIFIERS.get(wizard.edi_standard)
            template = wizard.template_id
            wizard.edi_their_qualifier = (
                template.edi_their_qualifier
                if template.edi_standard == wizard.edi_standard
                else False
            ) or default
            wizard.edi_our_qualifier = company.edi_our_qualifier or default

    def _edi_version(self):
        return {"x12": self.x12_version, "edifact": self.edifact_version}.get(self.edi_standard)

    # ------------------------------------------------------------------ hooks
    def _onboarding_template_values(self, template):
        values = super()._onboarding_template_values(template)
        if template.kind != "edi":
            return values
        standard = template.edi_standard or "canonical_json"
        values.update(edi_standard=standard)
        if template.edi_version and standard in EDI:
            values[f"{standard}_version"] = template.edi_version
        for name in ("edi_ack_minutes", "edi_product_qualifiers"):
            if template[name]:
                values[name] = template[name]
        return values

    def _onboarding_partner_values(self):
        values = super()._onboarding_partner_values()
        if self.kind != "edi" or self.edi_standard not in EDI:
            return values
        values.update(
            edi_standard=self.edi_standard,
            edi_version=self._edi_version(),
            edi_their_qualifier=self.edi_their_qualifier,
            edi_their_id=self.edi_their_id,
            edi_our_qualifier=self.edi_our_qualifier,
            edi_our_id=self.edi_our_id,
            edi_expected_ack=ACKNOWLEDGEMENTS[self.edi_standard],
            edi_ack_minutes=self.edi_ack_minutes,
            edi_send_ack=True,
        )
        if self.edi_product_qualifiers:
            values["edi_product_qualifiers"] = self.edi_product_qualifiers
        return values

    def _onboarding_codec(self):
        if self.kind == "edi":
            return self.edi_standard
        return super()._onboarding_codec()

    def _onboarding_extra_flows(self, partner, endpoint):
        """The functional acknowledgements both ways: theirs of what we send, ours of what
        they send (997 for X12, CONTRL for EDIFACT)."""
        flows = super()._onboarding_extra_flows(partner, endpoint)
        if self.kind != "edi" or self.edi_standard not in EDI:
            return flows
        code = ACKNOWLEDGEMENTS[self.edi_standard]
        label = code.upper() if self.edi_standard == "edifact" else code
        for direction, arrow in (("inbound", "in"), ("outbound", "out")):
            flows.append(
                {
                    "name": f"{self.name}: {label} {arrow}",
                    "code": f"{self.code}-{code}-{arrow}",
                    "partner_id": partner.id,
                    "direction": direction,
                    "document_type": "functional_ack",
                    "codec": self.edi_standard,
                    "endpoint_id": endpoint.id,
                }
            )
        return flows

    def _onboarding_done(self, partner, endpoint, flows):
        """Remember our interchange ID on the company, so the next partner has it."""
        result = super()._onboarding_done(partner, endpoint, flows)
        company = self.company_id
        if self.kind == "edi" and self.edi_standard in EDI and not company.edi_our_id:
            # sudo: the company's EDI identity, set once from the manager's first partner
            company.sudo().write(
                {
                    "edi_our_qualifier": self.edi_our_qualifier,
                    "edi_our_id": self.edi_our_id,
                }
            )
        return result

    def _onboarding_sample(self, flow):
        if self.kind != "edi" or flow.codec not in EDI:
            return super()._onboarding_sample(flow)
        product = self._onboarding_sample_product()
        po = f"TEST-{self.code.upper()}-1"
        code = product.default_code or "YOUR-SKU"
        price = f"{product.list_price or 1.0:g}"
        if flow.codec == "x12":
            return self._x12_sample(po, code, price)
        return self._edifact_sample(po, code, price)

    def _x12_sample(self, po, code, price):
        now = datetime.now()
        version = self.x12_version or X12_VERSIONS[0]
        header = x12.InterchangeHeader(
            sender_qualifier=self.edi_their_qualifier or "ZZ",
            sender_id=self.edi_their_id,
            receiver_qualifier=self.edi_our_qualifier or "ZZ",
            receiver_id=self.edi_our_id,
            date=now.strftime("%y%m%d"),
            time=now.strftime("%H%M"),
            control_number=1,
            version="00501" if version >= "005" else "00401",
            usage="T",
        )
        group = x12.GroupHeader(
            "PO",
            self.edi_their_id,
            self.edi_our_id,
            now.strftime("%Y%m%d"),
            now.strftime("%H%M"),
            1,
            version=version,
        )
        body = [
            ("BEG", "00", "SA", po, None, now.strftime("%Y%m%d")),
            ("N1", "BY", self.name[:60], "92", self.code.upper()),
            ("PO1", "1", "1", "EA", price, None, "VP", code),
            ("CTT", "1", "1"),
        ]
        delimiters = x12.Delimiters(repetition="^" if version >= "005" else None)
        groups = [x12.OutgoingGroup(group, [x12.OutgoingSet("850", 1, body)])]
        return x12.render_interchange(delimiters, header, groups)

    def _edifact_sample(self, po, code, price):
        Segment = edifact.Segment
        directory = self.edifact_version or EDIFACT_VERSIONS[0]
        body = [
            Segment.build("BGM", "220", po, "9"),
            Segment.build("DTM", ("137", datetime.now().strftime("%Y%m%d"), "102")),
            Segment.build("NAD", "BY", (self.code.upper(), None, "92"), None, self.name[:35]),
            Segment.build("LIN", "1"),
            Segment.build("PIA", "5", (code, "SA")),
            Segment.build("QTY", ("21", "1")),
            Segment.build("PRI", ("AAA", price)),
            Segment.build("UNS", "S"),
        ]
        header = edifact.InterchangeHeader(
            sender=edifact.PartyId(self.edi_their_id, self.edi_their_qualifier or "ZZZ"),
            recipient=edifact.PartyId(self.edi_our_id, self.edi_our_qualifier or "ZZZ"),
            control_ref="1",
            prepared=datetime.now(),
            test=True,
        )
        kind = edifact.MessageType("ORDERS", directory[0], directory[1:], "UN")
        return edifact.write_interchange(
            header, [edifact.OutboundMessage("1", kind, body)], line_end="\n"
        )
