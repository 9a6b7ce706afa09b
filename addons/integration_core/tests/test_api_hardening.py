# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The inbound API keeps every byte and answers exactly, against a caller who tries."""

import base64
import http.client
import json
import socket
import time
from datetime import datetime
from unittest.mock import patch
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import config, mute_logger

from ..services import signing
from .common import LocalPartnerMixin, job_watermark, order_payload, run_jobs, run_next_job
from .partner_server import PartnerServer

API = "/api/integration/v1"
FLOW = "t-hard-orders"
TABLES = ("integration_message", "integration_log", "integration_exception", "ir_attachment")
FIFTY_MB = 50 * 1024 * 1024
KEYS_LOGGER = "odoo.addons.integration_core.models.integration_endpoint"
PROBLEM_JSON = "application/problem+json"


@tagged("post_install", "-at_install")
class TestApiHardening(LocalPartnerMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.since = job_watermark(env)
        env["product.product"].create(
            {"name": "Hardened widget", "default_code": "WIDGET-1", "type": "consu"}
        )
        cls.customer = env["res.partner"].create({"name": "Hardened Retail"})
        cls.partner = env["integration.partner"].create(
            {"name": "Hardened partner", "code": "t-hard", "partner_id": cls.customer.id}
        )
        cls.endpoint = env["integration.endpoint"].create(
            {"name": "Hardened calls us", "partner_id": cls.partner.id, "hmac_key": "hard-secret"}
        )
        cls.flow = cls.inbound(FLOW, max_payload_kb=64)
        cls.key, cls.plain_key = env["integration.api.key"]._issue(cls.endpoint, "test")

    @classmethod
    def inbound(cls, code, **values):
        return cls.env["integration.flow"].create(
            {
                "name": code,
                "code": code,
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "order",
                "endpoint_id": cls.endpoint.id,
                **values,
            }
        )

    # ------------------------------------------------------------------ helpers
    def post(self, body, headers=None, key=None, flow=FLOW, **kwargs):
        headers = dict(headers or {})
        if key is not False:
            headers.setdefault("Authorization", f"Bearer {key or self.plain_key}")
        headers.setdefault("Content-Type", "application/json")
        return self.opener.post(
            f"{self.base_url()}{API}/flows/{flow}/messages",
            data=body,
            headers=headers,
            timeout=30,
            **kwargs,
        )

    def signed(self, body, key=None, flow=FLOW, now=None):
        now = int(now or time.time())
        path = f"{API}/flows/{flow}/messages"
        value = signing.header(
            "hard-secret", body, now, method="POST", path=path, idempotency_key=key
        )
        return {"X-Signature": value, **({"Idempotency-Key": key} if key else {})}

    def counts(self):
        result = {}
        for table in TABLES:
            self.env.cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            result[table] = self.env.cr.fetchone()[0]
        return result

    def assertProblem(self, response, status, kind):
        """``response`` is the problem document of ``kind``, with that status; its type
        answers what it means."""
        self.assertEqual(response.status_code, status, response.text)
        self.assertEqual(response.headers["Content-Type"], PROBLEM_JSON)
        problem = response.json()
        self.assertEqual(problem["status"], status)
        self.assertEqual(problem["type"], f"{API}/problems/{kind}")
        self.assertTrue(problem["title"] and problem["detail"])
        described = self.url_open(problem["type"]).json()
        self.assertEqual((described["status"], described["title"]), (status, problem["title"]))
        return problem

    def raw_post(self, headers, timeout=4.0):
        """POST ``headers`` alone, announcing a 50 MB body that is never sent: an answer can
        only come from a server that decided without reading it (else it would wait)."""
        address = urlsplit(self.base_url())
        lines = [f"POST {API}/flows/{FLOW}/messages HTTP/1.1", f"Host: {address.netloc}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode()
        with socket.create_connection((address.hostname, address.port), timeout=timeout) as sock:
            sock.sendall(request)
            answer = http.client.HTTPResponse(sock)
            answer.begin()
            return answer.status, answer.getheader("Content-Type"), json.loads(answer.read())

    # ------------------------------------------------------------------ media type, body
    def test_form_and_multipart_bodies_are_415_and_a_correct_resend_is_202(self):
        body = order_payload(order_ref="PO-FORM")
        before = self.counts()
        form = self.post(
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": "po-form"},
        )
        self.assertProblem(form, 415, "unsupported-media-type")
        multipart = self.url_open(
            f"{API}/flows/{FLOW}/messages",
            files={"order": ("order.json", body, "application/json")},
            headers={"Authorization": f"Bearer {self.plain_key}", "Idempotency-Key": "po-form"},
        )
        self.assertProblem(multipart, 415, "unsupported-media-type")
        self.assertEqual(self.counts(), before, "nothing is stored for a 415")
        resend = self.post(body, {"Idempotency-Key": "po-form"})
        self.assertEqual(resend.status_code, 202, resend.text)
        message = self.env["integration.message"].browse(resend.json()["id"])
        self.assertEqual(message._payload(), body, "every byte is kept as sent")

    def test_empty_body_is_refused_and_never_a_duplicate(self):
        before = self.counts()
        self.assertProblem(self.post(b""), 400, "empty-body")
        self.assertEqual(self.counts(), before)
        first = self.flow._receive(b"")
        second = self.flow._receive(b"")
        self.assertFalse(first.idempotency_key, "no sha256 of nothing")
        self.assertNotEqual(second.state, "duplicate")
        self.assertFalse(second.duplicate_of_id)

    # ------------------------------------------------------------------ idempotency
    def test_key_reused_with_another_payload_is_409_and_processed_once(self):
        first = self.post(order_payload(order_ref="PO-K"), {"Idempotency-Key": "k-1"})
        self.assertEqual(first.status_code, 202, first.text)
        again = self.post(order_payload(order_ref="PO-K"), {"Idempotency-Key": "k-1"})
        self.assertEqual(again.status_code, 200, "the same payload again is a repeat")
        other = self.post(order_payload(order_ref="PO-OTHER"), {"Idempotency-Key": "k-1"})
        problem = self.assertProblem(other, 409, "idempotency-key-reused")
        self.assertEqual(problem["message_id"], first.json()["id"])
        self.assertIn("different payload", problem["detail"])
        run_jobs(self.env, self.since)
        orders = self.env["sale.order"].search([("client_order_ref", "in", ("PO-K", "PO-OTHER"))])
        self.assertEqual(orders.mapped("client_order_ref"), ["PO-K"], "nothing processed twice")
        # The key's scope is the flow: the same key on another flow is another message.
        self.inbound(f"{FLOW}-2")
        elsewhere = self.post(
            order_payload(order_ref="PO-K2"), {"Idempotency-Key": "k-1"}, flow=f"{FLOW}-2"
        )
        self.assertEqual(elsewhere.status_code, 202, elsewhere.text)

    def test_an_edited_original_still_recognises_its_resend(self):
        body = order_payload(order_ref="PO-EDIT")
        first = self.env["integration.message"].browse(
            self.post(body, {"Idempotency-Key": "k-edit"}).json()["id"]
        )
        first._attach_payload(order_payload(order_ref="PO-EDIT", quantity=2), note="edited")
        self.assertEqual(self.post(body, {"Idempotency-Key": "k-edit"}).status_code, 200)

    # ------------------------------------------------------------------ headers
    def test_invalid_header_values_are_400_never_500(self):
        before = self.counts()
        long_id = {"X-Correlation-Id": "c" * 8192}
        self.assertProblem(self.post(order_payload(), long_id), 400, "invalid-header")
        nul = {"Idempotency-Key": "po\x00-1"}
        self.assertProblem(self.post(order_payload(), nul), 400, "invalid-header")
        agent = {"User-Agent": "a" * 256}
        self.assertProblem(self.post(order_payload(), agent), 400, "invalid-header")
        control = {"X-Correlation-Id": "line\x1bbreak"}
        self.assertProblem(self.post(order_payload(), control), 400, "invalid-header")
        self.assertEqual(self.counts(), before)
        fine = self.post(order_payload(), {"X-Correlation-Id": "c" * 255})
        self.assertEqual(fine.status_code, 202, fine.text)

    # ------------------------------------------------------------------ size, before reading
    def test_oversized_body_is_refused_before_it_is_read(self):
        before = self.counts()
        declared = {"Content-Type": "application/json", "Content-Length": str(FIFTY_MB)}
        started = time.monotonic()
        status, content_type, problem = self.raw_post(
            {**declared, "Authorization": f"Bearer {self.plain_key}"}
        )
        self.assertEqual((status, content_type), (413, PROBLEM_JSON))
        self.assertEqual(problem["type"], f"{API}/problems/payload-too-large")
        self.assertIn(str(64 * 1024), problem["detail"])
        status, content_type, problem = self.raw_post(declared)
        self.assertEqual((status, content_type), (401, PROBLEM_JSON), "no key: 401 first")
        signed = self.signed(b"whatever")
        status, _type, problem = self.raw_post({**declared, **signed})
        self.assertEqual(status, 413, "a signed call is measured before its body is read")
        self.assertLess(time.monotonic() - started, 4.0, "no answer waited for the body")
        self.assertEqual(self.counts(), before)

    def test_a_body_without_length_is_411(self):
        chunks = (part for part in (order_payload()[:10], order_payload()[10:]))
        self.assertProblem(self.post(chunks), 411, "length-required")

    def test_size_limit_is_the_flow_s(self):
        body = b'{"padding": "' + b"x" * (64 * 1024) + b'"}'
        self.assertProblem(self.post(body), 413, "payload-too-large")
        self.flow.max_payload_kb = 128
        self.assertProblem(self.post(body), 400, "invalid-payload")

    # ------------------------------------------------------------------ HMAC
    def test_hmac_replays_are_refused(self):
        body = order_payload(order_ref="PO-HMAC")
        headers = self.signed(body, key="h-1")
        accepted = self.post(body, headers, key=False)
        self.assertEqual(accepted.status_code, 202, accepted.text)
        before = self.counts()
        replay = self.post(body, headers, key=False)
        self.assertIn("already received", self.assertProblem(replay, 401, "unauthorized")["detail"])
        new_key = {**headers, "Idempotency-Key": "h-2"}
        self.assertProblem(self.post(body, new_key, key=False), 401, "unauthorized")
        other_flow = self.signed(body, key="h-3", flow=f"{FLOW}-x")
        self.assertProblem(self.post(body, other_flow, key=False), 401, "unauthorized")
        self.assertEqual(self.counts(), before)
        # Fresh signatures of the same body are new requests.
        self.assertEqual(self.post(body, self.signed(body, key="h-4"), key=False).status_code, 202)

    def test_seen_signatures_are_forgotten_after_the_tolerance(self):
        Nonce = self.env["integration.api.nonce"]
        old = time.time() - 3600
        self.assertTrue(Nonce._claim(self.endpoint, "ab" * 32, old))
        self.assertFalse(Nonce._claim(self.endpoint, "AB" * 32, old), "a replay")
        self.assertTrue(Nonce._claim(self.endpoint, "cd" * 32, time.time()))
        self.env.ref("integration_core.cron_purge_api_nonces").method_direct_trigger()
        self.assertEqual(Nonce.search([]).mapped("signature"), ["cd" * 32])

    # ------------------------------------------------------------------ JSON everywhere
    def test_unknown_paths_and_methods_answer_problems(self):
        self.assertProblem(self.url_open(f"{API}/nothing/here"), 404, "not-found")
        self.assertProblem(self.url_open(API), 404, "not-found")
        wrong_method = self.url_open(f"{API}/flows/{FLOW}/messages")
        self.assertProblem(wrong_method, 405, "method-not-allowed")
        self.assertEqual(wrong_method.headers["Allow"], "OPTIONS, POST")
        self.assertProblem(self.url_open(f"{API}/health", data=b"{}"), 405, "method-not-allowed")
        self.assertProblem(self.url_open(f"{API}/messages/not-a-number"), 404, "not-found")

    def test_options_runs_no_handler(self):
        before = self.counts()
        with patch.object(
            type(self.env["integration.flow"]), "_receive", side_effect=AssertionError
        ) as receive:
            answer = self.opener.options(
                self.base_url() + f"{API}/flows/{FLOW}/messages",
                data=order_payload(),
                headers={"Authorization": f"Bearer {self.plain_key}"},
                timeout=30,
            )
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertEqual(answer.headers["Allow"], "OPTIONS, POST")
        self.assertEqual(answer.json()["allow"], ["OPTIONS", "POST"])
        receive.assert_not_called()
        self.assertEqual(self.counts(), before)
        self.assertFalse(self.key.last_used_at)

    def test_a_crash_answers_a_500_problem(self):
        monitor = type(self.env["integration.monitor"])
        with (
            patch.object(monitor, "_health", side_effect=RuntimeError("boom")),
            self.assertLogs("odoo.http", "ERROR"),
        ):
            crashed = self.url_open(f"{API}/health")
        problem = self.assertProblem(crashed, 500, "internal-error")
        self.assertNotIn("boom", json.dumps(problem), "the error stays in the log")

    def test_timestamps_have_a_zone_and_openapi_the_configured_url(self):
        accepted = self.post(order_payload()).json()
        self.assertIsNotNone(datetime.fromisoformat(accepted["received_at"]).tzinfo)
        health = self.url_open(f"{API}/health").json()
        self.assertIsNotNone(datetime.fromisoformat(health["time"]).tzinfo)
        self.env["ir.config_parameter"].set_param("web.base.url", "https://hub.example.com")
        spec = self.url_open(f"{API}/openapi.json").json()
        self.assertEqual(spec["servers"], [{"url": f"https://hub.example.com{API}"}])
        for status in ("405", "409", "411", "415", "503"):
            self.assertIn(status, spec["paths"]["/flows/{code}/messages"]["post"]["responses"])

    # ------------------------------------------------------------------ sequential flows
    def test_status_shows_what_a_sequential_message_waits_for(self):
        self.flow.processing = "sequential"
        first = self.post(order_payload(order_ref="PO-S1")).json()
        second = self.post(order_payload(order_ref="PO-S2")).json()
        self.assertFalse(first["waiting"])
        self.assertIsNone(first["waiting_for"])
        self.assertTrue(second["waiting"])
        self.assertEqual(second["waiting_for"], {"id": first["id"], "name": first["name"]})
        auth = {"Authorization": f"Bearer {self.plain_key}"}
        status = self.url_open(f"{API}/messages/{second['id']}", headers=auth).json()
        self.assertEqual(status["waiting_for"]["id"], first["id"])
        self.env["integration.message"].browse(first["id"]).action_cancel()
        status = self.url_open(f"{API}/messages/{second['id']}", headers=auth).json()
        self.assertFalse(status["waiting"])

    # ------------------------------------------------------------------ encryption keys
    def assertUnavailable(self, reason):
        Endpoint = self.env["integration.endpoint"]
        self.assertIn(reason, Endpoint._encryption_problem())
        health = self.url_open(f"{API}/health").json()
        self.assertEqual(health["status"], "degraded")
        self.assertIn(reason, health["reasons"][0])
        for answer in (
            self.post(order_payload()),
            self.post(order_payload(), self.signed(order_payload()), key=False),
            self.url_open(f"{API}/messages/1", headers={"Authorization": "Bearer x"}),
        ):
            problem = self.assertProblem(answer, 503, "unavailable")
            self.assertNotIn("encryption", json.dumps(problem), "no configuration text")
            self.assertEqual(answer.headers["Retry-After"], "300")

    def test_unusable_encryption_keys_degrade_the_hub(self):
        before = self.counts()
        for value, reason in (
            ("", "missing"),
            ("not-a-fernet-key", "malformed"),
            (Fernet.generate_key().decode(), "wrong key"),
        ):
            with (
                self.subTest(reason),
                patch.dict(config.options, {"integration_encryption_keys": value}),
                self.assertLogs(KEYS_LOGGER, "CRITICAL") as logged,
            ):
                self.assertUnavailable(reason)
            self.assertIn(reason, logged.output[0])
        self.assertEqual(self.counts(), before)
        health = self.url_open(f"{API}/health").json()
        self.assertEqual(health["status"], "ok", "fixed keys: healthy again")

    def test_outbound_send_waits_for_the_keys_then_goes_by_itself(self):
        with PartnerServer(statuses=(200,)) as server:
            endpoint = self.env["integration.endpoint"].create(
                {
                    "name": "Hardened inbox",
                    "partner_id": self.partner.id,
                    "url": server.url,
                    "auth_type": "bearer",
                    "token": "partner-token",
                }
            )
            flow = self.env["integration.flow"].create(
                {
                    "name": "Acks out",
                    "code": "t-hard-acks",
                    "partner_id": self.partner.id,
                    "direction": "outbound",
                    "document_type": "functional_ack",
                    "endpoint_id": endpoint.id,
                }
            )
            message = self.env["integration.message"]._queue_payload(flow, b'{"ack": 1}')
            wrong = Fernet.generate_key().decode()
            with (
                patch.dict(config.options, {"integration_encryption_keys": wrong}),
                self.assertLogs(KEYS_LOGGER, "CRITICAL"),
            ):
                self.assertTrue(run_next_job(self.env, self.since))
                self.assertEqual(message.state, "pending")
                self.assertEqual(message.error_category, "configuration")
                self.assertEqual(message.attempts, 0, "waiting for the keys is no attempt")
                self.assertTrue(message.next_attempt_at)
                self.assertFalse(message.exception_ids)
                self.assertEqual(server.requests, [])
                self.assertEqual(endpoint.circuit_state, "closed")
            run_jobs(self.env, self.since)
        self.assertEqual(message.state, "sent")
        self.assertEqual(server.requests[-1]["headers"]["Authorization"], "Bearer partner-token")

    # ------------------------------------------------------------------ schemas, steps
    def test_schema_numbers_are_bounded_with_readable_errors(self):
        cases = {
            "quantity": (
                1e10,
                "lines[0].quantity: Input should be less than or equal to 1000000000",
            ),
            "unit_price": (
                "1.1234567",
                "lines[0].unit_price: Decimal input should have no more than 6 decimal places",
            ),
        }
        for field, (value, error) in cases.items():
            document = json.loads(order_payload())
            document["lines"][0][field] = value
            problem = self.assertProblem(self.post(json.dumps(document)), 400, "invalid-payload")
            self.assertIn(error, problem["errors"])
        document = json.loads(order_payload(order_ref="PO-BIG"))
        document["lines"][0].update(quantity=999999999.5, unit_price=0.1 + 0.2)
        self.assertEqual(self.post(json.dumps(document)).status_code, 202)

    def test_an_unexpected_error_in_a_step_is_an_internal_exception(self):
        message = self.env["integration.message"].browse(self.post(order_payload()).json()["id"])
        processor = type(self.env["integration.processor.order"])
        with (
            patch.object(processor, "_map", side_effect=ZeroDivisionError("division by zero")),
            mute_logger("odoo.addons.integration_core.models.integration_pipeline"),
        ):
            run_jobs(self.env, self.since)
        self.assertEqual(message.state, "failed")
        exception = message.exception_ids
        self.assertEqual((exception.category, exception.severity), ("internal", "high"))
        self.assertIn("ZeroDivisionError: division by zero", exception.explanation)

    # ------------------------------------------------------------------ upload, defaults
    def test_upload_wizard_enforces_the_flow_size_limit(self):
        Wizard = self.env["integration.upload.wizard"]
        big = base64.b64encode(b"x" * (64 * 1024 + 1))
        with self.assertRaisesRegex(UserError, "at most 64 KiB"):
            Wizard.create({"flow_id": self.flow.id, "file": big}).action_upload()
        fine = base64.b64encode(order_payload(order_ref="PO-UP"))
        action = Wizard.create({"flow_id": self.flow.id, "file": fine}).action_upload()
        self.assertEqual(
            self.env["integration.message"].browse(action["res_id"]).flow_id, self.flow
        )

    def test_new_endpoints_and_flows_have_limits(self):
        endpoint = self.env["integration.endpoint"].create(
            {"name": "New", "partner_id": self.partner.id}
        )
        self.assertGreater(endpoint.rate_limit, 0)
        self.assertGreater(self.inbound("t-hard-new").max_payload_kb, 0)
