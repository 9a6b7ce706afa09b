# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from typing import NamedTuple

from odoo import models

from .. import schemas
from ..services.errors import ParseError


def _storable(value):
    """Whether every string in a decoded JSON value can be stored in PostgreSQL text."""
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_storable(key) and _storable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    return True


class Part(NamedTuple):
    """One document cut out of a file by a codec's ``_split``."""

    document_type: str
    payload: bytes
    reference: str  # the partner's reference: unique within the file (control numbers)
    label: str = ""  # what the partner calls it, e.g. "X12 850"
    filename: str | None = None


class IntegrationCodec(models.AbstractModel):
    """What every codec implements. A flow's ``codec`` value names integration.codec.<value>."""

    _name = "integration.codec"
    _description = "Integration Codec"

    def _decode(self, message, payload):
        """Partner bytes → canonical document as a dict; raise ParseError when unreadable."""
        raise NotImplementedError

    def _encode(self, message, document):
        """Canonical document (pydantic model) → partner bytes."""
        raise NotImplementedError

    def _split(self, message, payload):
        """The documents of a file carrying several (or another flow's), as ``Part``s.

        An empty list means the payload is one document of the message's own flow.
        """
        return []

    def _check_on_receipt(self, message, payload):
        """What the inbound API checks before it answers, so a caller hears at once that its
        payload is bad: by default it is decoded and validated as one document.

        Raise an IntegrationError or a schemas.SchemaError when the payload is bad. Codecs
        whose files carry several documents and are answered by acknowledgements of their
        own (EDI interchanges) check only what the parse step cannot answer itself.
        """
        schemas.validate_document(message.document_type, self._decode(message, payload))

    def _load_json(self, payload):
        """JSON text → Python, or a ParseError saying where the text is broken.

        Text PostgreSQL cannot store (NUL, lone surrogates) is refused here, as a parsing
        error a person can see, rather than failing later when the document is written.
        """
        try:
            document = json.loads(payload.decode("utf-8-sig"))
        except UnicodeDecodeError as err:
            raise ParseError(self.env._("The payload is not UTF-8 text: %s", err)) from err
        except json.JSONDecodeError as err:
            raise ParseError(
                self.env._(
                    "The payload is not valid JSON: %(msg)s at line %(line)s, column %(col)s.",
                    msg=err.msg,
                    line=err.lineno,
                    col=err.colno,
                )
            ) from err
        if not _storable(document):
            raise ParseError(
                self.env._(
                    "The payload contains text that cannot be stored: a NUL character "
                    "(\\u0000) or an unpaired surrogate escape."
                )
            )
        return document

    def _file_extension(self):
        return "dat"

    def _display(self, text):
        """The payload as a person should read it in the message form."""
        return text

    def _sends_acknowledgement(self, message):
        """Whether processed inbound messages go through the acknowledge step."""
        return bool(message.flow_id.ack_flow_id)

    def _acknowledge(self, message):
        """Send the functional acknowledgement of a processed inbound message."""
        message.flow_id.ack_flow_id._queue_outbound(message)

    def _expects_acknowledgement(self, message):
        """Whether the partner acknowledges what we send (starts the acknowledgement SLA)."""
        return message.flow_id.expect_acknowledgement

    def _content_type(self):
        return "application/octet-stream"
