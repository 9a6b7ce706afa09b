"""The transport against a real HTTP server on 127.0.0.1, answering scripted responses."""

import base64
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from odoo.addons.integration_core.services import http_client
from odoo.addons.integration_core.services.errors import (
    AuthenticationError,
    PermanentTransportError,
    TransportError,
)
from odoo.addons.integration_core.services.http_client import AuthConfig, send
from odoo.addons.integration_core.services.signing import verify

FAST = (0.5, 0.5)


class ScriptedHandler(BaseHTTPRequestHandler):
    """Answers each path with the server's scripted route and records what it received."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.server.received.append((self.command, self.path, dict(self.headers), body))
        route = self.server.routes[self.path.split("?")[0]]
        status, headers, payload = route(self, body)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):
        pass


class TokenServer:
    """An OAuth2 client-credentials endpoint whose current token can be revoked."""

    def __init__(self, expires_in=3600):
        self.expires_in = expires_in
        self.issued = 0
        self.grants = []

    @property
    def valid(self):
        return f"token-{self.issued}"

    def token(self, handler, body):
        credentials = base64.b64encode(b"client-1:client-secret").decode()
        if handler.headers.get("Authorization") != f"Basic {credentials}":
            return 401, {}, b'{"error": "invalid_client"}'
        self.grants.append(parse_qs(body.decode()))
        self.issued += 1
        answer = {"access_token": self.valid, "token_type": "Bearer", "expires_in": self.expires_in}
        return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()

    def protected(self, handler, body):
        if handler.headers.get("Authorization") != f"Bearer {self.valid}":
            return 401, {}, b""
        return 200, {}, b"accepted"


def fixed(status, headers=None, body=b""):
    return lambda handler, request_body: (status, headers or {}, body)


def echo(handler, body):
    answer = {"headers": dict(handler.headers), "body": body.decode()}
    return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ScriptedHandler)
    httpd.received = []
    httpd.routes = {
        "/ok": fixed(200, {"X-Order-Id": "SO042"}, b"ok"),
        "/created": fixed(201, body=b'{"id": 7}'),
        "/redirect": fixed(302, {"Location": "/ok"}),
        "/echo": echo,
        "/busy": fixed(503, {"Retry-After": "120"}, b"maintenance"),
        "/slow-down": fixed(429, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        "/crash": fixed(500, body=b"Traceback ..."),
        "/login": fixed(401, body=b"bad token"),
        "/forbidden": fixed(403),
        "/missing": fixed(404, body=b"No such purchase order:\n   PO-1001  " + b"x" * 500),
    }
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def empty_token_cache(monkeypatch):
    monkeypatch.setattr(http_client, "_token_cache", {})


def oauth2(server, tokens, scope=None):
    server.routes["/token"] = tokens.token
    server.routes["/protected"] = tokens.protected
    return AuthConfig(
        kind="oauth2",
        client_id="client-1",
        client_secret="client-secret",
        token_url=f"{server.url}/token",
        scope=scope,
    )


def test_success_returns_status_headers_body_and_timing(server):
    result = send(f"{server.url}/ok", b"<order/>", headers={"Content-Type": "application/xml"})
    assert result.status == 200
    assert result.body == b"ok"
    assert result.headers["X-Order-Id"] == "SO042"
    assert result.elapsed_ms > 0
    method, path, headers, body = server.received[0]
    assert (method, path, body) == ("POST", "/ok", b"<order/>")
    assert headers["Content-Type"] == "application/xml"


def test_method_can_be_chosen(server):
    assert send(f"{server.url}/created", b"{}", method="PUT").status == 201
    assert server.received[0][0] == "PUT"


def test_redirects_are_returned_not_followed(server):
    result = send(f"{server.url}/redirect", b"{}")
    assert result.status == 302
    assert [path for _, path, _, _ in server.received] == ["/redirect"]


def test_503_is_retryable_and_carries_retry_after(server):
    with pytest.raises(TransportError) as info:
        send(f"{server.url}/busy", b"{}")
    error = info.value
    assert (error.status, error.retry_after, error.retryable) == (503, 120.0, True)
    assert error.category == "transport"
    assert "HTTP 503" in str(error)


def test_429_with_a_past_http_date_retries_at_once(server):
    with pytest.raises(TransportError) as info:
        send(f"{server.url}/slow-down", b"{}")
    assert (info.value.status, info.value.retry_after, info.value.retryable) == (429, 0.0, True)


def test_500_without_retry_after_leaves_timing_to_the_backoff(server):
    with pytest.raises(TransportError) as info:
        send(f"{server.url}/crash", b"{}")
    assert (info.value.status, info.value.retry_after) == (500, None)


@pytest.mark.parametrize("path", ["/login", "/forbidden"])
def test_refused_credentials_are_an_authentication_error(server, path):
    auth = AuthConfig(kind="bearer", token="tok-SECRET-123")
    with pytest.raises(AuthenticationError) as info:
        send(f"{server.url}{path}", b"{}", auth=auth)
    assert info.value.retryable is False
    assert info.value.category == "authentication"
    assert "tok-SECRET-123" not in str(info.value)


def test_other_4xx_is_permanent_and_quotes_the_start_of_the_body(server):
    with pytest.raises(PermanentTransportError) as info:
        send(f"{server.url}/missing", b"{}")
    error = info.value
    assert (error.status, error.retryable, error.category) == (404, False, "transport")
    assert "HTTP 404: No such purchase order: PO-1001 xxx" in str(error)
    assert len(str(error)) < 300


def test_basic_auth(server):
    auth = AuthConfig(kind="basic", username="hub", password="pw")
    body = json.loads(send(f"{server.url}/echo", b"{}", auth=auth).body)
    assert body["headers"]["Authorization"] == "Basic " + base64.b64encode(b"hub:pw").decode()


def test_bearer_and_api_key_headers(server):
    bearer = AuthConfig(kind="bearer", token="tok-1")
    assert json.loads(send(f"{server.url}/echo", b"{}", auth=bearer).body)["headers"][
        "Authorization"
    ] == ("Bearer tok-1")
    api_key = AuthConfig(kind="api_key", api_key="k-1", api_key_header="X-Partner-Key")
    headers = json.loads(send(f"{server.url}/echo", b"{}", auth=api_key).body)["headers"]
    assert headers["X-Partner-Key"] == "k-1"


def test_hmac_signature_verifies_on_the_receiving_side(server):
    auth = AuthConfig(kind="hmac", hmac_key="shared-secret")
    body = b'{"order_ref": "PO-1"}'
    answer = send(
        f"{server.url}/echo?x=1", body, auth=auth, method="PUT", headers={"Idempotency-Key": "K-1"}
    )
    headers = json.loads(answer.body)["headers"]
    fields = dict(part.split("=", 1) for part in headers["X-Signature"].split(","))
    assert fields["t"] == headers["X-Timestamp"]
    request = {"method": "PUT", "path": "/echo", "idempotency_key": "K-1"}
    now = time.time()
    assert verify("shared-secret", body, fields["t"], fields["v1"], now=now, **request)
    assert not verify("shared-secret", body + b" ", fields["t"], fields["v1"], now=now, **request)
    assert not verify(
        "shared-secret", body, fields["t"], fields["v1"], now=now, **{**request, "method": "POST"}
    )


def test_auth_config_repr_hides_secrets():
    shown = repr(
        AuthConfig(kind="oauth2", client_id="client-1", client_secret="cl-SECRET", password="pw")
    )
    assert "client-1" in shown
    assert "cl-SECRET" not in shown
    assert "pw" not in shown


def test_incomplete_auth_config_names_the_missing_field_before_sending(server):
    with pytest.raises(AuthenticationError, match="oauth2 authentication needs: client_secret"):
        send(
            f"{server.url}/ok",
            b"{}",
            auth=AuthConfig(kind="oauth2", client_id="c", token_url=f"{server.url}/token"),
        )
    with pytest.raises(AuthenticationError, match="unknown authentication kind 'kerberos'"):
        send(f"{server.url}/ok", b"{}", auth=AuthConfig(kind="kerberos"))
    assert server.received == []


def test_oauth2_token_is_fetched_once_and_reused(server):
    tokens = TokenServer()
    auth = oauth2(server, tokens, scope="orders.write")
    assert send(f"{server.url}/protected", b"{}", auth=auth).body == b"accepted"
    assert send(f"{server.url}/protected", b"{}", auth=auth).body == b"accepted"
    assert tokens.issued == 1
    assert tokens.grants == [{"grant_type": ["client_credentials"], "scope": ["orders.write"]}]


def test_oauth2_token_close_to_expiry_is_renewed(server):
    tokens = TokenServer(expires_in=20)
    auth = oauth2(server, tokens)
    send(f"{server.url}/protected", b"{}", auth=auth)
    send(f"{server.url}/protected", b"{}", auth=auth)
    assert tokens.issued == 2
    assert tokens.grants[0] == {"grant_type": ["client_credentials"]}


def test_oauth2_revoked_token_is_replaced_and_the_request_retried_once(server):
    tokens = TokenServer()
    auth = oauth2(server, tokens)
    send(f"{server.url}/protected", b"{}", auth=auth)
    tokens.issued += 1  # the server revokes token-1; only token-2 is valid now
    assert send(f"{server.url}/protected", b"{}", auth=auth).body == b"accepted"
    paths = [path for _, path, _, _ in server.received]
    assert paths == ["/token", "/protected", "/protected", "/token", "/protected"]


def test_oauth2_persistent_401_is_an_authentication_error_after_one_retry(server):
    tokens = TokenServer()
    auth = oauth2(server, tokens)
    server.routes["/protected"] = fixed(401)
    with pytest.raises(AuthenticationError):
        send(f"{server.url}/protected", b"{}", auth=auth)
    assert [path for _, path, _, _ in server.received].count("/protected") == 2


def test_oauth2_wrong_client_secret_is_an_authentication_error(server):
    auth = oauth2(server, TokenServer())
    auth.client_secret = "wrong-secret-value"
    with pytest.raises(AuthenticationError, match="token request .* was refused") as info:
        send(f"{server.url}/protected", b"{}", auth=auth)
    assert "wrong-secret-value" not in str(info.value)


def test_connection_refused_is_retryable_without_status():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TransportError) as info:
        send(f"http://127.0.0.1:{port}/orders", b"{}", timeout=FAST)
    assert (info.value.status, info.value.retryable) == (None, True)
    assert "connection failed" in str(info.value)


def test_server_that_never_answers_times_out():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(TransportError, match="timed out") as info:
            send(f"http://127.0.0.1:{port}/orders", b"{}", timeout=FAST)
        assert time.monotonic() - started < 5
    assert (info.value.status, info.value.retryable) == (None, True)


def test_error_messages_leave_out_credentials_in_the_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://hub:pa55word@127.0.0.1:{port}/orders?api_key=SECRET"
    with pytest.raises(TransportError) as info:
        send(url, b"{}", timeout=FAST)
    message = str(info.value)
    assert f"POST http://127.0.0.1:{port}/orders" in message
    assert "pa55word" not in message
    assert "SECRET" not in message
