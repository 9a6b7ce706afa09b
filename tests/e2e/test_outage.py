"""A partner's receiver is down for minutes while orders are confirmed.

An outbound order_ack flow (event order_confirmed, sequential) sends to a local receiver that
answers 503 for OUTAGE_SECONDS, then 200. The acks must all arrive once, in the order their
messages were created, and the circuit breaker must keep the receiver quiet while it is open.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from e2e_support import order_body, run_id

ORDERS = 10
OUTAGE_SECONDS = 150
COOLDOWN = 20
THRESHOLD = 3


class Receiver:
    """The partner's inbox: logs every request (time, Idempotency-Key, answer)."""

    def __init__(self):
        self.up = False
        self.log = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    status = 200 if receiver.up else 503
                    receiver.log.append((time.time(), self.headers.get("Idempotency-Key"), status))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}' if status == 200 else b'{"ok": false}')

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/acks"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class CircuitMonitor(threading.Thread):
    """Samples the endpoint's circuit from the database every 0.1 s; keeps the changes."""

    def __init__(self, hub, endpoint_id):
        super().__init__(daemon=True)
        self.hub = hub
        self.endpoint_id = endpoint_id
        self.changes = []
        self.stopping = threading.Event()

    def run(self):
        last = None
        while not self.stopping.is_set():
            row = self.hub.query(
                "SELECT circuit_state, circuit_opened_at, circuit_failures"
                " FROM integration_endpoint WHERE id = %s",
                (self.endpoint_id,),
            )[0]
            if row != last:
                self.changes.append((time.time(), *row))
                last = row
            self.stopping.wait(0.1)


def test_outage(hub):
    tag = run_id()
    prefix = f"OUTAGE-{tag}-"
    receiver = Receiver()
    endpoint_id = hub.rpc(
        "integration.endpoint",
        "create",
        {
            "name": f"E2E ack receiver {tag}",
            "partner_id": hub.data["partner_id"],
            "transport": "http",
            "url": receiver.url,
            "timeout_connect": 2.0,
            "timeout_read": 5.0,
            "cooldown_seconds": COOLDOWN,
            "failure_threshold": THRESHOLD,
            "backoff_base": 2.0,
            # Cap the back-off below the cool-down, so the half-open trials pace the retries.
            "backoff_max": 16.0,
            "max_attempts": 50,
        },
    )
    flow_id = hub.rpc(
        "integration.flow",
        "create",
        {
            "name": f"E2E order acks {tag}",
            "code": f"e2e-acks-{tag}",
            "partner_id": hub.data["partner_id"],
            "direction": "outbound",
            "document_type": "order_ack",
            "mode": "event",
            "event": "order_confirmed",
            "event_domain": repr([("client_order_ref", "=like", prefix + "%")]),
            "processing": "sequential",
            "endpoint_id": endpoint_id,
        },
    )
    monitor = CircuitMonitor(hub, endpoint_id)
    monitor.start()
    outage_started = time.time()
    try:
        for n in range(ORDERS):
            response = hub.post(
                hub.data["flow"],
                order_body(f"{prefix}{n:02d}", lines=2),
                headers={"Idempotency-Key": f"outage-{tag}-{n:02d}"},
            )
            assert response.status_code == 202, response.text

        def acks():
            return hub.query(
                "SELECT id, name, state FROM integration_message WHERE flow_id = %s ORDER BY id",
                (flow_id,),
            )

        # Every order is confirmed (one ack message each) while the receiver is still down.
        hub.wait_until(
            lambda: len(acks()) == ORDERS, OUTAGE_SECONDS - 20, message=hub.describe_pipeline
        )
        assert all(state == "pending" for _id, _name, state in acks())
        time.sleep(max(0.0, outage_started + OUTAGE_SECONDS - time.time()))
        with receiver.lock:
            receiver.up = True
            outage_ended = time.time()
        hub.wait_until(
            lambda: all(state == "sent" for _id, _name, state in acks()),
            240,
            message=lambda: f"acks {acks()}; {hub.describe_pipeline()}",
        )
        time.sleep(1.0)  # let the monitor see the final state
    finally:
        monitor.stopping.set()
        monitor.join(5)
        receiver.close()
        hub.rpc("integration.flow", "write", [flow_id], {"active": False})

    messages = acks()
    names_in_order = [name for _id, name, _state in messages]
    log = list(receiver.log)
    failed = [entry for entry in log if entry[2] != 200]
    delivered = [entry for entry in log if entry[2] == 200]
    opened = sorted({opened_at for _t, state, opened_at, _f in monitor.changes if opened_at})
    print(
        f"\n[outage] {len(log)} requests reached the receiver: {len(failed)} answered 503 during"
        f" the {outage_ended - outage_started:.0f} s outage, {len(delivered)} delivered after it"
    )
    print(
        f"[outage] circuit opened {len(opened)} times, at (s into the outage):"
        f" {[round(o - outage_started, 1) for o in opened]};"
        f" requests at: {[round(t - outage_started, 1) for t, _k, _s in log]}"
    )
    changes = [(round(t - outage_started, 1), s, f) for t, s, _o, f in monitor.changes]
    print(f"[outage] circuit (s into the outage, state, failures): {changes}")

    # Exactly once, and in the order the messages were created.
    assert [key for _t, key, _s in delivered] == names_in_order, (delivered, names_in_order)
    # Sequential: during the outage only the first ack was tried, the others waited.
    assert {key for _t, key, _s in failed} == {names_in_order[0]}, failed
    # The circuit opened, and no request reached the receiver while it was open.
    assert opened, "the circuit never opened during the outage"
    for opened_at in opened:
        inside = [t for t, _k, _s in log if opened_at <= t < opened_at + COOLDOWN]
        assert not inside, f"requests while the circuit was open since {opened_at}: {inside}"
    # It opened after THRESHOLD failures in a row, then each half-open trial was one request.
    assert len([t for t, _k, _s in failed if t < opened[0]]) == THRESHOLD
    for current, following in zip(opened, opened[1:], strict=False):
        trials = [t for t, _k, _s in log if current + COOLDOWN <= t < following]
        assert len(trials) == 1, (current, following, trials)
    assert monitor.changes[-1][1:3] == ("closed", 0.0), monitor.changes[-1]
    assert (
        hub.scalar(
            "SELECT count(*) FROM integration_message WHERE flow_id = %s AND state = 'sent'",
            (flow_id,),
        )
        == ORDERS
    )
