# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import dataclasses
import io
from datetime import datetime

from odoo import models
from odoo.addons.integration_core.services.errors import MappingError, ParseError
from odoo.addons.integration_core.services.jsondata import json_ready
from odoo.addons.integration_core.services.plugins import Part

from .. import x12
from ..x12.codes import GROUP_ERRORS, INTERCHANGE_NOTES, SET_ERRORS, describe
from ..x12.envelope import GROUP, INTERCHANGE, SET, EnvelopeError
from ..x12.readable import readable
from .integration_codec_edi import EdiSyntax

ACK_SETS = ("997", "999")
FUNCTIONAL_ACK_GROUP = "FA"
# ISA12 of what we send, by GS08 version.
ISA_VERSIONS = {"004010": "00401", "005010": "00501"}
# Where each envelope level's error codes come from, to name them in a sentence.
ERROR_CODES = {
    INTERCHANGE: ("TA1", INTERCHANGE_NOTES),
    GROUP: ("AK9", GROUP_ERRORS),
    SET: ("AK5", SET_ERRORS),
}

# What an interchange that does not fit the partner's profile is rejected with (TA1 codes).
PROFILE_ERRORS = {
    "receiver": ("008", "ISA08={value!r} is not our interchange ID {expected!r}"),
    "sender": ("006", "ISA06={value!r} is not {partner}'s interchange ID {expected!r}"),
    "test": ("020", "ISA15=T but the partner profile is production"),
}


