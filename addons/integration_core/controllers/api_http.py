# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The HTTP plumbing of the inbound API: routes, JSON answers, RFC 9457 problem documents.

API routes get their own dispatcher: Odoo's ``http`` dispatcher parses form bodies before
any handler runs (so a form-encoded post would reach it empty) and answers errors in HTML.
This one leaves the body to the handler, which checks the caller and the size first, answers
OPTIONS without running a handler, and turns any error into a problem document.
"""

import json
import logging
from datetime import UTC, date, datetime

from psycopg2 import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule

from odoo import http
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.http import HttpDispatcher, Response, request
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

_logger = logging.getLogger(__name__)

PREFIX = "/api/integration/v1"
ROUTING_TYPE = "integration_api"
HEADER_MAX_LENGTH = 255
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/")

# kind -> (status, title, what it means). The problem's ``type`` is PREFIX/problems/<kind>,
# which answers this description.
PROBLEMS = {
    "bad-request": (400, "Bad Request", "The request cannot be used as it was sent."),
    "invalid-payload": (
        400,
        "Invalid payload",
        "The payload was stored but cannot be processed (see errors); it waits in the "
        "exception queue. Send a corrected payload.",
    ),
    "invalid-header": (
        400,
        "Invalid header",
        f"A header is longer than {HEADER_MAX_LENGTH} characters or holds control "
        "characters; nothing was stored.",
    ),
    "empty-body": (400, "Empty body", "The request has no payload; nothing was stored."),
    "unauthorized": (
        401,
        "Unauthorized",
        "No, unknown, expired or revoked credentials, or a signature that does not match or "
        "was already used; nothing was stored.",
    ),
    "forbidden": (403, "Forbidden", "The credentials may not do this; nothing was stored."),
    "not-found": (404, "Not Found", "There is nothing here for this caller."),
    "method-not-allowed": (
        405,
        "Method Not Allowed",
        "This path does not take this method; the Allow header lists those it takes.",
    ),
    "idempotency-key-reused": (
        409,
        "Idempotency key reused",
        "An earlier message of this flow has this Idempotency-Key and another payload; "
        "nothing was processed. Use a new key for a new document.",
    ),
    "length-required": (
        411,
        "Length Required",
        "Send the payload with a Content-Length header; nothing was stored.",
    ),
    "payload-too-large": (
        413,
        "Payload Too Large",
        "The body is above the flow's size limit; it was not read and nothing was stored.",
    ),
    "unsupported-media-type": (
        415,
        "Unsupported Media Type",
        "Form-encoded and multipart bodies are refused (their bytes would not be kept as "
        "sent): post the document itself, e.g. with Content-Type: application/json.",
    ),
    "rate-limited": (
        429,
        "Too Many Requests",
        "The endpoint's rate limit is reached; try again after Retry-After seconds.",
    ),
    "internal-error": (
        500,
        "Internal Server Error",
        "The hub failed to answer; the error is logged. Try again later.",
    ),
    "unavailable": (
        503,
        "Service Unavailable",
        "The hub cannot take requests at the moment; try again after Retry-After seconds.",
    ),
}
# status -> the kind a bare status gets: the first of that status above.
DEFAULT_KINDS = {status: kind for kind, (status, *_text) in reversed(PROBLEMS.items())}


def problem_type(kind):
    return f"{PREFIX}/problems/{kind}"


def _json_default(value):
    """Datetimes as ISO 8601 with their zone (the ORM's are naive UTC), dates as ISO."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def json_response(status, body, headers=None, content_type="application/json"):
    return Response(
        json.dumps(body, default=_json_default),
        status=status,
        headers=[("Content-Type", content_type), *(headers or {}).items()],
    )


def problem(status, title, detail, headers=None, kind=None, **extra):
    """An RFC 9457 problem document; ``kind`` (a key of PROBLEMS) names its type."""
    kind = kind or DEFAULT_KINDS.get(status, "bad-request" if status < 500 else "internal-error")
    body = {"type": problem_type(kind), "title": title, "status": status, "detail": detail}
    return json_response(status, {**body, **extra}, headers, "application/problem+json")


def problem_of(kind, detail=None, headers=None, **extra):
    """The problem document of ``kind``, with its own title and meaning as default detail."""
    status, title, meaning = PROBLEMS[kind]
    return problem(status, title, detail or meaning, headers=headers, kind=kind, **extra)


def api_route(path, methods=("GET",), readonly=True):
    """A route (or several: a tuple of paths) of the API: no session, no CSRF; callers
    prove who they are per request. ``methods`` None takes every method."""
    paths = (path,) if isinstance(path, str) else path
    return http.route(
        [f"{PREFIX}{one}" for one in paths],
        type=ROUTING_TYPE,
        auth="none",
        methods=list(methods) if methods else None,
        csrf=False,
        save_session=False,
        readonly=readonly,
    )


# ---------------------------------------------------------------------- request checks
def refuse_form_body():
    """415 for a form-encoded or multipart body: its bytes would not be kept as sent."""
    mimetype = request.httprequest.mimetype or ""
    if mimetype.startswith(FORM_TYPES):
        return problem_of(
            "unsupported-media-type", f"Content-Type {mimetype} is refused: post the document."
        )
    return None


def refuse_headers(names):
    """400 when a header the hub keeps is too long or holds control characters (a NUL...)."""
    headers = request.httprequest.headers
    for name in names:
        value = headers.get(name)
        if value is None:
            continue
        if len(value) > HEADER_MAX_LENGTH or not value.isprintable():
            return problem_of(
                "invalid-header",
                f"Header {name} must be at most {HEADER_MAX_LENGTH} printable characters.",
            )
    return None


def refuse_size(limit):
    """413 when the declared Content-Length is above ``limit`` bytes, before reading a byte;
    411 when there is no Content-Length to check (a chunked body)."""
    httprequest = request.httprequest
    length = httprequest.content_length
    if length is None:
        if httprequest.headers.get("Transfer-Encoding"):
            return problem_of("length-required")
        return None
    if length > limit:
        return problem_of(
            "payload-too-large", f"The body has {length} bytes; this flow accepts {limit}."
        )
    return None


def read_body():
    """The raw body, once ``refuse_size`` let it through: at most Content-Length bytes.

    Returns ``(body, problem)``. A declared body that arrives empty was consumed by someone
    else (a form parser): refused as unsupported rather than stored empty.
    """
    httprequest = request.httprequest
    body = httprequest.get_data(cache=True)
    if not body:
        if httprequest.content_length:
            return None, problem_of(
                "unsupported-media-type", "The declared body could not be read as sent."
            )
        return None, problem_of("empty-body")
    return body, None


# ---------------------------------------------------------------------- routing
_api_rules = {}  # id of Odoo's routing map -> (that map, adapter over the API's own rules)


def allowed_methods(path):
    """The methods the API's routes take at ``path`` (empty: no such path)."""
    routing_map = request.env["ir.http"].routing_map()
    cached = _api_rules.get(id(routing_map))
    if not cached or cached[0] is not routing_map:
        rules = [
            Rule(rule.rule, methods=sorted(rule.methods))
            for rule in routing_map.iter_rules()
            if rule.rule.startswith(PREFIX)
            and rule.methods
            and rule.endpoint.routing.get("type") == ROUTING_TYPE
        ]
        cached = (routing_map, Map(rules).bind(""))
        _api_rules.clear()
        _api_rules[id(routing_map)] = cached
    return sorted(cached[1].allowed_methods(path))


def options_answer(path):
    """OPTIONS: the methods the path takes, and no handler run."""
    methods = allowed_methods(path)
    if not methods:
        return problem_of("not-found", f"No API resource at {path}.")
    allow = sorted({*methods, "OPTIONS"})
    return json_response(200, {"allow": allow}, {"Allow": ", ".join(allow)})


def unmatched_answer(path):
    """404 for an unknown path, 405 (with Allow) for a known path and another method."""
    methods = allowed_methods(path)
    if methods:
        return problem_of(
            "method-not-allowed",
            f"{path} takes {', '.join(methods)}.",
            headers={"Allow": ", ".join(sorted({*methods, "OPTIONS"}))},
        )
    return problem_of("not-found", f"No API resource at {path}.")


def error_answer(exc):
    """The problem document for an error no handler answered itself."""
    if isinstance(exc, HTTPException) and exc.code:
        kind = DEFAULT_KINDS.get(exc.code)
        if kind:
            return problem_of(kind)
        return problem(exc.code, exc.name, exc.description or exc.name)
    if isinstance(exc, OperationalError) and exc.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY:
        return problem_of(
            "unavailable", "Too many concurrent requests; try again.", headers={"Retry-After": "1"}
        )
    if isinstance(exc, (AccessDenied, AccessError)):
        return problem_of("forbidden")
    if isinstance(exc, UserError):
        return problem_of("bad-request", str(exc.args[0] if exc.args else exc))
    return problem_of("internal-error")


class ApiDispatcher(HttpDispatcher):
    """Dispatcher of the ``integration_api`` routes (see the module's docstring)."""

    routing_type = ROUTING_TYPE

    def dispatch(self, endpoint, args):
        # Only the path's arguments: the body stays unread for the handler.
        self.request.params = dict(args)
        if self.request.httprequest.method == "OPTIONS":
            return options_answer(self.request.httprequest.path)
        if self.request.db:
            return self.request.registry["ir.http"]._dispatch(endpoint)
        return endpoint(**self.request.params)

    def handle_error(self, exc):
        return error_answer(exc)
