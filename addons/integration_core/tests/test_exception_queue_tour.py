# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged

from .common import LocalPartnerMixin, job_watermark, order_payload, run_jobs


@tagged("post_install", "-at_install")
class TestExceptionQueueTour(LocalPartnerMixin, HttpCase):
    def test_user_fixes_a_cross_reference_and_retries(self):
        env = self.env
        new_test_user(
            env, "tour_user", password="tour_user", groups="integration_core.group_integration_user"
        )
        product = env["product.product"].create({"name": "Demo Widget", "type": "consu"})
        customer = env["res.partner"].create({"name": "Tour Retail"})
        partner = env["integration.partner"].create(
            {"name": "Tour EDI", "code": "tour", "partner_id": customer.id}
        )
        flow = env["integration.flow"].create(
            {
                "name": "Tour orders",
                "code": "tour-orders",
                "partner_id": partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        since = job_watermark(env)
        message = flow._receive(order_payload("PO-TOUR", product_code="ACME-404"))
        run_jobs(env, since)
        self.assertEqual(message.state, "failed")

        # The person sees the message processed in the same session: jobs run at once here,
        # as the job runner would run them right after the retry.
        with patch.dict(os.environ, {"QUEUE_JOB__NO_DELAY": "1"}):
            self.start_tour(
                "/odoo/action-integration_core.action_integration_exception",
                "integration_exception_queue_tour",
                login="tour_user",
            )
        env.invalidate_all()

        xref = env["integration.xref"].search([("external_code", "=", "ACME-404")])
        self.assertEqual(xref.product_id, product)
        run_jobs(env, since)
        self.assertEqual(message.state, "processed")
        self.assertEqual(message._business_record().order_line.product_id, product)

    def test_user_retries_several_exceptions_from_the_list(self):
        env = self.env
        user = new_test_user(
            env, "bulk_user", password="bulk_user", groups="integration_core.group_integration_user"
        )
        Exceptions = env["integration.exception"]
        Exceptions.search(Exceptions._open_domain())._resolve()  # the demo data's are not ours
        customer = env["res.partner"].create({"name": "Bulk Retail"})
        partner = env["integration.partner"].create(
            {"name": "Bulk EDI", "code": "bulk", "partner_id": customer.id}
        )
        flow = env["integration.flow"].create(
            {
                "name": "Bulk retail purchase orders received over AS2",
                "code": "bulk-orders",
                "partner_id": partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        since = job_watermark(env)
        messages = {
            code: flow._receive(order_payload(f"PO-{code}", product_code=code))
            for code in ("ACME-RED", "ACME-BLUE", "ACME-GREEN")
        }
        run_jobs(env, since)
        # Jobs are not run by the retry here: the rows show the retry under way.
        self.start_tour(
            "/odoo/action-integration_core.action_integration_exception",
            "integration_exception_bulk_retry_tour",
            login="bulk_user",
        )
        env.invalidate_all()
        states = {code: message.exception_ids.state for code, message in messages.items()}
        self.assertEqual(
            states, {"ACME-RED": "in_progress", "ACME-BLUE": "in_progress", "ACME-GREEN": "new"}
        )
        retry = messages["ACME-RED"].log_ids.filtered(lambda log: log.event == "retry")
        self.assertEqual(retry.description, f"Retry requested by {user.name}.")
