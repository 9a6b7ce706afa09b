# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import UTC, datetime

from lxml import etree

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_core.tests.common import LocalPartnerMixin, job_watermark, run_jobs
from odoo.addons.integration_core.tests.fake_plugins import PluginLoader
from odoo.addons.integration_core.tests.partner_server import LocalHttpServer
from odoo.tests import HttpCase, tagged

from ..services import cxml
from .common import fixture
from .supplier_plugins import PLUGINS

ROUTE = "/api/integration/v1/cxml/"
SECRET = "bolt-Secret"
NOW = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)
FROM_SUPPLIER = cxml.Route("NetworkID", "AN02000000002", "DUNS", "123456789")


class CxmlSupplierServer(LocalHttpServer):
    """A supplier's cXML endpoint: answers each request with a cXML Response of ``code``."""

    def __init__(self, code=200, text="OK"):
        super().__init__()
        self.code, self.text = code, text
        self.requests = []

    def _respond(self, handler, body):
        self.requests.append({"headers": dict(handler.headers), "body": body})
        handler.send_response(200)
        handler.send_header("Content-Type", "text/xml")
        handler.end_headers()
        handler.wfile.write(cxml.response(self.code, self.text))


@tagged("post_install", "-at_install")
class TestCxmlSupplier(LocalPartnerMixin, HttpCase):
    """A supplier on cXML: our purchase orders out to its server on 127.0.0.1, its
    ConfirmationRequests, ShipNoticeRequests and InvoiceDetailRequests posted to the route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        loader = PluginLoader(cls.registry)
        loader.load(cls.cr, PLUGINS)
        cls.addClassCleanup(loader.unload, cls.cr)
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.since = job_watermark(cls.env)
        cls.vendor = cls.env["res.partner"].create({"name": "Bolt Supplies", "is_company": True})
        cls.bolt = cls.env["product.product"].create(
            {
                "name": "Bolt M8",
                "default_code": "BOLT-8",
                "seller_ids": [(0, 0, {"partner_id": cls.vendor.id, "product_code": "SUP-BOLT-8"})],
            }
        )
        cls.supplier = cls.env["integration.partner"].create(
            {"name": "Bolt cXML", "code": "t-bolt-cx", "kind": "edi", "partner_id": cls.vendor.id}
        )
        cls.endpoint = cls.env["integration.endpoint"].create(
            {
                "name": "Bolt supplier network",
                "partner_id": cls.supplier.id,
                "transport": "cxml",
                "url": "http://127.0.0.1:9/unused",
                "max_attempts": 1,
                "cxml_from_domain": "NetworkID",
                "cxml_from_identity": "AN02000000002",
                "cxml_to_domain": "DUNS",
                "cxml_to_identity": "123456789",
                "cxml_shared_secret": SECRET,
            }
        )
        cls.orders_out = cls.flow("order", "outbound", builder="test_purchase")
        cls.inbound = {
            kind: cls.flow(kind, "inbound", processor="test_keep")
            for kind in ("order_ack", "shipment_notice", "invoice")
        }

    @classmethod
    def flow(cls, document_type, direction, **values):
        return cls.env["integration.flow"].create(
            {
                "name": f"Bolt {document_type} {direction}",
                "code": f"t-bolt-cx-{document_type}",
                "partner_id": cls.supplier.id,
                "direction": direction,
                "document_type": document_type,
                "codec": "cxml",
                "endpoint_id": cls.endpoint.id,
                **values,
            }
        )

    def purchase(self):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    (0, 0, {"product_id": self.bolt.id, "product_qty": 120, "sequence": 1}),
                ],
            }
        )
        order.button_confirm()
        return order

    def send(self, order, server):
        with server:
            self.endpoint.url = server.url
            self.orders_out._queue_outbound(order)
            run_jobs(self.env, self.since)
        return self.env["integration.message"].search(
            [("flow_id", "=", self.orders_out.id), ("res_id", "=", order.id)], order="id desc"
        )[:1]

    def post(self, document_type, body):
        return self.url_open(
            ROUTE + self.inbound[document_type].code,
            data=body,
            headers={"Content-Type": "text/xml"},
            timeout=30,
        )

    def status(self, response):
        status = etree.fromstring(response.content).find("Response/Status")
        return int(status.get("code")), status.text or ""

    def from_supplier(self, request, payload_id="ASN-1@supplier"):
        payload = cxml.request_envelope(request, payload_id, FROM_SUPPLIER, NOW)
        return cxml.with_shared_secret(payload, SECRET)

    # ------------------------------------------------------------------ orders out
    def test_the_purchase_order_goes_out_as_an_order_request_with_our_secret(self):
        order = self.purchase()
        server = CxmlSupplierServer()
        message = self.send(order, server)
        self.assertEqual(message.state, "sent", message.last_error)
        [request] = server.requests
        self.assertEqual(request["headers"]["Content-Type"], "text/xml; charset=UTF-8")
        root = etree.fromstring(request["body"])
        self.assertEqual(root.findtext("Header/Sender/Credential/SharedSecret"), SECRET)
        self.assertEqual(root.findtext("Header/From/Credential/Identity"), "123456789")
        self.assertEqual(root.findtext("Header/To/Credential/Identity"), "AN02000000002")
        header = root.find("Request/OrderRequest/OrderRequestHeader")
        self.assertEqual((header.get("orderID"), header.get("type")), (order.name, "new"))
        item = root.find("Request/OrderRequest/ItemOut")
        self.assertEqual((item.get("lineNumber"), item.get("quantity")), ("1", "120"))
        self.assertEqual(item.findtext("ItemID/SupplierPartID"), "SUP-BOLT-8")
        self.assertNotIn(SECRET.encode(), message._payload(), "the stored payload keeps no secret")

    def test_a_refusing_cxml_response_is_a_clear_error(self):
        order = self.purchase()
        message = self.send(order, CxmlSupplierServer(400, "Unknown part SUP-BOLT-8"))
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.exception_ids.category, "transport")
        self.assertIn("cXML status 400", message.last_error)
        self.assertIn("Unknown part SUP-BOLT-8", message.last_error)

    def test_a_cxml_server_error_is_tried_again(self):
        self.endpoint.max_attempts = 2
        order = self.purchase()
        server = CxmlSupplierServer(500, "Try later")
        message = self.send(order, server)
        self.assertEqual(len(server.requests), 2, "a 5xx cXML status is retried")
        self.assertEqual(message.state, "dead")
        self.assertIn("cXML status 500: Try later", message.last_error)

    # ------------------------------------------------------------------ requests in
    def test_a_confirmation_request_acknowledges_the_order_we_sent(self):
        order = self.purchase()
        self.send(order, CxmlSupplierServer())
        body = fixture("cxml_confirmation_request.xml").replace(b"P00042", order.name.encode())
        response = self.post("order_ack", body)
        self.assertEqual(self.status(response)[0], 200, response.text)
        run_jobs(self.env, self.since)
        message = self.env["integration.message"].search(
            [("flow_id", "=", self.inbound["order_ack"].id)]
        )
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertNotIn(SECRET.encode(), message._payload())
        first = message.canonical["lines"][0]
        self.assertEqual(
            (first["product_code"], first["status"], first["quantity_accepted"]),
            ("SUP-BOLT-8", "backordered", "100"),
        )

        wrong = self.post("order_ack", body.replace(SECRET.encode(), b"guessed"))
        self.assertEqual((wrong.status_code, self.status(wrong)[0]), (401, 401))
        elsewhere = self.post("shipment_notice", body)
        self.assertEqual(self.status(elsewhere)[0], 406)
        self.assertIn("ShipNoticeRequest", self.status(elsewhere)[1])

    def test_a_ship_notice_request_becomes_a_shipment_notice_once(self):
        notice = {
            "shipment_ref": "ASN-1",
            "order_ref": "P00042",
            "ship_date": NOW,
            "packages": [
                {
                    "package_ref": "376104250000000017",
                    "sscc": "376104250000000017",
                    "lines": [
                        {
                            "line_ref": "1",
                            "product_code": "SUP-BOLT-8",
                            "quantity_shipped": 80,
                            "lots": [
                                {"lot_name": "LOT-A", "quantity": 80, "expiry_date": "2028-01-31"}
                            ],
                        }
                    ],
                }
            ],
        }
        notice = validate_document("shipment_notice", notice).model_dump()
        body = self.from_supplier(cxml.ship_notice_request(notice, None, NOW))
        self.assertEqual(self.status(self.post("shipment_notice", body))[0], 200)
        again = self.post("shipment_notice", body)
        self.assertIn("Already received", self.status(again)[1])
        run_jobs(self.env, self.since)
        messages = self.env["integration.message"].search(
            [("flow_id", "=", self.inbound["shipment_notice"].id)], order="id"
        )
        self.assertEqual(messages.mapped("state"), ["processed", "duplicate"])
        [package] = messages[0].canonical["packages"]
        self.assertEqual(package["sscc"], "376104250000000017")
        self.assertEqual(package["lines"][0]["lots"][0]["expiry_date"], "2028-01-31")

    def test_an_invoice_detail_request_becomes_an_invoice(self):
        invoice = {
            "invoice_number": "INV-7",
            "invoice_date": "2026-11-28",
            "order_ref": "P00042",
            "currency": "EUR",
            "buyer": {"external_id": "123456789"},
            "lines": [
                {
                    "line_ref": "1",
                    "product_code": "SUP-BOLT-8",
                    "quantity": 100,
                    "unit_price": 2.1,
                    "subtotal": 210,
                    "taxes": [{"name": "VAT 21%", "rate": 21, "amount": 44.1}],
                }
            ],
            "amount_untaxed": 210,
            "amount_tax": 44.1,
            "amount_total": 254.1,
        }
        invoice = validate_document("invoice", invoice).model_dump()
        body = self.from_supplier(cxml.invoice_detail_request(invoice, None, NOW), "INV-7@bolt")
        self.assertEqual(self.status(self.post("invoice", body))[0], 200)
        run_jobs(self.env, self.since)
        message = self.env["integration.message"].search(
            [("flow_id", "=", self.inbound["invoice"].id)]
        )
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(message.canonical["seller"]["external_id"], "AN02000000002")
        self.assertEqual(
            (message.canonical["invoice_number"], message.canonical["amount_total"]),
            ("INV-7", "254.10"),
        )

    def test_a_broken_invoice_detail_request_gets_400_naming_the_xpath(self):
        request = cxml.invoice_detail_request(
            {
                "invoice_number": "INV-8",
                "invoice_date": "2026-11-28",
                "currency": "EUR",
                "lines": [
                    {
                        "line_ref": "1",
                        "product_code": "A",
                        "quantity": 1,
                        "unit_price": 1,
                        "subtotal": 1,
                    }
                ],
                "amount_untaxed": 1,
                "amount_tax": 0,
                "amount_total": 1,
            },
            None,
            NOW,
        )
        request.find("InvoiceDetailRequestHeader").set("purpose", "creditMemo")
        response = self.post("invoice", self.from_supplier(request, "INV-8@bolt"))
        code, text = self.status(response)
        self.assertEqual(code, 400, text)
        self.assertIn(
            "/cXML/Request/InvoiceDetailRequest/InvoiceDetailRequestHeader/@purpose", text
        )
