# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.addons.integration_core.tests.common import job_watermark, run_jobs
from odoo.tests import HttpCase, tagged

from .common import fixture

ROUTE = "/api/integration/v1/cxml/t-coupa-orders"


@tagged("post_install", "-at_install")
class TestCxml(HttpCase):
    """cXML OrderRequests posted to the real route by a procurement system."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        cls.since = job_watermark(env)
        cls.customer = env["res.partner"].create({"name": "Acme Retail", "is_company": True})
        cls.product = env["product.product"].create(
            {"name": "Widget", "default_code": "WIDGET-1", "list_price": 10.0}
        )
        cls.partner = env["integration.partner"].create(
            {"name": "Acme Coupa", "code": "t-coupa", "partner_id": cls.customer.id}
        )
        cls.endpoint = env["integration.endpoint"].create(
            {
                "name": "Acme Coupa calls us",
                "partner_id": cls.partner.id,
                "cxml_from_domain": "NetworkID",
                "cxml_from_identity": "AN01000000001",
                "cxml_to_identity": "123456789",
                "cxml_shared_secret": "s3cret-Shared",
            }
        )
        cls.flow = env["integration.flow"].create(
            {
                "name": "Acme cXML orders",
                "code": "t-coupa-orders",
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "order",
                "codec": "cxml",
                "endpoint_id": cls.endpoint.id,
            }
        )

    @classmethod
    def confirmation_flow(cls):
        """Acme's ConfirmationRequests, one per confirmed order, to a manual mailbox."""
        mailbox = cls.env["integration.endpoint"].create(
            {
                "name": "Acme Coupa mailbox",
                "partner_id": cls.partner.id,
                "transport": "manual",
                "cxml_from_domain": "NetworkID",
                "cxml_from_identity": "AN01000000001",
                "cxml_to_domain": "DUNS",
                "cxml_to_identity": "123456789",
            }
        )
        return cls.env["integration.flow"].create(
            {
                "name": "Acme cXML confirmations",
                "code": "t-coupa-confirmations",
                "partner_id": cls.partner.id,
                "direction": "outbound",
                "document_type": "order_ack",
                "codec": "cxml",
                "endpoint_id": mailbox.id,
                "mode": "event",
                "event": "order_confirmed",
            }
        )

    def post(self, body):
        return self.url_open(ROUTE, data=body, headers={"Content-Type": "text/xml"}, timeout=30)

    def status(self, response):
        self.assertEqual(response.headers["Content-Type"], "text/xml; charset=UTF-8")
        status = etree.fromstring(response.content).find("Response/Status")
        return int(status.get("code")), status.text or ""

    def messages(self):
        return self.env["integration.message"].search([("flow_id", "=", self.flow.id)])

    def test_the_right_shared_secret_makes_an_order_and_a_200(self):
        response = self.post(fixture("cxml_order_request.xml"))
        self.assertEqual(response.status_code, 200, response.text)
        code, text = self.status(response)
        message = self.messages()
        self.assertEqual(code, 200)
        self.assertIn(message.name, text)
        self.assertEqual(message.idempotency_key, "1732870000.4242@buyer.example.com")
        self.assertNotIn(b"s3cret-Shared", message._payload())
        run_jobs(self.env, self.since)
        self.assertEqual(message.state, "processed", message.last_error)
        order = message._business_record()
        self.assertEqual(order.client_order_ref, "PO-CX-1001")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.order_line.product_id, self.product)
        self.assertEqual(order.order_line.product_uom_qty, 10)

        again = self.post(fixture("cxml_order_request.xml"))
        self.assertEqual(self.status(again)[0], 200)
        self.assertEqual(len(self.messages().filtered(lambda m: m.state != "duplicate")), 1)
        run_jobs(self.env, self.since)
        self.assertEqual(
            self.env["sale.order"].search_count([("client_order_ref", "=", "PO-CX-1001")]), 1
        )

    def test_a_wrong_secret_gets_401_and_nothing_is_processed(self):
        for body in (
            fixture("cxml_order_request.xml").replace(b"s3cret-Shared", b"guessed"),
            fixture("cxml_order_request.xml").replace(
                b"AN01000000001</Identity>\n      </Cre", b"AN09</Identity>\n      </Cre"
            ),
            fixture("cxml_order_request.xml").replace(
                b"<SharedSecret>s3cret-Shared</SharedSecret>", b""
            ),
        ):
            response = self.post(body)
            self.assertEqual(response.status_code, 401, response.text)
            self.assertEqual(self.status(response)[0], 401)
        unknown = self.url_open(
            "/api/integration/v1/cxml/no-such-flow",
            data=fixture("cxml_order_request.xml"),
            headers={"Content-Type": "text/xml"},
            timeout=30,
        )
        self.assertEqual(self.status(unknown)[0], 401)
        self.assertFalse(self.messages())
        self.assertFalse(
            self.env["integration.message"].search([("idempotency_key", "like", "1732870000.%")])
        )
        run_jobs(self.env, self.since)
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "PO-CX-1001")]))

    def test_a_body_over_the_flows_limit_gets_413_in_cxml(self):
        self.flow.max_payload_kb = 1
        response = self.post(fixture("cxml_order_request.xml"))
        self.assertEqual(response.status_code, 413)
        code, text = self.status(response)
        self.assertEqual(code, 413)
        self.assertIn("1024", text)
        self.assertFalse(self.messages())

    def test_a_document_breaking_the_schema_gets_400_naming_the_xpath(self):
        body = fixture("cxml_order_request.xml").replace(b'quantity="10"', b'quantity="ten"')
        response = self.post(body)
        self.assertEqual(response.status_code, 400, response.text)
        code, text = self.status(response)
        self.assertEqual(code, 400)
        self.assertIn("/cXML/Request/OrderRequest/ItemOut/@quantity", text)
        message = self.messages()
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.exception_ids.category, "validation")

    def test_the_confirmed_order_is_answered_with_a_confirmation_request(self):
        flow = self.confirmation_flow()
        self.assertEqual(self.post(fixture("cxml_order_request.xml")).status_code, 200)
        run_jobs(self.env, self.since)
        order = self.messages()._business_record()
        self.assertEqual(order.state, "sale")
        confirmation = self.env["integration.message"].search([("flow_id", "=", flow.id)])
        self.assertIn("Step encode done.", confirmation.log_ids.mapped("description"))
        root = etree.fromstring(confirmation._payload())
        self.assertEqual(root.findtext("Header/To/Credential/Identity"), "AN01000000001")
        self.assertEqual(root.findtext("Header/From/Credential/Identity"), "123456789")
        request = root.find("Request/ConfirmationRequest")
        self.assertEqual(request.find("ConfirmationHeader").get("type"), "accept")
        reference = request.find("OrderReference")
        self.assertEqual(reference.get("orderID"), "PO-CX-1001")
        self.assertEqual(
            reference.find("DocumentReference").get("payloadID"),
            "1732870000.4242@buyer.example.com",
        )
        status = request.find("ConfirmationItem/ConfirmationStatus")
        self.assertEqual((status.get("type"), status.get("quantity")), ("accept", "10"))

    def test_an_update_changes_the_order_and_a_delete_cancels_it(self):
        flow = self.confirmation_flow()
        original = fixture("cxml_order_request.xml")
        self.assertEqual(self.post(original).status_code, 200)
        run_jobs(self.env, self.since)
        order = self.messages()._business_record()
        self.assertEqual(order.order_line.product_uom_qty, 10)

        update = (
            original.replace(b'type="new"', b'type="update"')
            .replace(b'quantity="10"', b'quantity="12"')
            .replace(b"1732870000.4242@", b"1732870000.4243@")
        )
        response = self.post(update)
        self.assertEqual(self.status(response)[0], 200, response.text)
        run_jobs(self.env, self.since)
        changed = self.messages().filtered(
            lambda m: m.idempotency_key.startswith("1732870000.4243")
        )
        self.assertEqual(changed.state, "processed", changed.last_error)
        self.assertEqual(changed._business_record(), order)
        self.assertEqual(order.order_line.product_uom_qty, 12)
        self.assertEqual(order.state, "sale")

        delete = original.replace(b'type="new"', b'type="delete"').replace(
            b"1732870000.4242@", b"1732870000.4244@"
        )
        self.assertEqual(self.status(self.post(delete))[0], 200)
        run_jobs(self.env, self.since)
        self.assertEqual(order.state, "cancel")

        answers = self.env["integration.message"].search(
            [("flow_id", "=", flow.id), ("order_change_id", "!=", False)], order="id"
        )
        self.assertEqual(len(answers), 2, "the update and the delete are each answered")
        statuses = [
            etree.fromstring(answer._payload())
            .find("Request/ConfirmationRequest/ConfirmationHeader")
            .get("type")
            for answer in answers
        ]
        self.assertEqual(statuses, ["accept", "accept"])