class IntegrationCodecX12(models.AbstractModel):
    """ANSI X12: interchanges split into one message per transaction set, 997/999 and TA1
    both ways, and the sets of ``x12.OUTBOUND`` we send (855/856/810/846/940 to customers
    and warehouses, 850/860 to suppliers), each in its own interchange numbered from the
    partner's control-number sequences."""

    _name = "integration.codec.x12"
    _inherit = "integration.codec.edi"
    _description = "X12 codec"

    _edi_standard = "x12"
    _edi_syntax = EdiSyntax(
        "ISA", "TA1/997", "x12", "application/edi-x12", "integration_edi/examples/order_850.edi"
    )

    def _display(self, text):
        """One segment per line, whatever the terminator."""
        try:
            segments = list(x12.iter_segments(io.BytesIO(text.encode("utf-8"))))
        except (ValueError, UnicodeError):
            return text
        return "\n".join(
            segment.delimiters.element.join(segment.parts) + segment.delimiters.segment
            for segment in segments
        )

    def _readable(self, message, payload):
        return readable(payload)

    def _edi_unreadable(self, payload):
        try:
            first = next(x12.iter_segments(io.BytesIO(payload)), None)
        except x12.X12SyntaxError as err:
            return str(err)
        return None if first is not None else self.env._("it is empty")

    # ------------------------------------------------------------------ reading
    def _x12_read(self, payload, partner):
        try:
            return x12.validate(
                io.BytesIO(payload), keep_segments=True, strict_isa=partner.edi_strict_isa
            )
        except x12.X12SyntaxError as err:
            raise ParseError(
                self.env._("The payload cannot be read as X12: %s", err),
                hint=self.env._("Ask the partner to resend a readable X12 file."),
            ) from err

    def _edi_read_file(self, payload, partner):
        result = self._x12_read(payload, partner)
        if result.errors or not result.interchanges:
            problems = [self._x12_error_text(error) for error in result.errors]
            raise ParseError(
                self.env._(
                    "The file holds no readable interchange: %s",
                    "; ".join(problems) or self.env._("it is empty"),
                )
            )
        return result.interchanges

    def _edi_read_written(self, payload):
        return x12.validate(io.BytesIO(payload)).interchanges

    def _edi_warnings(self, interchange):
        return [warning.message for warning in interchange.warnings]

    def _edi_control(self, interchange):
        return interchange.header.control_number

    def _edi_reference(self, interchanges):
        first_set = next((s for i in interchanges for g in i.groups for s in g.sets), None)
        return first_set.reference if first_set else f"ISA:{interchanges[0].header.control_number}"

    def _edi_nothing_read(self):
        return self.env._("it carries no transaction set the hub reads")

    def _edi_parties(self, interchange):
        header = interchange.header
        return header.receiver_id, header.sender_id, header.usage == "T"

    def _edi_profile_error(self, interchange, problem, **values):
        code, text = PROFILE_ERRORS[problem]
        control = interchange.header.control_number
        interchange.errors.append(
            EnvelopeError(
                INTERCHANGE,
                code,
                f"{text.format(**values)} (ISA13={control})",
                interchange_control=control,
            )
        )

    @staticmethod
    def _x12_error_text(error):
        kind, table = ERROR_CODES.get(error.level, ("", {}))
        if not error.code:
            return error.message
        return f"{error.message} ({kind} {error.code}: {describe(table, error.code)})"

    @staticmethod
    def _x12_set_problems(transaction_set):
        """The errors of a set, envelope and segment notes, as text."""
        problems = [IntegrationCodecX12._x12_error_text(e) for e in transaction_set.errors]
        problems += [
            error.message or f"{error.tag} at position {error.position}: code {error.code}"
            for error in transaction_set.segment_errors
        ]
        return problems

    def _edi_problems(self, interchange, segments=True):
        errors = [self._x12_error_text(error) for error in interchange.errors]
        for group in interchange.groups:
            errors += [self._x12_error_text(error) for error in group.errors]
            for transaction_set in group.sets:
                if segments:
                    errors += self._x12_set_problems(transaction_set)
                else:
                    errors += [self._x12_error_text(error) for error in transaction_set.errors]
        return errors

    # ------------------------------------------------------------------ inbound: the file
    def _edi_parts(self, message, partner, interchange):
        parts = []
        for ta1 in interchange.ta1_segments:
            payload = x12.render_interchange(
                interchange.delimiters,
                interchange.header,
                [],
                ta1_segments=[(ta1.tag, *ta1.values())],
            )
            for raw, _ack in self._x12_ta1_acks(partner, interchange, ta1):
                parts.append(
                    Part("functional_ack", payload, f"TA1:{ta1.get(1)}/{raw}", label="X12 TA1")
                )
        for group in interchange.groups:
            for transaction_set in group.sets:
                parts += self._x12_set_parts(message, partner, interchange, transaction_set)
        return parts

    def _x12_set_parts(self, message, partner, interchange, transaction_set):
        kind = transaction_set.type
        label = f"X12 {kind}"
        if kind not in ACK_SETS and kind not in x12.INBOUND:
            transaction_set.errors.append(
                EnvelopeError(
                    SET,
                    "1",
                    f"transaction set {kind} (ST02={transaction_set.control_number}) is not "
                    f"one the hub reads",
                    set_control=transaction_set.control_number,
                )
            )
            message._log(
                "split",
                self.env._("%s is not read by the hub: rejected in the acknowledgement.", label),
                kind="business",
                level="warning",
            )
            return []
        payload = self._x12_set_payload(interchange, transaction_set)
        reference = transaction_set.reference
        if kind in ACK_SETS:
            try:
                acks = self._x12_set_acks(partner, transaction_set)
            except x12.X12MappingError:
                return [Part("functional_ack", payload, reference, label=label)]
            return [
                Part("functional_ack", payload, f"{reference}/{raw}", label=label)
                for raw, _ack in acks
            ]
        part = Part(x12.INBOUND[kind].doc_type, payload, reference, label=label)
        try:
            self._x12_map(partner, transaction_set)
        except x12.X12MappingError as err:
            # The 997 rejects the set, and its message fails with the same error.
            transaction_set.segment_errors.append(err.segment_error(transaction_set))
            return [part]
        problem = self._edi_map_problem(message, part)
        if problem:  # the hub would fail it later: the 997 rejects it now
            transaction_set.errors.append(
                EnvelopeError(
                    SET,
                    "5",
                    f"the hub cannot map it: {problem}",
                    set_control=transaction_set.control_number,
                )
            )
        return [part]

    def _x12_set_payload(self, interchange, transaction_set):
        """The set alone in its interchange and group, as the partner sent it."""
        group = transaction_set.group
        outgoing = x12.OutgoingSet(
            transaction_set.type,
            transaction_set.control_number,
            [(segment.tag, *segment.values()) for segment in transaction_set.segments],
            transaction_set.implementation,
        )
        try:
            return x12.render_interchange(
                interchange.delimiters,
                interchange.header,
                [x12.OutgoingGroup(group.header, [outgoing])],
            )
        except x12.X12WriteError as err:
            raise ParseError(
                self.env._(
                    "Transaction set %(ref)s cannot be cut out of its file: %(err)s",
                    ref=transaction_set.reference,
                    err=err,
                )
            ) from err

    # ------------------------------------------------------------------ inbound: one set
    def _decode(self, message, payload):
        partner = self._edi_profile(message)
        result = self._x12_read(payload, partner)
        problems = [self._x12_error_text(error) for error in result.all_errors()]
        if problems or not result.interchanges:
            raise ParseError(
                self.env._(
                    "The interchange is rejected: %s",
                    "; ".join(problems) or self.env._("it is empty"),
                )
            )
        reference = message.partner_reference or ""
        if reference.startswith("TA1:"):
            return self._x12_decode_ta1(message, partner, result.interchanges[0], reference)
        sets = list(result.transaction_sets())
        if len(sets) != 1:
            raise ParseError(
                self.env._(
                    "This message should carry one transaction set and carries %s: files are "
                    "split into sets when they are received.",
                    len(sets),
                )
            )
        transaction_set = sets[0]
        self._edi_link_inbound(message, transaction_set.reference)
        problems = self._x12_set_problems(transaction_set)
        if problems:
            raise ParseError(
                self.env._(
                    "Transaction set %(ref)s is rejected: %(problems)s",
                    ref=transaction_set.reference,
                    problems="; ".join(problems),
                )
            )
        try:
            if transaction_set.type in ACK_SETS:
                acks = self._x12_set_acks(partner, transaction_set)
                return self._edi_decoded_ack(partner, acks, reference)
            if transaction_set.type not in x12.INBOUND:
                raise ParseError(
                    self.env._("The hub reads no X12 %s.", transaction_set.type),
                )
            return json_ready(self._x12_map(partner, transaction_set))
        except x12.X12MappingError as err:
            raise ParseError(
                self.env._(
                    "X12 %(type)s %(ref)s: %(err)s",
                    type=transaction_set.type,
                    ref=transaction_set.reference,
                    err=err,
                ),
                hint=self.env._("Ask the partner to correct the transaction set and resend it."),
                segment=err.segment,
                element=err.element,
            ) from err

    def _x12_map(self, partner, transaction_set):
        """The canonical document (a dict) of a received set (``x12.INBOUND``)."""
        inbound = x12.INBOUND[transaction_set.type]
        group = transaction_set.group
        qualifiers = [q.strip().upper() for q in (partner.edi_product_qualifiers or "").split(",")]
        options = {
            "sender_id": group.header.sender or group.interchange.header.sender_id,
            "sent_on": self._x12_group_date(group.header),
            "product_qualifiers": tuple(q for q in qualifiers if q)
            or x12.documents.DEFAULT_PRODUCT_QUALIFIERS,
        }
        return inbound.mapper(
            transaction_set.segments, **{name: options[name] for name in inbound.options}
        )

    @staticmethod
    def _x12_group_date(header):
        """GS04, the date the partner prepared the group (None when unreadable)."""
        try:
            return datetime.strptime(header.date, "%Y%m%d").date()
        except (TypeError, ValueError):
            return None

    # ------------------------------------------------------------------ acknowledgements in
    def _x12_set_acks(self, partner, transaction_set):
        """(acknowledged reference, canonical ack) of a received 997/999: one per set it
        answers; a group-level verdict covers the sets we sent in that group."""
        acks = x12.functional_acks_from(transaction_set.segments, transaction_set.reference)
        group_ack, set_acks = acks[0], acks[1:]
        return self._edi_ack_pairs(
            partner,
            group_ack,
            set_acks,
            [("group_id.control_number", "=", group_ack["acknowledged_ref"])],
        )

    def _x12_ta1_acks(self, partner, interchange, ta1):
        ack = x12.functional_ack_from_ta1(ta1, f"ISA:{interchange.header.control_number}")
        return self._edi_ack_pairs(
            partner, ack, [], [("interchange_id.control_number", "=", ta1.get(1))]
        )

    def _x12_decode_ta1(self, message, partner, interchange, reference):
        control = reference[len("TA1:") :].partition("/")[0]
        ta1 = next((s for s in interchange.ta1_segments if s.get(1) == control), None)
        if ta1 is None:
            raise ParseError(self.env._("The interchange holds no TA1 for %s.", control))
        return self._edi_decoded_ack(
            partner, self._x12_ta1_acks(partner, interchange, ta1), reference
        )

    # ------------------------------------------------------------------ acknowledgements out
    def _x12_ack_kind(self, partner, group):
        if partner.edi_expected_ack in ACK_SETS:
            return partner.edi_expected_ack
        return x12.ack_kind(group)

    def _edi_answer(self, message, interchange, record, transactions, rejected):
        """Queue our TA1 / 997 / 999 for a received interchange.

        A rejected interchange gets a TA1 R when its envelope is broken, else a 997/999 per
        group whose AK9 rejects it all (nothing of the file was processed). An accepted one
        gets a 997/999 per group (never for acknowledgements) when the profile says so, and a
        TA1 when ISA14 asks for one.
        """
        partner = message.partner_id
        header = interchange.header
        if self._x12_acks_only(interchange):
            message._log(
                "acknowledge",
                self.env._(
                    "Interchange %s carries only acknowledgements: an acknowledgement is never "
                    "acknowledged, no TA1/997 sent.",
                    header.control_number,
                ),
                kind="business",
            )
            return
        if interchange.errors:
            groups = []
        elif rejected or partner.edi_send_ack:
            groups = [
                g for g in interchange.groups if g.header.functional_id != FUNCTIONAL_ACK_GROUP
            ]
        else:
            groups = []
        send_ta1 = bool(interchange.errors) or header.ack_requested == "1"
        if not groups and not send_ta1:
            return
        now = self._edi_now()
        isa = partner._edi_next_control("interchange")
        outgoing = []
        kinds = set()
        for group in groups:
            kind = self._x12_ack_kind(partner, group)
            kinds.add(kind)
            ack_set = x12.functional_ack(group, partner._edi_next_control("set"), kind)
            if rejected:
                ak9 = ack_set.segments[-1]
                ack_set.segments[-1] = ("AK9", "R", ak9[2], ak9[3], "0", *ak9[5:])
            ack_header = x12.ack_group_header(
                group,
                partner._edi_next_control("group"),
                now.strftime("%Y%m%d"),
                now.strftime("%H%M"),
                kind,
            )
            outgoing.append(x12.OutgoingGroup(ack_header, [ack_set]))
        ta1_segments = [x12.ta1_segment(interchange)] if send_ta1 else []
        reply_header = header.reply(isa, now.strftime("%y%m%d"), now.strftime("%H%M"))
        payload = x12.render_interchange(
            interchange.delimiters, reply_header, outgoing, ta1_segments=ta1_segments
        )
        what = "/".join(sorted(kinds) + (["TA1"] if send_ta1 else []))
        reply = self._edi_queue_reply(message, record, payload, f"X12 {what}")
        answered = {id(group) for group in groups}
        for transaction_set, transaction in transactions:
            group = transaction_set.group
            if interchange.errors:
                kind = "TA1"
            elif id(group) in answered:
                kind = self._x12_ack_kind(partner, group)
            else:
                continue
            problems = self._x12_set_problems(transaction_set)
            self._edi_mark_answered(
                transaction,
                reply,
                kind,
                rejected=rejected or bool(group.errors) or not transaction_set.accepted,
                errors="\n".join(problems),
            )

    @staticmethod
    def _x12_acks_only(interchange):
        """Whether an interchange carries acknowledgements (TA1, 997, 999) and nothing else."""
        kinds = {s.type for group in interchange.groups for s in group.sets}
        kinds |= {"TA1"} if interchange.ta1_segments else set()
        return bool(kinds) and kinds <= {"TA1", *ACK_SETS}

    # ------------------------------------------------------------------ records
    def _edi_interchange_values(self, interchange):
        header = interchange.header
        return {
            "control_number": header.control_number,
            "sender_qualifier": header.sender_qualifier,
            "sender_id": header.sender_id,
            "receiver_qualifier": header.receiver_qualifier,
            "receiver_id": header.receiver_id,
            "prepared": f"{header.date} {header.time}",
            "version": header.version,
            "usage": header.usage if header.usage in ("P", "T", "I") else False,
            "ack_requested": header.ack_requested == "1",
            "errors": "\n".join(self._x12_error_text(e) for e in interchange.errors) or False,
        }

    def _edi_group_values(self, interchange):
        return [
            (
                id(group),
                {
                    "functional_id": group.header.functional_id,
                    "control_number": group.header.control_number,
                    "sender": group.header.sender,
                    "receiver": group.header.receiver,
                    "version": group.header.version,
                    "errors": "\n".join(self._x12_error_text(e) for e in group.errors) or False,
                },
            )
            for group in interchange.groups
        ]

    def _edi_unit_values(self, interchange):
        return [
            (
                transaction_set,
                id(group),
                {
                    "set_type": transaction_set.type,
                    "control_number": transaction_set.control_number,
                    "reference": transaction_set.reference,
                    "implementation": transaction_set.implementation or False,
                    "segment_count": transaction_set.segment_count,
                    "errors": "\n".join(self._x12_set_problems(transaction_set)) or False,
                },
            )
            for group in interchange.groups
            for transaction_set in group.sets
        ]

    # ------------------------------------------------------------------ outbound
    def _edi_outbound(self, document_type):
        return x12.OUTBOUND.get(document_type)

    def _edi_write(self, message, partner, outbound, data):
        outbound = outbound.for_document(data, resend=partner.edi_resend_orders)
        options = {}
        if partner.edi_item_qualifier:
            options["product_qualifier"] = partner.edi_item_qualifier.strip()
        if message.document_type == "order_ack":
            order_date = self._edi_order_date(message)
            if order_date:
                options["order_date"] = order_date
        try:
            body = outbound.mapper(data, **options)
        except x12.X12MappingError as err:
            raise MappingError(
                self.env._("X12 %(type)s: %(err)s", type=outbound.set_type, err=err),
                hint=self.env._("Correct the cross-reference or the record, then Retry."),
            ) from err
        return self._x12_envelope(message, outbound.set_type, outbound.functional_id, [body])

    def _x12_delimiters(self, partner, version):
        repetition = None
        if ISA_VERSIONS.get(version, "00401") >= "00402":
            repetition = partner.edi_repetition_separator or "^"
        return x12.Delimiters(
            element=partner.edi_element_separator or "*",
            component=partner.edi_component_separator or ">",
            repetition=repetition,
            segment=partner.edi_segment_terminator or "~",
            suffix="\n" if partner.edi_line_break else "",
        )

    def _x12_envelope(self, message, set_type, functional_id, bodies):
        """One interchange with one group holding ``bodies``, numbered from the partner's
        sequences."""
        partner = message.partner_id
        version = partner.edi_version if partner.edi_version in ISA_VERSIONS else "004010"
        now = self._edi_now()
        header = x12.InterchangeHeader(
            sender_qualifier=(partner.edi_our_qualifier or "ZZ").strip(),
            sender_id=partner.edi_our_id.strip(),
            receiver_qualifier=(partner.edi_their_qualifier or "ZZ").strip(),
            receiver_id=partner.edi_their_id.strip(),
            date=now.strftime("%y%m%d"),
            time=now.strftime("%H%M"),
            control_number=partner._edi_next_control("interchange"),
            version=ISA_VERSIONS[version],
            usage=partner.edi_usage or "P",
            ack_requested="1" if partner.edi_request_ta1 else "0",
        )
        group = x12.GroupHeader(
            functional_id,
            (partner.edi_our_group_id or partner.edi_our_id).strip(),
            (partner.edi_their_group_id or partner.edi_their_id).strip(),
            now.strftime("%Y%m%d"),
            now.strftime("%H%M"),
            partner._edi_next_control("group"),
            version=version,
        )
        sets = [
            x12.OutgoingSet(set_type, partner._edi_next_control("set"), body) for body in bodies
        ]
        try:
            return x12.render_interchange(
                self._x12_delimiters(partner, version), header, [x12.OutgoingGroup(group, sets)]
            )
        except x12.X12WriteError as err:
            raise MappingError(
                self.env._("The X12 %(type)s cannot be written: %(err)s", type=set_type, err=err),
                hint=self.env._("Correct the data or the partner's delimiters, then Retry."),
            ) from err

    def _edi_renumber(self, message, payload):
        partner = message.partner_id
        result = x12.validate(io.BytesIO(payload), keep_segments=True, strict_isa=False)
        now = self._edi_now()
        date, short_date, time = (
            now.strftime("%Y%m%d"),
            now.strftime("%y%m%d"),
            now.strftime("%H%M"),
        )
        chunks = []
        for interchange in result.interchanges:
            header = dataclasses.replace(
                interchange.header,
                control_number=partner._edi_next_control("interchange"),
                date=short_date,
                time=time,
            )
            groups = [
                x12.OutgoingGroup(
                    dataclasses.replace(
                        group.header,
                        control_number=partner._edi_next_control("group"),
                        date=date,
                        time=time,
                    ),
                    [
                        x12.OutgoingSet(
                            s.type,
                            partner._edi_next_control("set"),
                            [(segment.tag, *segment.values()) for segment in s.segments],
                            s.implementation,
                        )
                        for s in group.sets
                    ],
                )
                for group in interchange.groups
            ]
            chunks.append(
                x12.render_interchange(
                    interchange.delimiters,
                    header,
                    groups,
                    ta1_segments=[(s.tag, *s.values()) for s in interchange.ta1_segments],
                )
            )
        return b"".join(chunks)
