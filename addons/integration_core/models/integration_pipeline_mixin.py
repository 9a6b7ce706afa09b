# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..access import refuse_user_create, refuse_user_write


class IntegrationPipelineMixin(models.AbstractModel):
    """Records only the pipeline creates and writes (a deduction read from a remittance, an
    AS2 transfer): users read them, their actions change them through ``sudo()``."""

    _name = "integration.pipeline.mixin"
    _description = "Integration pipeline-owned record"

    def _user_writable_fields(self):
        """The fields a user may write directly; none by default."""
        return set()

    @api.model_create_multi
    def create(self, vals_list):
        refuse_user_create(self)
        return super().create(vals_list)

    def write(self, vals):
        refuse_user_write(self, set(vals) - self._user_writable_fields())
        return super().write(vals)
