# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import LocalPartnerMixin, job_watermark, order_payload, run_jobs


@tagged("post_install", "-at_install")
class TestReplayTour(LocalPartnerMixin, HttpCase):
    def test_manager_replays_selected_messages_and_reads_the_diff(self):
        env = self.env
        new_test_user(
            env,
            "replay_tour",
            password="replay_tour",
            groups="integration_core.group_integration_manager",
        )
        widget = env["product.product"].create(
            {"name": "Widget", "default_code": "WIDGET-1", "type": "consu"}
        )
        gadget = env["product.product"].create(
            {"name": "Gadget", "default_code": "GADGET-1", "type": "consu"}
        )
        customer = env["res.partner"].create({"name": "Replay Retail"})
        partner = env["integration.partner"].create(
            {"name": "Replay EDI", "code": "replay", "partner_id": customer.id}
        )
        flow = env["integration.flow"].create(
            {
                "name": "Replay orders",
                "code": "replay-orders",
                "partner_id": partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        xref = env["integration.xref"].create(
            {
                "partner_id": partner.id,
                "kind": "product",
                "external_code": "RR-7",
                "product_id": widget.id,
            }
        )
        since = job_watermark(env)
        flow._receive(order_payload("PO-REPLAY-1"))
        flow._receive(order_payload("PO-REPLAY-2", product_code="RR-7"))
        run_jobs(env, since)
        xref.product_id = gadget
        orders = env["sale.order"].search_count([])

        self.start_tour(
            "/odoo/action-integration_core.action_integration_message",
            "integration_replay_tour",
            login="replay_tour",
        )

        env.invalidate_all()
        self.assertEqual(env["sale.order"].search_count([]), orders)
