# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import IntegrationCase, order_payload


@tagged("post_install", "-at_install")
class TestRouting(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["integration.routing.rule"].search([]).active = False  # demo rules
        cls.main_warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.west = cls.env["stock.warehouse"].create({"name": "West DC", "code": "WDC"})
        cls.other_company = cls.env["res.company"].create({"name": "Hub East Inc."})
        cls.east = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.other_company.id)], limit=1
        )
        cls.env.user.company_ids |= cls.other_company
        cls.rule = cls.env["integration.routing.rule"].create(
            {
                "name": "Nevada ships from West DC",
                "zip_prefix": "89",
                "company_id": cls.company.id,
                "warehouse_id": cls.west.id,
            }
        )

    def order_for(self, ref, zip_code):
        message = self.receive(
            order_payload(
                ref,
                ship_to={
                    "name": f"Store {zip_code}",
                    "street": "Main St",
                    "city": "X",
                    "zip": zip_code,
                    "country_code": "US",
                },
            )
        )
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)
        return message._business_record()

    def test_rule_names_the_warehouse(self):
        self.assertEqual(self.order_for("PO-1", "89501").warehouse_id, self.west)
        self.assertEqual(
            self.order_for("PO-2", "10001").warehouse_id,
            self.main_warehouse,
            "no rule matches: the flow company's warehouse",
        )

    def test_changing_the_rule_changes_where_the_next_order_goes(self):
        self.assertEqual(self.order_for("PO-1", "89501").warehouse_id, self.west)
        # A rule sends orders to another company only for the partner it names.
        self.rule.write(
            {
                "company_id": self.other_company.id,
                "warehouse_id": self.east.id,
                "integration_partner_id": self.partner.id,
            }
        )
        order = self.order_for("PO-2", "89502")
        self.assertEqual(order.company_id, self.other_company)
        self.assertEqual(order.warehouse_id, self.east)

    def test_availability_rule(self):
        self.rule.write({"zip_prefix": False, "require_availability": True})
        self.assertEqual(
            self.order_for("PO-1", "10001").warehouse_id,
            self.main_warehouse,
            "nothing in stock in West DC: the rule does not match",
        )
        self.env["stock.quant"]._update_available_quantity(self.product, self.west.lot_stock_id, 50)
        self.assertEqual(self.order_for("PO-2", "10001").warehouse_id, self.west)

    def test_customer_rule(self):
        self.rule.write({"zip_prefix": False, "customer_id": self.customer.id})
        self.assertEqual(self.order_for("PO-1", "10001").warehouse_id, self.west)
