# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import AttackMixin, job_watermark, run_jobs
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

from .common import x12_sets

MANAGER = "integration_core.group_integration_manager"


@tagged("post_install", "-at_install")
class TestOnboardingTour(AttackMixin, HttpCase):
    """A manager onboards an X12 customer in one screen; the request its checklist shows
    makes a test quotation; only integration managers may run the wizard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Onboarding widget", "default_code": "NW-WIDGET", "list_price": 12.5}
        )
        cls.env.company.edi_our_id = False

    def test_x12_partner_onboarded_in_one_screen_and_its_test_850_quoted(self):
        since = job_watermark(self.env)
        self.start_tour(
            "/odoo/action-integration_core.action_integration_partner",
            "integration_onboarding_edi_tour",
            login=self.integration_manager.login,
            password=self.passwords[self.integration_manager.login],
        )
        partner = self.env["integration.partner"].search([("code", "=", "northwind-stores")])
        self.assertEqual(
            (partner.kind, partner.usage, partner.edi_standard, partner.edi_version),
            ("edi", "test", "x12", "004010"),
        )
        self.assertEqual((partner.edi_their_qualifier, partner.edi_their_id), ("ZZ", "NORTHWIND"))
        self.assertEqual((partner.edi_our_qualifier, partner.edi_our_id), ("ZZ", "HUBDISTRIB"))
        self.assertEqual(partner.edi_expected_ack, "997")
        self.assertEqual(self.env.company.edi_our_id, "HUBDISTRIB", "the next partner's default")
        flows = {(f.direction, f.document_type): f for f in partner.flow_ids}
        self.assertEqual(
            set(flows),
            {
                ("inbound", "order"),
                ("outbound", "order_ack"),
                ("outbound", "shipment_notice"),
                ("inbound", "functional_ack"),
                ("outbound", "functional_ack"),
            },
            "invoices were unchecked; 997s both ways",
        )
        self.assertEqual(set(partner.flow_ids.mapped("codec")), {"x12"})
        self.assertEqual(flows["outbound", "order_ack"].event, "order_confirmed")
        self.assertEqual(flows["outbound", "order_ack"].scope, "partner")
        self.assertEqual(len(partner.endpoint_ids.api_key_ids), 1)

        run_jobs(self.env, since)
        (file_message,) = flows["inbound", "order"].integration_message_ids.filtered(
            lambda m: not m.parent_id
        )
        self.assertEqual(file_message.state, "processed", file_message.last_error)
        order = file_message.child_ids._business_record()
        self.assertEqual(order.client_order_ref, "TEST-NORTHWIND-STORES-1")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.tag_ids.name, "Test")
        self.assertEqual(order.order_line.product_id, self.product)
        self.assertEqual(order.partner_id, partner.partner_id)

    def test_only_integration_managers_onboard(self):
        values = {"kind": "edi", "name": "Intruder", "edi_their_id": "X", "edi_our_id": "Y"}
        for user in (self.integration_user, self.portal_user, self.internal_user):
            self.assertRefused(user, "integration.onboarding", "create", values)
        wizard = self.env["integration.onboarding"].with_user(self.integration_manager)
        wizard = wizard.create(values)
        self.assertRefused(
            self.integration_user, "integration.onboarding", "action_create", [wizard.id]
        )
        self.assertRefused(
            self.integration_user, "integration.onboarding", "action_send_test", [wizard.id]
        )
        self.assertFalse(self.env["integration.partner"].search([("name", "=", "Intruder")]))


@tagged("post_install", "-at_install")
class TestOnboardingTemplates(TransactionCase):
    """Templates fill the screen; an EDIFACT partner over SFTP gets its mailbox paths and
    CONTRL flows; a partner exported as a template gives the same profile back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.manager = new_test_user(cls.env, "onb_manager", groups=MANAGER)
        cls.env.company.write({"edi_our_qualifier": "14", "edi_our_id": "5410000000001"})
        cls.env["product.product"].create(
            {"name": "Onboarding crate", "default_code": "KN-CRATE", "list_price": 7.0}
        )

    def test_edifact_template_over_sftp_then_exported(self):
        template = self.env.ref("integration_edi.partner_template_retail_edifact_d96a")
        env = self.env(user=self.manager, context={"default_kind": "edi"})
        with Form(env["integration.onboarding"]) as form:
            form.template_id = template
            self.assertEqual(form.edi_standard, "edifact")
            self.assertEqual(form.transport, "sftp")
            self.assertEqual((form.edi_our_qualifier, form.edi_our_id), ("14", "5410000000001"))
            form.name = "Kaufhaus Nord"
            form.edi_their_id = "4000000000002"
            form.host = "127.0.0.1"
            form.port = 9  # closed: what we send fails at once, retried
            form.username = "hub"
        wizard = form.record
        self.assertEqual(wizard.edi_their_qualifier, "14")
        wizard.action_create()
        partner = wizard.partner_id
        self.assertEqual((partner.edi_standard, partner.edi_version), ("edifact", "D96A"))
        self.assertEqual((partner.edi_expected_ack, partner.edi_ack_minutes), ("contrl", 240))
        self.assertEqual(partner.endpoint_ids.transport, "sftp")
        self.assertFalse(partner.endpoint_ids.api_key_ids, "files, no API key")
        self.assertIn("127.0.0.1:/out", wizard.checklist)
        self.assertFalse(wizard.curl)
        self.assertEqual(
            sorted(partner.flow_ids.mapped("code")),
            sorted(
                f"kaufhaus-nord-{code}"
                for code in (
                    "orders-in",
                    "ship-notices-out",
                    "invoices-out",
                    "contrl-in",
                    "contrl-out",
                )
            ),
        )
        self.assertEqual(
            partner.flow_ids.filtered(lambda f: f.direction == "inbound").mapped(
                "remote_directory"
            ),
            ["/out", "/out"],
        )

        # The test button: the sample ORDERS is received and read as the partner's order.
        since = job_watermark(self.env)
        action = wizard.action_send_test()
        message = self.env["integration.message"].browse(action["res_id"])
        self.assertEqual(message.flow_id.code, "kaufhaus-nord-orders-in")
        run_jobs(self.env, since)
        self.assertEqual(message.state, "processed", message.last_error)

        exported = partner.with_user(self.manager).action_export_template()
        copy = self.env["integration.partner.template"].browse(exported["res_id"])
        for name in (
            "kind",
            "transport",
            "document_ids",
            "edi_standard",
            "edi_version",
            "edi_their_qualifier",
            "edi_ack_minutes",
        ):
            self.assertEqual(copy[name], template[name], name)
        data_file = copy._data_file().decode()
        self.assertIn('model="integration.partner.template"', data_file)
        self.assertIn("ref('integration_edi.onboarding_document_edi_order_in')", data_file)
        self.assertIn('<field name="edi_version">D96A</field>', data_file)

    def test_x12_sample_reads_as_an_850(self):
        env = self.env(user=self.manager, context={"default_kind": "edi"})
        with Form(env["integration.onboarding"]) as form:
            form.name = "Acme Two"
            form.edi_their_id = "ACME2"
            form.x12_version = "005010"
        wizard = form.record
        self.assertEqual(wizard.edi_our_qualifier, "14", "the company's")
        wizard.action_create()
        flow = wizard.test_flow_id
        (x12_set,) = x12_sets(wizard._onboarding_sample(flow))
        self.assertEqual(x12_set.type, "850")
