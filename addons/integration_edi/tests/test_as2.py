# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""AS2 against an independent partner on 127.0.0.1 (``openssl smime``: see as2_peer)."""

from datetime import UTC, datetime, timedelta

from odoo.addons.integration_core.tests.common import LocalPartnerMixin
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .as2_peer import As2Peer, make_identity
from .common import EdiSetupMixin, gs1, x12_profile, x12_sets
from .test_x12_end_to_end import OURS, THEIRS, order_850

ROUTE = "/api/integration/v1/as2/"
HUB_AS2, PEER_AS2 = "HUBDISTRIB", "ACME RETAIL"  # a space: AS2-From travels quoted


@tagged("post_install", "-at_install")
class TestAs2(EdiSetupMixin, LocalPartnerMixin, HttpCase):
    code = "t-as2"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()
        now = datetime.now(UTC).replace(tzinfo=None)
        cls.hub_identity = make_identity("hub.example")
        cls.peer_identity = make_identity("acme.example")
        cls.stranger_identity = make_identity("stranger.example")
        cls.old_identity = make_identity(
            "acme-old.example", now - timedelta(days=400), now - timedelta(days=2)
        )
        cls.company.as2_id = HUB_AS2
        cls.partner.as2_id = PEER_AS2
        Certificate = cls.env["integration.as2.certificate"]
        cls.hub_certificate = Certificate.create(
            {
                "name": "Hub 2026",
                "certificate": cls.hub_identity[0].decode(),
                "private_key": cls.hub_identity[1].decode(),
            }
        )
        cls.peer_certificate, cls.old_certificate = Certificate.create(
            [
                {
                    "name": name,
                    "partner_id": cls.partner.id,
                    "certificate": identity[0].decode(),
                }
                for name, identity in (
                    ("Acme 2026", cls.peer_identity),
                    ("Acme 2025", cls.old_identity),
                )
            ]
        )
        cls.endpoint.write(
            {
                "transport": "as2",
                "as2_encoding": "base64",  # openssl smime rewrites bare LFs of binary content
                "as2_mdn": "sync",
            }
        )

    @classmethod
    def profile_values(cls):
        return x12_profile(
            OURS,
            THEIRS,
            edi_our_qualifier="ZZ",
            edi_their_qualifier="ZZ",
            edi_product_qualifiers="BP,UP",
        )

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", self.base_url())
        self.peer = As2Peer(PEER_AS2, self.peer_identity, HUB_AS2, self.hub_identity[0])
        self.peer.__enter__()
        self.addCleanup(self.peer.__exit__)
        self.endpoint.url = self.peer.url

    def post(self, headers, body):
        return self.url_open(ROUTE, data=body, headers=headers, timeout=60)

    def transfers(self, **domain):
        return self.env["integration.as2.message"].search(
            [(name, "=", value) for name, value in domain.items()], order="id"
        )

    def receive_order(self, **options):
        """The peer posts a signed and encrypted 850; its answer and the MIC it expects."""
        headers, body, mic = self.peer.message(order_850(self.gadget_gtin), **options)
        return self.post(headers, body), headers, body, mic

    def ship_an_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "partner_shipping_id": self.dc.id,
                "client_order_ref": "PO-AS2-OUT",
                "order_line": [(0, 0, {"product_id": self.widget.id, "product_uom_qty": 3})],
            }
        )
        order.action_confirm()
        self.ship(order, gs1("00614141123456788"))
        self.run_jobs()
        return self.outbound("shipment_notice")

    # ------------------------------------------------------------------ outbound
    def test_856_out_signed_encrypted_with_signed_sync_mdn(self):
        asn = self.ship_an_order()
        self.assertEqual(asn.state, "sent", asn.last_error)
        got = next(g for g in self.peer.received if b"ST*856" in (g.get("payload") or b""))
        self.assertTrue(got["decrypted"] and got["verified"], got["error"])
        self.assertEqual([s.type for s in x12_sets(got["payload"])], ["856"])
        transfer = asn.as2_message_ids
        self.assertEqual(transfer.state, "delivered")
        self.assertEqual(transfer.mdn_disposition, "processed")
        self.assertEqual(transfer.mic, got["mic"], "the peer computed the MIC we did")
        self.assertTrue(transfer.mdn_mic_matches)
        self.assertEqual(transfer.mdn_signer, "CN=acme.example")
        self.assertTrue(transfer.mdn_body, "the MDN is kept as the proof of delivery")
        self.assertEqual(got["headers"]["AS2-From"], HUB_AS2)
        self.assertEqual(got["headers"]["AS2-To"], f'"{PEER_AS2}"')

    def test_negative_sync_mdn_opens_an_exception(self):
        self.peer.mdn = lambda got, disposition="processed": As2Peer.mdn(
            self.peer, got, "processed/error: unexpected-processing-error"
        )
        asn = self.ship_an_order()
        self.assertEqual(asn.state, "failed")
        self.assertEqual(asn.as2_message_ids.state, "rejected")
        self.assertIn("negative", asn.exception_ids.explanation)

    def test_856_out_with_async_mdn_to_our_route(self):
        self.endpoint.as2_mdn = "async"
        asn = self.ship_an_order()
        self.assertEqual(asn.state, "sent", asn.last_error)
        transfer = asn.as2_message_ids
        self.assertEqual(transfer.state, "sent")
        self.assertEqual(transfer.receipt_url, self.base_url() + ROUTE)
        self.assertEqual(len(self.peer.async_mdns), len(self.peer.received))
        for headers, body in self.peer.async_mdns:
            self.assertEqual(self.post(headers, body).status_code, 200)
        self.assertEqual(transfer.state, "delivered", transfer.error)
        self.assertTrue(transfer.mdn_mic_matches)
        self.assertIn("mdn", asn.log_ids.mapped("event"))

    def test_send_test_message_shows_the_mdn(self):
        action = self.endpoint.action_as2_send_test()
        self.assertEqual(action["params"]["type"], "success")
        (got,) = self.peer.received
        self.assertTrue(got["verified"], got["error"])
        self.assertIn(b"AS2 test message", got["payload"])
        transfer = self.transfers(direction="outbound")
        self.assertEqual(transfer.state, "delivered")
        self.assertIn(transfer.name, action["params"]["message"])

    def test_missing_async_mdn_opens_an_sla_exception(self):
        self.endpoint.as2_mdn = "async"
        asn = self.ship_an_order()
        asn.as2_message_ids.sudo().mdn_due_at = datetime(2020, 1, 1)
        self.env["integration.as2.message"]._cron_watch_mdn()
        self.assertEqual(asn.as2_message_ids.state, "late")
        self.assertIn("sla", asn.exception_ids.mapped("category"))

    # ------------------------------------------------------------------ inbound
    def test_850_in_signed_encrypted_becomes_a_sale_order_with_signed_mdn(self):
        response, headers, _body, mic = self.receive_order()
        self.assertEqual(response.status_code, 200, response.text)
        verified, mdn = self.peer.read_mdn(response.headers, response.content)
        self.assertTrue(verified, mdn)
        self.assertEqual(mdn["Original-Message-ID"], headers["Message-ID"])
        self.assertTrue(mdn["Disposition"].endswith("processed"), mdn)
        self.assertEqual(mdn["Received-Content-MIC"], mic)
        transfer = self.transfers(name=headers["Message-ID"])
        self.assertEqual(transfer.state, "processed")
        self.assertTrue(transfer.encrypted and transfer.signed)
        self.assertEqual(transfer.signer, "CN=acme.example")
        self.run_jobs()
        order = transfer.message_id.child_ids._business_record()
        self.assertEqual(order.client_order_ref, "PO-E2E-1")
        self.assertEqual(order.state, "sale")

    def test_850_in_with_async_mdn_posted_by_a_job(self):
        response, headers, _body, mic = self.receive_order(
            mdn="async", receipt_url=self.peer.url + "/receipts"
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.content, b"", "the MDN goes later, to the receipt address")
        self.run_jobs()
        ((verified, mdn),) = self.peer.mdns
        self.assertTrue(verified, mdn)
        self.assertEqual(mdn["Original-Message-ID"], headers["Message-ID"])
        self.assertEqual(mdn["Received-Content-MIC"], mic)
        self.assertTrue(self.transfers(name=headers["Message-ID"]).mdn_sent)

    def assertRefused(self, response, error, headers):
        """A negative MDN with ``error``, the raw request kept, nothing processed."""
        self.assertEqual(response.status_code, 200, response.text)
        verified, mdn = self.peer.read_mdn(response.headers, response.content)
        self.assertTrue(verified, mdn)
        self.assertTrue(mdn["Disposition"].endswith(f"processed/error: {error}"), mdn)
        transfer = self.transfers(name=headers["Message-ID"])
        self.assertEqual(transfer.state, "refused")
        self.assertTrue(transfer.request_body, "the raw request is kept")
        self.assertFalse(transfer.message_id)
        return transfer

    def test_refusals_keep_the_request_and_process_nothing(self):
        before = self.env["integration.message"].search_count([])
        response, headers, *_ = self.receive_order(tamper=True)
        self.assertRefused(response, "integrity-check-failed", headers)
        response, headers, *_ = self.receive_order(sign_with=self.stranger_identity)
        self.assertRefused(response, "authentication-failed", headers)
        response, headers, *_ = self.receive_order(sign_with=self.old_identity)
        transfer = self.assertRefused(response, "authentication-failed", headers)
        self.assertIn("Acme 2025", transfer.error, "the expired certificate is named")
        response, headers, *_ = self.receive_order(encrypt_for=self.stranger_identity[0])
        self.assertRefused(response, "decryption-failed", headers)
        response, headers, *_ = self.receive_order(as2_from="NOBODY")
        transfer = self.assertRefused(response, "authentication-failed", headers)
        self.assertFalse(transfer.partner_id)
        self.assertEqual(self.env["integration.message"].search_count([]), before)

    def test_replayed_message_id_gets_the_first_mdn_and_processes_nothing(self):
        first, headers, body, _mic = self.receive_order()
        again = self.post(headers, body)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.content, first.content, "the same MDN, byte for byte")
        original, repeat = self.transfers(name=headers["Message-ID"])
        self.assertEqual(repeat.state, "duplicate")
        self.assertEqual(repeat.duplicate_of_id, original)
        self.assertFalse(repeat.message_id)
        self.assertEqual(
            self.env["integration.message"].search_count([("flow_id", "=", self.flows["in"].id)]),
            1,
        )

    # ------------------------------------------------------------------ certificates
    def test_rotation_two_valid_certificates_of_the_partner(self):
        now = datetime.now(UTC).replace(tzinfo=None)
        new = make_identity("acme-2027.example", now - timedelta(days=1), now + timedelta(days=730))
        rotated = self.env["integration.as2.certificate"].create(
            {"name": "Acme 2027", "partner_id": self.partner.id, "certificate": new[0].decode()}
        )
        response, headers, *_ = self.receive_order(sign_with=new)
        self.assertTrue(
            self.peer.read_mdn(response.headers, response.content)[1]["Disposition"].endswith(
                "processed"
            )
        )
        response, headers, *_ = self.receive_order()  # the old one still signs
        self.assertTrue(
            self.peer.read_mdn(response.headers, response.content)[1]["Disposition"].endswith(
                "processed"
            )
        )
        usable = self.partner.as2_certificate_ids._usable("encryption")
        self.assertEqual(usable[:1], rotated, "we encrypt for the newest valid certificate")
        self.assertNotIn(self.old_certificate, usable)

    def test_certificate_expiring_in_20_days_warns(self):
        now = datetime.now(UTC).replace(tzinfo=None)
        soon = make_identity(
            "acme-2027.example", now - timedelta(days=300), now + timedelta(days=20)
        )
        certificate = self.env["integration.as2.certificate"].create(
            {
                "name": "Acme rotating",
                "partner_id": self.partner.id,
                "certificate": soon[0].decode(),
            }
        )
        self.assertEqual(certificate.validity, "expiring")
        self.assertIn(certificate.days_left, (19, 20))
        self.env["integration.as2.certificate"]._cron_warn_expiry()
        self.assertEqual(len(certificate.activity_ids), 1)
        self.env["integration.as2.certificate"]._cron_warn_expiry()
        self.assertEqual(len(certificate.activity_ids), 1, "one warning, not one a day")
        dashboard = self.env["integration.dashboard"].create({})
        self.assertGreaterEqual(dashboard.as2_certificates_expiring, 1)
        action = dashboard.with_context(figure="as2_certificates_expiring").action_open_figure()
        shown = self.env[action["res_model"]].search(action["domain"])
        self.assertIn(certificate, shown)

    def test_private_key_is_write_only_and_must_match(self):
        self.assertFalse(self.hub_certificate.private_key)
        self.assertEqual(self.hub_certificate.secrets_set, "private key")
        with self.assertRaises(ValidationError):
            self.hub_certificate.private_key = self.peer_identity[1].decode()
