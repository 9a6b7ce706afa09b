# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import json
import logging
import time
import uuid
from datetime import date

from odoo import Command
from odoo.addons.integration_core.tests.common import AttackMixin
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from ..services import webhooks
from .common import STANDARD_SECRET, ChannelHttpCase

PAYMENTS = "/api/integration/v1/channels/{code}/payments"
WEBHOOKS_LOGGER = "odoo.addons.integration_channels.controllers.webhooks"
STORED = ("integration_message", "ir_attachment", "integration_exception", "account_payment")


class PaymentEventsMixin:
    """A Standard Webhooks shop whose gateway posts payment events; two confirmed orders of
    60.00 and 120.00 (tax included) and the channel's journals and fee account."""

    channel_kind = "standard_webhooks"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.customer = env["res.partner"].create({"name": "Shop customer", "email": "c@x.test"})
        cls.gateway_journal = env["account.journal"].create(
            {"name": "Gateway balance", "code": "GWB", "type": "bank", "company_id": cls.company.id}
        )
        cls.bank_journal = env["account.journal"].create(
            {"name": "Payout bank", "code": "PBK", "type": "bank", "company_id": cls.company.id}
        )
        cls.fee_journal = env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.fee_account = env["account.account"].create(
            {"name": "Gateway fees", "code": "627900", "account_type": "expense"}
        )
        cls.channel.write(
            {
                "payment_journal_id": cls.gateway_journal.id,
                "fee_journal_id": cls.fee_journal.id,
                "fee_account_id": cls.fee_account.id,
                "payout_journal_id": cls.bank_journal.id,
            }
        )
        cls.payment_flow = cls.channel._flow("payments")
        cls.order1 = cls.shop_order("1001", 5)
        cls.order2 = cls.shop_order("1002", 10)

    @classmethod
    def shop_order(cls, shop_id, quantity):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "channel_id": cls.channel.id,
                "channel_order_id": shop_id,
                "client_order_ref": f"#{shop_id}",
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_a.id,
                            "product_uom_qty": quantity,
                            "price_unit": 10.0,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def invoice(self, order):
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    # ------------------------------------------------------------------ the gateway
    def signed(self, kind, data, webhook_id=None, timestamp=None, secret=STANDARD_SECRET):
        body = json.dumps(
            {"type": kind, "timestamp": "2026-12-02T10:00:00Z", "data": data}
        ).encode()
        webhook_id = webhook_id or f"msg_{uuid.uuid4().hex}"
        timestamp = str(int(timestamp or time.time()))
        headers = {
            "Content-Type": "application/json",
            "webhook-id": webhook_id,
            "webhook-timestamp": timestamp,
            "webhook-signature": webhooks.sign_standard(secret, webhook_id, timestamp, body),
        }
        return body, headers

    def post(self, body, headers, code=None):
        self.env.flush_all()
        return self.url_open(
            PAYMENTS.format(code=code or self.channel.code), data=body, headers=headers, timeout=60
        )

    def event(self, kind, data, **kwargs):
        """Post a signed payment event, run the pipeline; the message it made."""
        response = self.post(*self.signed(kind, data, **kwargs))
        self.assertIn(response.status_code, (200, 202), response.text)
        self.run_jobs()
        message = self.env["integration.message"].browse(response.json()["id"])
        message.invalidate_recordset()
        return message

    def capture(self, order, event_id, payment_id, amount, fee="0"):
        return self.event(
            "payment.captured",
            {
                "event_id": event_id,
                "payment_id": payment_id,
                "order_ref": order.channel_order_id,
                "amount": amount,
                "fee": fee,
                "currency": order.currency_id.name,
            },
        )

    def stored(self):
        result = {}
        for table in STORED:
            self.env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
            result[table] = self.env.cr.fetchone()[0]
        return result


