# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""cXML's synchronous route: a procurement system posts a cXML request and reads the
result in the cXML Response of the same call.

The caller proves who it is inside the body (From / Sender credentials and the shared
secret), so the body is read first (within the flow's size limit) and nothing is stored
until the envelope names the flow's partner with its stored secret: otherwise 401.
"""

import json
import logging

from odoo import SUPERUSER_ID, api, http
from odoo.addons.integration_core.controllers.api_http import api_route, read_body, refuse_size
from odoo.addons.integration_core.services.errors import ConfigurationError
from odoo.http import Response, request

from ..services import cxml
from ..services.cxml_supplier import REQUESTS
from ..services.xmlread import XmlDocumentError

_logger = logging.getLogger(__name__)
UNLIMITED = 128 * 1024 * 1024
CONTENT_TYPE = "text/xml; charset=UTF-8"


def cxml_answer(code, message="", headers=None):
    """The HTTP answer carrying a cXML Response of the same status code."""
    return Response(
        cxml.response(code, message),
        status=code,
        headers=[("Content-Type", CONTENT_TYPE), *(headers or {}).items()],
    )


def as_cxml(problem):
    """The hub's refusal (an RFC 9457 problem) as the cXML Response a cXML client reads."""
    detail = json.loads(problem.get_data()).get("detail", "")
    kept = {name: value for name, value in problem.headers.items() if name == "Retry-After"}
    return cxml_answer(problem.status_code, detail, kept)


class IntegrationCxmlApi(http.Controller):
    @api_route("/cxml/<string:code>", methods=("POST",), readonly=False)
    def post_cxml(self, code, **_kwargs):
        env = api.Environment(request.cr, SUPERUSER_ID, {})
        flow = env["integration.flow"].search(
            [
                ("code", "=", code),
                ("direction", "=", "inbound"),
                ("codec", "=", "cxml"),
                ("endpoint_id", "!=", False),
            ],
            limit=1,
        )
        if not flow:  # nothing here to authenticate against: no body is read
            return cxml_answer(401, "The credentials do not match this flow's partner.")
        limit = flow.max_payload_kb * 1024 if flow.max_payload_kb > 0 else UNLIMITED
        refused = refuse_size(limit)
        if refused:
            return as_cxml(refused)
        body, refused = read_body()
        if refused:
            return as_cxml(refused)
        if len(body) > limit:
            return cxml_answer(413, f"The body has {len(body)} bytes; this flow accepts {limit}.")
        try:
            _root, envelope = cxml.read_envelope(body)
        except XmlDocumentError as err:
            return cxml_answer(400, str(err))
        if not flow.endpoint_id._accepts_calls():
            return cxml_answer(401, "The credentials do not match this flow's partner.")
        endpoint = flow.endpoint_id
        try:
            secret = endpoint._secret("cxml_shared_secret")
        except ConfigurationError:
            return cxml_answer(
                500, "The server cannot check credentials now.", {"Retry-After": "300"}
            )
        if not cxml.authenticate(
            envelope,
            endpoint.cxml_from_domain,
            endpoint.cxml_from_identity,
            secret,
            endpoint.cxml_to_identity,
        ):
            _logger.info("cXML request refused on flow %s: credentials do not match", flow.code)
            return cxml_answer(401, "The credentials do not match this flow's partner.")
        return self._admit(flow, envelope, body)

    def _admit(self, flow, envelope, body):
        """Rate limit and request checks of an authenticated call, then its receipt."""
        retry_after = flow.endpoint_id._rate_limit_wait()
        if retry_after:
            return cxml_answer(429, "Rate limit reached.", {"Retry-After": str(retry_after)})
        expected = REQUESTS.get(flow.document_type)
        if envelope.request != expected:
            return cxml_answer(406, f"This flow takes {expected}, not {envelope.request}.")
        if not envelope.payload_id or len(envelope.payload_id) > 255:
            return cxml_answer(400, "/cXML/@payloadID: required, at most 255 characters.")
        headers = request.httprequest.headers
        message = flow._receive(
            cxml.redact_secret(body),
            headers={
                name: headers[name] for name in ("Content-Type", "User-Agent") if name in headers
            },
            idempotency_key=envelope.payload_id,
        )
        if message.state == "duplicate":
            if message._reuses_key_with_other_payload():
                return cxml_answer(
                    409,
                    f"payloadID {envelope.payload_id} was received with another document "
                    f"({message.duplicate_of_id.name}). Nothing was processed.",
                )
            return cxml_answer(200, f"Already received as {message.duplicate_of_id.name}.")
        error = message._preflight()
        if error:
            lines = [str(error), *(getattr(error, "errors", None) or [])]
            return cxml_answer(400, "\n".join(dict.fromkeys(lines)))
        return cxml_answer(200, f"Received as {message.name}.")
