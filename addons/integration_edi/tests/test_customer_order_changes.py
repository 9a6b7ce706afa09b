# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer changes its order by EDI (X12 860, EDIFACT ORDCHG): applied while nothing is
shipped and answered with an 865 / ORDRSP; refused line by line once it is shipped."""

from odoo.addons.integration_core.tests.common import LocalPartnerMixin
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.tests import TransactionCase, tagged

from .. import edifact
from .common import (
    EdiSetupMixin,
    X12PartnerMixin,
    edifact_file,
    gs1,
    segments,
    x12_file,
    x12_sets,
)
from .test_edifact import OURS as EDF_OURS
from .test_edifact import THEIRS as EDF_THEIRS
from .test_edifact import TestEdifact, find, orders
from .test_x12_end_to_end import order_850

THEIRS, OURS = X12PartnerMixin.theirs, X12PartnerMixin.ours
Segment = edifact.Segment


def change_860(gadget_gtin, control, po="PO-E2E-1"):
    """Line 1 raised from 4 to 6, line 2 (the gadget) deleted."""
    return x12_file(
        THEIRS,
        OURS,
        control,
        "PC",
        [
            (
                "860",
                1,
                [
                    ("BCH", "04", "SA", po, None, None, "20261120"),
                    ("N1", "BY", "E2E Buyer Inc", "92", "BUYER01"),
                    ("POC", "1", "QI", "6", None, "EA", "12.5", "PE", "BP", "BUY-100"),
                    ("POC", "2", "DI", None, None, "EA", None, None, "UP", gadget_gtin),
                    ("CTT", "2"),
                ],
            )
        ],
    )


@tagged("post_install", "-at_install")
class TestX12OrderChanges(X12PartnerMixin, LocalPartnerMixin, TransactionCase):
    """860 in, 865 out, against the partner's HTTP endpoint on 127.0.0.1."""

    code = "t-edi-860"

    def receive(self, payload):
        message = self.flows["in"]._receive(payload)
        self.run_jobs()
        return message.child_ids

    def sent_sets(self, server, kind):
        found = []
        for request in server.requests:
            found += [s for s in x12_sets(request["body"]) if s.type == kind]
        return found

    def ordered(self, order):
        return {line.integration_line_ref: line.product_uom_qty for line in order.order_line}

    def test_860_raises_a_quantity_and_cancels_a_line_then_an_865_answers(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            order = self.receive(order_850(self.gadget_gtin))._business_record()
            self.assertEqual(self.ordered(order), {"1": 4, "2": 2})

            change = self.receive(change_860(self.gadget_gtin, 1002))
            self.assertEqual(change.state, "processed", change.last_error)
            self.assertEqual(change._business_record(), order)
            self.assertEqual(self.ordered(order), {"1": 6, "2": 0})
            self.assertEqual(order.state, "sale")
            moves = order.picking_ids.move_ids.filtered(lambda m: m.state != "cancel")
            self.assertEqual(moves.product_id, self.widget, "the gadget is no longer delivered")
            self.assertEqual(moves.product_uom_qty, 6)
            chatter = order.message_ids.mapped("body")
            self.assertTrue(
                any(change.name in body and "quantity 4.0 → 6.0" in body for body in chatter),
                chatter,
            )

            (answer,) = self.sent_sets(server, "865")
            self.assertEqual(segments(answer, "BCA")[0][1:4], ["00", "AD", "PO-E2E-1"])
            self.assertEqual(segments(answer, "BCA")[0][6], "20261120", "the PO's date")
            self.assertEqual(
                [poc[1:4] for poc in segments(answer, "POC")], [["1", "CA", "6"], ["2", "DI", "0"]]
            )
            self.assertEqual(
                [ack[1:3] for ack in segments(answer, "ACK")], [["IA", "6"], ["IA", "0"]]
            )
            self.assertEqual(len(self.sent_sets(server, "855")), 1, "the order's own 855")
            ack_messages = self.outbound("order_ack")
            self.assertEqual(ack_messages.mapped("order_change_id"), change)
            self.assertEqual(ack_messages.mapped("state"), ["sent", "sent"])

    def test_customer_flagged_to_resend_orders_still_gets_an_865(self):
        """The option to re-send changed orders is about our purchase orders: a customer with it
        gets the answer to its 860 as an 865, not as a second 855."""
        self.partner.edi_resend_orders = True
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            self.receive(order_850(self.gadget_gtin, po="PO-860-3"))
            change = self.receive(change_860(self.gadget_gtin, 1004, po="PO-860-3"))
            self.assertEqual(change.state, "processed", change.last_error)
            (answer,) = self.sent_sets(server, "865")
            self.assertEqual(segments(answer, "BCA")[0][3], "PO-860-3")
            self.assertEqual(len(self.sent_sets(server, "855")), 1, "the order's own 855")

    def test_860_after_the_delivery_is_done_is_refused_line_by_line(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            order = self.receive(order_850(self.gadget_gtin, po="PO-860-2"))._business_record()
            self.ship(order, gs1("00614141123456791"))
            self.run_jobs()

            change = self.receive(change_860(self.gadget_gtin, 1003, po="PO-860-2"))
            self.assertEqual(change.state, "failed")
            self.assertEqual(self.ordered(order), {"1": 4, "2": 2}, "the order is unchanged")
            exception = change.exception_ids
            self.assertEqual(exception.category, "business_rule")
            self.assertTrue(exception.order_change_pending)
            self.assertIn("line 1 quantity 4.0 → 6.0: 4.0 shipped", exception.explanation)
            self.assertIn("line 2 cancelled: 2.0 shipped", exception.explanation)
            self.assertIn(order.picking_ids.name, exception.explanation)
            self.assertFalse(self.sent_sets(server, "865"), "no answer while a person decides")

            # Rejecting the change: the order stays, the 865 refuses both lines.
            exception.action_order_change_reject()
            self.run_jobs()
            self.assertEqual(change.state, "processed", change.last_error)
            self.assertEqual(exception.state, "resolved")
            self.assertEqual(exception.order_change_decision, "reject")
            self.assertEqual(self.ordered(order), {"1": 4, "2": 2})
            (answer,) = self.sent_sets(server, "865")
            self.assertEqual(segments(answer, "BCA")[0][2], "RD")
            self.assertEqual(
                [ack[1:3] for ack in segments(answer, "ACK")], [["IR", "4"], ["IR", "2"]]
            )


@tagged("post_install", "-at_install")
class TestEdifactOrderChanges(EdiSetupMixin, LocalPartnerMixin, TransactionCase):
    """ORDCHG in, ORDRSP out as the change response (the partner of TestEdifact)."""

    code = "t-edi-ordchg"
    standard = "edifact"
    profile_values = classmethod(TestEdifact.profile_values.__func__)
    receive = TestEdifact.receive
    sent = TestEdifact.sent

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()

    def test_ordchg_changes_the_order_and_an_ordrsp_answers(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            po = self.receive(
                edifact_file(
                    EDF_THEIRS, EDF_OURS, "ORD2", [("M1", "ORDERS", orders(self.gadget_gtin))]
                )
            ).child_ids
            order = po._business_record()
            change_body = [
                Segment.build("BGM", "230", "CHG-1", "4"),
                Segment.build("DTM", ("137", "20261121", "102")),
                Segment.build("RFF", ("ON", "PO-EDF-1")),
                Segment.build("NAD", "BY", ("BUYER01", None, "92"), None, "Edf Buyer"),
                Segment.build("LIN", "1", "3"),
                Segment.build("PIA", "5", ("BUY-100", "IN")),
                Segment.build("QTY", ("21", "10")),
                Segment.build("PRI", ("AAA", "11")),
                Segment.build("UNS", "S"),
                Segment.build("CNT", ("2", "1")),
            ]
            change = self.receive(
                edifact_file(EDF_THEIRS, EDF_OURS, "CHG1", [("M1", "ORDCHG", change_body)])
            ).child_ids
            self.assertEqual(change.state, "processed", change.last_error)
            line = order.order_line.filtered(lambda x: x.integration_line_ref == "1")
            self.assertEqual((line.product_uom_qty, line.price_unit), (10, 11))

            answers = [m for _i, m in self.sent(server, "ORDRSP")]
            self.assertEqual(len(answers), 2, "the order's ORDRSP and the change's")
            bgm = find(answers[1], "BGM")[0]
            self.assertEqual((bgm.value(0), bgm.value(2), bgm.value(3)), ("231", "4", "AP"))
            self.assertEqual([s.value(1) for s in find(answers[1], "LIN")], ["5"])
            self.assertIn(["ON", "PO-EDF-1"], [s.element(0) for s in find(answers[1], "RFF")])


@tagged("post_install", "-at_install")
class TestX12ChangeBeforeOrder(X12PartnerMixin, LocalPartnerMixin, TransactionCase):
    """An 860 sent before its 850: accepted by the 997 (it is well formed), it waits for the
    order, then applies and is answered."""

    code = "t-edi-860-early"
    receive = TestX12OrderChanges.receive
    sent_sets = TestX12OrderChanges.sent_sets
    ordered = TestX12OrderChanges.ordered

    def test_860_before_its_850_waits_then_applies(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            change = self.receive(change_860(self.gadget_gtin, 1004, po="PO-860-3"))
            self.assertEqual((change.state, change.waiting), ("validated", True))
            self.assertFalse(change.exception_ids)
            (ack,) = self.sent_sets(server, "997")
            self.assertEqual(segments(ack, "AK5"), [["AK5", "A"]], "the 860 itself is fine")
            self.assertFalse(self.sent_sets(server, "865"))

            po = self.receive(order_850(self.gadget_gtin, po="PO-860-3", control=1005))
            order = po._business_record()
            self.assertEqual(change.state, "processed", change.last_error)
            self.assertEqual(self.ordered(order), {"1": 6, "2": 0})
            (answer,) = self.sent_sets(server, "865")
            self.assertEqual(segments(answer, "BCA")[0][3], "PO-860-3")
