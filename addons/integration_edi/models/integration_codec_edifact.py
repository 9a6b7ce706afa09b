# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.addons.integration_core.services.errors import MappingError, ParseError
from odoo.addons.integration_core.services.jsondata import json_ready
from odoo.addons.integration_core.services.plugins import Part

from .. import edifact
from ..edifact import CONTRL
from ..edifact.errors import describe_code
from ..edifact.readable import readable
from ..edifact.reader import EdifactReader
from ..edifact.writer import encode, format_segment, serialize
from .integration_codec_edi import EdiSyntax

REJECTED_ACTION = "4"
# What an interchange that does not fit the partner's profile is rejected with (UCI codes),
# and the UNB element at fault.
PROFILE_ERRORS = {
    "receiver": ("7", "UNB recipient {value!r} is not our interchange ID {expected!r}", (3, 1)),
    "sender": ("23", "UNB sender {value!r} is not {partner}'s interchange ID {expected!r}", (2, 1)),
    "test": ("25", "UNB test indicator is set but the partner profile is production", (11, None)),
}


class IntegrationCodecEdifact(models.AbstractModel):
    """UN/EDIFACT: interchanges split into one message per UNH..UNT, CONTRL both ways, and
    the messages of ``edifact.OUTBOUND`` we send (ORDRSP/DESADV/INVOIC/INVRPT to customers,
    ORDERS/ORDCHG to suppliers), each in its own interchange."""

    _name = "integration.codec.edifact"
    _inherit = "integration.codec.edi"
    _description = "UN/EDIFACT codec"

    _edi_standard = "edifact"
    _edi_syntax = EdiSyntax(
        "UNA/UNB",
        "CONTRL",
        "edi",
        "application/edifact",
        "integration_edi/examples/orders_d96a.edi",
    )

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

    def _readable(self, message, payload):
        return readable(payload)

    def _edi_unreadable(self, payload):
        try:
            first = next(iter(EdifactReader(payload)), None)
        except edifact.EdifactError as err:
            return str(err)
        if first is None or first.tag != "UNB":
            return self.env._("it does not start with UNA or UNB")
        return None

    # ------------------------------------------------------------------ reading
    def _edifact_read(self, payload):
        try:
            return list(edifact.read_interchanges(payload))
        except edifact.EdifactError as err:
            raise ParseError(
                self.env._("The payload cannot be read as EDIFACT: %s", err),
                hint=self.env._("Ask the partner to resend a readable EDIFACT file."),
            ) from err

    def _edi_read_file(self, payload, partner):
        interchanges = self._edifact_read(payload)
        if not interchanges:
            raise ParseError(self.env._("The file holds no EDIFACT interchange."))
        return interchanges

    def _edi_read_written(self, payload):
        return list(edifact.read_interchanges(payload))

    def _edi_warnings(self, interchange):
        return [warning.text for warning in interchange.warnings]

    def _edi_control(self, interchange):
        return interchange.control_ref

    def _edi_reference(self, interchanges):
        first = next(((i, m) for i in interchanges for m in i.messages), None)
        return f"{first[0].control_ref}:{first[1].ref}" if first else interchanges[0].control_ref

    def _edi_problems(self, interchange, segments=True):
        """Every error of the interchange: EDIFACT has no segment notes that would let
        the rest of a file through."""
        return [self._edifact_error_text(error) for error in interchange.all_errors()]

    def _edi_nothing_read(self):
        return self.env._("it carries no message the hub reads")

    @staticmethod
    def _edifact_error_text(error):
        if not error.code:
            return error.text
        return f"{error.text} (CONTRL {describe_code(error.code)})"

    def _edi_parties(self, interchange):
        return interchange.recipient.id, interchange.sender.id, interchange.test

    def _edi_profile_error(self, interchange, problem, **values):
        code, text, element = PROFILE_ERRORS[problem]
        control = interchange.control_ref
        interchange.errors.append(
            edifact.EnvelopeError(
                "interchange",
                code,
                f"{text.format(**values)} (UNB {control})",
                interchange_ref=control,
                segment="UNB",
                element=element,
            )
        )

    # ------------------------------------------------------------------ inbound: the file
    def _edi_parts(self, message, partner, interchange):
        parts = []
        for edi_message in interchange.messages:
            parts += self._edifact_message_parts(message, partner, interchange, edi_message)
        return parts

    def _edifact_message_parts(self, message, partner, interchange, edi_message):
        kind = edi_message.message_type.type
        label = f"EDIFACT {kind}"
        if kind != CONTRL and kind not in edifact.INBOUND:
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
        inbound = edifact.INBOUND[kind]
        part = Part(inbound.doc_type, payload, reference, label=label)
        try:
            inbound.mapper(edi_message)
        except edifact.EdifactMappingError as err:
            # The CONTRL rejects the message, and its message fails with the same error.
            edi_message.add_mapping_error(err)
            return [part]
        problem = self._edi_map_problem(message, part)
        if problem:  # the hub would fail it later: the CONTRL rejects it now
            edi_message.errors.append(
                edifact.EnvelopeError(
                    "message",
                    "12",
                    f"message {edi_message.ref}: the hub cannot map it: {problem}",
                    interchange_ref=interchange.control_ref,
                    message_ref=edi_message.ref,
                )
            )
        return [part]

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
        if interchange.read_charset:  # beyond its syntax identifier: cut out as it came
            return text.encode(interchange.read_charset)
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
                return self._edi_decoded_ack(partner, acks, message.partner_reference or "")
            if kind not in edifact.INBOUND:
                raise ParseError(self.env._("The hub reads no EDIFACT %s.", kind))
            return json_ready(edifact.INBOUND[kind].mapper(edi_message))
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
            pairs += self._edi_ack_pairs(
                partner, interchange_ack, own, [("interchange_id.control_number", "=", control)]
            )
        return pairs

    # ------------------------------------------------------------------ acknowledgements out
    def _edi_answer(self, message, interchange, record, transactions, rejected):
        """Queue our CONTRL for a received interchange: always for a rejected one (UCI 4:
        nothing of the file was processed), for an accepted one when the profile says so.
        An interchange of CONTRLs is never answered, not even when it is broken."""
        partner = message.partner_id
        readable = [m for m in interchange.messages if m.message_type.type != CONTRL]
        if interchange.messages and not readable:
            message._log(
                "acknowledge",
                self.env._(
                    "Interchange %s carries only CONTRL messages: an acknowledgement is never "
                    "acknowledged, no CONTRL sent.",
                    interchange.control_ref,
                ),
                kind="business",
            )
            return
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
        reply = self._edi_queue_reply(message, record, payload, "EDIFACT CONTRL")
        for edi_message, transaction in transactions:
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
    def _edi_interchange_values(self, interchange):
        header = interchange.header
        return {
            "control_number": interchange.control_ref,
            "sender_qualifier": interchange.sender.qualifier,
            "sender_id": interchange.sender.id,
            "receiver_qualifier": interchange.recipient.qualifier,
            "receiver_id": interchange.recipient.id,
            "prepared": f"{header.value(3, 0)} {header.value(3, 1)}",
            "version": f"{interchange.syntax_id}:{interchange.syntax_version}",
            "usage": "T" if interchange.test else "P",
            "ack_requested": header.value(8) == "1",
            "errors": "\n".join(self._edifact_error_text(e) for e in interchange.errors) or False,
        }

    def _edi_group_values(self, interchange):
        return [
            (
                group.ref,
                {
                    "functional_id": group.header.value(0),
                    "control_number": group.ref,
                    "sender": group.header.value(1, 0),
                    "receiver": group.header.value(2, 0),
                    "version": ":".join(c for c in group.header.element(6) if c),
                    "errors": "\n".join(self._edifact_error_text(e) for e in group.errors) or False,
                },
            )
            for group in interchange.groups
        ]

    def _edi_unit_values(self, interchange):
        return [
            (
                m,
                m.group_ref,
                {
                    "set_type": m.message_type.type,
                    "control_number": m.ref,
                    "reference": f"{interchange.control_ref}:{m.ref}",
                    "implementation": str(m.message_type),
                    "segment_count": len(m.segments),
                    "errors": "\n".join(self._edifact_error_text(e) for e in m.errors) or False,
                },
            )
            for m in interchange.messages
        ]

    # ------------------------------------------------------------------ outbound
    def _edi_outbound(self, document_type):
        return edifact.OUTBOUND.get(document_type)

    def _edi_write(self, message, partner, outbound, data):
        outbound = outbound.for_document(data, resend=partner.edi_resend_orders)
        version = partner.edi_version if partner.edi_version in ("D96A", "D01B") else "D96A"
        message_type = edifact.MessageType(outbound.message_type, "D", version[1:], "UN")
        options = {"message_type": message_type}
        if partner.edi_item_qualifier:
            options["item_type"] = partner.edi_item_qualifier.strip()
        control = str(partner._edi_next_control("interchange"))
        ref = str(partner._edi_next_control("set"))
        try:
            return edifact.write_interchange(
                self._edifact_header(partner, control),
                [outbound.builder(data, ref, **options)],
                line_end="\n" if partner.edi_line_break else "",
            )
        except edifact.EdifactError as err:
            raise MappingError(
                self.env._("EDIFACT %(type)s: %(err)s", type=outbound.message_type, err=err),
                hint=self.env._(
                    "Correct the cross-reference, the record or the profile, then Retry."
                ),
            ) from err

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

    def _edi_renumber(self, message, payload):
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
        return b"".join(chunks)
