# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from .common import AttackMixin, IntegrationCase, order_payload, run_jobs

# What a dry run must leave as it was.
TABLES = (
    "sale_order",
    "sale_order_line",
    "res_partner",
    "integration_message",
    "integration_log",
    "integration_exception",
    "ir_attachment",
    "queue_job",
    "mail_mail",
    "mail_message",
    "bus_bus",
)
ORDERS = 50
VIA_XREF = range(0, ORDERS, 5)  # every fifth order names the product by Acme's own code


def row_counts(env):
    env.flush_all()
    counts = {}
    for table in TABLES:
        env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
        counts[table] = env.cr.fetchone()[0]
    return counts


@tagged("post_install", "-at_install")
class TestReplay(IntegrationCase):
    """A manager replays processed orders after changing a cross-reference and sees, before
    anything is reprocessed, exactly the orders the change would alter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "replay_manager", groups="integration_core.group_integration_manager"
        )
        cls.gadget = cls.env["product.product"].create(
            {"name": "Gadget", "default_code": "GADGET-1", "type": "consu", "list_price": 9.0}
        )
        cls.xref = cls.env["integration.xref"].create(
            {
                "partner_id": cls.partner.id,
                "kind": "product",
                "external_code": "ACME-7",
                "product_id": cls.product.id,
            }
        )
        cls.messages = cls.env["integration.message"]
        for index in range(ORDERS):
            code = "ACME-7" if index in VIA_XREF else "WIDGET-1"
            payload = order_payload(f"PO-R{index:03}", product_code=code, quantity=index + 1)
            cls.messages |= cls.order_flow._receive(payload)
        run_jobs(cls.env, cls.since, limit=ORDERS * 2)
        assert set(cls.messages.mapped("state")) == {"processed"}, cls.messages.mapped("last_error")

    def replay(self, **values):
        """Replay as the manager, with mail tracking on as in production."""
        Replay = self.env["integration.replay"].with_context(tracking_disable=False)
        wizard = Replay.with_user(self.manager).create(values)
        wizard.action_replay()
        return wizard

    def test_a_changed_cross_reference_shows_exactly_the_orders_it_changes(self):
        self.xref.product_id = self.gadget
        # A notification due anyway: written (precommit), sent at commit (postcommit).
        self.env["bus.bus"]._sendone("replay-probe", "probe", {})
        self.env.cr.flush()
        before = row_counts(self.env)
        due = (dict(self.env.cr.precommit.data), dict(self.env.cr.postcommit.data))
        due = [{key: list(value) for key, value in data.items()} for data in due]
        numbering = self.env.ref("sale.seq_sale_order").number_next_actual

        wizard = self.replay(flow_id=self.order_flow.id, limit=ORDERS)

        self.assertEqual(row_counts(self.env), before, "the dry run wrote nothing")
        for data, expected in zip(
            (self.env.cr.precommit.data, self.env.cr.postcommit.data), due, strict=True
        ):
            self.assertEqual({key: list(value) for key, value in data.items()}, expected)
        self.env.ref("sale.seq_sale_order").invalidate_recordset()
        self.assertEqual(self.env.ref("sale.seq_sale_order").number_next_actual, numbering)
        self.assertEqual(len(wizard.line_ids), ORDERS)
        changed = wizard.line_ids.filtered(lambda line: line.verdict == "changed")
        via_xref = self.messages.filtered(lambda m: int(m.reference[-3:]) in VIA_XREF)
        self.assertEqual(changed.message_id, via_xref)
        for line in changed:
            self.assertEqual(
                line.changes,
                [["values", "Line 1: product", "[WIDGET-1] Widget", "[GADGET-1] Gadget"]],
            )
        self.assertEqual(changed[:1].changed_fields, "Line 1: product")
        self.assertIn("[GADGET-1] Gadget", changed[:1].diff_html)
        self.assertEqual(set((wizard.line_ids - changed).mapped("verdict")), {"unchanged"})
        self.assertEqual((wizard.changed_count, wizard.unchanged_count), (10, 40))
        self.assertIn("10 changed, 0 now failing, 40 unchanged", wizard.summary)
        # What was processed then is as it was: the orders keep their widgets.
        orders = self.env["sale.order"].browse(via_xref.mapped("res_id"))
        self.assertEqual(orders.order_line.product_id, self.product)

    def test_selected_messages_and_the_cap(self):
        picked = self.messages[:3]
        wizard = self.replay(message_ids=[Command.set(picked.ids)])
        self.assertEqual(wizard.line_ids.message_id, picked)
        self.assertEqual(set(wizard.line_ids.mapped("verdict")), {"unchanged"})
        with self.assertRaisesRegex(UserError, "between 1 and 500 messages per run, not 501"):
            self.replay(flow_id=self.order_flow.id, limit=501)

    def test_a_message_whose_decode_now_fails_shows_why(self):
        """A flat-file profile changed (the decimal separator) no longer reads what it read."""
        layout = self.env["integration.flat.layout"].create(
            {
                "name": "Acme orders (CSV)",
                "document_type": "order",
                "group_by": "order_ref",
                "column_ids": [
                    Command.create({"header": header, "path": path, "kind": kind, "position": n})
                    for n, (header, path, kind) in enumerate(
                        [
                            ("PO", "order_ref", "text"),
                            ("Date", "order_date", "date"),
                            ("Customer", "customer.external_id", "text"),
                            ("Line", "lines.line_ref", "text"),
                            ("SKU", "lines.product_code", "text"),
                            ("Qty", "lines.quantity", "decimal"),
                            ("Price", "lines.unit_price", "decimal"),
                        ],
                        1,
                    )
                ],
            }
        )
        flow = self.env["integration.flow"].create(
            {
                "name": "Acme CSV orders in",
                "code": "t-acme-csv",
                "partner_id": self.partner.id,
                "direction": "inbound",
                "document_type": "order",
                "codec": "csv",
                "flat_layout_id": layout.id,
            }
        )
        message = flow._receive(
            b"PO,Date,Customer,Line,SKU,Qty,Price\nPO-CSV-1,2026-11-20,ACME,1,WIDGET-1,5,12.5\n"
        )
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)
        layout.decimal_separator = ","

        line = self.replay(message_ids=[Command.set(message.ids)]).line_ids

        self.assertEqual((line.verdict, line.step), ("failing", "parse"))
        self.assertIn("row 2, column 7 (Price)", line.error)
        self.assertEqual(message.state, "processed")

        # The column read as a discount instead: the document and the order both change.
        layout.decimal_separator = "."
        layout.column_ids.filtered(lambda c: c.header == "Price").path = "lines.discount_percent"
        line = self.replay(message_ids=[Command.set(message.ids)]).line_ids
        self.assertEqual(line.verdict, "changed")
        self.assertEqual(
            line.changes,
            [
                ["canonical", "lines[1].unit_price", "12.5", None],
                ["canonical", "lines[1].discount_percent", None, "12.5"],
                ["values", "Line 1: unit price", 12.5, 10.0],
                ["values", "Line 1: discount", 0.0, 12.5],
            ],
        )


@tagged("post_install", "-at_install")
class TestReplayRights(AttackMixin, HttpCase, IntegrationCase):
    """Replaying is a manager's, over JSON-RPC as in the form, and within their companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.message = cls.order_flow._receive(order_payload("PO-RPC-1"))
        run_jobs(cls.env, cls.since)

    def test_only_a_manager_of_the_message_company_replays_it(self):
        values = {"message_ids": [Command.set(self.message.ids)]}
        before = self.row_counts()
        self.assertRefused(self.integration_user, "integration.replay", "create", values)
        self.assertRefused(self.internal_user, "integration.replay", "create", values)
        other = self.rpc(self.manager2, "integration.replay", "create", values)
        self.assertRefused(self.manager2, "integration.replay", "action_replay", [other])
        self.assertEqual(self.row_counts(), before)

        wizard = self.rpc(self.integration_manager, "integration.replay", "create", values)
        self.rpc(self.integration_manager, "integration.replay", "action_replay", [wizard])
        line = self.env["integration.replay"].browse(wizard).line_ids
        self.assertEqual((line.message_id, line.verdict), (self.message, "unchanged"))
