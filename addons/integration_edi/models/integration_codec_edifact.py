# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.addons.integration_core import schemas
from odoo.addons.integration_core.models.integration_codec import Part
from odoo.addons.integration_core.services.errors import (
    BusinessRuleError,
    MappingError,
    ParseError,
)

from .. import edifact
from ..edifact.errors import describe_code
from ..edifact.reader import EdifactReader
from ..edifact.writer import encode, format_segment, serialize
from .integration_codec_edi import EdiRejection, json_ready, loose_lines

CONTRL = "CONTRL"
# What we send, by document type: the message builder and its type (UNH S009/0065).
OUTBOUND = {
    "order_ack": (edifact.ordrsp_message, "ORDRSP"),
    "shipment_notice": (edifact.desadv_message, "DESADV"),
    "invoice": (edifact.invoic_message, "INVOIC"),
    "inventory_snapshot": (edifact.invrpt_message, "INVRPT"),
}
# What we read, by message type: the document type it becomes.
INBOUND = {
    "ORDERS": "order",
    "DESADV": "shipment_notice",
    "INVRPT": "inventory_snapshot",
    CONTRL: "functional_ack",
}
# How each business message we read becomes its canonical document.
READERS = {
    "ORDERS": edifact.order_from_orders,
    "DESADV": edifact.shipment_notice_from_desadv,
    "INVRPT": edifact.inventory_from_invrpt,
}
REJECTED_ACTION = "4"
SHOWN_ERRORS = 3


