# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The inbound HTTP API: partners post payloads and read their messages' status.

A post is checked in the order that reads the least: the caller's key (from its header), the
media type, the declared size and the headers the hub keeps, and only then the body; an HMAC
signature, which covers the body, is checked once the body is read.
"""

import time
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, http
from odoo.http import request

from ..services import signing
from ..services.errors import ConfigurationError
from .api_http import (
    PREFIX,
    PROBLEMS,
    api_route,
    json_response,
    problem,
    problem_of,
    problem_type,
    read_body,
    refuse_form_body,
    refuse_headers,
    refuse_size,
    unmatched_answer,
)

FORWARDED_HEADERS = ("Content-Type", "User-Agent", "X-Correlation-Id", "Idempotency-Key")
UNLIMITED = 128 * 1024 * 1024  # bytes read for a flow without a size limit of its own
SEARCH_LIMIT = 50  # messages a reference search answers
REFERENCE_LIMIT = 256  # characters of a searched reference

__all__ = ["PREFIX", "api_route", "json_response", "problem", "received_answer", "unavailable"]


def received_answer(message):
    """What the caller hears about a payload just stored: 200 for a repeat (the original's
    status), 400 with a problem document when the pre-check refuses it, else 202."""
    if message.state == "duplicate":
        return json_response(200, {**message.duplicate_of_id._api_status(), "duplicate": True})
    error = message._preflight()
    if error:
        return problem_of(
            "invalid-payload",
            str(error),
            message_id=message.id,
            errors=getattr(error, "errors", None) or [str(error)],
        )
    location = {"Location": f"{PREFIX}/messages/{message.id}"}
    return json_response(202, message._api_status(), location)


def unavailable(env):
    """503 while the server's encryption keys are unusable; the reason is for the health
    check and the log, not for callers."""
    if env["integration.endpoint"]._encryption_problem():
        return problem_of("unavailable", headers={"Retry-After": "300"})
    return None


class Caller:
    """Who is calling: the endpoint a key or signature proved, or nothing."""

    def __init__(self, endpoint=None, key=None, signature=None):
        self.endpoint = endpoint
        self.key = key
        self.signature = signature  # (timestamp, hex) of a signed request


class IntegrationApi(http.Controller):
    def _env(self):
        return api.Environment(request.cr, SUPERUSER_ID, {})

    # ------------------------------------------------------------------ authentication
    def _authenticate(self, env, candidates, body=None):
        """The caller among the endpoints ``candidates`` (None: any), else a problem.

        An API key is checked from its header alone. A signature needs the body: with
        ``body`` None, a signed call answers ``(None, None)`` to be checked once it is read.
        """
        headers = request.httprequest.headers
        authorization = headers.get("Authorization", "")
        if authorization.lower().startswith("bearer "):
            key = env["integration.api.key"]._authenticate(authorization[7:].strip())
            if not key:
                return None, problem_of(
                    "unauthorized",
                    "The API key is unknown, expired or revoked.",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            if candidates is not None and key.endpoint_id not in candidates:
                return None, problem_of("forbidden", "This API key may not use this flow.")
            return Caller(key.endpoint_id, key), None
        if headers.get("X-Signature"):
            if body is None:
                return None, None
            return self._verify_signature(env, candidates, body)
        return None, problem_of(
            "unauthorized",
            "Send an API key as a bearer token, or an HMAC signature in X-Signature.",
            headers={"WWW-Authenticate": "Bearer"},
        )

    def _verify_signature(self, env, candidates, body):
        """The endpoint whose HMAC key signed this request (method, path, Idempotency-Key,
        timestamp and body), else a 401 problem."""
        httprequest = request.httprequest
        timestamp, signature = signing.parse_header(httprequest.headers.get("X-Signature"))
        if candidates is None:
            candidates = env["integration.endpoint"].search([])
        for endpoint in candidates.filtered(
            # sudo: whether an endpoint has an HMAC key at all, to try its signature
            lambda e: e._accepts_calls() and e.sudo().hmac_key_encrypted
        ):
            try:
                secret = endpoint._secret("hmac_key")
            except ConfigurationError:
                return None, problem_of("unavailable", headers={"Retry-After": "300"})
            if secret and signing.verify(
                secret,
                body,
                timestamp,
                signature,
                time.time(),
                method=httprequest.method,
                path=httprequest.path,
                idempotency_key=httprequest.headers.get("Idempotency-Key"),
            ):
                return Caller(endpoint, signature=(timestamp, signature)), None
        return None, self._bad_signature()

    @staticmethod
    def _bad_signature():
        return problem_of(
            "unauthorized",
            "The signature does not match this request or is older than 5 minutes.",
        )

    # ------------------------------------------------------------------ routes
    @api_route("/flows/<string:code>/messages", methods=("POST",), readonly=False)
    def post_message(self, code, **_kwargs):
        env = self._env()
        refused = unavailable(env)
        if refused:
            return refused
        flows = env["integration.flow"].search(
            [("code", "=", code), ("direction", "=", "inbound"), ("endpoint_id", "!=", False)]
        )
        caller, refused = self._authenticate(env, flows.endpoint_id)
        if refused:
            return refused
        if caller:  # an API key of one of the flows' endpoints
            flows = flows.filtered(lambda f: f.endpoint_id == caller.endpoint)
        elif not flows:  # a signature nothing here can have made
            return self._bad_signature()
        refused = (
            refuse_form_body()
            or refuse_size(max(self._size_limit(flow) for flow in flows))
            or refuse_headers(FORWARDED_HEADERS)
        )
        if refused:
            return refused
        body, refused = read_body()
        if refused:
            return refused
        if not caller:
            caller, refused = self._verify_signature(env, flows.endpoint_id, body)
            if refused:
                return refused
            flows = flows.filtered(lambda f: f.endpoint_id == caller.endpoint)
        flow = flows[:1]
        limit = self._size_limit(flow)
        if len(body) > limit:
            return problem_of(
                "payload-too-large", f"The body has {len(body)} bytes; this flow accepts {limit}."
            )
        return self._admit(caller, flow, body)

    @staticmethod
    def _size_limit(flow):
        return flow.max_payload_kb * 1024 if flow.max_payload_kb > 0 else UNLIMITED

    def _admit(self, caller, flow, body):
        """Rate limit and replay checks of an authenticated post, then its receipt."""
        retry_after = caller.endpoint._rate_limit_wait()
        if retry_after:
            return problem_of(
                "rate-limited",
                f"Rate limit of {caller.endpoint.rate_limit} requests a minute reached.",
                headers={"Retry-After": str(retry_after)},
            )
        if caller.signature and not flow.env["integration.api.nonce"]._claim(
            caller.endpoint, caller.signature[1], caller.signature[0]
        ):
            return problem_of(
                "unauthorized",
                "This signed request was already received: sign every request anew.",
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
        message = flow._receive(
            body,
            headers={name: headers[name] for name in FORWARDED_HEADERS if name in headers},
            idempotency_key=headers.get("Idempotency-Key") or None,
            correlation_id=headers.get("X-Correlation-Id") or None,
        )
        if message.state == "duplicate" and message._reuses_key_with_other_payload():
            return problem_of(
                "idempotency-key-reused",
                "Idempotency-Key reused with a different payload: message "
                f"{message.duplicate_of_id.name} has this key. Nothing was processed.",
                message_id=message.duplicate_of_id.id,
            )
        return received_answer(message)

    def _reader(self):
        """(env, caller, refusal) of a request that reads the caller's messages: the hub
        must be able to answer and the caller authenticated, as for a POST without a body."""
        env = self._env()
        refused = unavailable(env)
        if refused:
            return env, None, refused
        caller, refused = self._authenticate(env, None, b"")
        return env, caller, refused

    @api_route("/messages/<int:message_id>")
    def get_message(self, message_id, **_kwargs):
        env, caller, refused = self._reader()
        if refused:
            return refused
        message = env["integration.message"].browse(message_id).exists()
        if not message or message.partner_id != caller.endpoint.partner_id:
            return problem_of("not-found", f"No message {message_id} of yours.")
        return json_response(200, message._api_status())

    @api_route("/messages")
    def find_messages(self, **_kwargs):
        """The caller's messages carrying business ``reference`` (exact), newest first."""
        env, caller, refused = self._reader()
        if refused:
            return refused
        reference = request.httprequest.args.get("reference", "").strip()
        if not reference:
            return problem_of("bad-request", "Give the business reference: ?reference=PO-123.")
        if len(reference) > REFERENCE_LIMIT or not reference.isprintable():
            return problem_of(
                "bad-request",
                f"A reference is at most {REFERENCE_LIMIT} printable characters (no control"
                " characters).",
            )
        messages = env["integration.message"].search(
            [("partner_id", "=", caller.endpoint.partner_id.id), ("reference", "=", reference)],
            order="create_date desc, id desc",
            limit=SEARCH_LIMIT,
        )
        return json_response(200, {"messages": [message._api_summary() for message in messages]})

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
            return problem_of("forbidden", "Only a monitoring API key may read the hub's metrics.")
        # A key reads its company's figures, every company's if a system administrator issued it.
        text = env["integration.monitor"]._prometheus(caller.key._metrics_companies())
        return request.make_response(
            text, headers=[("Content-Type", "text/plain; version=0.0.4; charset=utf-8")]
        )

    @api_route("/openapi.json")
    def openapi(self, **_kwargs):
        env = self._env()
        base_url = env["ir.config_parameter"].get_param("web.base.url") or ""
        document = env["integration.openapi"]._openapi_document(base_url.rstrip("/") + PREFIX)
        return json_response(200, document)

    @api_route("/problems/<string:kind>")
    def problem_description(self, kind, **_kwargs):
        """What a problem ``type`` of this API means."""
        if kind not in PROBLEMS:
            return problem_of("not-found", f"No problem type {kind!r}.")
        status, title, meaning = PROBLEMS[kind]
        return json_response(
            200,
            {"type": problem_type(kind), "title": title, "status": status, "description": meaning},
        )

    @api_route(("", "/", "/<path:rest>"), methods=None)
    def unmatched(self, **_kwargs):
        """Every other path and method under the prefix: a problem document, not HTML."""
        return unmatched_answer(request.httprequest.path)
