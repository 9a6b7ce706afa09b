"""What plug-ins hand back to the pipeline: values, never writes of their own.

A codec describes itself with ``CodecFeatures`` and cuts a file into ``Part``s; a processor
reports what it did with a ``ProcessResult``, which the pipeline writes on the message.
"""

from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True)
class CodecFeatures:
    """What a codec's files are, for names, downloads and HTTP requests; the API's OpenAPI
    document lists every codec's content type with its example."""

    file_extension: str = "dat"
    content_type: str = "application/octet-stream"
    # A file a sender may post, as a path under the add-ons ("<module>/examples/<file>"),
    # and, for JSON that is no canonical document, the JSON Schema it follows.
    example: str = ""
    example_schema: dict | None = None


class Part(NamedTuple):
    """One document cut out of a file by a codec's ``_split``."""

    document_type: str
    payload: bytes
    reference: str  # the partner's reference: unique within the file (control numbers)
    label: str = ""  # what the partner calls it, e.g. "X12 850"
    filename: str | None = None


class ProcessResult(NamedTuple):
    """What a processor's ``_process`` did, for the pipeline to record on the message.

    ``record``: the business record the message created or belongs to (linked to it);
    ``duplicate_of``: the earlier message this one repeats (it changed nothing);
    ``note``: what the timeline says about it. Without a note, a new record is logged as
    "Created <record>"; an empty note logs nothing (the processor said it itself);
    ``correlation_id``: the business transaction the message turned out to belong to (a
    supplier's acknowledgement of our purchase order joins the order's), when not its own;
    ``releases``: the key of the messages waiting for this one's record (``AwaitingDocument``):
    they go on now.
    """

    record: Any = None
    duplicate_of: Any = None
    note: str | None = None
    correlation_id: str | None = None
    releases: str | None = None