class IntegrationCodecEdifact(models.AbstractModel):
    """UN/EDIFACT: interchanges split into one message per UNH..UNT, CONTRL both ways, and
    the ORDRSP/DESADV/INVOIC/INVRPT we send, each in its own interchange."""

    _name = "integration.codec.edifact"
    _inherit = "integration.codec.edi"
    _description = "UN/EDIFACT codec"

    _edi_standard = "edifact"

    def _file_extension(self):
        return "edi"

    def _content_type(self):
        return "application/edifact"

    def _display(self, text):
        """One segment per line, UNA first when there is one."""
        reader = EdifactReader(text)
        lines = []
        try:
            for segment in reader:
                if segment.tag == "UNB" and reader.una:
                    lines.append(reader.separators.una())
                lines.append(format_segment(segment, reader.separators) + reader.separators.segment)
        except edifact.EdifactError:
            return text
        return "\n".join(lines)

    def _check_on_receipt(self, message, payload):
        """The API only refuses what is not EDIFACT at all: an interchange with envelope
        errors is answered by the CONTRL rejection the parse step queues."""
        try:
            first = next(iter(EdifactReader(payload)), None)
        except edifact.EdifactError as err:
            first, error = None, err
        else:
            error = None
        if first is None or first.tag != "UNB":
            raise ParseError(
                self.env._(
                    "The payload is not an EDIFACT interchange: %s",
                    error or self.env._("it does not start with UNA or UNB"),
                ),
                hint=self.env._("Send EDIFACT to this flow: the file must start with UNA/UNB."),
            )

    # ------------------------------------------------------------------ reading
    def _edifact_read(self, payload):
        try:
            return list(edifact.read_interchanges(payload))
        except edifact.EdifactError as err:
            raise ParseError(
                self.env._("The payload cannot be read as EDIFACT: %s", err),
                hint=self.env._("Ask the partner to resend a readable EDIFACT file."),
            ) from err

    @staticmethod
    def _edifact_error_text(error):
        if not error.code:
            return error.text
        return f"{error.text} (CONTRL {describe_code(error.code)})"

    def _edifact_check_profile(self, partner, interchange):
        control = interchange.control_ref
        if partner.edi_our_id and interchange.recipient.id != partner.edi_our_id.strip():
            interchange.errors.append(
                edifact.EnvelopeError(
                    "interchange",
                    "7",
                    f"UNB recipient {interchange.recipient.id!r} is not our interchange ID "
                    f"{partner.edi_our_id!r} (UNB {control})",
                    interchange_ref=control,
                    segment="UNB",
                    element=(3, 1),
                )
            )
        if partner.edi_their_id and interchange.sender.id != partner.edi_their_id.strip():
            interchange.errors.append(
                edifact.EnvelopeError(
                    "interchange",
                    "23",
                    f"UNB sender {interchange.sender.id!r} is not {partner.name}'s interchange "
                    f"ID {partner.edi_their_id!r} (UNB {control})",
                    interchange_ref=control,
                    segment="UNB",
                    element=(2, 1),
                )
            )
        if partner.edi_usage == "P" and interchange.test:
            interchange.errors.append(
                edifact.EnvelopeError(
                    "interchange",
                    "25",
                    f"UNB test indicator is set but the partner profile is production "
                    f"(UNB {control})",
                    interchange_ref=control,
                    segment="UNB",
                    element=(11, None),
                )
            )

    # ------------------------------------------------------------------ inbound: the file
    def _split(self, message, payload):
        """One message per UNH..UNT (and per acknowledged message of a CONTRL).

        An interchange with envelope errors fails the whole file and its CONTRL rejection is
        queued by ``_edi_reject``."""
        if message.parent_id:
            return []
        partner = self._edi_profile(message)
        interchanges = self._edifact_read(payload)
        if not interchanges:
            raise ParseError(self.env._("The file holds no EDIFACT interchange."))
        for interchange in interchanges:
            self._edifact_check_profile(partner, interchange)
        broken = [interchange for interchange in interchanges if interchange.all_errors()]
        if broken:
            raise self._edifact_rejection(message, broken, interchanges)
        parts = []
        for interchange in interchanges:
            for edi_message in interchange.messages:
                parts += self._edifact_message_parts(message, partner, interchange, edi_message)
        if not parts:
            raise self._edifact_rejection(message, interchanges, interchanges)
        for interchange in interchanges:
            record, transactions = self._edifact_record(message, interchange, "inbound")
            self._edifact_answer(message, interchange, record, transactions, rejected=False)
        return parts

    def _edifact_rejection(self, message, broken, interchanges):
        problems = [
            self._edifact_error_text(error)
            for interchange in broken
            for error in interchange.all_errors()
        ] or [self.env._("it carries no message the hub reads")]
        shown = "; ".join(problems[:SHOWN_ERRORS])
        if len(problems) > SHOWN_ERRORS:
            shown += self.env._(" (and %s more)", len(problems) - SHOWN_ERRORS)
        return ParseError(
            self.env._(
                "Interchange %(control)s from %(partner)s is rejected: %(problems)s",
                control=", ".join(i.control_ref or "?" for i in broken),
                partner=message.partner_id.name,
                problems=shown,
            ),
            hint=self.env._(
                "Nothing of this file was processed. Ask the partner to correct the "
                "interchange and send it again; a CONTRL rejection was queued to it if it "
                "has an outbound functional acknowledgement flow with the EDIFACT codec."
            ),
            edi_rejection=EdiRejection(interchanges),
        )

    def _edi_reject(self, message, rejection):
        for interchange in rejection.interchanges:
            if self._edi_already_answered(message, interchange.control_ref):
                self._edi_log_answered(message, interchange.control_ref)
                continue
            record, transactions = self._edifact_record(
                message, interchange, "inbound", rejected=True
            )
            self._edifact_answer(message, interchange, record, transactions, rejected=True)

    def _edifact_message_parts(self, message, partner, interchange, edi_message):
        kind = edi_message.message_type.type
        label = f"EDIFACT {kind}"
        if kind not in INBOUND:
            edi_message.errors.append(
                edifact.EnvelopeError(
                    "message",
                    "14",
                    f"message {edi_message.ref} is {kind or 'untyped'}, a type the hub does "
                    f"not read",
                    interchange_ref=interchange.control_ref,
                    message_ref=edi_message.ref,
                    segment="UNH",
                    element=(2, 1),
                )
            )
            message._log(
                "split",
                self.env._("%s is not read by the hub: rejected in the CONTRL.", label),
                kind="business",
                level="warning",
            )
            return []
        payload = self._edifact_message_payload(interchange, edi_message)
        reference = f"{interchange.control_ref}:{edi_message.ref}"
        if kind == CONTRL:
            try:
                acks = self._edifact_contrl_acks(partner, payload)
            except edifact.EdifactError:
                return [Part("functional_ack", payload, reference, label=label)]
            return [
                Part("functional_ack", payload, f"{reference}/{raw}", label=label)
                for raw, _ack in acks
            ]
        try:
            READERS[kind](edi_message)
        except edifact.EdifactMappingError as err:
            # The CONTRL rejects the message, and its message fails with the same error.
            edi_message.add_mapping_error(err)
        return [Part(INBOUND[kind], payload, reference, label=label)]

    def _edifact_message_payload(self, interchange, edi_message):
        """The message alone in its interchange (and group), as the partner sent it."""
        group = next((g for g in interchange.groups if g.ref == edi_message.group_ref), None)
        segments = [interchange.header]
        if group is not None:
            segments.append(group.header)
        segments += edi_message.segments
        if group is not None:
            segments.append(edifact.Segment.build("UNE", 1, group.ref))
        segments.append(edifact.Segment.build("UNZ", 1, interchange.control_ref))
        text = serialize(segments, interchange.separators, una=interchange.una, line_end="\n")
        try:
            return encode(text, interchange.syntax_id)
        except edifact.EdifactError as err:
            raise ParseError(
                self.env._(
                    "Message %(ref)s cannot be cut out of its file: %(err)s",
                    ref=edi_message.ref,
                    err=err,
                )
            ) from err

    # ------------------------------------------------------------------ inbound: one message
    def _decode(self, message, payload):
        partner = self._edi_profile(message)
        interchanges = self._edifact_read(payload)
        messages = [m for interchange in interchanges for m in interchange.messages]
        if len(interchanges) != 1 or len(messages) != 1:
            raise ParseError(
                self.env._(
                    "This message should carry one EDIFACT message and carries %s: files are "
                    "split into messages when they are received.",
                    len(messages),
                )
            )
        interchange, edi_message = interchanges[0], messages[0]
        reference = f"{interchange.control_ref}:{edi_message.ref}"
        self._edi_link_inbound(message, reference)
        errors = interchange.all_errors()
        if errors:
            raise ParseError(
                self.env._(
                    "Message %(ref)s is rejected: %(problems)s",
                    ref=reference,
                    problems="; ".join(self._edifact_error_text(error) for error in errors),
                )
            )
        kind = edi_message.message_type.type
        try:
            if kind == CONTRL:
                acks = self._edifact_contrl_acks(partner, payload)
                ack = self._edi_pick_ack(acks, message.partner_reference or "")
                ack["acknowledged_ref"] = self._edi_translate(partner, ack["acknowledged_ref"])
                return ack
            if kind not in READERS:
                raise ParseError(self.env._("The hub reads no EDIFACT %s.", kind))
            return json_ready(READERS[kind](edi_message))
        except edifact.EdifactMappingError as err:
            raise ParseError(
                self.env._("EDIFACT %(type)s %(ref)s: %(err)s", type=kind, ref=reference, err=err),
                hint=self.env._("Ask the partner to correct the message and resend it."),
                segment=err.segment,
                element=err.element,
            ) from err
        except edifact.EdifactError as err:
            raise ParseError(
                self.env._("EDIFACT %(type)s %(ref)s: %(err)s", type=kind, ref=reference, err=err)
            ) from err

    def _edifact_contrl_acks(self, partner, payload):
        """(acknowledged reference, canonical ack) of a received CONTRL: one per message it
        answers; the interchange verdict covers the messages we sent in that interchange."""
        pairs = []
        acks = edifact.read_contrl(payload)
        interchange_acks = [ack for ack in acks if ":" not in ack["acknowledged_ref"]]
        message_acks = [ack for ack in acks if ":" in ack["acknowledged_ref"]]
        for interchange_ack in interchange_acks:
            control = interchange_ack["acknowledged_ref"]
            own = [ack for ack in message_acks if ack["acknowledged_ref"].startswith(f"{control}:")]
            if interchange_ack["status"] == "rejected":
                for ack in own:
                    ack["status"] = "rejected"
                    ack["errors"] = ack["errors"] + interchange_ack["errors"]
            found = [(ack["acknowledged_ref"], ack) for ack in own]
            ours = self._edi_sent_transactions(
                partner, [("interchange_id.control_number", "=", control)]
            )
            found += self._edi_expand(interchange_ack, {raw for raw, _ack in found}, ours)
            pairs += found or [(control, interchange_ack)]
        return pairs

    # ------------------------------------------------------------------ acknowledgements out
    def _edifact_answer(self, message, interchange, record, transactions, rejected):
        """Queue our CONTRL for a received interchange: always for a rejected one (UCI 4:
        nothing of the file was processed), for an accepted one when the profile says so.
        A CONTRL is never answered with a CONTRL."""
        partner = message.partner_id
        readable = [m for m in interchange.messages if m.message_type.type != CONTRL]
        if not readable and not interchange.errors:
            return
        if not rejected and not partner.edi_send_ack:
            return
        now = self._edi_now()
        control = str(partner._edi_next_control("interchange"))
        ref = str(partner._edi_next_control("set"))
        try:
            contrl = edifact.contrl_message(interchange, ref)
            if rejected:
                contrl.body[0].elements[3] = [REJECTED_ACTION]
            header = edifact.reply_header(interchange, control, now)
            payload = edifact.write_interchange(
                header, [contrl], line_end="\n" if partner.edi_line_break else ""
            )
        except edifact.EdifactError as err:
            message._log(
                "acknowledge",
                self.env._("No CONTRL sent: %s", err),
                kind="business",
                level="warning",
            )
            return
        reply = self._edi_queue_reply(message, payload, f"{control}:{ref}", "EDIFACT CONTRL")
        if reply:
            for written in edifact.read_interchanges(payload):
                self._edifact_record(reply, written, "outbound")
            record.reply_message_id = reply
        for edi_message, transaction in transactions.values():
            if edi_message.message_type.type == CONTRL and not interchange.errors:
                continue
            self._edi_mark_answered(
                transaction,
                reply,
                CONTRL,
                rejected=rejected or bool(edi_message.errors),
                errors="\n".join(self._edifact_error_text(e) for e in edi_message.errors),
            )

    # ------------------------------------------------------------------ records
    def _edifact_record(self, message, interchange, direction, rejected=False):
        """The interchange, group and message records; returns the interchange record and
        {id(message): (message, its record)}."""
        header = interchange.header
        expects_ack = direction == "outbound" and self._expects_acknowledgement(message)
        state = "sent" if direction == "outbound" else "rejected" if rejected else "accepted"
        record = self.env["integration.edi.interchange"].create(
            {
                "standard": "edifact",
                "direction": direction,
                "partner_id": message.partner_id.id,
                "message_id": message.id,
                "control_number": interchange.control_ref,
                "sender_qualifier": interchange.sender.qualifier,
                "sender_id": interchange.sender.id,
                "receiver_qualifier": interchange.recipient.qualifier,
                "receiver_id": interchange.recipient.id,
                "prepared": f"{header.value(3, 0)} {header.value(3, 1)}",
                "version": f"{interchange.syntax_id}:{interchange.syntax_version}",
                "usage": "T" if interchange.test else "P",
                "ack_requested": header.value(8) == "1",
                "state": state,
                "errors": "\n".join(self._edifact_error_text(e) for e in interchange.errors)
                or False,
            }
        )
        groups = {}
        for group in interchange.groups:
            groups[group.ref] = self.env["integration.edi.group"].create(
                {
                    "interchange_id": record.id,
                    "functional_id": group.header.value(0),
                    "control_number": group.ref,
                    "sender": group.header.value(1, 0),
                    "receiver": group.header.value(2, 0),
                    "version": ":".join(c for c in group.header.element(6) if c),
                    "errors": "\n".join(self._edifact_error_text(e) for e in group.errors) or False,
                }
            )
        created = self.env["integration.edi.transaction"].create(
            [
                {
                    "interchange_id": record.id,
                    "group_id": groups[m.group_ref].id if m.group_ref in groups else False,
                    "set_type": m.message_type.type,
                    "control_number": m.ref,
                    "reference": f"{interchange.control_ref}:{m.ref}",
                    "implementation": str(m.message_type),
                    "segment_count": len(m.segments),
                    "message_id": message.id if direction == "outbound" else False,
                    "errors": "\n".join(self._edifact_error_text(e) for e in m.errors) or False,
                    "ack_status": "pending" if expects_ack else "none",
                }
                for m in interchange.messages
            ]
        )
        transactions = {
            id(m): (m, transaction)
            for m, transaction in zip(interchange.messages, created, strict=True)
        }
        return record, transactions

    # ------------------------------------------------------------------ outbound
    def _encode(self, message, document):
        outbound = OUTBOUND.get(message.document_type)
        if outbound is None:
            raise BusinessRuleError(
                self.env._("EDIFACT has no message for %s documents here.", message.document_type),
                hint=self.env._("Use another codec for this flow."),
            )
        builder, message_type = outbound
        partner = self._edi_profile(message)
        self._edi_require_ids(partner)
        data = schemas.dump(document)
        if message.document_type == "shipment_notice":
            data["carrier_code"] = self._edi_carrier_out(partner, data.get("carrier_code"))
            data["lines"] = loose_lines(data)
        version = partner.edi_version if partner.edi_version in ("D96A", "D01B") else "D96A"
        options = {"message_type": edifact.MessageType(message_type, "D", version[1:], "UN")}
        if partner.edi_item_qualifier:
            options["item_type"] = partner.edi_item_qualifier.strip()
        control = str(partner._edi_next_control("interchange"))
        ref = str(partner._edi_next_control("set"))
        try:
            outbound_message = builder(data, ref, **options)
            payload = edifact.write_interchange(
                self._edifact_header(partner, control),
                [outbound_message],
                line_end="\n" if partner.edi_line_break else "",
            )
        except edifact.EdifactError as err:
            raise MappingError(
                self.env._("EDIFACT %(type)s: %(err)s", type=message_type, err=err),
                hint=self.env._(
                    "Correct the cross-reference, the record or the profile, then Retry."
                ),
            ) from err
        self._edifact_register_sent(message, payload)
        return payload

    def _edifact_header(self, partner, control):
        separators = edifact.DEFAULT_SEPARATORS
        if partner.edi_una:
            separators = edifact.Separators.from_una(partner.edi_una.ljust(6))
        return edifact.InterchangeHeader(
            sender=edifact.PartyId(
                partner.edi_our_id.strip(), (partner.edi_our_qualifier or "").strip() or None
            ),
            recipient=edifact.PartyId(
                partner.edi_their_id.strip(), (partner.edi_their_qualifier or "").strip() or None
            ),
            control_ref=control,
            prepared=self._edi_now(),
            syntax_id=partner.edi_syntax_id or "UNOC",
            syntax_version=partner.edi_syntax_version or "3",
            separators=separators,
            ack_request=partner.edi_expected_ack == "contrl",
            test=partner.edi_usage == "T",
            force_una=partner.edi_force_una,
        )

    def _edifact_register_sent(self, message, payload):
        written = list(edifact.read_interchanges(payload))
        for interchange in written:
            self._edifact_record(message, interchange, "outbound")
        first = next(((i, m) for i in written for m in i.messages), None)
        message.partner_reference = (
            f"{first[0].control_ref}:{first[1].ref}" if first else written[0].control_ref
        )

    def _edi_renumber(self, message, payload):
        """A payload we made (a CONTRL) with new control references."""
        partner = message.partner_id
        chunks = []
        for interchange in edifact.read_interchanges(payload):
            control = str(partner._edi_next_control("interchange"))
            segments = []
            for segment in interchange.segments():
                copy = edifact.Segment(segment.tag, [list(e) for e in segment.elements])
                if copy.tag == "UNB":
                    copy.elements[4] = [control]
                elif copy.tag == "UNZ":
                    copy.elements[1] = [control]
                elif copy.tag == "UNH":
                    ref = str(partner._edi_next_control("set"))
                    copy.elements[0] = [ref]
                elif copy.tag == "UNT":
                    copy.elements[1] = [ref]
                segments.append(copy)
            text = serialize(segments, interchange.separators, una=interchange.una)
            chunks.append(encode(text, interchange.syntax_id))
        payload = b"".join(chunks)
        self._edifact_register_sent(message, payload)
        return payload
