# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.addons.integration_core.tests.common import IntegrationCase
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.tests import tagged

from ..services import ubl, ubl_supplier
from .common import fixture


@tagged("post_install", "-at_install")
class TestUbl(IntegrationCase):
    """UBL orders in and invoices out, through real flows and the hub's pipeline."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_flow.codec = "ubl"
        cls.endpoint = cls.env["integration.endpoint"].create(
            {"name": "Acme Peppol mailbox", "partner_id": cls.partner.id, "transport": "manual"}
        )
        cls.invoice_flow = cls.env["integration.flow"].create(
            {
                "name": "Acme invoices out",
                "code": "t-acme-ubl-invoices",
                "partner_id": cls.partner.id,
                "direction": "outbound",
                "document_type": "invoice",
                "codec": "ubl",
                "endpoint_id": cls.endpoint.id,
                "mode": "event",
                "event": "invoice_posted",
            }
        )
        cls.customer.write(
            {
                "country_id": cls.env.ref("base.be").id,
                "vat": "BE0477472701",
                "street": "Rue de la Loi 16",
                "city": "Brussels",
                "zip": "1000",
            }
        )

    def test_a_ubl_order_becomes_a_sale_order_once(self):
        message = self.receive(fixture("ubl_order.xml"))
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)
        order = message._business_record()
        self.assertEqual(order._name, "sale.order")
        self.assertEqual(order.client_order_ref, "PO-UBL-2001")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.partner_shipping_id.city, "Antwerp")
        self.assertEqual(order.order_line.product_id, self.product)
        self.assertEqual(order.order_line.product_uom_qty, 10)
        self.assertEqual(order.order_line.price_unit, 12.5)
        self.assertEqual(message.canonical["customer"]["vat"], "BE0477472701")

        again = self.receive(fixture("ubl_order.xml"))
        self.run_jobs()
        self.assertEqual(again.state, "duplicate")
        self.assertEqual(again.duplicate_of_id, message)
        self.assertEqual(
            self.env["sale.order"].search_count([("client_order_ref", "=", "PO-UBL-2001")]), 1
        )

    def test_a_broken_ubl_order_is_an_exception_naming_the_xpath(self):
        payload = fixture("ubl_order.xml").replace(b'unitCode="C62">10<', b'unitCode="C62">0<')
        message = self.receive(payload)
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        exception = message.exception_ids
        self.assertEqual(exception.category, "validation")
        self.assertIn("/Order/OrderLine/LineItem/Quantity", message.last_error)
        self.assertIn("minExclusive", message.last_error)
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "PO-UBL-2001")]))

    def test_the_hubs_ubl_invoice_is_odoos_own_export(self):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    (0, 0, {"product_id": self.product.id, "quantity": 3, "price_unit": 12.5})
                ],
            }
        )
        move.action_post()
        self.run_jobs()
        message = self.env["integration.message"].search([("flow_id", "=", self.invoice_flow.id)])
        # A manual mailbox: encoded, ready for a person to download.
        self.assertIn(
            "Step encode done.", message.log_ids.mapped("description"), message.last_error
        )
        self.assertEqual(message._business_record(), move)
        builder = self.customer._get_edi_builder("ubl_bis3")
        odoo_xml, errors = builder._export_invoice(move)
        self.assertFalse(errors)
        self.assertEqual(message._payload(), odoo_xml)
        self.assertIn(move.name.encode(), odoo_xml)

    def test_the_confirmed_order_is_answered_with_a_peppol_order_response(self):
        flow = self.env["integration.flow"].create(
            {
                "name": "Acme order responses",
                "code": "t-acme-ubl-responses",
                "partner_id": self.partner.id,
                "direction": "outbound",
                "document_type": "order_ack",
                "codec": "ubl",
                "endpoint_id": self.endpoint.id,
                "mode": "event",
                "event": "order_confirmed",
            }
        )
        order = self.receive(fixture("ubl_order.xml"))
        self.run_jobs()
        self.assertEqual(order._business_record().state, "sale")
        response = self.env["integration.message"].search([("flow_id", "=", flow.id)])
        self.assertIn("Step encode done.", response.log_ids.mapped("description"))
        root = etree.fromstring(response._payload())
        ns = {
            "r": "urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2",
            "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
            "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
        }
        self.assertEqual(etree.QName(root).namespace, ns["r"])
        self.assertEqual(root.findtext("cbc:OrderResponseCode", namespaces=ns), "AP")
        self.assertEqual(root.findtext("cac:OrderReference/cbc:ID", namespaces=ns), "PO-UBL-2001")
        line = root.find("cac:OrderLine/cac:LineItem", ns)
        self.assertEqual(line.findtext("cbc:LineStatusCode", namespaces=ns), "5")
        self.assertEqual(line.findtext("cbc:Quantity", namespaces=ns), "10")
        self.assertEqual(line.find("cbc:Quantity", ns).get("unitCode"), "C62")
        self.assertEqual(
            line.findtext("cac:Item/cac:SellersItemIdentification/cbc:ID", namespaces=ns),
            "WIDGET-1",
        )

    def test_the_delivery_goes_out_as_a_peppol_despatch_advice(self):
        inbox = self.env["integration.endpoint"].create(
            {"name": "Acme Peppol inbox", "partner_id": self.partner.id, "max_attempts": 1}
        )
        flow = self.env["integration.flow"].create(
            {
                "name": "Acme despatch advices",
                "code": "t-acme-ubl-despatch",
                "partner_id": self.partner.id,
                "direction": "outbound",
                "document_type": "shipment_notice",
                "codec": "ubl",
                "endpoint_id": inbox.id,
                "mode": "event",
                "event": "picking_done",
            }
        )
        with PartnerServer() as server:
            inbox.url = server.url
            order = self.receive(fixture("ubl_order.xml"))
            self.run_jobs()
            picking = order._business_record().picking_ids
            picking.integration_tracking_ref = "1Z999AA10123456784"
            picking.move_ids.quantity = 10
            picking.button_validate()
            self.run_jobs()
        message = self.env["integration.message"].search([("flow_id", "=", flow.id)])
        self.assertEqual(message.state, "sent", message.last_error)
        [request] = server.requests
        root = ubl.read(request["body"], "DespatchAdvice")
        notice = ubl_supplier.shipment_notice_document(root)
        self.assertEqual(
            (notice["shipment_ref"], notice["order_ref"]), (picking.name, "PO-UBL-2001")
        )
        self.assertEqual(notice["tracking_numbers"], ["1Z999AA10123456784"])
        [line] = notice["lines"]
        self.assertEqual((line["line_ref"], float(line["quantity_shipped"])), ("1", 10.0))
        self.assertEqual(line["product_code"], message.canonical["lines"][0]["product_code"])
