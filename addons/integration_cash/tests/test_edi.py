# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.tests import tagged

from .common import CashCase

OURS, THEIRS = "HUBCASH", "BUYERCASH"


class EdiCashMixin:
    """The customer on EDI: integration_edi's own test setup (its partner, products in
    stock, order acknowledgement, ship notice and invoice flows), and a remittance flow in
    the partner's standard. Skipped when integration_edi is not installed (this module does
    not depend on it)."""

    standard = "x12"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.edi_installed = "integration.codec.x12" in cls.env
        if not cls.edi_installed:
            return
        # Imported here: integration_edi is not a dependency of this module.
        from odoo.addons.integration_edi.tests import common as edi  # noqa: PLC0415

        cls.edi = edi
        edi.EdiSetupMixin.setup_edi.__func__(cls)
        cls.remittance_flow = cls.env["integration.flow"].create(
            {
                "name": f"{cls.code} remittances",
                "code": f"{cls.code}-remittances",
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "remittance",
                "codec": cls.standard,
                "endpoint_id": cls.endpoint.id,
            }
        )

    def setUp(self):
        super().setUp()
        if not self.edi_installed:
            self.skipTest("integration_edi is not installed")
        self.server = PartnerServer(statuses=(200,)).__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)
        self.endpoint.url = self.server.url

    def shipped_and_invoiced(self, *quantities):
        """One confirmed sale order per quantity of widgets at 12.50, each delivered (its
        ship notice sent) and invoiced; (order, its ship notice message, invoice) each."""
        result = []
        for index, quantity in enumerate(quantities, start=1):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "client_order_ref": f"PO-CASH-{index}",
                    "order_line": [
                        (0, 0, {"product_id": self.widget.id, "product_uom_qty": quantity})
                    ],
                }
            )
            order.action_confirm()
            sscc = self.edi.gs1(f"0061414112345{index:04d}")
            self.ship(order, sscc)
            self.run_jobs()
            asn = self.env["integration.message"].search(
                [
                    ("flow_id", "=", self.flows["shipment_notice"].id),
                    ("correlation_id", "=", order.integration_correlation_id),
                ]
            )
            self.assertEqual(asn.state, "sent", asn.last_error)
            invoice = order._create_invoices()
            invoice.action_post()
            self.run_jobs()
            result.append((order, asn, invoice))
        return result

    @classmethod
    def profile_values(cls):
        """The partner's EDI page, for integration_edi's setup."""
        return cls.profile()

    def ship(self, order, sscc):
        return self.edi.EdiSetupMixin.ship(self, order, sscc)


