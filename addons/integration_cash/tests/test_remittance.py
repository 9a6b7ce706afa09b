# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import tagged

from .common import CashCase

CSV_HEADER = (
    "PaymentRef,PaymentDate,PayerId,PayerName,Currency,TotalPaid,Method,InvoiceNumber,"
    "AmountInvoiced,AmountPaid,Discount,ReasonCode,Deduction,DeductionText\n"
)


@tagged("post_install", "-at_install")
class TestRemittance(CashCase):
    """Canonical JSON and CSV remittances: matching, payments, deductions, duplicates."""

    def test_lines_pay_invoices_matched_by_number_reference_and_amount(self):
        ours = self.invoice(500)
        theirs = self.invoice(300, ref="ACME-PO-2")
        by_amount = self.invoice(120.5)
        other = self.invoice(120.5, customer=self.env["res.partner"].create({"name": "Other"}))
        message = self.receive_remittance(
            self.remittance(
                "ACH-1",
                {"invoice_number": ours.name, "amount_invoiced": 500, "amount_paid": 500},
                {"invoice_number": "acme po 2", "amount_paid": 300},
                {"invoice_number": "THEIR-OWN-9", "amount_paid": 120.5},
            )
        )
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertPaid(ours, theirs, by_amount)
        self.assertEqual(other.payment_state, "not_paid", "another customer's invoice")
        payments = self.env["account.payment"].search(
            [("integration_remittance_ref", "=", "ACH-1")]
        )
        self.assertEqual(len(payments), 3)
        self.assertEqual(set(payments.journal_id.mapped("type")), {"bank"})
        self.assertEqual(payments.partner_id, self.customer)
        self.assertFalse(self.cash_exceptions())
        self.assertEqual(message._business_record(), payments.sorted("id")[:1])
        self.assertLogged(message, "process")
        self.assertIn("Remittance advice ACH-1", message.document_html)
        self.assertIn("THEIR-OWN-9", message.document_html)

    def test_short_payment_with_coded_deduction_then_accepted(self):
        invoice = self.invoice(750)
        message = self.receive_remittance(
            self.remittance(
                "ACH-2",
                {
                    "invoice_number": invoice.name,
                    "amount_invoiced": 750,
                    "amount_paid": 680,
                    "adjustments": [
                        {
                            "reason_code": "shortage",
                            "amount": 50,
                            "description": "2 cases short",
                        },
                        {"reason_code": "chargeback", "amount": 20, "reference": "CB-7"},
                    ],
                },
            )
        )
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(invoice.amount_residual, 70.0)
        exception = self.cash_exceptions(cash_invoice_id=invoice.id)
        self.assertEqual(exception.cash_kind, "short")
        self.assertEqual(exception.category, "business_rule")
        self.assertEqual(exception.cash_message_id, message)
        self.assertFalse(exception.message_id, "the remittance itself went through")
        self.assertIn(
            "Hub shortage: Shortage (Shortage) 50.00 (2 cases short)", exception.explanation
        )
        self.assertIn("Hub chargeback: Chargeback (Chargeback) 20.00", exception.explanation)
        self.assertIn("70.00 stays due", exception.explanation)
        self.assertEqual(
            exception.cash_deduction_ids.sorted("amount").mapped(
                lambda d: (d.kind, d.amount, d.reference)
            ),
            [("chargeback", 20.0, "CB-7"), ("shortage", 50.0, False)],
        )
        self.assertEqual(invoice.integration_deduction_ids, exception.cash_deduction_ids)

        self.assertEqual(self.env["integration.dashboard"].create({}).cash_deductions_open, 1)
        exception.action_cash_accept()
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(exception.cash_decision, "accepted")
        credit_note = exception.cash_credit_note_id
        self.assertEqual((credit_note.move_type, credit_note.state), ("out_refund", "posted"))
        self.assertEqual(credit_note.amount_total, 70.0)
        self.assertPaid(invoice)

    def test_dispute_keeps_the_invoice_open_and_writes_the_deductions_in_its_chatter(self):
        invoice = self.invoice(200)
        self.receive_remittance(
            self.remittance(
                "ACH-3",
                {
                    "invoice_number": invoice.name,
                    "amount_paid": 150,
                    "adjustments": [{"reason_code": "04", "code_list": "x12", "amount": 50}],
                },
            )
        )
        exception = self.cash_exceptions(cash_invoice_id=invoice.id)
        exception.action_cash_dispute()
        self.assertEqual((exception.state, exception.cash_decision), ("in_progress", "disputed"))
        self.assertEqual(exception.user_id, self.env.user)
        self.assertEqual(invoice.amount_residual, 50.0)
        self.assertIn(
            "X12 426 04: Item Not Accepted - Damaged (Damage): 50.00",
            invoice.message_ids[:1].body,
        )

    def test_short_payment_without_a_reason_is_an_exception_too(self):
        invoice = self.invoice(100)
        self.receive_remittance(
            self.remittance("ACH-4", {"invoice_number": invoice.name, "amount_paid": 90})
        )
        exception = self.cash_exceptions(cash_invoice_id=invoice.id)
        self.assertEqual(exception.cash_deduction_ids.kind, "other")
        self.assertEqual(exception.cash_deduction_ids.amount, 10.0)
        self.assertIn("Short payment without a reason", exception.explanation)

    def test_cash_discount_is_written_off_unless_the_line_also_deducts(self):
        company = self.env.company
        company.account_journal_early_pay_discount_loss_account_id = (
            company.account_journal_early_pay_discount_loss_account_id
            or self.env["account.account"].search(
                [("account_type", "=", "expense"), ("company_ids", "in", company.ids)], limit=1
            )
        )
        discounted = self.invoice(100)
        deducted = self.invoice(200)
        self.receive_remittance(
            self.remittance(
                "ACH-7",
                {
                    "invoice_number": discounted.name,
                    "amount_invoiced": 100,
                    "amount_paid": 98,
                    "discount_amount": 2,
                },
                {
                    "invoice_number": deducted.name,
                    "amount_invoiced": 200,
                    "amount_paid": 190,
                    "discount_amount": 4,
                    "adjustments": [{"reason_code": "pricing", "amount": 6}],
                },
            )
        )
        self.assertPaid(discounted)
        self.assertFalse(self.cash_exceptions(cash_invoice_id=discounted.id))
        self.assertEqual(deducted.amount_residual, 10.0)
        exception = self.cash_exceptions(cash_invoice_id=deducted.id)
        self.assertEqual(
            sorted(exception.cash_deduction_ids.mapped(lambda d: (d.kind, d.amount))),
            [("discount", 4.0), ("pricing", 6.0)],
        )

    def test_unmatched_line_is_booked_on_account_with_an_exception_naming_it(self):
        invoice = self.invoice(400)
        message = self.receive_remittance(
            self.remittance(
                "ACH-5",
                {"invoice_number": invoice.name, "amount_paid": 400},
                {"invoice_number": "INV-NOT-OURS", "amount_paid": 99.99},
            )
        )
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertPaid(invoice)
        exception = self.cash_exceptions(cash_kind="unmatched")
        self.assertEqual(len(exception), 1)
        self.assertIn("Line 2 of remittance ACH-5", exception.explanation)
        self.assertIn("INV-NOT-OURS", exception.explanation)
        payment = exception.cash_payment_id
        self.assertEqual(payment.amount, 99.99)
        self.assertIn(payment.state, ("in_process", "paid"))
        self.assertFalse(payment.is_reconciled)
        self.assertIn(payment.name, exception.explanation)
        dashboard = self.env["integration.dashboard"].create({})
        self.assertEqual(dashboard.cash_lines_unmatched, 1)
        # Reconciled by hand: a person says so and closes it.
        exception._ignore("It paid INV-7 of our old system; reconciled by hand.")
        self.assertEqual(exception.state, "ignored")
        self.assertEqual(message.state, "processed", "the remittance itself stays processed")
        self.assertEqual(self.env["integration.dashboard"].create({}).cash_lines_unmatched, 0)

    def test_the_same_remittance_received_twice_is_a_duplicate(self):
        invoice = self.invoice(250)
        document = self.remittance("ACH-6", {"invoice_number": invoice.name, "amount_paid": 250})
        first = self.receive_remittance(document)
        self.assertEqual(first.state, "processed", first.last_error)
        # The same bytes: recognised on receipt.
        again = self.receive_remittance(document)
        self.assertEqual((again.state, again.duplicate_of_id), ("duplicate", first))
        # Sent again in another file: recognised by the payer's payment reference.
        resent = self.receive_remittance(None, payload=json.dumps(document, indent=2).encode())
        self.assertEqual(resent.state, "failed")
        (exception,) = resent.exception_ids
        self.assertEqual(exception.category, "duplicate")
        self.assertIn("Remittance ACH-6 of Acme Retail was already received", exception.explanation)
        payments = self.env["account.payment"].search(
            [("integration_remittance_ref", "=", "ACH-6")]
        )
        self.assertEqual(len(payments), 1)

    def test_bank_csv_with_the_ready_layout(self):
        paid = self.invoice(300)
        short = self.invoice(500)
        lockbox = self.env["account.journal"].create(
            {"name": "Lockbox", "type": "bank", "code": "TLBX"}
        )
        self.remittance_flow.write(
            {
                "codec": "csv",
                "flat_layout_id": self.env.ref("integration_cash.flat_layout_remittance").id,
                "cash_journal_id": lockbox.id,
            }
        )
        head = f"LBX-77,{paid.invoice_date},ACME01,Acme Retail,{paid.currency_id.name},770,CHK"
        rows = [
            f"{head},{paid.name},,300,,,,",
            f"{head},{short.name},500,470,,damage,20,crushed",
            f"{head},{short.name},500,470,,pricing,10,",
        ]
        message = self.receive_remittance(None, payload=(CSV_HEADER + "\n".join(rows)).encode())
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertPaid(paid)
        self.assertEqual(short.amount_residual, 30.0)
        payments = self.env["account.payment"].search(
            [("integration_remittance_ref", "=", "LBX-77")]
        )
        self.assertEqual(payments.journal_id, lockbox, "the flow's journal")
        exception = self.cash_exceptions(cash_invoice_id=short.id)
        self.assertEqual(sorted(exception.cash_deduction_ids.mapped("kind")), ["damage", "pricing"])

    def test_layout_sample_previews_a_remittance(self):
        layout = self.env.ref("integration_cash.flat_layout_remittance")
        sample = CSV_HEADER + "R-1,2026-12-01,ACME01,Acme,USD,10,ACH,INV-1,,10,,,,\n"
        documents, problems = layout._preview(sample.encode())
        self.assertEqual(problems, [])
        self.assertEqual(documents[0]["lines"][0]["invoice_number"], "INV-1")
