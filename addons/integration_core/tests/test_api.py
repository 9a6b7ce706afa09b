# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import time

from odoo import fields
from odoo.tests import HttpCase, tagged

from ..services import signing
from .common import order_payload

API = "/api/integration/v1"
INTEGRATION_TABLES = ("integration_message", "integration_log", "integration_exception")


def signed(body, secret="shared-hmac-secret", flow="t-api-orders", key=None, now=None):
    """The X-Signature header of a post of ``body`` to ``flow``, signed ``now``."""
    now = int(now or time.time())
    path = f"{API}/flows/{flow}/messages"
    value = signing.header(secret, body, now, method="POST", path=path, idempotency_key=key)
    headers = {"X-Signature": value}
    if key:
        headers["Idempotency-Key"] = key
    return headers


@tagged("post_install", "-at_install")
class TestInboundApi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.customer = env["res.partner"].create({"name": "Api Retail"})
        env["product.product"].create({"name": "Widget", "default_code": "WIDGET-1"})
        cls.partner = env["integration.partner"].create(
            {"name": "Api partner", "code": "t-api", "partner_id": cls.customer.id}
        )
        cls.endpoint = env["integration.endpoint"].create(
            {
                "name": "Api partner calls us",
                "partner_id": cls.partner.id,
                "hmac_key": "shared-hmac-secret",
            }
        )
        cls.flow = env["integration.flow"].create(
            {
                "name": "Api orders",
                "code": "t-api-orders",
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "order",
                "endpoint_id": cls.endpoint.id,
                "max_payload_kb": 4,
            }
        )
        cls.key, cls.plain_key = env["integration.api.key"]._issue(cls.endpoint, "test")
        other_partner = env["integration.partner"].create({"name": "Other", "code": "t-other"})
        other_endpoint = env["integration.endpoint"].create(
            {"name": "Other", "partner_id": other_partner.id}
        )
        cls.other_flow = env["integration.flow"].create(
            {
                "name": "Other orders",
                "code": "t-other-orders",
                "partner_id": other_partner.id,
                "direction": "inbound",
                "document_type": "order",
                "endpoint_id": other_endpoint.id,
            }
        )
        _key, cls.other_key = env["integration.api.key"]._issue(other_endpoint, "other")

    def post(self, body, key=None, headers=None, flow="t-api-orders"):
        headers = dict(headers or {})
        if key is not False:
            headers.setdefault("Authorization", f"Bearer {key or self.plain_key}")
        return self.url_open(f"{API}/flows/{flow}/messages", data=body, headers=headers, timeout=30)

    def counts(self):
        result = {}
        for table in INTEGRATION_TABLES:
            self.env.cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            result[table] = self.env.cr.fetchone()[0]
        return result

    def test_202_then_200_for_the_same_idempotency_key(self):
        response = self.post(order_payload(), headers={"Idempotency-Key": "po-1"})
        self.assertEqual(response.status_code, 202, response.text)
        body = response.json()
        message = self.env["integration.message"].browse(body["id"])
        self.assertEqual(message.flow_id, self.flow)
        self.assertEqual(message.state, "received")
        self.assertEqual(response.headers["Location"], f"{API}/messages/{message.id}")
        again = self.post(order_payload(), headers={"Idempotency-Key": "po-1"})
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["id"], message.id)
        self.assertTrue(again.json()["duplicate"])
        status = self.url_open(
            f"{API}/messages/{message.id}", headers={"Authorization": f"Bearer {self.plain_key}"}
        )
        self.assertEqual(status.json()["state"], "received")
        self.assertEqual(self.key.last_used_at.date(), fields.Date.today())

    def test_400_problem_for_malformed_payload_which_is_kept(self):
        response = self.post(b'{"order_ref": ')
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.headers["Content-Type"], "application/problem+json")
        problem = response.json()
        self.assertEqual(problem["status"], 400)
        self.assertIn("not valid JSON", problem["detail"])
        message = self.env["integration.message"].browse(problem["message_id"])
        self.assertEqual(message._payload(), b'{"order_ref": ')
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.exception_ids.category, "parsing")

    def test_400_names_the_invalid_field(self):
        document = json.loads(order_payload())
        document["lines"][0]["quantity"] = -1
        problem = self.post(json.dumps(document)).json()
        self.assertEqual(problem["status"], 400)
        self.assertTrue(any("lines[0].quantity" in error for error in problem["errors"]))

    def test_401_and_403_create_nothing(self):
        before = self.counts()
        self.assertEqual(self.post(order_payload(), key=False).status_code, 401)
        self.assertEqual(self.post(order_payload(), key="ihk_wrongwrongwrong").status_code, 401)
        self.assertEqual(self.post(order_payload(), key=self.other_key).status_code, 403)
        bad_signature = {"X-Signature": f"t={int(time.time())},v1=00ff"}
        self.assertEqual(
            self.post(order_payload(), key=False, headers=bad_signature).status_code, 401
        )
        self.assertEqual(self.counts(), before)

    def test_revoked_and_expired_keys_are_refused(self):
        self.key.action_revoke()
        self.assertEqual(self.post(order_payload()).status_code, 401)
        _key, plain = self.env["integration.api.key"]._issue(
            self.endpoint, "old", expires_at=fields.Datetime.subtract(fields.Datetime.now(), days=1)
        )
        self.assertEqual(self.post(order_payload(), key=plain).status_code, 401)

    def test_hmac_signature_and_its_tolerance(self):
        body = order_payload()
        self.assertEqual(self.post(body, key=False, headers=signed(body)).status_code, 202)
        stale = signed(body, now=time.time() - 301)
        self.assertEqual(self.post(body, key=False, headers=stale).status_code, 401)

    def test_413_above_the_size_limit(self):
        before = self.counts()
        response = self.post(b"x" * 5000)
        self.assertEqual(response.status_code, 413)
        self.assertEqual(self.counts(), before)

    def test_429_above_the_rate_limit(self):
        self.endpoint.rate_limit = 2
        self.assertEqual(self.post(order_payload("A")).status_code, 202)
        self.assertEqual(self.post(order_payload("B")).status_code, 202)
        refused = self.post(order_payload("C"))
        self.assertEqual(refused.status_code, 429)
        self.assertGreaterEqual(int(refused.headers["Retry-After"]), 1)

    def test_archived_endpoint_or_partner_opens_nothing(self):
        self.endpoint.active = False
        self.assertEqual(self.post(order_payload()).status_code, 401)
        self.endpoint.active = True
        self.partner.active = False
        self.assertEqual(self.post(order_payload()).status_code, 401)
        body = order_payload(order_ref="PO-HMAC")
        self.assertEqual(self.post(body, key=False, headers=signed(body)).status_code, 401)
        self.partner.active = True
        self.assertEqual(self.post(order_payload()).status_code, 202)

    def test_400_for_a_payload_of_an_unforeseen_shape_which_is_kept(self):
        body = b'{"documents": [{"document_type": ["order"], "document": {}}]}'
        problem = self.post(body).json()
        self.assertEqual(problem["status"], 400)
        message = self.env["integration.message"].browse(problem["message_id"])
        self.assertEqual(message._payload(), body)
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.exception_ids.category, "parsing")

    def test_callers_see_only_their_messages(self):
        mine = self.post(order_payload()).json()["id"]
        response = self.url_open(
            f"{API}/messages/{mine}", headers={"Authorization": f"Bearer {self.other_key}"}
        )
        self.assertEqual(response.status_code, 404)

    def test_health_metrics_openapi(self):
        health = self.url_open(f"{API}/health")
        self.assertEqual(health.status_code, 200)
        self.assertEqual(health.json()["status"], "ok")
        self.assertNotIn("secret", health.text)
        self.assertEqual(self.url_open(f"{API}/metrics").status_code, 401)
        self.post(order_payload())
        partner_metrics = self.url_open(
            f"{API}/metrics", headers={"Authorization": f"Bearer {self.plain_key}"}
        )
        self.assertEqual(partner_metrics.status_code, 403, "other partners' figures stay ours")
        _key, monitoring_key = self.env["integration.api.key"]._issue(
            self.endpoint, "prometheus", monitoring=True
        )
        metrics = self.url_open(
            f"{API}/metrics", headers={"Authorization": f"Bearer {monitoring_key}"}
        )
        self.assertEqual(metrics.status_code, 200)
        self.assertIn(
            'integration_messages{partner="t-api",flow="t-api-orders",'
            'direction="inbound",state="received"} 1',
            metrics.text,
        )
        self.assertIn("# TYPE integration_processing_seconds histogram", metrics.text)
        spec = self.url_open(f"{API}/openapi.json").json()
        self.assertEqual(spec["openapi"], "3.1.0")
        self.assertIn("/flows/{code}/messages", spec["paths"])
        self.assertIn("Order", spec["components"]["schemas"])
