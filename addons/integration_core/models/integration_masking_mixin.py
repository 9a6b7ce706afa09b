# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.exceptions import UserError

from ..access import MANAGER_GROUP
from ..services.masking import masked_values, parse_paths, redact


class IntegrationMaskingMixin(models.AbstractModel):
    """What each person may see of a message: the canonical fields its flow masks are hidden
    from everyone but integration managers, in displays, downloads and error texts."""

    _name = "integration.masking.mixin"
    _description = "Integration message masking"

    def _check_payload_visible(self):
        """Refuse to hand the raw payload to a user it is masked for."""
        if any(message._masked_paths() for message in self):
            raise UserError(
                self.env._(
                    "This flow masks personal data: ask an integration manager for the file."
                )
            )

    def _masked_paths(self):
        """The paths to hide from the current user (none for integration managers)."""
        self.ensure_one()
        if self.env.user.has_group(MANAGER_GROUP):
            return []
        return parse_paths(self.flow_id.masked_fields)

    def _masked_values(self):
        """The values this message's flow masks, as found in its canonical document."""
        self.ensure_one()
        paths = parse_paths(self.flow_id.masked_fields)
        # sudo: the raw document is the managers'; these values are what gets hidden from it
        canonical = self.sudo().canonical
        return masked_values(canonical, paths) if paths and canonical else set()

    def _redact(self, text):
        """``text`` without the values its flow masks: what an error may show anyone."""
        self.ensure_one()
        return redact(text, self._masked_values())
