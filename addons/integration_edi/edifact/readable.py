"""An EDIFACT payload as a person reads it: each segment named, each data element and
component with its code (C507.2005), name and value, coded values explained (``names``).
Reading stops at a segment the reader cannot read, with the reason; the segments before it
are kept."""

from odoo.addons.integration_core.services.readable import Field, Readable, Row

from .errors import EdifactError
from .names import code_meaning, element_name, element_spec, segment_name
from .reader import EdifactReader
from .writer import format_segment

# Indentation of the envelope segments; a message's own segments sit under its UNH.
LEVELS = {"UNA": 0, "UNB": 0, "UNZ": 0, "UNG": 1, "UNE": 1, "UNH": 2, "UNT": 2}
MESSAGE_LEVEL = 3


def readable(payload):
    """``services.readable.Readable`` of ``payload`` (bytes or text)."""
    view = Readable()
    reader = EdifactReader(payload)
    try:
        for segment in reader:
            if segment.tag == "UNB" and reader.una:
                una = reader.separators.una()
                view.add(Row(tag="UNA", name=segment_name("UNA"), raw=una))
            if view.stop():
                break
            view.add(_row(segment, reader.separators))
    except EdifactError as err:
        view.error = str(err)
    return view


def _row(segment, separators):
    fields = []
    for index, components in enumerate(segment.elements):
        fields += _fields(segment.tag, index, components, separators)
    return Row(
        tag=segment.tag,
        name=segment_name(segment.tag),
        fields=fields,
        number=segment.position.segment if segment.position else 0,
        level=LEVELS.get(segment.tag, MESSAGE_LEVEL),
        raw=format_segment(segment, separators) + separators.segment,
    )


def _fields(tag, index, components, separators):
    spec = element_spec(tag, index)
    place = f"{tag}{index + 1:02d}"
    if spec is None or not spec[2]:
        code, name = (spec[0], spec[1]) if spec else (place, "")
        value = separators.component.join(str(c) for c in components)
        if not value:
            return []
        return [Field(ref=code, name=name, value=value, meaning=code_meaning(code, value))]
    code, _composite, parts = spec
    fields = []
    for position, value in enumerate(components):
        if value in (None, ""):
            continue
        part = parts[position] if position < len(parts) else ""
        value = str(value)
        fields.append(
            Field(
                ref=f"{code}.{part}" if part else f"{place}.{position + 1}",
                name=element_name(part),
                value=value,
                meaning=code_meaning(part, value),
            )
        )
    return fields
