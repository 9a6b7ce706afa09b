# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.addons.integration_core.tests.common import LocalPartnerMixin, job_watermark, run_jobs
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import EdiSetupMixin, segments, x12_file, x12_profile, x12_sets

MANAGER = "integration_core.group_integration_manager"
THEIRS, OURS = "BUYERSBX", "HUBSBX"


def order_850(po, control, usage="P"):
    return x12_file(
        THEIRS,
        OURS,
        control,
        "PO",
        [
            (
                "850",
                1,
                [
                    ("BEG", "00", "SA", po, None, "20261120"),
                    ("N1", "BY", "Sandbox Buyer", "92", "BUYER01"),
                    ("PO1", "1", "3", "EA", "12.5", None, "BP", "BUY-100"),
                    ("CTT", "1", "3"),
                ],
            )
        ],
        usage=usage,
    )


@tagged("post_install", "-at_install")
class TestNewPartnerAcknowledgesOnlyItsOrders(TransactionCase):
    """A new EDI partner and its 855 flow, created in the forms with their defaults, send
    855s only for the partner's own orders while other customers' orders are confirmed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.since = job_watermark(cls.env)
        cls.manager = new_test_user(cls.env, "sbx_manager", groups=MANAGER)
        Contact = cls.env["res.partner"]
        cls.northwind = Contact.create({"name": "Northwind Stores", "is_company": True})
        cls.northwind_dc = Contact.create(
            {"name": "Northwind DC 3", "parent_id": cls.northwind.id, "type": "delivery"}
        )
        cls.others = Contact.create([{"name": "Contoso Retail"}, {"name": "Fabrikam Shop"}])
        cls.product = cls.env["product.product"].create(
            {"name": "Sandbox widget", "default_code": "SBX-1", "type": "consu"}
        )

    def create_in_the_forms(self):
        """What a manager does in the UI: the partner, its mailbox, then the 855 flow."""
        env = self.env(user=self.manager)
        with Form(env["integration.partner"]) as form:
            form.name = "Northwind (EDI)"
            form.code = "northwind"
            form.kind = "edi"
            form.partner_id = self.northwind
            form.edi_standard = "x12"
            form.edi_version = "004010"
            form.edi_our_id = OURS
            form.edi_their_id = THEIRS
        partner = form.record
        with Form(env["integration.endpoint"]) as form:
            form.name = "Northwind mailbox"
            form.partner_id = partner
            form.transport = "manual"
        endpoint = form.record
        with Form(env["integration.flow"]) as form:
            form.name = "Northwind 855"
            form.code = "northwind-855"
            form.partner_id = partner
            form.direction = "outbound"
            form.document_type = "order_ack"
            form.codec = "x12"
            form.endpoint_id = endpoint
            form.mode = "event"
            form.event = "order_confirmed"
        return partner, endpoint, form.record

    def confirm(self, customer, ref):
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "client_order_ref": ref,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.action_confirm()
        return order

    def test_855s_only_for_the_partner_s_orders(self):
        partner, endpoint, flow = self.create_in_the_forms()
        self.assertEqual((partner.usage, endpoint.usage), ("test", "test"))
        self.assertEqual(flow.scope, "partner")
        self.assertEqual(flow.event_domain, "[]")
        own = self.confirm(self.northwind, "NW-1") | self.confirm(self.northwind_dc, "NW-2")
        others = self.confirm(self.others[0], "CO-1") | self.confirm(self.others[1], "FA-1")
        self.assertEqual(set(others.mapped("state")), {"sale"})
        run_jobs(self.env, self.since)
        messages = self.env["integration.message"].search([("flow_id", "=", flow.id)])
        self.assertEqual(messages.mapped(lambda m: m._business_record()), own)
        self.assertEqual(set(messages.mapped("state")), {"pending"}, "ready for download")
        sent_refs = {
            segments(x12_set, "BAK")[0][3]
            for message in messages
            for x12_set in x12_sets(message._payload())
        }
        self.assertEqual(sent_refs, {"NW-1", "NW-2"})


@tagged("post_install", "-at_install")
class TestX12Sandbox(EdiSetupMixin, LocalPartnerMixin, TransactionCase):
    """An X12 partner in test: its 850 becomes a quotation tagged Test and nothing is sent;
    once live, the same interchange becomes a confirmed order with its 997 and 855."""

    code = "t-edi-sbx"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()
        cls.partner.usage = "test"
        cls.manager = new_test_user(cls.env, "sbx_live_manager", groups=MANAGER)

    @classmethod
    def profile_values(cls):
        return x12_profile(OURS, THEIRS, edi_product_qualifiers="BP")

    def receive(self, payload):
        message = self.flows["in"]._receive(payload)
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)
        (po_message,) = message.child_ids
        self.assertEqual(po_message.state, "processed", po_message.last_error)
        return po_message

    def outbound_messages(self):
        return self.env["integration.message"].search(
            [("partner_id", "=", self.partner.id), ("direction", "=", "outbound")]
        )

    def test_a_test_interchange_creates_a_tagged_quotation_and_sends_nothing(self):
        self.assertEqual(self.partner.edi_usage, "T")
        self.assertEqual(self.endpoint.usage, "production")
        payload = order_850("PO-SBX-1", 7001)
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            po_message = self.receive(payload)
            marked_test = self.receive(order_850("PO-SBX-2", 7002, usage="T"))
        self.assertFalse(server.requests, "nothing reached the partner's production system")
        for message in po_message | marked_test:
            order = message._business_record()
            self.assertTrue(message.is_test)
            self.assertEqual(order.state, "draft")
            self.assertTrue(order.integration_test)
            self.assertEqual(order.tag_ids.name, "Test")
            self.assertFalse(order.picking_ids)
        replies = self.outbound_messages()
        self.assertEqual(len(replies), 2, "a 997 for each interchange, held")
        self.assertEqual(set(replies.mapped("state")), {"cancelled"})
        for reply in replies:
            self.assertIn(
                "never reaches production", self.assertLogged(reply, "cancel").description
            )

        checks = {check["key"]: check["ok"] for check in self.partner._go_live_checks()}
        self.assertFalse(checks["key"], "the inbound API endpoint has no key yet")
        with self.assertRaisesRegex(UserError, "API keys: No active API key"):
            self.partner.with_user(self.manager).action_go_live()
        self.env["integration.api.key"]._issue(self.endpoint, "Sandbox production")
        self.partner.with_user(self.manager).action_go_live()
        self.assertEqual((self.partner.usage, self.partner.edi_usage), ("production", "P"))

        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            live = self.receive(payload)
        order = live._business_record()
        self.assertFalse(live.is_test)
        self.assertEqual(order.state, "sale", "the same interchange, now a confirmed order")
        self.assertFalse(order.integration_test)
        sent = [
            x12_set.type for request in server.requests for x12_set in x12_sets(request["body"])
        ]
        self.assertEqual(sorted(sent), ["855", "997"])
        (isa,) = {request["body"][:106].split(b"*")[15] for request in server.requests}
        self.assertEqual(isa, b"P", "ISA15 of what we send in production")

    def assertLogged(self, message, event):
        logs = message.log_ids.filtered(lambda log: log.event == event)
        self.assertEqual(len(logs), 1, logs.mapped("description"))
        return logs
