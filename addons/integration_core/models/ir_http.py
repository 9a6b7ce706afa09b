# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.http import request

from ..services import trace


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        """Every request starts with the trace context its caller sent (``traceparent``), or
        none: the API, webhooks and AS2 receive messages in it, and log lines show it."""
        headers = request.httprequest.headers
        trace.set_current(headers.get("traceparent"), headers.get("X-Correlation-Id"))
        return super()._pre_dispatch(rule, args)
