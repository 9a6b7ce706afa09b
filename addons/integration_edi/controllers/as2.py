# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The inbound AS2 route: partners post AS2 messages and asynchronous MDNs here.

AS2 callers prove who they are by their signature, inside the body: the request is stored
first (raw), then decrypted and verified (``integration.as2.message._receive_request``).
"""

from odoo import SUPERUSER_ID, api, http
from odoo.addons.integration_core.controllers.api import unavailable
from odoo.addons.integration_core.controllers.api_http import api_route, read_body, refuse_size
from odoo.http import Response, request

MAX_BYTES = 64 * 1024 * 1024


class As2Controller(http.Controller):
    @api_route(("/as2", "/as2/", "/as2/<path:rest>"), methods=("POST",), readonly=False)
    def as2_receive(self, **_kwargs):
        env = api.Environment(request.cr, SUPERUSER_ID, {})
        refused = unavailable(env) or refuse_size(MAX_BYTES)
        if refused:
            return refused
        body, refused = read_body()
        if refused:
            return refused
        headers = dict(request.httprequest.headers.items())
        status, answer_headers, answer = env["integration.as2.message"]._receive_request(
            headers, body
        )
        return Response(answer, status=status, headers=list(answer_headers.items()))