@tagged("post_install", "-at_install")
class TestX12Remittance(EdiCashMixin, CashCase):
    """The issue's test: an 820 paying two invoices in full and one short by a coded
    deduction."""

    code = "t-cash-x12"

    @classmethod
    def profile(cls):
        return cls.edi.x12_profile(OURS, THEIRS, edi_product_qualifiers="BP,UP")

    def ack_997(self, asn, control):
        group, number = asn.partner_reference.split(":")
        body = [
            ("AK1", "SH", group),
            ("AK2", "856", number),
            ("AK5", "A"),
            ("AK9", "A", "1", "1", "1"),
        ]
        return self.edi.x12_file(THEIRS, OURS, control, "FA", [("997", 1, body)])

    def test_820_pays_two_invoices_and_one_short_with_the_asn_as_evidence(self):
        (_o1, _a1, first), (_o2, _a2, second), (order, asn, short) = self.shipped_and_invoiced(
            4, 2, 8
        )
        # The customer's 997 accepts the ship notice of the third order.
        self.flows["acks_in"]._receive(self.ack_997(asn, 3001))
        self.run_jobs()
        self.assertEqual(asn.state, "acknowledged")
        self.assertTrue(asn.acknowledged_at)

        deduction = 25.0
        paid = short.amount_total - deduction
        total = first.amount_total + second.amount_total + paid
        body = [
            ("BPR", "C", f"{total:.2f}", "C", "ACH", "CTX", *[None] * 10, "20261201"),
            ("TRN", "1", "EFT-820-1", "1234567890"),
            ("CUR", "PR", self.env.company.currency_id.name),
            ("N1", "PR", "Buyer Inc", "92", "BUYER01"),
            ("ENT", "1"),
            ("RMR", "IV", first.name, "PO", f"{first.amount_total:.2f}"),
            ("RMR", "IV", second.name, "PO", f"{second.amount_total:.2f}"),
            ("RMR", "IV", short.name, "PO", f"{paid:.2f}", f"{short.amount_total:.2f}"),
            ("ADX", f"-{deduction:.2f}", "04", "CM", "DM-1"),
        ]
        payload = self.edi.x12_file(THEIRS, OURS, 3002, "RA", [("820", 1, body)])
        message = self.receive_remittance(None, payload=payload)

        self.assertEqual(message.document_type, "remittance")
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertPaid(first, second)
        self.assertEqual(short.payment_state, "partial")
        self.assertEqual(short.amount_residual, deduction)
        exception = self.cash_exceptions(cash_invoice_id=short.id)
        self.assertEqual(len(exception), 1)
        self.assertIn(
            "X12 426 04: Item Not Accepted - Damaged (Damage) 25.00", exception.explanation
        )
        self.assertEqual(exception.cash_deduction_ids.reference, "DM-1")
        # The evidence: the ship notice of that order, first, with its acknowledgement.
        self.assertEqual(exception.cash_evidence_ids[:1], asn)
        self.assertNotIn(_a1, exception.cash_evidence_ids, "another order's ship notice")
        self.assertIn(asn.name, exception.cash_evidence)
        self.assertIn("997 accepted", exception.cash_evidence)
        self.assertFalse(self.cash_exceptions(cash_invoice_id=first.id))
        # Our 997 accepts the 820.
        acks = [
            s for r in self.server.requests for s in self.edi.x12_sets(r["body"]) if s.type == "997"
        ]
        self.assertIn(
            ["AK2", "820", "0001"],
            [seg.parts for s in acks for seg in s.segments if seg.tag == "AK2"],
        )


@tagged("post_install", "-at_install")
class TestEdifactRemittance(EdiCashMixin, CashCase):
    """A REMADV: one invoice paid, one short by an AJT damaged goods deduction."""

    code = "t-cash-edifact"
    standard = "edifact"

    @classmethod
    def profile(cls):
        return cls.edi.edifact_profile(OURS, THEIRS)

    def test_remadv_pays_one_invoice_and_leaves_a_damaged_goods_deduction(self):
        (_o1, _a1, paid), (_o2, asn, short) = self.shipped_and_invoiced(2, 3)
        Segment = self.edi.edifact.Segment
        kept = 10.0
        body = [
            Segment.build("BGM", "481", "RA-1", "9"),
            Segment.build("DTM", ("209", "20261202", "102")),
            Segment.build("NAD", "PR", ("BUYER01", None, "92")),
            Segment.build("CUX", ("2", self.env.company.currency_id.name, "11")),
            Segment.build("MOA", ("12", f"{paid.amount_total + short.amount_total - kept:.2f}")),
            Segment.build("DOC", "380", paid.name),
            Segment.build("MOA", ("12", f"{paid.amount_total:.2f}")),
            Segment.build("DOC", "380", short.name),
            Segment.build("MOA", ("12", f"{short.amount_total - kept:.2f}")),
            Segment.build("AJT", "3"),
            Segment.build("MOA", ("5", f"{kept:.2f}")),
            Segment.build("FTX", "AAO", None, None, "Crushed"),
        ]
        payload = self.edi.edifact_file(THEIRS, OURS, "REM1", [("1", "REMADV", body)])
        message = self.receive_remittance(None, payload=payload)
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertPaid(paid)
        self.assertEqual(short.amount_residual, kept)
        exception = self.cash_exceptions(cash_invoice_id=short.id)
        self.assertIn(
            "EDIFACT 4465 3: Damaged goods (Damage) 10.00 (Crushed)", exception.explanation
        )
        self.assertIn(asn, exception.cash_evidence_ids)