@tagged("post_install", "-at_install")
class TestPaymentEvents(PaymentEventsMixin, ChannelHttpCase):
    def test_captured_pays_the_posted_invoice_or_the_one_it_creates(self):
        invoice = self.invoice(self.order1)
        self.assertEqual(invoice.amount_total, 60.0)
        message = self.capture(self.order1, "evt_c1", "pay_1", "60.00", fee="1.80")
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(message.flow_id, self.payment_flow)
        payment = message._business_record()
        self.assertEqual(payment._name, "account.payment")
        self.assertEqual(
            (payment.journal_id, payment.amount, payment.integration_gateway_ref),
            (self.gateway_journal, 60.0, "pay_1"),
        )
        self.assertEqual(invoice.payment_state, "paid")
        self.assertIn(payment, invoice.matched_payment_ids)

        # No invoice yet: a channel that matches invoices only opens an exception...
        failed = self.capture(self.order2, "evt_c2", "pay_2", "120.00")
        self.assertEqual(failed.state, "failed")
        self.assertEqual(failed.exception_ids.category, "business_rule")
        self.assertIn("no posted invoice", failed.exception_ids.explanation)
        # ...one that creates them invoices the order and pays it on Retry.
        self.channel.payment_invoice_policy = "create"
        failed.exception_ids.action_retry()
        self.run_jobs()
        self.assertEqual(failed.state, "processed", failed.last_error)
        self.assertEqual(self.order2.invoice_ids.payment_state, "paid")
        self.assertEqual(self.order2.invoice_ids.state, "posted")

    def test_payout_with_fees_reconciles_payments_books_fees_and_matches_the_bank(self):
        invoices = self.invoice(self.order1) | self.invoice(self.order2)
        self.capture(self.order1, "evt_c1", "pay_1", "60.00", fee="1.80")
        self.capture(self.order2, "evt_c2", "pay_2", "120.00", fee="3.60")
        payments = self.env["account.payment"].search([("integration_gateway_ref", "!=", False)])
        self.assertEqual(len(payments), 2)
        self.assertFalse(any(payments.mapped("is_matched")))
        st_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": date.today(),
                "payment_ref": "GATEWAY PAYOUT BANKREF-77",
                "amount": 174.60,
            }
        )
        message = self.event(
            "payout.paid",
            {
                "event_id": "evt_p1",
                "currency": "USD",
                "payout": {
                    "id": "po_1",
                    "date": date.today().isoformat(),
                    "amount": "174.60",
                    "fee": "5.40",
                    "bank_reference": "BANKREF-77",
                    "payments": [
                        {
                            "payment_id": "pay_1",
                            "order_ref": "1001",
                            "amount": "60.00",
                            "fee": "1.80",
                        },
                        {
                            "payment_id": "pay_2",
                            "order_ref": "1002",
                            "amount": "120.00",
                            "fee": "3.60",
                        },
                    ],
                },
            },
        )
        self.assertEqual(message.state, "processed", message.last_error)
        entry = message._business_record()
        self.assertEqual((entry._name, entry.state), ("account.move", "posted"))
        self.assertEqual(entry.journal_id, self.fee_journal)
        # Payments reconciled: their outstanding amounts are settled by the payout.
        payments.invalidate_recordset()
        self.assertTrue(all(payments.mapped("is_matched")))
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        # Fees booked: 5.40 to the fee account.
        fee_line = entry.line_ids.filtered(lambda line: line.account_id == self.fee_account)
        self.assertEqual((fee_line.debit, fee_line.credit), (5.40, 0.0))
        self.assertEqual(sum(entry.line_ids.mapped("credit")), 180.0)
        # The payout amount against the bank statement line.
        transit = entry._integration_transit_line()
        self.assertEqual(transit.debit, 174.60)
        self.assertTrue(transit.reconciled)
        self.assertTrue(entry.integration_payout_matched)
        st_line.invalidate_recordset()
        self.assertTrue(st_line.is_reconciled)
        counterpart = st_line.move_id.line_ids.filtered(
            lambda line: line.account_id == transit.account_id
        )
        self.assertEqual(
            (counterpart.credit, counterpart.full_reconcile_id), (174.60, transit.full_reconcile_id)
        )
        # The same payout event again is a duplicate; another event of the payout is
        # recognised as its repeat and books nothing.
        data = json.loads(message._payload())["data"]
        again = self.post(*self.signed("payout.paid", data))
        self.assertEqual((again.status_code, again.json()["duplicate"]), (200, True))
        repeat = self.event("payout.paid", dict(data, event_id="evt_p1bis"))
        self.assertEqual((repeat.state, repeat.duplicate_of_id), ("processed", message))
        self.assertEqual(
            self.env["account.move"].search_count([("integration_payout_ref", "=", "po_1")]), 1
        )

    def payout(self, event_id, payout_id, payment_id, amount, fee):
        net = f"{float(amount) - float(fee):.2f}"
        return self.event(
            "payout.paid",
            {
                "event_id": event_id,
                "currency": "USD",
                "payout": {
                    "id": payout_id,
                    "date": date.today().isoformat(),
                    "amount": net,
                    "fee": fee,
                    "payments": [{"payment_id": payment_id, "amount": amount, "fee": fee}],
                },
            },
        )

    def bank_line(self, label, amount):
        return self.env["account.bank.statement.line"].create(
            {"journal_id": self.bank_journal.id, "payment_ref": label, "amount": amount}
        )

    def test_payout_before_its_bank_line_is_matched_by_the_button_or_when_it_arrives(self):
        self.invoice(self.order1)
        self.invoice(self.order2)
        self.capture(self.order1, "evt_c1", "pay_1", "60.00", fee="1.80")
        self.capture(self.order2, "evt_c2", "pay_2", "120.00", fee="3.60")
        message = self.payout("evt_p2", "po_2", "pay_1", "60.00", "1.80")
        self.assertEqual(message.state, "processed", message.last_error)
        entry = message._business_record()
        self.assertFalse(entry.integration_payout_matched)
        with self.assertRaisesRegex(UserError, "No bank statement line"):
            entry.action_integration_match_payout()
        rent = self.bank_line("rent", 58.20)
        line = self.bank_line("GW", 58.20)
        self.assertFalse(entry.integration_payout_matched, "the amount alone does not match")
        # A person finds the line, notes the payout on it and matches.
        line.payment_ref = "GW transfer po_2"
        entry.action_integration_match_payout()
        self.assertTrue(entry.integration_payout_matched)
        self.assertTrue(line.is_reconciled)
        self.assertFalse(rent.is_reconciled)
        # A payout whose line is imported later is matched when it arrives.
        later = self.payout("evt_p3", "po_3", "pay_2", "120.00", "3.60")._business_record()
        self.assertFalse(later.integration_payout_matched)
        arrived = self.bank_line("Payout po_3", 116.40)
        self.assertTrue(later.integration_payout_matched)
        self.assertTrue(arrived.is_reconciled)

    def test_payout_of_an_unknown_payment_waits_in_the_queue(self):
        message = self.event(
            "payout.paid",
            {
                "event_id": "evt_p3",
                "currency": "USD",
                "payout": {
                    "id": "po_3",
                    "date": date.today().isoformat(),
                    "amount": "10.00",
                    "payments": [{"payment_id": "pay_404", "amount": "10.00"}],
                },
            },
        )
        self.assertEqual(message.state, "failed")
        self.assertIn("pay_404", message.exception_ids.explanation)

    def test_failed_payment_puts_the_order_on_hold_with_an_exception(self):
        message = self.event(
            "payment.failed",
            {
                "event_id": "evt_f1",
                "payment_id": "pay_9",
                "order_ref": "#1001",
                "amount": "60.00",
                "currency": "USD",
                "reason": "card declined",
            },
        )
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertTrue(self.order1.integration_hold)
        self.assertIn("card declined", self.order1.integration_hold_reason)
        exception = self.env["integration.exception"].search(
            [("sale_order_id", "=", self.order1.id)]
        )
        self.assertEqual((exception.state, exception.category), ("new", "business_rule"))
        self.assertIn("on hold", exception.explanation)
        self.assertTrue(exception.sale_order_on_hold)
        picking = self.order1.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        with self.assertRaisesRegex(UserError, "on hold"):
            picking.button_validate()
        quotation = self.order2.copy()
        self.assertFalse(quotation.integration_hold, "a copy is not held")
        exception.action_release_hold()
        self.assertFalse(self.order1.integration_hold)
        self.assertEqual(exception.state, "resolved")
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_refund_pays_the_credit_note_or_opens_an_exception(self):
        invoice = self.invoice(self.order1)
        self.capture(self.order1, "evt_c1", "pay_1", "60.00")
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "returned"})
        )
        credit_note = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        credit_note.action_post()
        refund = {
            "event_id": "evt_r1",
            "payment_id": "re_1",
            "order_ref": "1001",
            "amount": "60.00",
            "currency": "USD",
        }
        message = self.event("payment.refunded", refund)
        self.assertEqual(message.state, "processed", message.last_error)
        payment = message._business_record()
        self.assertEqual((payment.payment_type, payment.amount), ("outbound", 60.0))
        self.assertEqual(credit_note.payment_state, "paid")

        # Order 2 has no credit note: the refund is recorded, with an exception.
        self.invoice(self.order2)
        message = self.event(
            "payment.refunded", dict(refund, event_id="evt_r2", payment_id="re_2", order_ref="1002")
        )
        self.assertEqual(message.state, "processed", message.last_error)
        payment = message._business_record()
        self.assertEqual((payment.payment_type, payment.state), ("outbound", "in_process"))
        exception = self.env["integration.exception"].search(
            [("sale_order_id", "=", self.order2.id)]
        )
        self.assertEqual(exception.cause, "refund_unmatched")
        self.assertIn(payment.name, exception.fix_hint)

    def test_the_same_event_again_is_a_duplicate(self):
        self.invoice(self.order1)
        data = {
            "event_id": "evt_c1",
            "payment_id": "pay_1",
            "order_ref": "1001",
            "amount": "60.00",
            "currency": "USD",
        }
        body, headers = self.signed("payment.captured", data)
        first = self.post(body, headers)
        self.assertEqual(first.status_code, 202, first.text)
        self.run_jobs()
        # The same webhook-id again, then the same event under a new webhook-id.
        for again in (self.post(body, headers), self.post(*self.signed("payment.captured", data))):
            self.assertEqual(again.status_code, 200, again.text)
            self.assertTrue(again.json()["duplicate"])
            self.assertEqual(again.json()["id"], first.json()["id"])
        # Another event about the same gateway payment is processed as a duplicate.
        message = self.capture(self.order1, "evt_c1bis", "pay_1", "60.00")
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(message.duplicate_of_id.id, first.json()["id"])
        self.assertEqual(
            self.env["account.payment"].search_count([("integration_gateway_ref", "=", "pay_1")]), 1
        )

    def test_bad_or_missing_signature_is_401_and_stores_nothing(self):
        self.invoice(self.order1)
        data = {"event_id": "evt_x", "order_ref": "1001", "amount": "60.00", "currency": "USD"}
        body, headers = self.signed("payment.captured", data)
        other_secret = "whsec_" + base64.b64encode(b"not-the-channel-key-0123456789ab").decode()
        cases = {
            "tampered body": (body.replace(b"60.00", b"6.00"), headers),
            "wrong secret": self.signed("payment.captured", data, secret=other_secret),
            "no signature": (body, {k: v for k, v in headers.items() if k != "webhook-signature"}),
            "old timestamp": self.signed("payment.captured", data, timestamp=time.time() - 600),
        }
        self.run_jobs()  # what the set-up queued (stock publications) is not the webhooks'
        before = self.stored()
        for case, (case_body, case_headers) in cases.items():
            with self.subTest(case), self.assertLogs(WEBHOOKS_LOGGER, logging.INFO):
                response = self.post(case_body, case_headers)
                self.assertEqual(response.status_code, 401, response.text)
                self.assertEqual(response.json()["detail"], "The webhook signature is not valid.")
        with self.assertLogs(WEBHOOKS_LOGGER, logging.INFO):
            self.assertEqual(self.post(body, headers, code="no-such-shop").status_code, 401)
        self.run_jobs()
        self.assertEqual(self.stored(), before, "a refused payment event stores nothing")
        self.assertEqual(self.order1.invoice_ids.payment_state, "not_paid")
        # The good one is stored first (raw payload, its headers), then processed.
        response = self.post(body, headers)
        self.assertEqual(response.status_code, 202, response.text)
        message = self.env["integration.message"].browse(response.json()["id"])
        self.assertEqual(message._payload(), body)
        self.assertEqual(message.headers["webhook-id"], headers["webhook-id"])
        self.assertNotIn("webhook-signature", message.headers)

    def test_a_channel_without_its_payment_journal_says_what_to_set(self):
        self.invoice(self.order1)
        self.channel.payment_journal_id = False
        message = self.capture(self.order1, "evt_c1", "pay_1", "60.00")
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.exception_ids.category, "configuration")
        self.assertIn("has no Payment journal", message.exception_ids.explanation)
        self.channel.payment_journal_id = self.gateway_journal
        message.exception_ids.action_retry()
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)

    def test_payment_event_is_a_canonical_document_with_its_own_processor(self):
        self.assertEqual(
            (self.payment_flow.codec, self.payment_flow.processor),
            ("standard_webhooks", "payment_event"),
        )
        spec = self.url_open("/api/integration/v1/openapi.json").json()
        self.assertIn("PaymentEvent", spec["components"]["schemas"])
        self.assertIn("Payout", spec["components"]["schemas"])

    def test_other_types_are_ignored_and_bad_events_kept_with_a_parse_error(self):
        before = self.stored()
        response = self.post(*self.signed("customer.updated", {"id": 1}))
        self.assertEqual((response.status_code, response.json()["status"]), (200, "ignored"))
        self.assertEqual(self.stored(), before)
        response = self.post(
            *self.signed(
                "payment.captured",
                {"event_id": "evt_bad", "order_ref": "1001", "amount": "-5", "currency": "USD"},
            )
        )
        self.assertIn(response.status_code, (202, 400), response.text)
        self.run_jobs()
        answer = response.json()
        message = self.env["integration.message"].browse(answer.get("message_id") or answer["id"])
        self.assertEqual(message._payload()[:9], b'{"type": ')
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.exception_ids.category, "validation")
        self.assertIn("amount", message.last_error)


