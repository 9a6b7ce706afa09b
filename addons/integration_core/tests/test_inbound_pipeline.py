# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from psycopg2.errors import UniqueViolation

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import IntegrationCase, order_payload


@tagged("post_install", "-at_install")
class TestInboundPipeline(IntegrationCase):
    def test_order_becomes_confirmed_sale_order(self):
        message = self.receive(order_payload())
        self.assertEqual(message.state, "received")
        self.assertTrue(message.payload_attachment_id, "the raw payload is stored at once")
        self.run_jobs()
        self.assertEqual(message.state, "processed")
        order = message._business_record()
        self.assertEqual(order._name, "sale.order")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.client_order_ref, "PO-1001")
        self.assertEqual(order.order_line.product_id, self.product)
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(order.order_line.price_unit, 12.5)
        self.assertEqual(order.order_line.integration_line_ref, "1")
        self.assertEqual(order.partner_shipping_id.parent_id, self.customer)
        self.assertEqual(order.partner_shipping_id.city, "Reno")
        self.assertEqual(order.integration_correlation_id, message.correlation_id)
        self.assertEqual(
            message.log_ids.sorted("id").mapped("event"),
            ["received", "parse", "validate", "map", "process", "process"],
        )

    def test_quotation_when_flow_does_not_confirm(self):
        self.order_flow.confirm_orders = False
        message = self.receive(order_payload())
        self.run_jobs()
        self.assertEqual(message._business_record().state, "draft")

    def test_same_payload_again_is_a_duplicate_and_creates_nothing(self):
        first = self.receive(order_payload())
        self.run_jobs()
        orders_before = self.env["sale.order"].search_count([])
        again = self.receive(order_payload())
        self.assertEqual(again.state, "duplicate")
        self.assertEqual(again.duplicate_of_id, first)
        self.assertEqual(again.correlation_id, first.correlation_id)
        self.assertTrue(again.payload_attachment_id, "a duplicate's bytes are stored too")
        self.assertEqual(self.run_jobs(), 0, "nothing is queued for a duplicate")
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)

    def test_idempotency_key_header_wins_over_content(self):
        first = self.receive(order_payload(), idempotency_key="key-1")
        second = self.receive(order_payload(order_ref="PO-2"), idempotency_key="key-1")
        self.assertEqual(second.state, "duplicate")
        self.assertEqual(second.duplicate_of_id, first)
        third = self.receive(order_payload(), idempotency_key="key-2")
        self.assertEqual(third.state, "received", "another key is another message")

    def test_idempotency_key_is_a_database_constraint(self):
        first = self.receive(order_payload(), idempotency_key="k")
        other = self.receive(order_payload(order_ref="PO-9"), idempotency_key="k2")
        with self.assertRaises(UniqueViolation), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.cr.execute(
                "UPDATE integration_message SET idempotency_key = %s WHERE id = %s",
                (first.idempotency_key, other.id),
            )

    def test_same_purchase_order_with_other_content_is_a_business_duplicate(self):
        self.receive(order_payload())
        self.run_jobs()
        again = self.receive(order_payload(quantity=7))
        self.run_jobs()
        self.assertEqual(again.state, "failed")
        exception = again.exception_ids
        self.assertEqual(exception.category, "duplicate")
        self.assertIn("PO-1001", exception.explanation)
        self.assertEqual(
            self.env["sale.order"].search_count([("client_order_ref", "=", "PO-1001")]), 1
        )

    def test_malformed_json_is_stored_and_explained(self):
        message = self.receive(b'{"order_ref": "PO-1", oops}')
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        self.assertEqual(message._payload(), b'{"order_ref": "PO-1", oops}')
        exception = message.exception_ids
        self.assertEqual(exception.category, "parsing")
        self.assertEqual(exception.state, "new")
        self.assertIn("line 1, column", exception.explanation)
        self.assertTrue(exception.fix_hint)

    def test_invalid_document_names_the_field(self):
        payload = json.loads(order_payload())
        payload["lines"][0]["quantity"] = 0
        del payload["customer"]["external_id"]
        message = self.receive(json.dumps(payload))
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        exception = message.exception_ids
        self.assertEqual(exception.category, "validation")
        self.assertIn("lines[0].quantity", exception.explanation)
        self.assertIn("customer.external_id", exception.explanation)

    def test_unknown_product_then_cross_reference_then_retry(self):
        message = self.receive(order_payload(product_code="ACME-404"))
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        exception = message.exception_ids
        self.assertEqual(exception.category, "mapping")
        self.assertEqual((exception.xref_kind, exception.external_code), ("product", "ACME-404"))
        self.assertIn("ACME-404", exception.explanation)
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "PO-1001")]))
        # Found by the PO number, as the search views of messages and exceptions do.
        self.assertEqual(message.reference, "PO-1001")
        by_reference = [("reference", "ilike", "PO-1001")]
        self.assertEqual(self.env["integration.exception"].search(by_reference), exception)
        self.assertEqual(self.env["integration.message"].search(by_reference), message)
        # The person fixes the cross-reference and retries.
        action = exception.action_fix_xref()
        self.assertEqual(action["context"]["default_external_code"], "ACME-404")
        self.env["integration.xref"].create(
            {
                "partner_id": self.partner.id,
                "kind": "product",
                "external_code": "ACME-404",
                "product_id": self.product.id,
            }
        )
        exception.action_retry()
        self.assertEqual(exception.state, "in_progress")
        self.assertEqual(message.state, "validated", "retry resumes at the failed step")
        self.run_jobs()
        self.assertEqual(message.state, "processed")
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(message._business_record().order_line.product_id, self.product)

    def test_long_order_products_by_code_cross_reference_or_gtin_in_bulk(self):
        products = self.env["product.product"].create(
            [
                {"name": f"Bulk {n}", "default_code": f"BULK-{n:02d}", "barcode": f"40000{n:05d}"}
                for n in range(40)
            ]
        )
        self.env["integration.xref"].create(
            {
                "partner_id": self.partner.id,
                "kind": "product",
                "external_code": "ACME-7",
                "product_id": products[7].id,
            }
        )

        def line(n):
            code = {7: "ACME-7", 9: "THEIR-9"}.get(n, f"BULK-{n:02d}")
            gtin = f"40000{n:05d}" if n == 9 else None
            return {"line_ref": str(n), "product_code": code, "gtin": gtin, "quantity": 1}

        orders = iter(range(100))

        def map_queries(count):
            """Map an order of ``count`` lines; return the queries the map step made."""
            payload = order_payload(
                order_ref=f"PO-BULK-{next(orders)}", lines=[line(n) for n in range(count)]
            )
            message = self.receive(payload)
            message._run_one_step("parse")
            message._run_one_step("validate")
            before = self.env.cr.sql_log_count
            message._run_one_step("map")
            self.assertEqual(message.state, "mapped", message.last_error)
            mapped = [item["product_id"] for item in message.mapped_values["lines"]]
            self.assertEqual(mapped, products[:count].ids, "code, cross-reference (7), GTIN (9)")
            return self.env.cr.sql_log_count - before

        map_queries(10)  # caches warm
        self.assertEqual(map_queries(40), map_queries(10), "queries do not grow with the lines")

    def test_edit_payload_keeps_the_original(self):
        message = self.receive(b"not json")
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        wizard = (
            self.env["integration.payload.edit.wizard"]
            .with_context(default_message_id=message.id)
            .create({"note": "fixed JSON", "payload": order_payload().decode()})
        )
        self.assertEqual(message.revision_count, 1)
        wizard.action_reprocess()
        self.run_jobs()
        self.assertEqual(message.state, "processed")
        self.assertEqual(message.revision_count, 2)
        self.assertEqual(message.revision_ids.sorted("id")[0].raw, b"not json")

    def test_ignore_cancels_the_message_with_the_reason(self):
        message = self.receive(b"[]")
        self.run_jobs()
        exception = message.exception_ids
        wizard = (
            self.env["integration.ignore.wizard"]
            .with_context(active_ids=exception.ids)
            .create({"reason": "test file from the partner"})
        )
        wizard.action_ignore()
        self.assertEqual(exception.state, "ignored")
        self.assertEqual(exception.ignore_reason, "test file from the partner")
        self.assertEqual(message.state, "cancelled")

    def test_retry_is_queued_once(self):
        message = self.receive(b"oops")
        self.run_jobs()
        message.action_retry()
        message.action_retry()
        jobs = self.env["queue.job"].search(
            [
                ("state", "=", "pending"),
                ("model_name", "=", "integration.message"),
                ("id", ">", self.since),
            ]
        )
        self.assertEqual(len(jobs), 1, "the identity key keeps a message from queuing twice")

    def test_upload_wizard_feeds_the_flow(self):
        import base64

        wizard = self.env["integration.upload.wizard"].create(
            {
                "flow_id": self.order_flow.id,
                "file": base64.b64encode(order_payload()),
                "filename": "po-1001.json",
            }
        )
        action = wizard.action_upload()
        message = self.env["integration.message"].browse(action["res_id"])
        self.assertEqual(message.filename, "po-1001.json")
        self.run_jobs()
        self.assertEqual(message.state, "processed")


