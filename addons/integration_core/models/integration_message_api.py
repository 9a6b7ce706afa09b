# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


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
