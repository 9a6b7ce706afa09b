# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import IntegrationCase, order_payload


@tagged("post_install", "-at_install")
class TestBuilders(IntegrationCase):
    """Documents built from Odoo records, through real outbound flows (manual transport)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.endpoint = cls.env["integration.endpoint"].create(
            {
                "name": "Acme mailbox",
                "partner_id": cls.partner.id,
                "transport": "manual",
            }
        )
        cls.env["integration.xref"].create(
            {
                "partner_id": cls.partner.id,
                "kind": "product",
                "external_code": "BUYER-778",
                "product_id": cls.product.id,
            }
        )
        cls.flows = {
            doc: cls.env["integration.flow"].create(
                {
                    "name": doc,
                    "code": doc,
                    "partner_id": cls.partner.id,
                    "direction": "outbound",
                    "document_type": doc,
                    "endpoint_id": cls.endpoint.id,
                    "mode": "event",
                    "event": event,
                }
            )
            for doc, event in (
                ("order_ack", "order_confirmed"),
                ("shipment_notice", "picking_done"),
                ("invoice", "invoice_posted"),
            )
        }

    def outbound(self, doc):
        self.run_jobs()
        return self.env["integration.message"].search([("flow_id", "=", self.flows[doc].id)])

    def test_one_transaction_from_order_to_invoice(self):
        inbound = self.receive(order_payload(product_code="BUYER-778", quantity=4))
        self.run_jobs()
        order = inbound._business_record()
        ack = self.outbound("order_ack")
        self.assertEqual(ack.canonical["status"], "accepted")
        self.assertEqual(ack.canonical["order_ref"], "PO-1001")
        self.assertEqual(
            ack.canonical["lines"][0]["product_code"],
            "BUYER-778",
            "the partner's own item number comes back",
        )
        self.assertEqual(ack.canonical["lines"][0]["line_ref"], "1")

        picking = order.picking_ids
        picking.integration_tracking_ref = "1Z999AA10123456784"
        picking.move_ids.quantity = 4
        picking.button_validate()
        asn = self.outbound("shipment_notice")
        self.assertEqual(asn.canonical["order_ref"], "PO-1001")
        self.assertEqual(asn.canonical["tracking_numbers"], ["1Z999AA10123456784"])
        self.assertEqual(float(asn.canonical["lines"][0]["quantity_shipped"]), 4.0)
        self.assertTrue(asn.canonical["complete"])

        invoice = order._create_invoices()
        invoice.action_post()
        inv = self.outbound("invoice")
        self.assertEqual(inv.canonical["invoice_number"], invoice.name)
        self.assertEqual(float(inv.canonical["amount_total"]), invoice.amount_total)
        self.assertEqual(inv.canonical["lines"][0]["product_code"], "BUYER-778")

        transaction = inbound.related_message_ids
        self.assertEqual(
            transaction,
            inbound | ack | asn | inv,
            "one correlation id ties the whole transaction together",
        )
        order.invalidate_recordset(["integration_message_count"])
        picking.invalidate_recordset(["integration_message_count"])
        self.assertEqual(order.integration_message_count, 4)
        self.assertEqual(picking.integration_message_count, 4)

    def test_picking_done_is_sent_once(self):
        inbound = self.receive(order_payload(quantity=2))
        self.run_jobs()
        picking = inbound._business_record().picking_ids
        picking.move_ids.quantity = 2
        picking.button_validate()
        self.env["integration.flow"]._publish_event("picking_done", picking)
        self.assertEqual(len(self.outbound("shipment_notice")), 1)
