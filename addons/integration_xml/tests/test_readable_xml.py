# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import IntegrationCase
from odoo.addons.integration_core.tests.test_readable_documents import text_of
from odoo.tests import new_test_user, tagged

from .common import fixture


@tagged("post_install", "-at_install")
class TestReadableXml(IntegrationCase):
    """UBL and cXML in and out, read by a queue user: an element tree with paths and names."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_flow.codec = "ubl"
        cls.user = new_test_user(
            cls.env, "xml_reader", groups="integration_core.group_integration_user"
        )
        cls.mailbox = cls.env["integration.endpoint"].create(
            {"name": "Acme Peppol mailbox", "partner_id": cls.partner.id, "transport": "manual"}
        )

    def shown(self, message):
        as_user = message.with_user(self.user)
        return text_of(as_user.document_html or ""), text_of(as_user.readable_html or "")

    def test_ubl_order_in_and_order_response_out(self):
        responses = self.order_ack_flow(self.mailbox, codec="ubl")
        message = self.receive(fixture("ubl_order.xml"))
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)
        document, readable = self.shown(message)
        self.assertIn("cac:BuyerCustomerParty Buyer /Order/cac:BuyerCustomerParty", readable)
        self.assertIn("cbc:ID Identifier /Order/cbc:ID PO-UBL-2001", readable)
        self.assertIn("@unitCode Unit code: C62", readable)
        self.assertIn("Order PO-UBL-2001", document)
        self.assertIn("Lines: total amount 125.00", document)

        response = self.env["integration.message"].search([("flow_id", "=", responses.id)])
        document, readable = self.shown(response)
        self.assertIn("OrderResponse Order response /OrderResponse", readable)
        self.assertIn("cbc:OrderResponseCode Response code", readable)
        self.assertIn("Order acknowledgement PO-UBL-2001", document)

    def test_cxml_order_request_names_its_envelope(self):
        self.order_flow.codec = "cxml"
        message = self.receive(fixture("cxml_order_request.xml"))
        _document, readable = self.shown(message)
        self.assertIn("@payloadID Payload id (idempotency key): 1732870000.4242", readable)
        self.assertIn(
            "OrderRequestHeader Order header /cXML/Request/OrderRequest/OrderRequestHeader",
            readable,
        )
        self.assertIn("@orderID Order number: PO-CX-1001", readable)
        self.assertIn("/cXML/Request/OrderRequest/ItemOut", readable)

    def test_not_well_formed_xml_reads_up_to_the_fault(self):
        payload = fixture("ubl_order.xml").replace(b"</cbc:IssueDate>", b"</cbc:IssueDat>")
        message = self.receive(payload)
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        _document, readable = self.shown(message)
        self.assertIn("cbc:ID Identifier /Order/cbc:ID PO-UBL-2001", readable)
        self.assertIn("not well-formed XML", readable)
        self.assertIn("line 8", readable)
        self.assertNotIn("cac:BuyerCustomerParty", readable)
