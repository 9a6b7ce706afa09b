# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import date, datetime
from decimal import Decimal

from odoo import fields, models
from odoo.addons.integration_core.services.errors import BusinessRuleError, ParseError

# The canonical functional acknowledgement statuses, worst last.
REJECTED = "rejected"


class EdiRejection:
    """What a rejected file needs once the failed parse step was rolled back: the parsed
    interchanges (pure objects of the x12 / edifact packages) to record and answer."""

    def __init__(self, interchanges):
        self.interchanges = list(interchanges)


def json_ready(document):
    """A mapper's dict (Decimal, date values) as JSON data; the validate step types it."""

    def default(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, date | datetime):
            return value.isoformat()
        raise TypeError(f"{value!r} is not JSON serializable")

    return json.loads(json.dumps(document, default=default))


class IntegrationCodecEdi(models.AbstractModel):
    """What the X12 and EDIFACT codecs share: the partner profile, the interchange records,
    the acknowledgements they queue and the references acknowledgements are matched by.

    Inbound, a file message is split into one message per transaction set (``_split``);
    the functional acknowledgement (997/999, CONTRL) is queued at that moment, once every set
    was read by its mapper, so it reports syntax and mapping errors set by set. Processing
    the business document (customer, products, stock) is not part of a functional
    acknowledgement: the core's acknowledge step is therefore skipped for EDI flows.
    """

    _name = "integration.codec.edi"
    _inherit = "integration.codec"
    _description = "EDI codec (shared by X12 and EDIFACT)"

    _edi_standard = None  # "x12" or "edifact": the flow codec and the profile's standard

    # ------------------------------------------------------------------ codec interface
    def _sends_acknowledgement(self, message):
        """EDI acknowledgements are queued when the file is split, not after processing."""
        return False

    def _acknowledge(self, message):
        return None

    def _expects_acknowledgement(self, message):
        """Whether the partner acknowledges what we send: its profile says so, and nobody
        acknowledges an acknowledgement."""
        expected = message.partner_id.edi_expected_ack
        return bool(expected) and expected != "none" and message.document_type != "functional_ack"

    # ------------------------------------------------------------------ profile
    def _edi_profile(self, message):
        partner = message.partner_id
        if partner.edi_standard and partner.edi_standard != self._edi_standard:
            raise BusinessRuleError(
                self.env._(
                    "Flow %(flow)s uses the %(codec)s codec but the EDI profile of %(partner)s "
                    "is %(standard)s.",
                    flow=message.flow_id.name,
                    codec=self._edi_standard.upper(),
                    partner=partner.name,
                    standard=partner.edi_standard.upper(),
                ),
                hint=self.env._("Correct the EDI page of the partner or the flow's codec."),
            )
        return partner

    def _edi_require_ids(self, partner):
        missing = [
            partner._fields[name].string
            for name in ("edi_our_id", "edi_their_id")
            if not partner[name]
        ]
        if missing:
            raise BusinessRuleError(
                self.env._(
                    "The EDI profile of %(partner)s lacks: %(fields)s.",
                    partner=partner.name,
                    fields=", ".join(missing),
                ),
                hint=self.env._("Fill in the EDI page of the partner, then Retry."),
            )

    def _edi_now(self):
        return fields.Datetime.now()

    # ------------------------------------------------------------------ acknowledgements
    def _edi_ack_flow(self, message):
        """The partner's outbound functional acknowledgement flow of this codec, if any."""
        return self.env["integration.flow"].search(
            [
                ("partner_id", "=", message.partner_id.id),
                ("direction", "=", "outbound"),
                ("document_type", "=", "functional_ack"),
                ("codec", "=", self._edi_standard),
            ],
            limit=1,
        )

    def _edi_queue_reply(self, message, payload, reference, what):
        """Queue ``payload`` (a TA1/997/999/CONTRL made here) to the partner, or say why not."""
        flow = self._edi_ack_flow(message)
        if not flow:
            message._log(
                "acknowledge",
                self.env._(
                    "No %(what)s sent: %(partner)s has no outbound functional acknowledgement "
                    "flow with the %(codec)s codec.",
                    what=what,
                    partner=message.partner_id.name,
                    codec=self._edi_standard.upper(),
                ),
                kind="business",
                level="warning",
            )
            return self.env["integration.message"]
        reply = self.env["integration.message"]._queue_payload(
            flow,
            payload,
            correlation_id=message.correlation_id,
            partner_reference=reference,
            record=message,
        )
        message._log(
            "acknowledge",
            self.env._("%(what)s queued as %(reply)s.", what=what, reply=reply.name),
            kind="business",
        )
        return reply

    def _edi_reject(self, message, rejection):
        """Record the rejected interchanges and queue their rejection (after rollback)."""
        raise NotImplementedError

    def _edi_already_answered(self, message, control_number):
        """A retried file is not rejected to the partner twice."""
        return bool(
            self.env["integration.edi.interchange"].search_count(
                [
                    ("message_id", "=", message.id),
                    ("direction", "=", "inbound"),
                    ("control_number", "=", control_number),
                    ("reply_message_id", "!=", False),
                ],
                limit=1,
            )
        )

    def _edi_log_answered(self, message, control_number):
        message._log(
            "acknowledge",
            self.env._(
                "Interchange %s was already rejected to the partner: not again.", control_number
            ),
            kind="business",
        )

    def _edi_sent_transactions(self, partner, domain):
        return self.env["integration.edi.transaction"].search(
            [
                ("partner_id", "=", partner.id),
                ("standard", "=", self._edi_standard),
                ("direction", "=", "outbound"),
                *domain,
            ],
            order="id",
        )

    def _edi_translate(self, partner, reference):
        """The reference the core matches an acknowledgement with: the partner reference of
        the message that carried the acknowledged set (a resend with new control numbers
        moved it on), else the reference as the partner gave it."""
        transaction = self._edi_sent_transactions(
            partner, [("reference", "=", reference), ("message_id", "!=", False)]
        )[-1:]
        return transaction.message_id._partner_reference() if transaction else reference

    @staticmethod
    def _edi_expand(group_ack, covered, transactions):
        """Acks for the sets of ``transactions`` a group/interchange ack speaks for and that
        no set-level ack covered; a rejection of the whole rejects each of them."""
        status = group_ack["status"]
        return [
            (
                transaction.reference,
                {
                    **group_ack,
                    "acknowledged_ref": transaction.reference,
                    "status": REJECTED if status == REJECTED else "accepted",
                },
            )
            for transaction in transactions
            if transaction.reference not in covered
        ]

    def _edi_pick_ack(self, acks, reference):
        """The ack of ``acks`` ((raw reference, ack) pairs) that a child message stands for:
        its partner reference is ``<ack reference>/<acknowledged reference>``."""
        wanted = reference.partition("/")[2]
        for raw, ack in acks:
            if raw == wanted or (not wanted and len(acks) == 1):
                return dict(ack)
        raise ParseError(
            self.env._(
                "The acknowledgement %(ref)s does not acknowledge %(wanted)s.",
                ref=reference.partition("/")[0],
                wanted=wanted or self.env._("a single transaction set"),
            )
        )

    def _edi_link_inbound(self, message, reference):
        """Tie the received set's record to the message it became."""
        if not message.parent_id:
            return
        transaction = self.env["integration.edi.transaction"].search(
            [
                ("interchange_id.message_id", "=", message.parent_id.id),
                ("direction", "=", "inbound"),
                ("reference", "=", reference),
                ("message_id", "=", False),
            ],
            order="id desc",
            limit=1,
        )
        transaction.message_id = message

    def _edi_mark_answered(self, transaction, reply, kind, rejected, errors):
        """Our verdict on a received set, as the acknowledgement we queued says."""
        transaction.write(
            {
                "ack_status": REJECTED if rejected else "accepted",
                "ack_kind": kind,
                "ack_message_id": reply.id or False,
                "ack_errors": errors or False,
                "acknowledged_at": fields.Datetime.now() if reply else False,
            }
        )

    # ------------------------------------------------------------------ cross-references
    def _edi_carrier_out(self, partner, code):
        """The partner's carrier code (SCAC) for our carrier ``code`` (core xref kind)."""
        if not code:
            return code
        xref = (
            self.env["integration.xref"]
            # sudo: codec plumbing within a pipeline step: the partner's own carrier codes
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("kind", "=", "carrier"),
                    ("internal_code", "=", code),
                ],
                limit=1,
            )
        )
        return xref.external_code or code

    def _edi_carrier_in(self, partner, code):
        """Our carrier code for the partner's ``code``."""
        return self.env["integration.xref"]._resolve(partner, "carrier", code) or code

    def _edi_order_date(self, message):
        """The date of the customer's purchase order this outbound message answers."""
        order = self.env["integration.message"].search(
            [
                ("correlation_id", "=", message.correlation_id),
                ("direction", "=", "inbound"),
                ("document_type", "=", "order"),
                ("canonical", "!=", False),
            ],
            limit=1,
        )
        return (order.canonical or {}).get("order_date")

    # ------------------------------------------------------------------ resend
    def _edi_resend_payload(self, message):
        """The message again with new control numbers: re-encoded from its canonical
        document, or renumbered when the codec made it (an acknowledgement)."""
        if message.canonical:
            return self._encode(message, message._document())
        return self._edi_renumber(message, message._payload())

    def _edi_renumber(self, message, payload):
        raise NotImplementedError


def loose_lines(notice):
    """The top-level lines of a shipment notice less what its packages already hold."""
    packed = {}
    for package in notice.get("packages") or []:
        for line in package.get("lines") or []:
            for key in (("ref", line["line_ref"]), ("code", line["product_code"])):
                packed[key] = packed.get(key, 0) + float(line["quantity_shipped"])
    loose = []
    for line in notice.get("lines") or []:
        quantity = float(line["quantity_shipped"])
        inside = packed.get(("ref", line["line_ref"])) or packed.get(
            ("code", line["product_code"]), 0
        )
        if not inside:
            loose.append(line)
        elif quantity > inside:
            loose.append({**line, "quantity_shipped": str(quantity - inside), "lots": []})
    return loose
