# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools.safe_eval import safe_eval

from .common import (
    IntegrationCase,
    LocalPartnerMixin,
    call_kw,
    job_watermark,
    order_payload,
    run_jobs,
)

USER_GROUP = "integration_core.group_integration_user"


def default_records(env, action_xmlid):
    """What an action's list shows when it opens: its domain and the search filters its
    context turns on by default (each in its own group, so and-ed), as the web client does."""
    action = env["ir.actions.act_window"]._for_xml_id(action_xmlid)
    Model = env[action["res_model"]]
    domain = safe_eval(action.get("domain") or "[]", {"uid": env.uid})
    context = safe_eval(action.get("context") or "{}", {"uid": env.uid})
    arch = Model.get_view(action["search_view_id"][0], "search")["arch"]
    for node in etree.fromstring(arch).iter("filter"):
        if context.get(f"search_default_{node.get('name')}"):
            domain += safe_eval(node.get("domain"), {"uid": env.uid})
    return Model.search(domain)


@tagged("post_install", "-at_install")
class TestExceptionQueueActions(IntegrationCase):
    """What a person working the queue sees and gets after acting on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, "queue_user", groups=USER_GROUP)
        # The queue starts empty: the demo data's exceptions are not these tests'.
        Exceptions = cls.env["integration.exception"]
        Exceptions.search(Exceptions._open_domain())._resolve()

    def failed(self, *codes, flow=None):
        """One failed exception per unknown product code, on ``flow``."""
        messages = [
            self.receive(order_payload(f"PO-{code}", product_code=code), flow=flow)
            for code in codes
        ]
        self.run_jobs()
        return self.env["integration.exception"].browse(
            [message.exception_ids.id for message in messages]
        )

    def test_bulk_retry_tells_the_user_and_reloads_the_view_in_place(self):
        exceptions = self.failed("NOPE-1", "NOPE-2")
        action = exceptions.with_user(self.user).action_retry()
        self.assertEqual(
            (action["type"], action["tag"]), ("ir.actions.client", "display_notification")
        )
        self.assertIn("Retry started for 2 exception(s)", action["params"]["message"])
        self.assertIn(exceptions[0].name, action["params"]["message"])
        self.assertEqual(action["params"]["next"]["tag"], "soft_reload", "rows updated in place")
        self.assertEqual(exceptions.mapped("state"), ["in_progress"] * 2)
        retry = self.env.ref("integration_core.action_server_integration_exception_retry")
        bulk = (
            retry.with_user(self.user)
            .with_context(active_model=exceptions._name, active_ids=exceptions.ids)
            .run()
        )
        self.assertEqual(bulk["tag"], "display_notification", "the list's Retry too")
        wizard = (
            self.env["integration.ignore.wizard"]
            .with_user(self.user)
            .with_context(active_ids=exceptions.ids)
            .create({"reason": "sent twice"})
        )
        ignored = wizard.action_ignore()
        self.assertIn("2 exception(s) ignored", ignored["params"]["message"])
        self.assertEqual(ignored["params"]["next"]["type"], "ir.actions.act_window_close")
        self.assertEqual(exceptions.mapped("state"), ["ignored"] * 2)
        with self.assertRaisesRegex(UserError, "Not waiting for approval"):
            self.failed("NOPE-9").with_user(self.user).action_approve()

    def bus_notifications(self, user):
        """The simple notifications sent to ``user`` through the bus (as committed)."""
        self.env.cr.precommit.run()
        channel = [self.env.cr.dbname, "res.partner", user.partner_id.id]
        rows = self.env["bus.bus"].search([("channel", "=", json.dumps(channel, separators=",:"))])
        messages = [json.loads(row.message) for row in rows]
        return [m["payload"] for m in messages if m["type"] == "simple_notification"]

    def test_who_retried_is_told_through_the_bus_how_it_ended(self):
        unfixed, fixed = self.failed("NOPE-10", "NOPE-11")
        (unfixed | fixed).with_user(self.user).action_retry()
        self.env["integration.xref"].create(
            {
                "partner_id": self.partner.id,
                "kind": "product",
                "external_code": "NOPE-11",
                "product_id": self.product.id,
            }
        )
        self.assertFalse(self.bus_notifications(self.user), "nothing settled yet")
        self.run_jobs()
        self.assertEqual((unfixed.state, fixed.state), ("new", "resolved"))
        told = {n["message"]: (n["type"], n["sticky"]) for n in self.bus_notifications(self.user)}
        self.assertEqual(
            told,
            {
                f"{fixed.name} is resolved.": ("success", False),
                f"{unfixed.name} failed again: {unfixed.explanation}": ("warning", True),
            },
        )
        self.assertFalse((unfixed | fixed).retried_by_id, "told once")

    def test_next_exception_follows_the_list_order_and_wraps(self):
        exceptions = self.failed("NOPE-3", "NOPE-4", "NOPE-5")
        test_flow = self.order_flow.copy({"code": "t-acme-test", "test_mode": True})
        self.failed("NOPE-6", flow=test_flow)
        in_list_order = self.env["integration.exception"].search(
            [("id", "in", exceptions.ids)]
        )  # the list's order: priority, newest first
        opened = [in_list_order[0]]
        for _step in range(3):
            action = opened[-1].with_user(self.user).action_next_exception()
            opened.append(self.env["integration.exception"].browse(action["res_id"]))
        self.assertEqual(opened, [*in_list_order, in_list_order[0]], "test traffic skipped")
        (exceptions - in_list_order[0])._resolve()
        action = in_list_order[0].with_user(self.user).action_next_exception()
        self.assertEqual(action["tag"], "display_notification", "nothing else to work")

    def test_an_approval_exception_shows_the_order(self):
        self.order_flow.approval_required = True
        message = self.receive(
            order_payload(
                "PO-APPROVE",
                lines=[
                    {
                        "line_ref": "1",
                        "product_code": "WIDGET-1",
                        "quantity": 4,
                        "unit_price": 12.5,
                    },
                    {
                        "line_ref": "2",
                        "product_code": "GADGET-9",
                        "description": "Gadget, blue",
                        "quantity": 2,
                        "unit_price": "3.25",
                    },
                ],
                shipping={"amount": 7},
            )
        )
        self.run_jobs()
        approval = message.exception_ids.with_user(self.user)
        self.assertEqual(approval.category, "approval")
        order = approval.order_html
        for shown in (
            "Acme Retail",
            "PO-APPROVE",
            "[WIDGET-1] Widget",
            "GADGET-9 (not mapped)",
            "Gadget, blue",
            "<td>4 EA</td>",
            "<td>12.50</td>",
            "<td>50.00</td>",
            "<td>6.50</td>",
            "<td>Shipping</td><td>7.00</td>",
            "<td>Total</td><td>63.50</td>",
        ):
            self.assertIn(shown, order)
        action = approval.action_approve()
        self.assertIn("1 exception(s) approved", action["params"]["message"])
        self.assertEqual(message.approved_by_id, self.user)

    def test_fixing_a_cross_reference_shows_the_partners_description_and_logs_it(self):
        message = self.receive(
            order_payload(
                "PO-XREF",
                lines=[
                    {
                        "line_ref": "1",
                        "product_code": "ACME-77",
                        "description": "Widget, 12 pack, red",
                        "quantity": 1,
                    }
                ],
            )
        )
        self.run_jobs()
        exception = message.exception_ids.with_user(self.user)
        self.assertEqual(exception.line_description, "Widget, 12 pack, red")
        action = exception.action_fix_xref()
        self.assertEqual(action["context"]["default_description"], "Widget, 12 pack, red")
        Xref = self.env["integration.xref"].with_user(self.user).with_context(**action["context"])
        with Form(Xref) as form:
            form.product_id = self.product
        self.assertEqual(form.record.description, "Widget, 12 pack, red")
        note = (
            f"{self.user.name} mapped Product code ACME-77 (Widget, 12 pack, red) to "
            f"{self.product.display_name}."
        )
        chatter = self.env["mail.message"].search(
            [("model", "=", exception._name), ("res_id", "=", exception.id)], limit=1
        )
        self.assertIn(note, chatter.body)
        self.assertEqual(chatter.author_id, self.user.partner_id)
        self.assertLogged(message, "xref", count=1)
        self.assertIn(note, message.log_ids.filtered(lambda log: log.event == "xref").description)

    def test_rejected_payloads_and_test_traffic_stay_out_of_the_working_queue(self):
        real = self.failed("NOPE-7")
        rejected = self.receive(b'{"order_ref": "PO-BAD"}')
        self.assertTrue(rejected._preflight(), "the API answers 400")
        test_flow = self.order_flow.copy({"code": "t-acme-test", "test_mode": True})
        test = self.failed("NOPE-8", flow=test_flow)
        self.assertTrue(rejected.exception_ids.rejected_at_receipt)
        self.assertTrue(test.is_test)
        user_env = self.env(user=self.user)
        queue = default_records(user_env, "integration_core.action_integration_exception")
        self.assertEqual(queue.ids, real.ids, "the working queue: real, actionable exceptions")
        self.assertEqual(
            default_records(user_env, "integration_core.action_integration_exception_rejected").ids,
            rejected.exception_ids.ids,
        )
        self.assertEqual(
            default_records(user_env, "integration_core.action_integration_exception_test").ids,
            test.ids,
        )


@tagged("post_install", "-at_install")
class TestQueueUserOpensBusinessRecords(LocalPartnerMixin, HttpCase):
    """A user with only the Integration User group opens, read-only, the business records
    of the exceptions they work, over JSON-RPC as the browser does."""

    def test_queue_user_reads_the_order_delivery_and_invoice_but_writes_nothing(self):
        env = self.env
        user = new_test_user(env, "queue_only", password="queue_only-Pw-2026", groups=USER_GROUP)
        product = env["product.product"].create(
            {"name": "Widget", "default_code": "WIDGET-1", "type": "consu"}
        )
        customer = env["res.partner"].create({"name": "Acme Retail"})
        partner = env["integration.partner"].create(
            {"name": "Acme", "code": "t-acme", "partner_id": customer.id, "usage": "production"}
        )
        flow = env["integration.flow"].create(
            {
                "name": "Acme orders",
                "code": "t-acme-orders",
                "partner_id": partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        since = job_watermark(env)
        message = flow._receive(order_payload("PO-OPEN", product_code="ACME-1"))
        run_jobs(env, since)
        exception = message.exception_ids
        env["integration.xref"].create(
            {
                "partner_id": partner.id,
                "kind": "product",
                "external_code": "ACME-1",
                "product_id": product.id,
            }
        )
        exception.action_retry()
        run_jobs(env, since)
        order = message._business_record()
        self.assertEqual((message.state, order.state), ("processed", "sale"))

        self.authenticate("queue_only", "queue_only-Pw-2026")
        action = call_kw(self, "integration.exception", "action_open_record", [exception.id])
        self.assertEqual((action["res_model"], action["res_id"]), ("sale.order", order.id))
        invoice = order._create_invoices()
        self.assertTrue(order.picking_ids and invoice)
        for record in (order, order.picking_ids, invoice):
            # What the form view reads when it opens, read by the user as the browser does.
            spec = Form(record.with_user(user))._view["fields_spec"]
            [values] = call_kw(self, record._name, "web_read", [record.id], specification=spec)
            self.assertEqual(values["name"], record.name)

        for model, record_id, values in (
            ("integration.exception", exception.id, {"state": "new"}),
            ("integration.message", message.id, {"state": "failed"}),
            ("sale.order", order.id, {"client_order_ref": "changed"}),
        ):
            with self.assertRaises(JsonRpcException, msg=model) as caught:
                call_kw(self, model, "write", [record_id], values)
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError", model)
        self.assertEqual((exception.state, order.client_order_ref), ("resolved", "PO-OPEN"))
