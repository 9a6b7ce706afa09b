# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.addons.integration_core.tests.common import IntegrationCase
from odoo.addons.integration_core.tests.fake_plugins import PluginLoader
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.tests import tagged

from .common import fixture
from .supplier_plugins import PLUGINS

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


@tagged("post_install", "-at_install")
class TestUblSupplier(IntegrationCase):
    """A supplier on UBL: our purchase orders out to its server on 127.0.0.1, its Order
    Responses, Despatch Advices and Invoices in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        loader = PluginLoader(cls.registry)
        loader.load(cls.cr, PLUGINS)
        cls.addClassCleanup(loader.unload, cls.cr)
        cls.vendor = cls.env["res.partner"].create({"name": "Bolt Supplies NV", "is_company": True})
        cls.supplier = cls.env["integration.partner"].create(
            {"name": "Bolt Supplies", "code": "t-bolt", "kind": "edi", "partner_id": cls.vendor.id}
        )
        cls.bolt = cls.product_with_code("Bolt M8", "BOLT-8", "SUP-BOLT-8", "5412345000013")
        cls.nut = cls.product_with_code("Nut M8", "NUT-8", "SUP-NUT-8", "5412345000020")
        cls.server_endpoint = cls.env["integration.endpoint"].create(
            {
                "name": "Bolt order inbox",
                "partner_id": cls.supplier.id,
                "url": "http://127.0.0.1:9/unused",
                "max_attempts": 1,
            }
        )
        cls.orders_out = cls.env["integration.flow"].create(
            {
                "name": "Bolt orders out",
                "code": "t-bolt-orders",
                "partner_id": cls.supplier.id,
                "direction": "outbound",
                "document_type": "order",
                "codec": "ubl",
                "builder": "test_purchase",
                "endpoint_id": cls.server_endpoint.id,
            }
        )
        cls.inbound = {
            document_type: cls.env["integration.flow"].create(
                {
                    "name": f"Bolt {document_type} in",
                    "code": f"t-bolt-{document_type}",
                    "partner_id": cls.supplier.id,
                    "direction": "inbound",
                    "document_type": document_type,
                    "codec": "ubl",
                    "processor": "test_keep",
                }
            )
            for document_type in ("order_ack", "shipment_notice", "invoice")
        }

    @classmethod
    def product_with_code(cls, name, code, supplier_code, barcode):
        return cls.env["product.product"].create(
            {
                "name": name,
                "default_code": code,
                "barcode": barcode,
                "seller_ids": [
                    (0, 0, {"partner_id": cls.vendor.id, "product_code": supplier_code})
                ],
            }
        )

    def purchase(self):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    (0, 0, {"product_id": self.bolt.id, "product_qty": 120, "sequence": 1}),
                    (0, 0, {"product_id": self.nut.id, "product_qty": 30, "sequence": 2}),
                ],
            }
        )
        order.order_line.price_unit = 2.0
        order.button_confirm()
        return order

    def send(self, order):
        """Queue the order's message and run the pipeline; what the supplier received."""
        with PartnerServer() as server:
            self.server_endpoint.url = server.url
            self.orders_out._queue_outbound(order)
            self.run_jobs()
        return server.requests

    def sent(self, order):
        return self.env["integration.message"].search(
            [("flow_id", "=", self.orders_out.id), ("res_id", "=", order.id)], order="id"
        )

    # ------------------------------------------------------------------ orders out
    def test_the_purchase_order_goes_out_as_odoos_own_ubl_order(self):
        order = self.purchase()
        [request] = self.send(order)
        message = self.sent(order)
        self.assertEqual(message.state, "sent", message.last_error)
        odoo_xml = self.env["purchase.edi.xml.ubl_bis3"]._export_order(order)
        self.assertEqual(request["body"], odoo_xml)
        self.assertEqual(message._payload(), odoo_xml)
        self.assertEqual(request["headers"]["Content-Type"], "application/xml")
        root = etree.fromstring(request["body"])
        self.assertEqual(root.findtext("cbc:ID", namespaces=NS), order.name)
        self.assertIn("[SUP-BOLT-8]", root.findtext(".//cac:Item/cbc:Description", namespaces=NS))

    def test_stable_line_references_replace_odoos_line_numbers(self):
        order = self.purchase()
        order.order_line[1].sequence = 3  # line 2 was deleted before sending
        [request] = self.send(order)
        items = etree.fromstring(request["body"]).iterfind("cac:OrderLine/cac:LineItem", NS)
        self.assertEqual([item.findtext("cbc:ID", namespaces=NS) for item in items], ["1", "3"])

    def test_changes_go_out_as_order_changes_and_a_cancellation(self):
        order = self.purchase()
        self.send(order)
        order.order_line[0].product_qty = 150
        [change] = self.send(order)
        root = etree.fromstring(change["body"])
        self.assertEqual(etree.QName(root).localname, "OrderChange")
        self.assertEqual(root.findtext("cac:OrderReference/cbc:ID", namespaces=NS), order.name)
        self.assertEqual(root.findtext("cbc:SequenceNumberID", namespaces=NS), "1")
        statuses = [
            (
                item.findtext("cbc:ID", namespaces=NS),
                item.findtext("cbc:LineStatusCode", namespaces=NS),
            )
            for item in root.iterfind("cac:OrderLine/cac:LineItem", NS)
        ]
        self.assertEqual(statuses, [("1", "3"), ("2", "4")])

        self.orders_out.ubl_order_changes = "resend"
        order.order_line[0].product_qty = 160
        [resent] = self.send(order)
        self.assertEqual(resent["body"], self.env["purchase.edi.xml.ubl_bis3"]._export_order(order))

        order.button_cancel()
        [cancel] = self.send(order)
        root = etree.fromstring(cancel["body"])
        self.assertEqual(etree.QName(root).localname, "OrderCancellation")
        self.assertEqual(root.findtext("cac:OrderReference/cbc:ID", namespaces=NS), order.name)
        self.assertEqual(self.sent(order).mapped("state"), ["sent"] * 4)

    # ------------------------------------------------------------------ documents in
    def receive_from_supplier(self, document_type, payload):
        message = self.inbound[document_type]._receive(payload)
        self.run_jobs()
        return message

    def test_an_order_response_acknowledges_the_order_we_sent(self):
        order = self.purchase()
        self.send(order)
        payload = fixture("ubl_order_response.xml").replace(b"P00042", order.name.encode())
        message = self.receive_from_supplier("order_ack", payload)
        self.assertEqual(message.state, "processed", message.last_error)
        ack = message.canonical
        self.assertEqual((ack["order_ref"], ack["status"]), (order.name, "changed"))
        changed, rejected, substituted = ack["lines"]
        # ordered quantities come from the order we sent, accepted ones from the supplier
        self.assertEqual(
            (changed["quantity_ordered"], changed["quantity_accepted"]), ("120", "100")
        )
        self.assertEqual((rejected["status"], rejected["quantity_ordered"]), ("rejected", "30"))
        self.assertEqual(substituted["substitute_product_code"], "SUP-WASH-8Z")

    def test_a_despatch_advice_becomes_a_shipment_notice(self):
        message = self.receive_from_supplier("shipment_notice", fixture("ubl_despatch_advice.xml"))
        self.assertEqual(message.state, "processed", message.last_error)
        notice = message.canonical
        self.assertEqual((notice["order_ref"], notice["shipment_ref"]), ("P00042", "DA-9001"))
        self.assertEqual(
            [p["sscc"] for p in notice["packages"]], ["376104250000000017", "376104250000000024"]
        )
        lots = [lot for p in notice["packages"] for line in p["lines"] for lot in line["lots"]]
        self.assertEqual(
            [(lot["lot_name"], lot["expiry_date"]) for lot in lots],
            [("LOT-A", "2028-01-31"), ("LOT-B", "2028-03-31")],
        )

    def test_a_broken_despatch_advice_is_an_exception_naming_the_xpath(self):
        payload = fixture("ubl_despatch_advice.xml").replace(b"<cbc:LineID>1</cbc:LineID>", b"", 1)
        message = self.receive_from_supplier("shipment_notice", payload)
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.exception_ids.category, "validation")
        self.assertIn("/DespatchAdvice/DespatchLine[1]/OrderLineReference", message.last_error)

    def test_a_supplier_invoice_exported_by_odoo_is_read(self):
        """The supplier runs Odoo: its invoice, exported by account_edi_ubl_cii, is read
        into the canonical invoice with the same number, lines and totals."""
        self.vendor.write(
            {
                "country_id": self.env.ref("base.be").id,
                "vat": "BE0477472701",
                "street": "Rue de la Loi 16",
                "city": "Brussels",
                "zip": "1000",
            }
        )
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.vendor.id,
                "ref": "P00042",
                "invoice_line_ids": [
                    (0, 0, {"product_id": self.bolt.id, "quantity": 100, "price_unit": 2.1}),
                    (0, 0, {"product_id": self.nut.id, "quantity": 30, "price_unit": 0.5}),
                ],
            }
        )
        move.action_post()
        xml, errors = self.vendor._get_edi_builder("ubl_bis3")._export_invoice(move)
        self.assertFalse(errors)
        message = self.receive_from_supplier("invoice", xml)
        self.assertEqual(message.state, "processed", message.last_error)
        invoice = message.canonical
        self.assertEqual(invoice["invoice_number"], move.name)
        self.assertEqual(float(invoice["amount_untaxed"]), move.amount_untaxed)
        self.assertEqual(float(invoice["amount_total"]), move.amount_total)
        self.assertEqual(
            [(line["product_code"], float(line["quantity"])) for line in invoice["lines"]],
            [("BOLT-8", 100.0), ("NUT-8", 30.0)],
        )
