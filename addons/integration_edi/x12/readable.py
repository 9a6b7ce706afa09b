"""An X12 payload as a person reads it: each segment named, each element with its reference
(BEG03), name and value, coded values explained (``names``). Reading stops at a segment the
reader cannot read, with the reason; the segments before it are kept."""

import io

from odoo.addons.integration_core.services.readable import Field, Readable, Row

from .names import code_meaning, element_name, segment_name
from .reader import X12SyntaxError, iter_segments

# Indentation of the envelope segments; a set's own segments sit under its ST.
LEVELS = {"ISA": 0, "IEA": 0, "TA1": 1, "GS": 1, "GE": 1, "ST": 2, "SE": 2}
SET_LEVEL = 3


def readable(payload):
    """``services.readable.Readable`` of ``payload`` (bytes)."""
    view = Readable()
    try:
        for segment in iter_segments(io.BytesIO(payload)):
            if view.stop():
                break
            view.add(_row(segment))
    except X12SyntaxError as err:
        view.error = str(err)
    return view


def _row(segment):
    tag = segment.tag
    fields = []
    for position in range(1, len(segment.parts)):
        value = segment.parts[position]
        if tag == "ISA":
            value = value.strip()  # fixed width: padded with spaces
        if not value:
            continue
        fields.append(
            Field(
                ref=f"{tag}{position:02d}",
                name=element_name(tag, position),
                value=value,
                meaning=code_meaning(tag, position, value),
            )
        )
    return Row(
        tag=tag,
        name=segment_name(tag),
        fields=fields,
        number=segment.number,
        level=LEVELS.get(tag, SET_LEVEL),
        raw=segment.delimiters.element.join(segment.parts) + segment.delimiters.segment,
    )
