# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import LocalPartnerMixin
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.addons.integration_core.tests.returns_common import ReturnsSetup
from odoo.tests import TransactionCase, tagged

from .common import X12PartnerMixin, segments, x12_file, x12_sets

THEIRS, OURS = X12PartnerMixin.theirs, X12PartnerMixin.ours


def return_180(serials, rma="RMA-180-1", order_ref="PO-1001", control=2001):
    """A customer's 180 returning one serial-tracked unit per serial number in ``serials``."""
    body = [
        ("BGN", "13", rma, "20261121"),
        ("RDR", "CR", "DM", None, "Damaged in transit"),
        ("PRF", order_ref),
        ("N1", "BY", "Buyer Inc", "92", "BUYER01"),
        ("LX", "1"),
    ]
    for serial in serials:
        body += [("BLI", "BP", "SERIAL-1", "1", "EA"), ("N9", "LI", "1"), ("N9", "LT", serial)]
    return x12_file(THEIRS, OURS, control, "AN", [("180", 1, body)])


@tagged("post_install", "-at_install")
class TestX12Returns(X12PartnerMixin, ReturnsSetup, LocalPartnerMixin, TransactionCase):
    """A 180 return authorisation in: a return picking of the serial numbers shipped; once
    received, a credit note and a 180 acknowledgement back to the customer."""

    code = "t-edi-rma"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_returns()
        cls.returns_flow.codec = "x12"
        cls.json_orders = cls.env["integration.flow"].create(
            {
                "name": "Orders keyed in by the customer portal",
                "code": "t-edi-rma-json",
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        cls.acks_180 = cls.env["integration.flow"].create(
            {
                "name": "Returns acknowledged",
                "code": "t-edi-rma-180",
                "partner_id": cls.partner.id,
                "direction": "outbound",
                "document_type": "return_request",
                "codec": "x12",
                "endpoint_id": cls.endpoint.id,
                "mode": "event",
                "event": "return_received",
            }
        )

    def sent_sets(self, server, kind):
        found = []
        for request in server.requests:
            found += [s for s in x12_sets(request["body"]) if s.type == kind]
        return found

    def test_180_return_then_credit_and_180_acknowledgement(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            order, delivery, invoice = self.ship_order(self.json_orders)
            serials = delivery.move_line_ids.lot_id.mapped("name")
            self.flows["in"]._receive(return_180(serials))
            self.run_jobs()
            message = self.env["integration.message"].search(
                [("flow_id", "=", self.returns_flow.id)]
            )
            self.assertEqual(message.state, "processed", message.last_error)
            picking = message._business_record()
            self.assertEqual(picking.return_id, delivery)
            self.assertEqual(sorted(picking.move_line_ids.lot_id.mapped("name")), sorted(serials))
            self.assertEqual(picking.integration_rma_ref, "RMA-180-1")
            (ack_997,) = self.sent_sets(server, "997")
            self.assertEqual(segments(ack_997, "AK2"), [["AK2", "180", "0001"]])

            picking.button_validate()
            self.run_jobs()
        credit = picking.integration_credit_note_id
        self.assertEqual((credit.move_type, credit.state), ("out_refund", "posted"))
        self.assertEqual(credit.reversed_entry_id, invoice)
        self.assertEqual(credit.amount_untaxed, 25.0)
        self.assertEqual(order.order_line.qty_delivered, 0)
        (ack,) = self.sent_sets(server, "180")
        self.assertEqual(segments(ack, "BGN")[0][1:3], ["06", "RMA-180-1"])
        self.assertIn(["N9", "CM", credit.name], segments(ack, "N9"))
        self.assertIn(["N9", "SI", delivery.name], segments(ack, "N9"))
        self.assertEqual(
            sorted(n9[2] for n9 in segments(ack, "N9") if n9[1] == "LT"), sorted(serials)
        )

    def test_180_for_serials_never_shipped_opens_an_exception(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            _order, delivery, _invoice = self.ship_order(self.json_orders)
            shipped = delivery.move_line_ids.lot_id.mapped("name")
            other = next(name for name in ("SN-1", "SN-2", "SN-3") if name not in shipped)
            self.flows["in"]._receive(return_180([other]))
            self.run_jobs()
        message = self.env["integration.message"].search([("flow_id", "=", self.returns_flow.id)])
        self.assertEqual(message.state, "failed")
        self.assertIn(f"lot/serial {other}", message.exception_ids.explanation)
        self.assertFalse(
            self.env["stock.picking"].search([("integration_rma_ref", "=", "RMA-180-1")])
        )
