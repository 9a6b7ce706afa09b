# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import models

from .. import schemas
from ..services.errors import ParseError
from ..services.jsondata import storable
from ..services.plugins import CodecFeatures
from ..services.readable import Readable, Row


class IntegrationCodec(models.AbstractModel):
    """What every codec implements. A flow's ``codec`` value names integration.codec.<value>.

    The pipeline (integration.pipeline) calls these hooks; a codec changes a message only
    through the pipeline's ``_set_*`` transitions (and ``_attach_payload`` / ``_log``).
    """

    _name = "integration.codec"
    _description = "Integration Codec"

    def _decode(self, message, payload):
        """Partner bytes → canonical document as a dict; raise ParseError when unreadable.
        Every codec overrides it; the parse step stores the dict, the validate step types it."""
        raise NotImplementedError

    def _encode(self, message, document):
        """Canonical document (the validated pydantic model) → partner bytes. Every codec
        that sends overrides it; records of its own (an EDI interchange) belong in
        ``_on_encoded``, once the payload is stored."""
        raise NotImplementedError

    def _split(self, message, payload):
        """The documents of a file carrying several (or another flow's), as ``Part``s.

        An empty list means the payload is one document of the message's own flow.
        """
        return []

    def _decode_file(self, message, payload):
        """What the parse step reads: ``(parts, None)`` for a file of several documents
        (``_split``), else ``([], document)`` (``_decode``). A codec whose ``_split`` must
        decode the whole payload anyway overrides it to decode it once; ``([], None)`` says
        the codec settled the message itself (it marked a resent file a duplicate)."""
        parts = self._split(message, payload)
        return (parts, None) if parts else ([], self._decode(message, payload))

    def _check_on_receipt(self, message, payload):
        """What the inbound API checks before it answers, so a caller hears at once that its
        payload is bad: by default it is decoded and validated as one document.

        Raise an IntegrationError or a schemas.SchemaError when the payload is bad. Codecs
        whose files carry several documents and are answered by acknowledgements of their
        own (EDI interchanges) check only what the parse step cannot answer itself.

        Returns the decoded document when it decoded one (the pipeline stores it, so the
        parse step does not decode it again), else None.
        """
        document = self._decode(message, payload)
        schemas.validate_document(message.document_type, document)
        return document

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
        if not storable(document):
            raise ParseError(
                self.env._(
                    "The payload contains text that cannot be stored: a NUL character "
                    "(\\u0000) or an unpaired surrogate escape."
                )
            )
        return document

    def _flow_defaults(self, flow):
        """Values a new flow of this codec starts with, unless its creator set any of them
        (EDI: the acknowledgement the partner's profile promises). Called by the flow's
        ``create``; ``{}`` for none."""
        return {}

    def _features(self):
        """What this codec's files are (CodecFeatures: file extension, content type...).
        Codecs override it, e.g. ``CodecFeatures("json", "application/json")``."""
        return CodecFeatures()

    def _display(self, text):
        """The payload as a person should read it in the message form."""
        return text

    def _readable(self, message, payload):
        """The payload (bytes) as a person reads it: a ``services.readable.Readable`` whose
        rows are its segments, file rows or elements, each field named (``BEG03 Purchase
        Order Number``) and coded values explained. Pure data: the message form renders it.

        Codecs override it. Never raises for a bad payload: the rows read so far, and
        ``error`` saying where reading stopped and why. By default, the text's lines."""
        readable = Readable()
        text = payload.decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if readable.stop():
                break
            readable.add(Row(tag=str(number), number=number, raw=line))
        return readable

    def _check_edited(self, message, payload):
        """Whether a payload a person edited (bytes) can be read, before it is saved: raise
        a ParseError naming where it is broken (line and column, segment, element). By
        default what ``_readable`` could not read; codecs may check more."""
        error = self._readable(message, payload).error
        if error:
            raise ParseError(self.env._("The edited payload cannot be read: %s", error))

    def _sends_acknowledgement(self, message):
        """Whether processed inbound messages go through the acknowledge step."""
        return bool(message.flow_id.ack_flow_id)

    def _acknowledge(self, message):
        """Send the functional acknowledgement of a processed inbound message."""
        message.flow_id.ack_flow_id._queue_outbound(message)

    def _expects_acknowledgement(self, message):
        """Whether the partner acknowledges what we send (starts the acknowledgement SLA)."""
        return message.flow_id.expect_acknowledgement

    # ------------------------------------------------------------------ pipeline hooks
    # Called by the pipeline after the fact; codecs override them. They return nothing.
    def _on_encoded(self, message, payload):
        """The encode step stored ``payload`` as the message's payload (e.g. record the
        EDI interchange it carries)."""

    def _on_failed(self, message, step, err):
        """``step`` of ``message`` failed with ``err`` and it was recorded (rolled back
        first, except for a send): e.g. answer a rejected EDI file with its TA1/997."""

    def _on_acknowledged(self, message):
        """The partner acknowledged (or rejected: state ``failed``) an outbound message."""
