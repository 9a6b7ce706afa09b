# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from typing import NamedTuple

from odoo import fields, models
from odoo.addons.integration_core import schemas
from odoo.addons.integration_core.schemas.shipment_notice import loose_lines
from odoo.addons.integration_core.services.errors import (
    AwaitingDocument,
    BusinessRuleError,
    IntegrationError,
    ParseError,
)
from odoo.addons.integration_core.services.plugins import CodecFeatures

# The canonical functional acknowledgement statuses, worst last.
REJECTED = "rejected"
SHOWN_ERRORS = 3


class EdiSyntax(NamedTuple):
    """What the files of a standard are, for senders and downloads."""

    start: str  # how a file starts, in the hint to a sender of something else: "ISA"
    reply: str  # what a rejected file is answered with: "TA1/997"
    file_extension: str
    content_type: str
    example: str = ""  # a file a sender may post (CodecFeatures.example)


class EdiRejection:
    """What a rejected file needs once the failed parse step was rolled back: the parsed
    interchanges (pure objects of the x12 / edifact packages) to record and answer."""

    def __init__(self, interchanges):
        self.interchanges = list(interchanges)


class IntegrationCodecEdi(models.AbstractModel):
    """The EDI codec template the X12 and EDIFACT codecs fill in: the partner profile, the
    file split, its rejection, the encode skeleton, the interchange records, the
    acknowledgements they queue and the references acknowledgements are matched by.

    Inbound, a file message is split into one message per transaction set (``_split``);
    the functional acknowledgement (997/999, CONTRL) is queued at that moment, once every set
    was read by its mapper and tried through the validate and map steps (rolled back,
    ``_edi_map_problem``), so it reports syntax and mapping errors set by set and never
    accepts what the hub then fails to map. The core's acknowledge step is skipped for EDI
    flows. A resent interchange makes the file a duplicate, answered as the first time.

    A standard implements the ``_edi_*`` hooks marked "standard hook" below: how its files
    are read, checked against the profile, cut into parts, answered, written and recorded.
    """

    _name = "integration.codec.edi"
    _inherit = "integration.codec"
    _description = "EDI codec (shared by X12 and EDIFACT)"

    _edi_standard = None  # "x12" or "edifact": the flow codec and the profile's standard
    _edi_syntax = None  # its EdiSyntax

    # ------------------------------------------------------------------ codec interface
    def _features(self):
        syntax = self._edi_syntax
        return CodecFeatures(
            file_extension=syntax.file_extension,
            content_type=syntax.content_type,
            example=syntax.example,
        )

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

    def _flow_defaults(self, flow):
        """A new outbound EDI flow expects the acknowledgement its partner's profile promises,
        within its window (the partner's profile keeps them in step afterwards)."""
        if flow.direction != "outbound" or flow.document_type == "functional_ack":
            return {}
        return flow.partner_id._edi_flow_ack_values()

    def _check_on_receipt(self, message, payload):
        """The API only refuses what is not of the standard at all: an interchange with
        envelope errors is answered the standard's way, by the rejection the parse step
        queues (``_on_failed``)."""
        reason = self._edi_unreadable(payload)
        if reason:
            raise ParseError(
                self.env._(
                    "The payload is not an %(standard)s interchange: %(reason)s",
                    standard=self._edi_standard.upper(),
                    reason=reason,
                ),
                hint=self.env._(
                    "Send %(standard)s to this flow: the file must start with %(start)s.",
                    standard=self._edi_standard.upper(),
                    start=self._edi_syntax.start,
                ),
            )
        return None

    def _split(self, message, payload):
        """One message per transaction set / EDIFACT message (and per acknowledged set of
        an acknowledgement).

        An interchange with envelope errors fails the whole file, nothing of it is
        processed, and its rejection (TA1 or 997/999, CONTRL) is queued by ``_on_failed``.
        """
        if message.parent_id:
            return []  # a set already cut out of its file
        partner = self._edi_profile(message)
        interchanges = self._edi_read_file(payload, partner)
        for interchange in interchanges:
            self._edi_check_profile(partner, interchange)
            for warning in self._edi_warnings(interchange):
                message._log("split", warning, kind="business", level="warning")
        # Envelope errors reject the file; a set with segment or mapping errors is only
        # rejected itself (in the acknowledgement, and its message fails).
        broken = [i for i in interchanges if self._edi_problems(i, segments=False)]
        if broken:
            raise self._edi_rejection(message, broken, interchanges)
        originals = {id(i): self._edi_original(message, i) for i in interchanges}
        fresh = [i for i in interchanges if not originals[id(i)]]
        for interchange in interchanges:
            if originals[id(interchange)]:
                self._edi_resent(message, interchange, originals[id(interchange)])
        parts = []
        for interchange in fresh:
            parts += self._edi_parts(message, partner, interchange)
        if not fresh:
            self._edi_set_duplicate(message, originals[id(interchanges[0])].message_id)
            return []
        if not parts:
            raise self._edi_rejection(message, fresh, fresh)
        for interchange in fresh:
            record, transactions = self._edi_record(message, interchange, "inbound")
            self._edi_answer(message, interchange, record, transactions, rejected=False)
        return parts

    def _decode_file(self, message, payload):
        """A file is split into its sets; one whose interchanges were all received before
        (a resend) becomes a duplicate and has nothing to decode."""
        if message.parent_id:
            return [], self._decode(message, payload)
        parts = self._split(message, payload)
        return parts, None

    def _edi_map_problem(self, message, part):
        """Why the hub would fail to decode, validate or map the set or message ``part`` of
        the file ``message``, or None. It is tried on a throwaway message, rolled back, so
        that our acknowledgement never accepts what the hub then fails to map."""
        flow = message.flow_id._sibling_for(part.document_type)
        if not flow:
            return None  # the split fails the whole file for it
        values = {
            "name": f"{message.name}:{part.reference}",  # no number of the sequence used
            "flow_id": flow.id,
            "partner_id": message.partner_id.id,
            "company_id": flow.company_id.id,
            "direction": "inbound",
            "document_type": part.document_type,
            "state": "received",
            "correlation_id": message.correlation_id,
            "partner_reference": part.reference,
            "parent_id": message.id,
        }
        with message._trial():
            # sudo: a throwaway message of the parse step, rolled back when the block ends
            probe = self.env["integration.message"].sudo().create(values)
            try:
                data = flow._plugin("codec")._decode(probe, part.payload)
                document = schemas.validate_document(part.document_type, data)
                flow._plugin("processor")._map(probe, document)
            except AwaitingDocument:
                return None  # well formed: it waits for its order (a change sent first)
            except (IntegrationError, schemas.SchemaError) as err:
                return None if getattr(err, "retryable", False) else str(err)
        return None

    # ------------------------------------------------------------------ resends
    def _edi_original(self, message, interchange):
        """The interchange this one repeats: the same control number from the same sender
        and partner, accepted before in another file (a resend); else empty. Test traffic
        repeats test traffic only: after go-live the same interchange is production's."""
        _receiver, sender, _test = self._edi_parties(interchange)
        return self.env["integration.edi.interchange"].search(
            [
                ("standard", "=", self._edi_standard),
                ("direction", "=", "inbound"),
                ("partner_id", "=", message.partner_id.id),
                ("sender_id", "=", sender),
                ("control_number", "=", self._edi_control(interchange)),
                ("state", "=", "accepted"),
                ("message_id", "!=", message.id),
                ("message_id.is_test", "=", message.is_test),
            ],
            order="id",
            limit=1,
        )

    def _edi_resent(self, message, interchange, original):
        """A resent interchange is not processed again; the partner gets the answer it got
        the first time (the same acknowledgement, queued again), as it may have lost it."""
        reply = original.reply_message_id
        again = reply and self.env["integration.message"]._queue_payload(
            reply.flow_id,
            reply._payload(),
            correlation_id=message.correlation_id,
            partner_reference=reply.partner_reference,
            record=message,
        )
        values = {
            "control": self._edi_control(interchange),
            "original": original.message_id.name,
            "reply": reply.name,
            "again": again.name if again else "",
        }
        if again:
            note = self.env._(
                "Interchange %(control)s was already received in %(original)s: a resend, not "
                "processed again. Its acknowledgement %(reply)s is sent again as %(again)s.",
                **values,
            )
        else:
            note = self.env._(
                "Interchange %(control)s was already received in %(original)s: a resend, not "
                "processed again (it was not acknowledged then, nor now).",
                **values,
            )
        message._log("split", note, kind="business", level="warning")

    def _edi_set_duplicate(self, message, original):
        """Every interchange of the file was received before: the file is a duplicate."""
        message.write({"state": "duplicate", "next_step": False, "duplicate_of_id": original.id})

    def _edi_check_profile(self, partner, interchange):
        """An interchange must be addressed to us, come from the partner, and be no test
        data for a production profile: else it is rejected (envelope errors)."""
        receiver, sender, test = self._edi_parties(interchange)
        if partner.edi_our_id and receiver != partner.edi_our_id.strip():
            self._edi_profile_error(
                interchange, "receiver", value=receiver, expected=partner.edi_our_id
            )
        if partner.edi_their_id and sender != partner.edi_their_id.strip():
            self._edi_profile_error(
                interchange,
                "sender",
                value=sender,
                expected=partner.edi_their_id,
                partner=partner.name,
            )
        if partner.edi_usage == "P" and test:
            self._edi_profile_error(interchange, "test")

    def _edi_rejection(self, message, broken, interchanges):
        """The error that fails a whole file: what is wrong with the ``broken``
        interchanges; it carries all of them for ``_on_failed`` to answer."""
        problems = [problem for i in broken for problem in self._edi_problems(i)]
        problems = problems or [self._edi_nothing_read()]
        shown = "; ".join(problems[:SHOWN_ERRORS])
        if len(problems) > SHOWN_ERRORS:
            shown += self.env._(" (and %s more)", len(problems) - SHOWN_ERRORS)
        return ParseError(
            self.env._(
                "Interchange %(control)s from %(partner)s is rejected: %(problems)s",
                control=", ".join(self._edi_control(i) or "?" for i in broken),
                partner=message.partner_id.name,
                problems=shown,
            ),
            hint=self.env._(
                "Nothing of this file was processed. Ask the partner to correct the "
                "interchange and send it again; a %(reply)s rejection was queued to it if it "
                "has an outbound functional acknowledgement flow with the %(codec)s codec.",
                reply=self._edi_syntax.reply,
                codec=self._edi_standard.upper(),
            ),
            edi_rejection=EdiRejection(interchanges),
        )

    def _on_failed(self, message, step, err):
        """A rejected file is answered (TA1/997, CONTRL) once its failed step was rolled
        back: the interchanges travel on the error (``_edi_rejection``)."""
        rejection = (getattr(err, "details", None) or {}).get("edi_rejection")
        if rejection is not None:
            self._edi_reject(message, rejection)

    def _edi_decoded_ack(self, partner, acks, reference):
        """The received acknowledgement a child message stands for, matched to what we
        sent: ``acks`` are (acknowledged reference, canonical ack) pairs."""
        ack = self._edi_pick_ack(acks, reference)
        ack["acknowledged_ref"] = self._edi_translate(partner, ack["acknowledged_ref"])
        return ack

    # ------------------------------------------------------------------ outbound
    def _encode(self, message, document):
        """The partner's interchange for ``document``: the standard's mapper for the
        document type, the partner's codes (carrier, loose lines) and envelope."""
        outbound = self._edi_outbound(message.document_type)
        if outbound is None:
            raise BusinessRuleError(
                self.env._(
                    "The %(standard)s codec does not write %(type)s documents.",
                    standard=self._edi_standard.upper(),
                    type=message.document_type,
                ),
                hint=self.env._("Use another codec for this flow."),
            )
        partner = self._edi_profile(message)
        self._edi_require_ids(partner)
        data = schemas.dump(document)
        carrier = data.get("carrier_code")
        if carrier:  # the partner's code (SCAC) for our carrier
            xref = self.env["integration.xref"]
            data["carrier_code"] = xref._external_code(partner, "carrier", carrier) or carrier
        if message.document_type == "shipment_notice":
            data["lines"] = loose_lines(data)
        return self._edi_write(message, partner, outbound, data)

    def _on_encoded(self, message, payload):
        """Record the interchange we send and give the message its partner reference (what
        the partner's acknowledgement will name)."""
        written = self._edi_read_written(payload)
        for interchange in written:
            self._edi_record(message, interchange, "outbound")
        message.partner_reference = self._edi_reference(written)

    # ------------------------------------------------------------------ records
    def _edi_record(self, message, interchange, direction, rejected=False):
        """The interchange, group and transaction records of ``interchange``; returns the
        interchange record and its [(transaction set or message, its record)]."""
        expects_ack = direction == "outbound" and self._expects_acknowledgement(message)
        record = self.env["integration.edi.interchange"].create(
            {
                "standard": self._edi_standard,
                "direction": direction,
                "partner_id": message.partner_id.id,
                "message_id": message.id,
                "state": "sent"
                if direction == "outbound"
                else "rejected"
                if rejected
                else "accepted",
                **self._edi_interchange_values(interchange),
            }
        )
        groups = {
            key: self.env["integration.edi.group"].create({"interchange_id": record.id, **values})
            for key, values in self._edi_group_values(interchange)
        }
        units = self._edi_unit_values(interchange)
        created = self.env["integration.edi.transaction"].create(
            [
                {
                    "interchange_id": record.id,
                    "group_id": groups[key].id if key in groups else False,
                    "message_id": message.id if direction == "outbound" else False,
                    "ack_status": "pending" if expects_ack else "none",
                    **values,
                }
                for _unit, key, values in units
            ]
        )
        return record, list(zip([unit for unit, _key, _values in units], created, strict=True))

    # ------------------------------------------------------------------ standard hooks
    def _edi_unreadable(self, payload):
        """Standard hook: why ``payload`` is not a file of the standard at all, or None."""
        raise NotImplementedError

    def _edi_read_file(self, payload, partner):
        """Standard hook: the interchanges of a received file (pure objects); ParseError
        when it holds none."""
        raise NotImplementedError

    def _edi_read_written(self, payload):
        """Standard hook: the interchanges of a payload we wrote."""
        raise NotImplementedError

    def _edi_warnings(self, interchange):
        """Standard hook: what was read leniently in an interchange (text), for the
        message's log: characters beyond its character set, EBCDIC, an unpadded ISA."""
        raise NotImplementedError

    def _edi_parties(self, interchange):
        """Standard hook: (receiver ID, sender ID, whether it is test data) of an
        interchange."""
        raise NotImplementedError

    def _edi_profile_error(self, interchange, problem, **values):
        """Standard hook: note on ``interchange`` the envelope error of a ``problem`` of
        ``_edi_check_profile`` ("receiver", "sender", "test"), its text formatted with
        ``values``."""
        raise NotImplementedError

    def _edi_control(self, interchange):
        """Standard hook: the interchange's control number (ISA13, UNB0020)."""
        raise NotImplementedError

    def _edi_reference(self, interchanges):
        """Standard hook: the partner reference of a payload: its first set's, else its
        interchange's."""
        raise NotImplementedError

    def _edi_problems(self, interchange, segments=True):
        """Standard hook: the errors of an interchange as text; ``segments=False`` keeps
        those of its envelopes (which reject the whole file)."""
        raise NotImplementedError

    def _edi_nothing_read(self):
        """Standard hook: why a file without envelope errors is rejected all the same."""
        raise NotImplementedError

    def _edi_parts(self, message, partner, interchange):
        """Standard hook: the ``Part``s of an interchange; what the hub does not read is
        noted on the interchange, for its acknowledgement."""
        raise NotImplementedError

    def _edi_answer(self, message, interchange, record, transactions, rejected):
        """Standard hook: queue our acknowledgement of a received interchange (through
        ``_edi_queue_reply``) and note it on its transaction ``record``s."""
        raise NotImplementedError

    def _edi_outbound(self, document_type):
        """Standard hook: the entry of the standard's outbound table for a document type,
        or None."""
        raise NotImplementedError

    def _edi_write(self, message, partner, outbound, data):
        """Standard hook: the payload of the dumped document ``data``, numbered from the
        partner's sequences; MappingError when the data cannot be written."""
        raise NotImplementedError

    def _edi_interchange_values(self, interchange):
        """Standard hook: the integration.edi.interchange values read off an interchange."""
        raise NotImplementedError

    def _edi_group_values(self, interchange):
        """Standard hook: [(group key, integration.edi.group values)] of an interchange."""
        raise NotImplementedError

    def _edi_unit_values(self, interchange):
        """Standard hook: [(transaction set or message, its group key,
        integration.edi.transaction values)] of an interchange."""
        raise NotImplementedError

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

    def _edi_queue_reply(self, message, record, payload, what):
        """Queue ``payload`` (a TA1/997/999/CONTRL made here) to the partner as the answer to
        the received interchange ``record``, or say why not; returns the reply message."""
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
        written = self._edi_read_written(payload)
        reply = self.env["integration.message"]._queue_payload(
            flow,
            payload,
            correlation_id=message.correlation_id,
            partner_reference=self._edi_reference(written),
            record=message,
        )
        for interchange in written:
            self._edi_record(reply, interchange, "outbound")
        record.reply_message_id = reply
        message._log(
            "acknowledge",
            self.env._("%(what)s queued as %(reply)s.", what=what, reply=reply.name),
            kind="business",
        )
        return reply

    def _edi_reject(self, message, rejection):
        """Record the rejected interchanges and queue their rejection (after rollback); a
        retried file is not answered twice."""
        for interchange in rejection.interchanges:
            control = self._edi_control(interchange)
            if self._edi_already_answered(message, control):
                self._edi_log_answered(message, control)
                continue
            record, transactions = self._edi_record(message, interchange, "inbound", rejected=True)
            self._edi_answer(message, interchange, record, transactions, rejected=True)

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

    def _edi_ack_pairs(self, partner, outer, inner, sent_domain):
        """(acknowledged reference, canonical ack) of a received acknowledgement: the
        ``inner`` acks (one per set) share the rejection of the ``outer`` verdict (group,
        interchange), which also speaks for the sets we sent under it (``sent_domain``)
        that no inner ack names."""
        if outer["status"] == REJECTED:
            for ack in inner:
                ack["status"] = REJECTED
                ack["errors"] = ack["errors"] + outer["errors"]
        pairs = [(ack["acknowledged_ref"], ack) for ack in inner]
        ours = self._edi_sent_transactions(partner, sent_domain)
        pairs += self._edi_expand(outer, {raw for raw, _ack in pairs}, ours)
        return pairs or [(outer["acknowledged_ref"], outer)]

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

    # ------------------------------------------------------------------ outbound
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
        document, or renumbered when the codec made it (an acknowledgement); recorded as
        sent like any encoded payload."""
        if message.canonical:
            payload = self._encode(message, message._document())
        else:
            payload = self._edi_renumber(message, message._payload())
        self._on_encoded(message, payload)
        return payload

    def _edi_renumber(self, message, payload):
        """Standard hook: a payload we made (a 997, a TA1, a CONTRL) with new control
        numbers."""
        raise NotImplementedError
