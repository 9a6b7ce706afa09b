# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.osv import expression

from ..access import MANAGER_GROUP

# The message's payload and its revisions are stored under this field (res_field).
PAYLOAD_FIELD = "payload_attachment_id"
NOT_A_PAYLOAD = [
    "|",
    ("res_model", "!=", "integration.message"),
    ("res_field", "!=", PAYLOAD_FIELD),
]


class IrAttachment(models.Model):
    """Payload attachments are the integration managers', like the message field they hang on.

    Odoo checks a field attachment's groups when it is written, not when it is read by id
    (``/web/content/<id>``, ``read``): reading follows the message only. The search every read
    goes through drops payloads for other users; searches Odoo already limits to attachments
    of no field (any that do not name ``id`` or ``res_field``) exclude them anyway.
    """

    _inherit = "ir.attachment"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._names_field_attachments(domain) and not self._reads_payloads():
            domain = expression.AND([domain, NOT_A_PAYLOAD])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _reads_payloads(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    def _names_field_attachments(self, domain):
        """Whether Odoo's own search lets field attachments through (see its ``_search``)."""
        return self.env.context.get("skip_res_field_check") or any(
            term[0] in ("id", "res_field") for term in domain
        )
