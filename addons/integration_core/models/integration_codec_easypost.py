# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..services.easypost import EVENT_SCHEMA, EasyPostError, carrier_status_from_easypost
from ..services.errors import ParseError
from ..services.plugins import CodecFeatures


class IntegrationCodecEasypost(models.AbstractModel):
    """A carrier's tracking webhook on the hub's API: EasyPost's ``tracker.created`` and
    ``tracker.updated`` events become carrier statuses (inbound only). The payload is
    JSON: it is shown as the canonical JSON codec shows it."""

    _name = "integration.codec.easypost"
    _inherit = "integration.codec"
    _description = "EasyPost tracking webhook codec"

    def _decode(self, message, payload):
        try:
            return carrier_status_from_easypost(self._load_json(payload))
        except EasyPostError as err:
            raise ParseError(self.env._("EasyPost webhook: %s", err)) from err

    def _encode(self, message, document):
        raise ParseError(
            self.env._("The EasyPost codec reads tracking webhooks; it writes nothing.")
        )

    def _features(self):
        return CodecFeatures(
            file_extension="json",
            content_type="application/json",
            example="integration_core/examples/easypost_tracker_updated.json",
            example_schema=EVENT_SCHEMA,
        )

    def _display(self, text):
        return self.env["integration.codec.canonical_json"]._display(text)

    def _readable(self, message, payload):
        return self.env["integration.codec.canonical_json"]._readable(message, payload)