@tagged("post_install", "-at_install")
class TestBatchFile(IntegrationCase):
    def test_a_batch_becomes_one_message_per_document_on_its_flow(self):
        acks = self.env["integration.flow"].create(
            {
                "name": "receipts",
                "code": "t-receipts",
                "partner_id": self.partner.id,
                "direction": "inbound",
                "document_type": "functional_ack",
            }
        )
        batch = {
            "documents": [
                {"reference": "A", "document": json.loads(order_payload("PO-A"))},
                {"reference": "B", "document": json.loads(order_payload("PO-B"))},
                {
                    "reference": "C",
                    "document_type": "functional_ack",
                    "document": {
                        "ack_ref": "X",
                        "acknowledged_ref": "nothing",
                        "status": "accepted",
                    },
                },
            ]
        }
        file_message = self.receive(json.dumps(batch))
        self.run_jobs()
        self.assertEqual(file_message.state, "processed")
        documents = file_message.child_ids.sorted("id")
        self.assertEqual(documents.mapped("partner_reference"), ["A", "B", "C"])
        self.assertEqual(documents.mapped("flow_id"), self.order_flow | acks)
        self.assertEqual(documents.mapped("state"), ["processed", "processed", "failed"])
        self.assertEqual(set(documents.mapped("correlation_id")), {file_message.correlation_id})
        self.assertLogged(file_message, "split")

    def test_a_document_without_a_flow_fails_the_file(self):
        batch = {"documents": [{"document_type": "invoice", "document": {}}]}
        file_message = self.receive(json.dumps(batch))
        self.run_jobs()
        self.assertEqual(file_message.state, "failed")
        self.assertIn("no inbound flow", file_message.exception_ids.explanation)


@tagged("post_install", "-at_install")
class TestUnstorableText(IntegrationCase):
    def test_nul_character_is_a_parsing_error_not_a_crash(self):
        payload = order_payload().replace(b'"Acme Retail"', b'"Acme\\u0000Retail"')
        message = self.receive(payload)
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.exception_ids.category, "parsing")
        self.assertIn("NUL", message.exception_ids.explanation)
        self.assertEqual(message._payload(), payload, "the bytes are kept as received")

    def test_nul_in_a_key_is_refused_by_the_api_precheck(self):
        message = self.receive(b'{"order_ref\\u0000": "x"}')
        error = message._preflight()
        self.assertIn("cannot be stored", str(error))
        self.assertEqual(message.state, "failed")
