# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The SLA watch moved from the message to the exception model; its cron record is
    ``noupdate``, so an upgrade must point it there itself."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("integration_core.cron_watch_sla", raise_if_not_found=False)
    if cron:
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("integration.exception"),
                "code": "model._cron_watch_sla()",
            }
        )
