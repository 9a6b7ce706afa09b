"""Every answer of the inbound API, from the live server, checked like an operator would."""

import hashlib
import hmac
import json
import time

import requests
from e2e_support import filestore_dir, order_body, run_id

INTEGRATION_TABLES = (
    "integration_message",
    "integration_log",
    "integration_exception",
    "integration_api_key",
)


def table_counts(hub):
    return {
        table: hub.scalar(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
        for table in INTEGRATION_TABLES
    }


def signature_of(key, timestamp, flow, body, idempotency_key=""):
    """The X-Signature value as the README describes it: HMAC-SHA256 over the timestamp,
    method, path, Idempotency-Key and body, one per line."""
    path = f"/api/integration/v1/flows/{flow}/messages"
    signed = f"{timestamp}\nPOST\n{path}\n{idempotency_key}\n".encode() + body
    return f"t={timestamp},v1={hmac.new(key, signed, hashlib.sha256).hexdigest()}"


def problem_of(response, status):
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == status
    assert problem["title"] and problem["detail"]
    return problem


def test_api_answers(hub):
    tag = run_id()
    flow = hub.data["flow"]

    # 202: stored and queued, with where to follow it.
    body = order_body(f"API-{tag}-1")
    accepted = hub.post(flow, body, headers={"Idempotency-Key": f"api-{tag}-1"})
    assert accepted.status_code == 202, accepted.text
    message = accepted.json()
    assert message["state"] == "received"
    assert accepted.headers["Location"] == f"/api/integration/v1/messages/{message['id']}"
    assert (
        hub.scalar("SELECT flow_id FROM integration_message WHERE id = %s", (message["id"],))
        == (hub.data["flow_id"])
    )

    # 200: the same Idempotency-Key again answers with the first message.
    repeat = hub.post(flow, body, headers={"Idempotency-Key": f"api-{tag}-1"})
    assert repeat.status_code == 200, repeat.text
    assert repeat.json()["id"] == message["id"]
    assert repeat.json()["duplicate"] is True
    rows = hub.query(
        "SELECT id, state, duplicate_of_id FROM integration_message"
        " WHERE partner_reference = %s ORDER BY id",
        (f"api-{tag}-1",),
    )
    assert len(rows) == 2 and rows[0][0] == message["id"] and rows[0][1] != "duplicate"
    assert rows[1][1:] == ("duplicate", message["id"])

    # A valid HMAC signature of the body is accepted in place of a key.
    signed_body = order_body(f"API-{tag}-H")
    timestamp = int(time.time())
    signature = signature_of(hub.data["hmac_key"].encode(), timestamp, flow, signed_body)
    by_signature = hub.post(flow, signed_body, key=False, headers={"X-Signature": signature})
    assert by_signature.status_code == 202, by_signature.text
    # The very same signed request again is a replay: refused.
    replayed = hub.post(flow, signed_body, key=False, headers={"X-Signature": signature})
    problem_of(replayed, 401)

    # GET /messages/<id>: the caller follows its message until it is processed.
    def processed():
        status = hub.get(f"/messages/{message['id']}")
        assert status.status_code == 200, status.text
        return status.json()["state"] == "processed" and status.json()

    followed = hub.wait_until(processed, 120, message=hub.describe_pipeline)
    assert followed["record"]["model"] == "sale.order"
    assert (
        hub.scalar(
            "SELECT client_order_ref FROM sale_order WHERE id = %s", (followed["record"]["id"],)
        )
        == f"API-{tag}-1"
    )
    # Another partner's key does not see it.
    assert hub.get(f"/messages/{message['id']}", key=hub.data["other_key"]).status_code == 404

    # 400: malformed JSON is refused at once, but kept: the message and its payload exist.
    malformed = b'{"order_ref": "API-' + tag.encode() + b'-2", "lines": ['
    bad = problem_of(hub.post(flow, malformed), 400)
    assert "not valid JSON" in bad["detail"]
    row = hub.query(
        "SELECT m.state, m.error_category, m.payload_size, a.store_fname, a.db_datas"
        " FROM integration_message m JOIN ir_attachment a ON a.id = m.payload_attachment_id"
        " WHERE m.id = %s",
        (bad["message_id"],),
    )
    assert row, "the malformed message was not stored with its payload"
    state, category, size, store_fname, db_datas = row[0]
    assert (state, category, size) == ("failed", "parsing", len(malformed))
    stored = (
        (filestore_dir(hub.server.db) / store_fname).read_bytes()
        if store_fname
        else bytes(db_datas)
    )
    assert stored == malformed
    assert (
        hub.scalar(
            "SELECT count(*) FROM integration_exception WHERE message_id = %s", (bad["message_id"],)
        )
        == 1
    )
    # 400 for a well-formed document that breaks the schema names the field.
    document = json.loads(order_body(f"API-{tag}-3"))
    document["lines"][0]["quantity"] = -1
    invalid = problem_of(hub.post(flow, json.dumps(document).encode()), 400)
    assert any("lines[0].quantity" in error for error in invalid["errors"]), invalid

    # 413: above the flow's size limit (1 KiB on e2e-small); nothing is stored.
    before = hub.scalar("SELECT count(*) FROM integration_message")
    big = order_body(f"API-{tag}-4", lines=40)
    assert len(big) > 1024
    problem_of(hub.post(hub.data["small_flow"], big), 413)
    assert hub.scalar("SELECT count(*) FROM integration_message") == before

    # 429 with Retry-After once the endpoint's rate limit (3 a minute) is reached.
    limited = hub.data["limited_flow"]
    answers = [
        hub.post(limited, order_body(f"API-{tag}-RL{i}"), key=hub.data["limited_key"])
        for i in range(4)
    ]
    assert [a.status_code for a in answers[:3]] == [202, 202, 202], [a.text for a in answers]
    throttled = problem_of(answers[3], 429)
    assert "Rate limit" in throttled["title"] + throttled["detail"]
    assert 1 <= int(answers[3].headers["Retry-After"]) <= 61

    # /health, /metrics, /openapi.json.
    health = requests.get(f"{hub.api_url}/health", timeout=30)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    problem_of(requests.get(f"{hub.api_url}/metrics", timeout=30), 401)
    problem_of(hub.get("/metrics"), 403)  # a partner's key: other partners' figures stay ours
    metrics = hub.get("/metrics", key=hub.data["monitoring_key"])
    assert metrics.status_code == 200
    assert metrics.headers["Content-Type"].startswith("text/plain")
    assert 'integration_messages{partner="e2e",flow="e2e-orders"' in metrics.text
    spec = requests.get(f"{hub.api_url}/openapi.json", timeout=30)
    assert spec.status_code == 200
    assert spec.json()["openapi"].startswith("3.1")
    assert "/flows/{code}/messages" in spec.json()["paths"]

    # 401 and 403 store nothing: wait until the runner is idle, then compare row counts.
    hub.wait_drained(180)
    counts = table_counts(hub)
    key_used = hub.scalar(
        "SELECT last_used_at FROM integration_api_key WHERE id = %s", (hub.data["key_id"],)
    )
    refused = order_body(f"API-{tag}-5")
    problem_of(hub.post(flow, refused, key=False), 401)
    wrong = problem_of(hub.post(flow, refused, key="ihk_" + "x" * 43), 401)
    assert "unknown" in wrong["detail"]
    timestamp = int(time.time())
    signed = {"X-Signature": signature_of(b"not-the-key", timestamp, flow, refused)}
    problem_of(hub.post(flow, refused, key=False, headers=signed), 401)
    stale = {"X-Signature": f"t={timestamp - 3600},v1=00ff"}
    problem_of(hub.post(flow, refused, key=False, headers=stale), 401)
    problem_of(hub.post(flow, refused, key=hub.data["other_key"]), 403)
    problem_of(hub.get(f"/messages/{message['id']}", key=False), 401)
    assert table_counts(hub) == counts
    assert (
        hub.scalar(
            "SELECT last_used_at FROM integration_api_key WHERE id = %s", (hub.data["key_id"],)
        )
        == key_used
    )
