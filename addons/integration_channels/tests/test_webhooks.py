# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import json
import logging
import time
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import config

from .common import SECRETS, ChannelHttpCase

KEYS_LOGGER = "odoo.addons.integration_core.models.integration_endpoint"
WEBHOOKS_LOGGER = "odoo.addons.integration_channels.controllers.webhooks"
NOT_SIGNED = {
    "type": "/api/integration/v1/problems/unauthorized",
    "title": "Unauthorized",
    "status": 401,
    "detail": "The webhook signature is not valid.",
}
OLD_SECRET = "whsec_" + base64.b64encode(b"the-old-key-of-the-test-shop-32b").decode()
LINES = [{"sku": "SKU-A", "quantity": 1, "price": "10.00"}]


@tagged("post_install", "-at_install")
class TestWebhookSignatures(ChannelHttpCase):
    def use(self, kind, **secrets):
        self.channel.write({"kind": kind, **secrets})

    def signed(self, shop, event="created", **kwargs):
        order = shop.create_order(LINES, notify=False)
        return shop.webhook_request(order["id"], event, **kwargs)

    def assertRefused(self, body, headers, before, reason=None, code=None):
        """Posting is refused with the one answer of every refusal (so that a caller learns
        nothing about channels and their secrets), the reason going to the log."""
        # logging.INFO: Odoo names another level "INFO" (25).
        with self.assertLogs(WEBHOOKS_LOGGER, logging.INFO) as logged:
            response = self.post_webhook(body, headers, code=code)
        self.assertEqual(response.status_code, 401, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/problem+json")
        self.assertEqual(response.json(), NOT_SIGNED)
        if reason:
            self.assertIn(reason, "\n".join(logged.output))
        self.assertEqual(self.counts(), before, "a refused webhook stores nothing")

    def assertAccepted(self, response):
        self.assertEqual(response.status_code, 202, response.text)
        message = self.env["integration.message"].browse(response.json()["id"])
        self.assertEqual(message.flow_id, self.order_flow)
        self.assertEqual(message.state, "received")
        return message

    # ------------------------------------------------------------------ Shopify
    def test_shopify_valid_signature_is_accepted_and_processed(self):
        with self.shop() as shop:
            body, headers = self.signed(shop)
            message = self.assertAccepted(self.post_webhook(body, headers))
            order_id = json.loads(body)["id"]
            updated = json.loads(body)["updated_at"]
            self.assertTrue(message.idempotency_key.startswith(f"t-shop:order:{order_id}@"))
            self.assertNotIn(updated, message.idempotency_key, "the version is normalised to UTC")
            self.assertEqual(
                message.partner_reference, f"shopify-webhook:{headers['X-Shopify-Webhook-Id']}"
            )
            self.assertEqual(message.headers["X-Shopify-Topic"], "orders/create")
            self.assertNotIn("X-Shopify-Hmac-Sha256", message.headers)
            self.run_jobs()
        self.assertEqual(message.state, "processed")
        self.assertEqual(message._business_record().channel_order_id, str(order_id))

    def test_shopify_bad_or_missing_signature_is_401_and_stores_nothing(self):
        with self.shop() as shop:
            body, headers = self.signed(shop)
            before = self.counts()
            tampered = body.replace(b'"quantity": 1', b'"quantity": 9')
            self.assertRefused(tampered, headers, before, "does not match")
            wrong_key = dict(headers, **shop.sign(body, "orders/create"))
            wrong_key["X-Shopify-Hmac-Sha256"] = base64.b64encode(b"x" * 32).decode()
            self.assertRefused(body, wrong_key, before)
            del headers["X-Shopify-Hmac-Sha256"]
            self.assertRefused(body, headers, before, "missing")

    def test_same_webhook_id_again_is_a_duplicate(self):
        with self.shop() as shop:
            shop.create_order(LINES)
            first = shop.webhooks[-1]
            self.assertEqual(first["status"], 202)
            again = shop.redeliver()
            self.assertEqual(again["status"], 200)
            answer = json.loads(again["answer"])
            self.assertTrue(answer["duplicate"])
            self.assertEqual(answer["id"], json.loads(first["answer"])["id"])

    def test_unhandled_topic_and_unknown_channel(self):
        with self.shop() as shop:
            body, headers = self.signed(shop)
            before = self.counts()
            headers["X-Shopify-Topic"] = "products/update"
            headers["X-Shopify-Hmac-Sha256"] = shop.sign(body, "products/update")[
                "X-Shopify-Hmac-Sha256"
            ]
            response = self.post_webhook(body, headers)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.json()["status"], "ignored")
            self.assertEqual(self.counts(), before)

    def test_unknown_channel_answers_like_a_bad_signature(self):
        """No enumeration: an unknown code, signed or not, gets the answer of a bad signature
        to a known one, headers included."""
        with self.shop() as shop:
            body, headers = self.signed(shop)
            before = self.counts()
            bad = dict(headers, **{"X-Shopify-Hmac-Sha256": "AAAA"})
            known = self.post_webhook(body, bad)
            for code_headers in (headers, bad, {}):
                self.assertRefused(body, code_headers, before, "no sales channel", "no-such-shop")
                unknown = self.post_webhook(body, code_headers, code="no-such-shop")
                self.assertEqual(
                    (unknown.status_code, unknown.json(), unknown.headers["Content-Type"]),
                    (known.status_code, known.json(), known.headers["Content-Type"]),
                )

    def test_unusable_encryption_keys_answer_503_without_the_reason(self):
        with self.shop() as shop:
            body, headers = self.signed(shop)
            before = self.counts()
            with (
                patch.dict(config.options, {"integration_encryption_keys": "not-a-key"}),
                self.assertLogs(KEYS_LOGGER, "CRITICAL"),
            ):
                response = self.post_webhook(body, headers)
        self.assertEqual(response.status_code, 503, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/problem+json")
        self.assertNotIn("encryption", response.text)
        self.assertEqual(self.counts(), before)
        self.assertAccepted(self.post_webhook(body, headers))

    def test_signed_but_unreadable_order_is_kept_and_answered_400(self):
        with self.shop() as shop:
            body = b'{"id": 77, "name": "#77"}'
            headers = shop.sign(body, "orders/create")
            response = self.post_webhook(body, headers)
        self.assertEqual(response.status_code, 400, response.text)
        problem = response.json()
        self.assertIn("creation date", problem["detail"])
        message = self.env["integration.message"].browse(problem["message_id"])
        self.assertEqual(message._payload(), body)
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.exception_ids.category, "parsing")

    # ------------------------------------------------------------------ WooCommerce
    def test_woocommerce_signature_and_ping(self):
        self.use("woocommerce", webhook_secret=SECRETS["woocommerce"])
        with self.shop() as shop:
            before = self.counts()
            ping = shop.ping()
            self.assertEqual(ping["status"], 200)
            self.assertEqual(json.loads(ping["answer"])["status"], "ok")
            self.assertEqual(self.counts(), before, "the ping creates nothing")
            body, headers = self.signed(shop)
            headers["X-WC-Webhook-Signature"] = shop.sign(b"other", "order.created")[
                "X-WC-Webhook-Signature"
            ]
            self.assertRefused(body, headers, before)
            body, headers = self.signed(shop)
            message = self.assertAccepted(self.post_webhook(body, headers))
            self.assertEqual(message.headers["X-WC-Webhook-Topic"], "order.created")
            self.assertFalse(message.partner_reference.startswith("wc-delivery"))
            # A new delivery attempt has a new delivery id: the version still dedupes it.
            headers["X-WC-Webhook-Delivery-ID"] = "another-attempt"
            again = self.post_webhook(body, headers)
            self.assertEqual(again.status_code, 200)
            self.assertTrue(again.json()["duplicate"])

    def test_woocommerce_unsigned_body_that_is_not_a_ping_is_refused(self):
        self.use("woocommerce", webhook_secret=SECRETS["woocommerce"])
        with self.shop() as shop:
            body, headers = self.signed(shop)
            del headers["X-WC-Webhook-Signature"]
            before = self.counts()
            self.assertRefused(body, headers, before, "missing")
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            self.assertRefused(b"webhook_id=7&x=1", form, before)

    # ------------------------------------------------------------------ Standard Webhooks
    def test_standard_webhooks_valid_and_bad(self):
        self.use("standard_webhooks", webhook_secret=SECRETS["standard_webhooks"])
        with self.shop() as shop:
            body, headers = self.signed(shop)
            before = self.counts()
            bad = dict(headers, **{"webhook-id": "msg_other"})
            self.assertRefused(body, bad, before, "matches")
            message = self.assertAccepted(self.post_webhook(body, headers))
            self.assertEqual(message.partner_reference, f"webhook:{headers['webhook-id']}")
            self.run_jobs()
        self.assertEqual(message.state, "processed")

    def test_standard_webhooks_rotated_keys(self):
        self.use("standard_webhooks", webhook_secret=SECRETS["standard_webhooks"])
        new = SECRETS["standard_webhooks"]
        # The shop rotates: it signs with its old and new keys; we know only the new one.
        with self.shop(secrets=[OLD_SECRET, new]) as shop:
            body, headers = self.signed(shop)
            self.assertEqual(len(headers["webhook-signature"].split()), 2)
            self.assertAccepted(self.post_webhook(body, headers))
        # We rotate first: the shop still signs with the old key only.
        with self.shop(secrets=[OLD_SECRET]) as shop:
            body, headers = self.signed(shop)
            before = self.counts()
            self.assertRefused(body, headers, before)
            self.channel.webhook_secret_previous = OLD_SECRET
            self.assertAccepted(self.post_webhook(body, headers))
            self.channel.action_forget_previous_secret()
            body, headers = self.signed(shop)
            self.assertRefused(body, headers, self.counts())

    def test_standard_webhooks_timestamp_outside_five_minutes_is_refused(self):
        self.use("standard_webhooks", webhook_secret=SECRETS["standard_webhooks"])
        with self.shop() as shop:
            before = self.counts()
            body, headers = self.signed(shop, timestamp=time.time() - 360)
            self.assertRefused(body, headers, before, "at most 300 s")
            body, headers = self.signed(shop, timestamp=time.time() + 360)
            self.assertRefused(body, headers, before, "ahead")
            body, headers = self.signed(shop, timestamp=time.time() - 240)
            self.assertAccepted(self.post_webhook(body, headers))

    def test_standard_webhooks_secret_must_be_whsec(self):
        self.use("standard_webhooks")
        with self.assertRaises(Exception) as caught:
            self.channel.webhook_secret = "not a whsec secret!"
        self.assertIn("whsec_", str(caught.exception))

    def test_rest_channel_takes_no_webhooks(self):
        self.use("rest")
        with self.shop(kind="shopify", secrets=[SECRETS["shopify"]]) as shop:
            body, headers = self.signed(shop)
            before = self.counts()
            self.assertRefused(body, headers, before, "takes webhooks")

    def test_secrets_are_encrypted_and_write_only(self):
        self.channel.invalidate_recordset()
        self.assertFalse(self.channel.webhook_secret)
        stored = self.channel.sudo().webhook_secret_encrypted
        self.assertTrue(stored)
        self.assertNotIn(SECRETS["shopify"], stored)
        self.assertEqual(self.channel._webhook_secrets(), [SECRETS["shopify"]])
        self.assertEqual(self.channel.secrets_set, "webhook secret")
