"""Every public sample of ``data/public`` read, mapped and written back as the hub does, each
with the outcome expected of it: read and mapped, read (a type the hub does not read, or an
acknowledgement), or rejected for the fault its source documents (SOURCES.md).

Run with ``pytest -s`` to see the summary table.
"""

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from shared_samples import SAMPLES

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_edi import edifact, x12

MAPPED, READ, REJECTED = "mapped", "read, not mapped", "rejected"
ACK_SETS = ("997", "999")
PREPARED = datetime(2026, 11, 20, 9, 30)

# Per file: the outcome and what its units (sets, messages) became or why it was rejected.
EXPECTED = {
    "aaronhuggins__node-x12/271.edi": (
        REJECTED,
        "no IEA for ISA13=000031033; no GE for GS06=123456",
    ),
    "aaronhuggins__node-x12/850_2.edi": (MAPPED, "850 -> order"),
    "aaronhuggins__node-x12/850_3.edi": (MAPPED, "850 -> order"),
    "aaronhuggins__node-x12/855.edi": (MAPPED, "855 -> order_ack"),
    "aaronhuggins__node-x12/856.edi": (MAPPED, "856 -> shipment_notice"),
    "albmarin__badX12/error_validation.edi": (REJECTED, "IEA02='000010215' != ISA13"),
    "albmarin__badX12/segment_terminator.edi": (REJECTED, "no IEA for ISA13=000010216"),
    "apimeister__x12-types/004010_850.edi": (MAPPED, "850 -> order"),
    "apimeister__x12-types/856_test_856_xx.edi": (MAPPED, "856 -> shipment_notice"),
    "apimeister__x12-types/940_test_940_1.edi": (REJECTED, "GE02='575103' != GS06='3317'"),
    "apimeister__x12-types/940_test_940_2.edi": (READ, "940: the hub sends it"),
    "apimeister__x12-types/940_test_940_3.edi": (READ, "940: the hub sends it"),
    "apimeister__x12-types/940_test_940_4.edi": (REJECTED, "the ISA probably lacks ISA16"),
    "apimeister__x12-types/945_test_945_parse_1.edi": (
        REJECTED,
        "SE01=12, counted 16 segments",
    ),
    # Both are credit notes (BGM 381): the purchase side reads invoices only.
    "nerdocs__pydifact/invoice1.edi": (
        READ,
        "a credit note: the hub reads invoices (380, 388, 393) only",
    ),
    "nerdocs__pydifact/invoice_with_colon_at_end.edi": (
        READ,
        "a credit note: the hub reads invoices (380, 388, 393) only",
    ),
    "nerdocs__pydifact/order.edi": (REJECTED, "no UNZ for UNB 807"),
}
# Read with a warning (leniency a partner's gateway would show too).
WARNED = {
    "apimeister__x12-types/856_test_856_xx.edi": "ISA is not fixed width",
    "apimeister__x12-types/945_test_945_parse_1.edi": "ISA is not fixed width",
    "apimeister__x12-types/940_test_940_3.edi": "a segment terminator is probably missing",
}
# Types the hub writes but does not read.
SENT = {o.set_type for o in x12.OUTBOUND.values()} | {
    o.message_type for o in edifact.OUTBOUND.values()
}


def not_read(kind):
    return f"{kind}: the hub sends it, never reads it" if kind in SENT else f"{kind}: not read"


@dataclass
class Outcome:
    standard: str
    status: str = MAPPED
    # "850 -> order", "940: the hub sends it", "INVOIC refused: <the mapping error>"
    units: list = field(default_factory=list)
    reasons: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    written: bool = False  # written back the same, or its rejection written and read

    @property
    def detail(self):
        return "; ".join(self.reasons) if self.status == REJECTED else ", ".join(self.units)


def standard_of(data):
    start = data.lstrip(b"\xef\xbb\xbf \r\n\t")[:3]
    return "x12" if start == b"ISA" else "edifact" if start in (b"UNA", b"UNB") else None


def run_x12(data):
    result = x12.validate(io.BytesIO(data), keep_segments=True)
    outcome = Outcome("X12", warnings=[w.message for w in result.warnings])
    outcome.reasons = [error.message for error in result.all_errors()]
    for transaction_set in result.transaction_sets():
        kind = transaction_set.type
        if kind in x12.INBOUND:
            inbound = x12.INBOUND[kind]
            options = {
                "sender_id": transaction_set.group.header.sender,
                "product_qualifiers": x12.documents.DEFAULT_PRODUCT_QUALIFIERS,
                "sent_on": None,
            }
            data_ = inbound.mapper(
                transaction_set.segments, **{k: options[k] for k in inbound.options}
            )
            validate_document(inbound.doc_type, data_)
            outcome.units.append(f"{kind} -> {inbound.doc_type}")
        elif kind in ACK_SETS:
            x12.functional_acks_from(transaction_set.segments, transaction_set.reference)
            outcome.units.append(f"{kind} -> functional_ack")
        else:
            outcome.units.append(not_read(kind))
    if outcome.reasons:  # nothing is written back: the rejection is, and must read
        replies = [x12_rejection(interchange) for interchange in result.interchanges]
        outcome.written = all(x12.validate(io.BytesIO(reply)).ok for reply in replies)
    else:
        rewritten = b"".join(map(x12.rewrite_interchange, result.interchanges))
        outcome.written = x12_segments(rewritten) == x12_segments(data)
    return outcome