@tagged("post_install", "-at_install")
class TestPaymentHoldAccess(AttackMixin, PaymentEventsMixin, ChannelHttpCase):
    """Releasing a hold is for whoever may edit the order; the hold itself is the pipeline's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls._new_user("atk_sales", "sales_team.group_sale_salesman_all_leads")

    def test_hold_release_is_refused_to_portal_other_company_and_plain_users(self):
        self.event(
            "payment.failed",
            {"event_id": "evt_f9", "order_ref": "1001", "amount": "60.00", "currency": "USD"},
        )
        self.assertTrue(self.order1.integration_hold)
        exception = self.env["integration.exception"].search(
            [("sale_order_id", "=", self.order1.id)]
        )
        order = [self.order1.id]
        for user in (self.portal_user, self.internal_user, self.manager2):
            self.assertRefused(user, "sale.order", "action_integration_release_hold", order)
            self.assertRefused(user, "integration.exception", "action_release_hold", exception.ids)
        # Not even a salesman writes the hold: only Release hold clears it.
        self.assertRefused(self.salesman, "sale.order", "write", order, {"integration_hold": False})
        self.order1.invalidate_recordset()
        self.assertTrue(self.order1.integration_hold)
        self.assertEqual(exception.state, "new")
        self.rpc(self.salesman, "sale.order", "action_integration_release_hold", order)
        self.assertFalse(self.order1.integration_hold)
        self.assertEqual(exception.state, "resolved")
