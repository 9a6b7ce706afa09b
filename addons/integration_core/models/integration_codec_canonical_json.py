# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import models

from .. import schemas
from ..services.errors import ParseError
from .integration_codec import Part


class IntegrationCodecCanonicalJson(models.AbstractModel):
    """The hub's own format: the canonical document as JSON."""

    _name = "integration.codec.canonical_json"
    _inherit = "integration.codec"
    _description = "Canonical JSON codec"

    def _split(self, message, payload):
        """A batch ``{"documents": [{"document_type": ..., "reference": ..., "document":
        {...}}, ...]}`` becomes one message per document."""
        batch = self._decode(message, payload)
        if set(batch) != {"documents"} or not isinstance(batch["documents"], list):
            return []
        parts = []
        for index, entry in enumerate(batch["documents"], 1):
            if not isinstance(entry, dict) or not isinstance(entry.get("document"), dict):
                raise ParseError(
                    self.env._("Batch entry %s must be an object with a 'document' object.", index)
                )
            parts.append(
                Part(
                    document_type=entry.get("document_type") or message.document_type,
                    payload=json.dumps(entry["document"]).encode(),
                    reference=str(entry.get("reference") or index),
                )
            )
        return parts

    def _check_on_receipt(self, message, payload):
        """A batch is checked document by document, each against its own type."""
        parts = self._split(message, payload)
        if not parts:
            return super()._check_on_receipt(message, payload)
        for part in parts:
            schemas.validate_document(part.document_type, json.loads(part.payload))
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

    def _file_extension(self):
        return "json"

    def _display(self, text):
        try:
            return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
        except ValueError:
            return text

    def _content_type(self):
        return "application/json"
