# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import html

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import IntegrationCase, order_payload

ORDERS_CSV = (
    "PO,Date,Customer,Line,SKU,Qty,Price\n"
    "PO-7001,2026-11-20,ACME,1,WIDGET-1,5,12.50\n"
    "PO-7001,2026-11-20,ACME,2,WIDGET-1,2,3.00\n"
)


def text_of(markup):
    """What a person reads in the rendered HTML: blocks and cells apart, white space
    collapsed."""
    root = html.fromstring(f"<div>{markup}</div>")
    for element in root.iter("div", "p", "li", "tr", "td", "th", "h3", "h5"):
        element.text = " " + (element.text or "")
        element.tail = " " + (element.tail or "")
    return " ".join(root.text_content().split())


@tagged("post_install", "-at_install")
class TestReadableDocuments(IntegrationCase):
    """The message form's Document and Readable pages, as a queue user sees them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env, "readable_user", groups="integration_core.group_integration_user"
        )

    def shown(self, message):
        """(document, readable) texts of ``message`` as the queue user reads them."""
        as_user = message.with_user(self.user)
        return text_of(as_user.document_html or ""), text_of(as_user.readable_html or "")

    def test_json_order_shows_its_document_and_labelled_keys(self):
        message = self.receive(order_payload(quantity=4))
        self.run_jobs()
        document, readable = self.shown(message)
        self.assertIn("Order PO-1001", document)
        self.assertIn("Ship to Acme DC 12 1 Dock Road 89501 Reno Country: US", document)
        self.assertIn(
            "Line Product Quantity Unit Unit price Amount 1 WIDGET-1 4 EA 12.5 50.00", document
        )
        self.assertIn("Lines: total amount 50.00", document)
        self.assertIn("lines[0].unit_price", readable)
        self.assertIn("unit_price Unit price lines[0].unit_price 12.5", readable)

    def test_unreadable_json_shows_its_text_and_the_error(self):
        message = self.receive(b'{"order_ref": "PO-1",\n "lines": [')
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        document, readable = self.shown(message)
        self.assertFalse(document)
        self.assertIn('1 {"order_ref": "PO-1",', readable)
        self.assertIn("The payload is not valid JSON", readable)
        self.assertIn("line 2, column", readable)

    def test_flat_file_cells_are_named_by_the_layout(self):
        layout = self.env["integration.flat.layout"].create(
            {
                "name": "Orders CSV",
                "document_type": "order",
                "group_by": "order_ref",
                "column_ids": [
                    (0, 0, {"path": path, "header": header, "kind": kind})
                    for path, header, kind in (
                        ("order_ref", "PO", "text"),
                        ("order_date", "Date", "date"),
                        ("customer.external_id", "Customer", "text"),
                        ("lines.line_ref", "Line", "text"),
                        ("lines.product_code", "SKU", "text"),
                        ("lines.quantity", "Qty", "decimal"),
                        ("lines.unit_price", "Price", "decimal"),
                    )
                ],
            }
        )
        self.order_flow.write({"codec": "csv", "flat_layout_id": layout.id})
        message = self.receive(ORDERS_CSV.encode())
        self.run_jobs()
        document, readable = self.shown(message)
        self.assertIn("column 6 (Qty): 5 → lines.quantity", readable)
        self.assertIn("3 data PO-7001,2026-11-20,ACME,2,WIDGET-1,2,3.00", readable)
        self.assertIn("Order PO-7001", document)
        self.assertIn("Lines: total amount 68.50", document)

        bad = self.receive(ORDERS_CSV.replace(",2,3.00", ",two,3.00").encode())
        self.run_jobs()
        self.assertEqual(bad.state, "failed")
        _document, readable = self.shown(bad)
        self.assertIn("column 6 (Qty): 'two' is not a number", readable)

    def test_outbound_flat_file_is_read_with_its_layout(self):
        layout = self.env["integration.flat.layout"].create(
            {
                "name": "Acks CSV",
                "document_type": "order_ack",
                "column_ids": [
                    (0, 0, {"path": path, "header": header, "kind": kind, "position": index})
                    for index, (path, header, kind) in enumerate(
                        (
                            ("order_ref", "PO", "text"),
                            ("ack_date", "Date", "date"),
                            ("status", "Status", "text"),
                            ("lines.line_ref", "Line", "text"),
                            ("lines.product_code", "SKU", "text"),
                            ("lines.quantity_ordered", "Ordered", "decimal"),
                            ("lines.quantity_accepted", "Accepted", "decimal"),
                            ("lines.status", "Line status", "text"),
                        ),
                        1,
                    )
                ],
            }
        )
        acks = self.order_ack_flow(codec="csv", flat_layout_id=layout.id)
        self.receive(order_payload(quantity=3))
        self.run_jobs()
        ack = self.env["integration.message"].search([("flow_id", "=", acks.id)])
        self.assertTrue(ack.has_payload, ack.last_error)
        document, readable = self.shown(ack)
        self.assertIn("column 7 (Accepted): 3 → lines.quantity_accepted", readable)
        self.assertIn("column 8 (Line status): accepted → lines.status", readable)
        self.assertIn("Order acknowledgement PO-1001", document)

    def test_masked_flow_hides_the_payload_view_and_masks_the_document(self):
        self.order_flow.masked_fields = "ship_to.street"
        message = self.receive(order_payload())
        self.run_jobs()
        document, readable = self.shown(message)
        self.assertFalse(readable)
        self.assertNotIn("1 Dock Road", document)
        self.assertIn("Reno", document)
        self.assertIn("1 Dock Road", text_of(message.readable_html), "managers read it")

    def test_only_who_may_read_the_message_reads_its_views(self):
        message = self.receive(order_payload())
        self.run_jobs()
        other_company = self.env["res.company"].create({"name": "Readable subsidiary"})
        outsiders = (
            new_test_user(self.env, "readable_internal", groups="base.group_user"),
            new_test_user(
                self.env,
                "readable_other_company",
                groups="integration_core.group_integration_user",
                company_id=other_company.id,
                company_ids=[Command.set(other_company.ids)],
            ),
        )
        for user in outsiders:
            with self.assertRaises(AccessError, msg=user.login):
                message.with_user(user).read(["readable_html", "document_html"])

    def test_printed_document(self):
        message = self.receive(order_payload())
        self.run_jobs()
        report = self.env["ir.actions.report"].with_user(self.user)
        rendered, _kind = report._render_qweb_html(
            "integration_core.report_message_document", message.ids
        )
        page = text_of(rendered.decode())
        self.assertIn("Order PO-1001", page)
        self.assertIn(message.name, page)