def x12_rejection(interchange):
    """The TA1 (broken envelope) or the 997/999 per group (broken sets) the hub answers."""
    header = interchange.header.reply("000000001", "261120", "0930")
    if interchange.errors:
        return x12.render_interchange(
            interchange.delimiters, header, ta1_segments=[x12.ta1_segment(interchange)]
        )
    groups = []
    for number, group in enumerate(interchange.groups, 1):
        kind = x12.ack_kind(group)
        ack_header = x12.ack_group_header(group, number, "20261120", "0930", kind)
        groups.append(x12.OutgoingGroup(ack_header, [x12.functional_ack(group, number, kind)]))
    return x12.render_interchange(interchange.delimiters, header, groups)


def x12_segments(data):
    """Tags and elements, ISA values unpadded (an unpadded ISA is written back padded)."""
    return [
        (s.tag, [e.strip() for e in s.elements] if s.tag == "ISA" else s.elements)
        for s in x12.iter_segments(io.BytesIO(data))
    ]


def run_edifact(data):
    interchanges = list(edifact.read_interchanges(data))
    outcome = Outcome("EDIFACT")
    for interchange in interchanges:
        outcome.warnings += [w.text for w in interchange.warnings]
        outcome.reasons += [e.text for e in interchange.all_errors()]
        for message in interchange.messages:
            kind = message.message_type.type
            if kind in edifact.INBOUND:
                inbound = edifact.INBOUND[kind]
                try:
                    validate_document(inbound.doc_type, inbound.mapper(message))
                except edifact.EdifactMappingError as err:  # the CONTRL rejects the message
                    outcome.units.append(f"{kind} refused: {err}")
                    continue
                outcome.units.append(f"{kind} -> {inbound.doc_type}")
            elif kind == edifact.CONTRL:
                outcome.units.append(f"{kind} -> functional_ack")
            else:
                outcome.units.append(not_read(kind))
    if outcome.reasons:  # nothing is written back: the rejecting CONTRL is, and must read
        replies = [edifact.write_contrl(i, "CTL1", PREPARED) for i in interchanges]
        outcome.written = all(
            ack["status"] == "rejected" for reply in replies for ack in edifact.read_contrl(reply)
        )
    else:
        rewritten = "".join(
            edifact.serialize(i.segments(), i.separators, una=i.una) for i in interchanges
        )
        again = list(edifact.read_interchanges(rewritten))
        outcome.written = [list(i.segments()) for i in again] == [
            list(i.segments()) for i in interchanges
        ]
    return outcome


def run(name):
    data = (SAMPLES / name).read_bytes()
    outcome = {"x12": run_x12, "edifact": run_edifact}[standard_of(data)](data)
    if outcome.reasons:
        outcome.status = REJECTED
    elif any(" -> " not in unit for unit in outcome.units):
        outcome.status = READ
    return outcome


def samples():
    return sorted(
        str(path.relative_to(SAMPLES)) for path in SAMPLES.rglob("*") if path.suffix == ".edi"
    )


def test_every_sample_has_an_expected_outcome():
    assert samples() == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_outcome(name):
    status, detail = EXPECTED[name]
    outcome = run(name)
    assert outcome.status == status, outcome
    assert detail in outcome.detail, outcome
    assert outcome.written, "written back to the same segments, or its rejection written"
    warned = WARNED.get(name)
    assert (warned is not None) == bool(outcome.warnings), outcome.warnings
    if warned:
        assert any(warned in warning for warning in outcome.warnings), outcome.warnings


def test_summary_table(capsys):
    outcomes = {name: run(name) for name in samples()}
    lines = [f"{'sample':<50} {'std':<8} {'outcome':<17} detail"]
    for name, outcome in outcomes.items():
        warned = " (warned: lenient read)" if outcome.warnings else ""
        detail = outcome.detail[:90]
        lines.append(f"{name:<50} {outcome.standard:<8} {outcome.status:<17} {detail}{warned}")
    counts = Counter(outcome.status for outcome in outcomes.values())
    lines.append(
        f"{len(outcomes)} samples: "
        + ", ".join(f"{counts[s]} {s}" for s in (MAPPED, READ, REJECTED))
        + f"; {sum(bool(o.warnings) for o in outcomes.values())} read with a warning; "
        f"{sum(o.written for o in outcomes.values())} written (back, or their rejection)"
    )
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert sum(counts.values()) == len(EXPECTED)
