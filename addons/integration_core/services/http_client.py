"""The HTTP transport: one request, authenticated, with the answer sorted into the taxonomy.

Retrying is the job runner's business; this module only says whether a failure is worth
retrying (TransportError) or needs a person (AuthenticationError, PermanentTransportError).
Exception messages name the method, host and path but never credentials, query strings or
headers, because they end up in the exception queue for everyone to read.
"""

import time
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import requests

from . import signing
from .backoff import parse_retry_after
from .errors import AuthenticationError, PermanentTransportError, TransportError

RETRYABLE_STATUSES = frozenset({408, 425, 429})
AUTH_STATUSES = frozenset({401, 403})
BODY_EXCERPT_CHARS = 200
# Renew a cached OAuth2 token this long before it expires, so it does not die in flight.
TOKEN_EXPIRY_MARGIN = 30.0

AUTH_REQUIRED_FIELDS = {
    "none": (),
    "basic": ("username",),
    "bearer": ("token",),
    "api_key": ("api_key", "api_key_header"),
    "oauth2": ("client_id", "client_secret", "token_url"),
    "hmac": ("hmac_key", "hmac_header"),
}

# (token_url, client_id, scope) -> (access_token, monotonic expiry). Shared by the threads of
# one worker; a race only costs an extra token request.
_token_cache = {}


@dataclass
class AuthConfig:
    """How to authenticate against an endpoint; ``kind`` picks which fields are used.

    Secrets are left out of the repr so that logging a config cannot leak them.
    """

    kind: str = "none"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    api_key_header: str = "X-API-Key"
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    token_url: str | None = None
    scope: str | None = None
    hmac_key: str | bytes | None = field(default=None, repr=False)
    hmac_header: str = "X-Signature"


@dataclass
class HttpResult:
    """A 2xx/3xx answer, kept whole for the message store."""

    status: int
    headers: dict
    body: bytes
    elapsed_ms: float


def send(
    url,
    body,
    *,
    method="POST",
    headers=None,
    auth=None,
    timeout=(5.0, 30.0),
    session=None,
):
    """Send ``body`` to ``url`` and return the answer, or raise an IntegrationError.

    Redirects are not followed: an endpoint that redirects a POST is misconfigured, and
    following it would silently turn the POST into a GET.
    """
    if session is None:
        with requests.Session() as own_session:
            return send(
                url,
                body,
                method=method,
                headers=headers,
                auth=auth,
                timeout=timeout,
                session=own_session,
            )
    auth = auth or AuthConfig()
    _check_auth(auth)
    target = _safe_target(method, url)
    response, elapsed_ms = _request(session, method, url, body, headers, auth, timeout, target)
    if response.status_code == 401 and auth.kind == "oauth2":
        # The token may have been revoked before its announced expiry: get a fresh one, once.
        _token_cache.pop(_token_key(auth), None)
        response, elapsed_ms = _request(session, method, url, body, headers, auth, timeout, target)
    _raise_for_status(response, target)
    return HttpResult(
        status=response.status_code,
        headers=dict(response.headers),
        body=response.content,
        elapsed_ms=elapsed_ms,
    )


def _check_auth(auth):
    """Fail with a readable message before sending anything when the auth config is incomplete."""
    if auth.kind not in AUTH_REQUIRED_FIELDS:
        raise AuthenticationError(
            f"unknown authentication kind {auth.kind!r}",
            hint=f"use one of: {', '.join(AUTH_REQUIRED_FIELDS)}",
        )
    missing = [name for name in AUTH_REQUIRED_FIELDS[auth.kind] if not getattr(auth, name)]
    if missing:
        raise AuthenticationError(
            f"{auth.kind} authentication needs: {', '.join(missing)}",
            hint="complete the credentials on the endpoint",
            field=missing[0],
        )


