# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import api, models
from odoo.tools.misc import file_open

from ..schemas.openapi import JSON, RequestFormat, openapi_document


def _api_record(record):
    """A business record as the API shows it: model, id and name, or None."""
    return {"model": record._name, "id": record.id, "name": record.display_name} if record else None


class IntegrationMessageApi(models.AbstractModel):
    """What the inbound API tells its caller about a message: its status, and the documents
    a file was split into or a reference search found, one line each."""

    _name = "integration.message.api"
    _description = "Integration message: as the API shows it"

    def _api_status(self):
        """What the API tells a caller about its message."""
        self.ensure_one()
        # sudo: the API's caller proved it is the message's partner; a name and an id
        record = self.sudo()._business_record()
        blocker = self._blocking_message()
        return {
            "id": self.id,
            "name": self.name,
            "reference": self.reference or None,
            "state": self.state,
            "correlation_id": self.correlation_id,
            "received_at": self.create_date,
            "error": self.last_error or None,
            "error_category": self.error_category or None,
            "waiting": bool(blocker) or bool(self.awaiting),
            "waiting_for": {"id": blocker.id, "name": blocker.name} if blocker else None,
            "record": _api_record(record),
            "documents": [child._api_summary() for child in self.child_ids.sorted("id")],
        }

    def _api_summary(self):
        """One line about a message in an API list: a file's documents, a reference search."""
        self.ensure_one()
        return {
            "id": self.id,
            "reference": self.reference or None,
            "flow": self.flow_id.code,
            "document_type": self.document_type,
            "state": self.state,
            "received_at": self.create_date,
            # sudo: as in _api_status, the caller proved it is the message's partner
            "record": _api_record(self.sudo()._business_record()),
        }

    # ------------------------------------------------------------------ OpenAPI document
    @api.model
    def _openapi_document(self, server_url):
        """The OpenAPI document: the pure builder fed with what the installed modules add
        (their codecs' formats, the message states, their routes)."""
        states = self.env["integration.message"]._fields["state"]._description_selection(self.env)
        return openapi_document(
            server_url,
            formats=self._openapi_request_formats(),
            states=states,
            routes=self._openapi_routes(),
        )

    @api.model
    def _openapi_request_formats(self):
        """The content types a flow's codec reads (each codec's ``_features()``), with the
        codecs reading each and their example files; the base codec's stands for a codec
        that declares none."""
        flow = self.env["integration.flow"]
        by_type = {}
        codecs = flow._fields["codec"]._description_selection(self.env)
        for value, label in [*codecs, (None, self.env._("Any other codec"))]:
            model = f"integration.codec.{value}" if value else "integration.codec"
            if model not in self.env:
                continue
            features = self.env[model]._features()
            entry = by_type.setdefault(features.content_type, ([], {}, {}))
            entry[0].append(label)
            if features.example:
                with file_open(features.example, "rb") as example:
                    text = example.read().decode()
                value_of = json.loads if features.content_type == JSON else str
                entry[1][value] = {"summary": label, "value": value_of(text)}
            if features.example_schema:
                entry[2][features.example_schema["title"]] = features.example_schema
        return [
            RequestFormat(content_type, tuple(dict.fromkeys(labels)), examples, schemas)
            for content_type, (labels, examples, schemas) in by_type.items()
        ]

    @api.model
    def _openapi_routes(self):
        """The routes a module adds to the API, for its OpenAPI document: ``{"paths":
        {...}, "securitySchemes": {...}}`` (the builder's helpers: ``schemas.openapi``).
        Modules with routes of their own (webhooks, AS2) extend it and call super()."""
        return {"paths": {}, "securitySchemes": {}}
