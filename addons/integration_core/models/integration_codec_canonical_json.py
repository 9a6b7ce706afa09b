# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import models

from .. import schemas
from ..services.errors import ParseError
from ..services.plugins import CodecFeatures, Part
from ..services.readable import label, tree_rows


class IntegrationCodecCanonicalJson(models.AbstractModel):
    """The hub's own format: the canonical document as JSON."""

    _name = "integration.codec.canonical_json"
    _inherit = "integration.codec"
    _description = "Canonical JSON codec"

    def _split(self, message, payload):
        """A batch ``{"documents": [{"document_type": ..., "reference": ..., "document":
        {...}}, ...]}`` becomes one message per document."""
        return self._decode_file(message, payload)[0]

    def _decode_file(self, message, payload):
        """The payload decoded once: a batch's parts, or the one document."""
        document = self._decode(message, payload)
        entries = self._batch_entries(message, document)
        if entries is None:
            return [], document
        parts = [
            Part(
                document_type=document_type,
                payload=json.dumps(entry).encode(),
                reference=reference,
            )
            for document_type, reference, entry in entries
        ]
        return parts, None

    def _batch_entries(self, message, document):
        """``[(document type, reference, document)]`` of a batch; None for one document."""
        if set(document) != {"documents"} or not isinstance(document["documents"], list):
            return None
        entries = []
        for index, entry in enumerate(document["documents"], 1):
            if not isinstance(entry, dict) or not isinstance(entry.get("document"), dict):
                raise ParseError(
                    self.env._("Batch entry %s must be an object with a 'document' object.", index)
                )
            document_type = entry.get("document_type") or message.document_type
            entries.append((document_type, str(entry.get("reference") or index), entry["document"]))
        return entries

    def _check_on_receipt(self, message, payload):
        """A batch is checked document by document, each against its own type; one
        document is decoded once and handed to the parse step."""
        document = self._decode(message, payload)
        entries = self._batch_entries(message, document)
        if entries is None:
            schemas.validate_document(message.document_type, document)
            return document
        for document_type, _reference, entry in entries:
            schemas.validate_document(document_type, entry)
        return None

    def _decode(self, message, payload):
        document = self._load_json(payload)
        if not isinstance(document, dict):
            raise ParseError(
                self.env._("The payload must be a JSON object, not %s.", type(document).__name__)
            )
        return document

    def _encode(self, message, document):
        return document.model_dump_json(exclude_none=True).encode()

    def _features(self):
        return CodecFeatures(file_extension="json", content_type="application/json")

    def _display(self, text):
        try:
            return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
        except ValueError:
            return text

    def _readable(self, message, payload):
        """The JSON as an indented tree of labelled keys with their paths."""
        try:
            document = self._load_json(payload)
        except ParseError as err:
            readable = super()._readable(message, payload)
            readable.error = str(err)
            return readable
        return tree_rows(document, names=label)
