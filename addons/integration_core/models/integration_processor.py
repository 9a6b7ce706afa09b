# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..services.errors import MappingError


class IntegrationProcessor(models.AbstractModel):
    """Turns a validated canonical document into Odoo records, in two steps a person can see:
    map (partner codes → Odoo ids, stored on the message) and process (create the records).
    A flow's document type names integration.processor.<document_type>.
    """

    _name = "integration.processor"
    _description = "Integration Processor"

    def _map(self, message, document):
        """Resolve every partner code; return JSON-serialisable values for ``_process``."""
        raise MappingError(
            self.env._("No processor handles inbound %s documents.", message.document_type),
            hint=self.env._(
                "Install the module that handles this document type, or change the flow."
            ),
        )

    def _process(self, message, document, mapped):
        """Create or update the business records; return the main one (or None)."""
        raise NotImplementedError
