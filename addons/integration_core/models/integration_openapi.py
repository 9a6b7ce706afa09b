# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import api, models
from odoo.tools.misc import file_open

from ..schemas.openapi import JSON, RequestFormat, openapi_document


class IntegrationOpenapi(models.AbstractModel):
    """The inbound API's OpenAPI document as the installed modules make it: a model of its
    own, so that a module adding routes (webhooks, AS2) extends this and not the message."""

    _name = "integration.openapi"
    _description = "Integration API: its OpenAPI document"

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