def _request(session, method, url, body, headers, auth, timeout, target):
    """One round trip; network failures become TransportError."""
    request_headers = dict(headers or {})
    basic = _apply_auth(request_headers, method, url, body, auth, session, timeout)
    started = time.monotonic()
    try:
        response = session.request(
            method,
            url,
            data=body,
            headers=request_headers,
            auth=basic,
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.Timeout as exc:
        raise TransportError(
            f"{target}: timed out ({type(exc).__name__})",
            hint="the endpoint is slow or unreachable; the message will be retried",
        ) from exc
    except requests.ConnectionError as exc:
        raise TransportError(
            f"{target}: connection failed ({type(exc).__name__})",
            hint="check that the endpoint is up and its URL is right; the message will be retried",
        ) from exc
    except requests.RequestException as exc:
        raise PermanentTransportError(
            f"{target}: request could not be sent ({type(exc).__name__})",
            hint="check the endpoint URL",
        ) from exc
    return response, (time.monotonic() - started) * 1000.0


def _apply_auth(headers, method, url, body, auth, session, timeout):
    """Add the auth headers for ``auth.kind``; return the requests ``auth`` tuple for basic."""
    if auth.kind == "basic":
        return (auth.username, auth.password or "")
    if auth.kind == "bearer":
        headers["Authorization"] = f"Bearer {auth.token}"
    elif auth.kind == "api_key":
        headers[auth.api_key_header] = auth.api_key
    elif auth.kind == "oauth2":
        headers["Authorization"] = f"Bearer {_oauth2_token(auth, session, timeout)}"
    elif auth.kind == "hmac":
        timestamp = int(time.time())
        headers[auth.hmac_header] = signing.header(
            auth.hmac_key,
            body or b"",
            timestamp,
            method=method,
            path=unquote(urlsplit(url).path),
            idempotency_key=headers.get("Idempotency-Key"),
        )
        headers["X-Timestamp"] = str(timestamp)
    return None


def _token_key(auth):
    return (auth.token_url, auth.client_id, auth.scope)


def _oauth2_token(auth, session, timeout):
    """A client-credentials access token, from the cache while it is still fresh."""
    key = _token_key(auth)
    cached = _token_cache.get(key)
    if cached and cached[1] > time.monotonic():
        return cached[0]
    token, expires_in = _fetch_oauth2_token(auth, session, timeout)
    _token_cache[key] = (token, time.monotonic() + expires_in - TOKEN_EXPIRY_MARGIN)
    return token


def _fetch_oauth2_token(auth, session, timeout):
    """POST the client-credentials grant; return (access_token, expires_in seconds)."""
    data = {"grant_type": "client_credentials"}
    if auth.scope:
        data["scope"] = auth.scope
    target = _safe_target("POST", auth.token_url)
    try:
        response = session.post(
            auth.token_url,
            data=data,
            auth=(auth.client_id, auth.client_secret),
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise TransportError(
            f"OAuth2 token request {target} failed ({type(exc).__name__})",
            hint="check that the token URL is right and its server is up",
        ) from exc
    if response.status_code in (400, 401, 403):
        raise AuthenticationError(
            f"OAuth2 token request {target} was refused (HTTP {response.status_code})",
            hint="check the client id, client secret and scope of the endpoint",
            status=response.status_code,
        )
    _raise_for_status(response, f"OAuth2 token request {target}")
    try:
        payload = response.json()
        return payload["access_token"], float(payload.get("expires_in", 0))
    except (ValueError, KeyError, TypeError) as exc:
        raise AuthenticationError(
            f"OAuth2 token request {target} returned no access_token",
            hint="check that the token URL points at an OAuth2 token endpoint",
        ) from exc


def _raise_for_status(response, target):
    """Sort a non-success status into the taxonomy; do nothing for 1xx-3xx."""
    status = response.status_code
    if status < 400:
        return
    if status in AUTH_STATUSES:
        raise AuthenticationError(
            f"{target}: HTTP {status}, credentials refused",
            hint="check the endpoint's credentials; the message is resent once they are fixed",
            status=status,
        )
    if status in RETRYABLE_STATUSES or status >= 500:
        raise TransportError(
            f"{target}: HTTP {status}",
            hint="the remote side is busy or failing; the message will be retried",
            status=status,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )
    raise PermanentTransportError(
        f"{target}: HTTP {status}: {_excerpt(response.content)}",
        hint="the remote side rejected the request; fix the payload or endpoint, then retry",
        status=status,
    )


def _safe_target(method, url):
    """``METHOD scheme://host/path`` without user info or query, which may hold secrets."""
    parts = urlsplit(url or "")
    # netloc minus any "user:password@" prefix.
    host = parts.netloc.rpartition("@")[2]
    return f"{method} {parts.scheme}://{host}{parts.path}"


def _excerpt(content):
    """The start of a response body on one line, enough to see why the request was refused."""
    text = " ".join(content.decode("utf-8", errors="replace").split())
    if len(text) > BODY_EXCERPT_CHARS:
        return text[:BODY_EXCERPT_CHARS] + "…"
    return text or "(empty body)"
