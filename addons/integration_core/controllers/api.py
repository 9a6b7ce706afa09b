# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The inbound HTTP API: partners post payloads and read their messages' status."""

import json
import time
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, http
from odoo.http import request

from ..schemas.openapi import openapi_document
from ..services import signing

PREFIX = "/api/integration/v1"
FORWARDED_HEADERS = ("Content-Type", "User-Agent", "X-Correlation-Id", "Idempotency-Key")


def json_response(status, body, headers=None, content_type="application/json"):
    return request.make_response(
        json.dumps(body, default=str),
        headers=[("Content-Type", content_type), *(headers or {}).items()],
        status=status,
    )


def api_route(path, methods=("GET",), readonly=True):
    """A route of the API: no session, no CSRF; callers prove who they are per request."""
    return http.route(
        f"{PREFIX}{path}",
        type="http",
        auth="none",
        methods=list(methods),
        csrf=False,
        save_session=False,
        readonly=readonly,
    )


def problem(status, title, detail, headers=None, **extra):
    """An RFC 9457 problem document."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return json_response(status, body, headers, "application/problem+json")


def received_answer(message):
    """What the caller hears about a payload just stored: 200 for a repeat (the original's
    status), 400 with a problem document when the pre-check refuses it, else 202."""
    if message.state == "duplicate":
        return json_response(200, {**message.duplicate_of_id._api_status(), "duplicate": True})
    error = message._preflight()
    if error:
        return problem(
            400,
            "Bad Request",
            str(error),
            message_id=message.id,
            errors=getattr(error, "errors", None) or [str(error)],
        )
    location = {"Location": f"{PREFIX}/messages/{message.id}"}
    return json_response(202, message._api_status(), location)


class Caller:
    """Who is calling: the endpoint a key or signature proved, or nothing."""

    def __init__(self, endpoint=None, key=None):
        self.endpoint = endpoint
        self.key = key


class IntegrationApi(http.Controller):
    def _env(self):
        return api.Environment(request.cr, SUPERUSER_ID, {})

    # ------------------------------------------------------------------ authentication
    def _authenticate(self, env, candidates, body):
        """The endpoint among ``candidates`` (None: any) the request proves it is, else a
        problem to answer."""
        headers = request.httprequest.headers
        authorization = headers.get("Authorization", "")
        if authorization.lower().startswith("bearer "):
            key = env["integration.api.key"]._authenticate(authorization[7:].strip())
            if not key:
                return None, problem(
                    401,
                    "Unauthorized",
                    "The API key is unknown, expired or revoked.",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            if candidates is not None and key.endpoint_id not in candidates:
                return None, problem(403, "Forbidden", "This API key may not use this flow.")
            return Caller(key.endpoint_id, key), None
        signature = headers.get("X-Signature")
        if signature:
            if candidates is None:
                candidates = env["integration.endpoint"].search([])
            parts = dict(p.split("=", 1) for p in signature.split(",") if "=" in p)
            for endpoint in candidates.filtered(
                lambda e: e._accepts_calls() and e.sudo().hmac_key_encrypted
            ):
                secret = endpoint._secret("hmac_key")
                if secret and signing.verify(
                    secret, body, parts.get("t"), parts.get("v1"), time.time()
                ):
                    return Caller(endpoint), None
            return None, problem(
                401, "Unauthorized", "The signature is invalid or older than 5 minutes."
            )
        return None, problem(
            401,
            "Unauthorized",
            "Send an API key as a bearer token, or an HMAC signature in X-Signature.",
            headers={"WWW-Authenticate": "Bearer"},
        )

    # ------------------------------------------------------------------ routes
    @api_route("/flows/<string:code>/messages", methods=("POST",), readonly=False)
    def post_message(self, code, **_kwargs):
        env = self._env()
        flows = env["integration.flow"].search(
            [("code", "=", code), ("direction", "=", "inbound"), ("endpoint_id", "!=", False)]
        )
        length = request.httprequest.content_length
        body = request.httprequest.get_data(cache=True) if flows else b""
        caller, refused = self._authenticate(env, flows.endpoint_id, body)
        if refused:
            return refused
        flow = flows.filtered(lambda f: f.endpoint_id == caller.endpoint)[:1]
        if not flow:
            return problem(404, "Not Found", f"No inbound flow {code!r} for this caller.")
        limit = flow.max_payload_kb * 1024
        if limit and max(length or 0, len(body)) > limit:
            return problem(
                413,
                "Payload Too Large",
                f"The body has {len(body)} bytes; flow {code} accepts {limit}.",
            )
        retry_after = caller.endpoint._rate_limit_wait()
        if retry_after:
            return problem(
                429,
                "Too Many Requests",
                f"Rate limit of {caller.endpoint.rate_limit} requests a minute reached.",
                headers={"Retry-After": str(retry_after)},
            )
        # Written at most once a minute: every request updating the one key row would make
        # concurrent requests fail with serialization errors (HTTP 500 after 5 retries).
        now = fields.Datetime.now()
        if caller.key and (
            not caller.key.last_used_at or caller.key.last_used_at < now - timedelta(minutes=1)
        ):
            caller.key.last_used_at = now
        return self._accept(flow, body)

    def _accept(self, flow, body):
        headers = request.httprequest.headers
        message = flow.receive(
            body,
            headers={name: headers[name] for name in FORWARDED_HEADERS if name in headers},
            idempotency_key=headers.get("Idempotency-Key") or None,
            correlation_id=headers.get("X-Correlation-Id") or None,
        )
        return received_answer(message)

    @api_route("/messages/<int:message_id>")
    def get_message(self, message_id, **_kwargs):
        env = self._env()
        caller, refused = self._authenticate(env, None, b"")
        if refused:
            return refused
        message = env["integration.message"].browse(message_id).exists()
        if not message or message.partner_id != caller.endpoint.partner_id:
            return problem(404, "Not Found", f"No message {message_id} of yours.")
        return json_response(200, message._api_status())

    @api_route("/health")
    def health(self, **_kwargs):
        return json_response(200, self._env()["integration.monitor"]._health())

    @api_route("/metrics")
    def metrics(self, **_kwargs):
        env = self._env()
        caller, refused = self._authenticate(env, None, b"")
        if refused:
            return refused
        if not (caller.key and caller.key.monitoring):
            # The figures name every partner and their volumes: not for a trading partner.
            return problem(
                403, "Forbidden", "Only a monitoring API key may read the hub's metrics."
            )
        text = env["integration.monitor"]._prometheus()
        return request.make_response(
            text, headers=[("Content-Type", "text/plain; version=0.0.4; charset=utf-8")]
        )

    @api_route("/openapi.json")
    def openapi(self, **_kwargs):
        return json_response(
            200, openapi_document(request.httprequest.host_url.rstrip("/") + PREFIX)
        )
