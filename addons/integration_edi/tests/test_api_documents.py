# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import LocalPartnerMixin
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.tests import HttpCase, tagged

from .common import API, X12PartnerMixin
from .test_x12_end_to_end import order_850


@tagged("post_install", "-at_install")
class TestApiDocumentsOfAFile(X12PartnerMixin, LocalPartnerMixin, HttpCase):
    """A developer follows an X12 file through the API: its transaction sets, their orders,
    and a search by PO number that only the sender's key answers."""

    code = "t-edi-api-docs"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _key, cls.api_key = cls.env["integration.api.key"]._issue(cls.endpoint, "docs")
        other = cls.env["integration.partner"].create({"name": "Other", "code": "t-edi-other"})
        other_endpoint = cls.env["integration.endpoint"].create(
            {"name": "Other", "partner_id": other.id}
        )
        _key, cls.other_key = cls.env["integration.api.key"]._issue(other_endpoint, "other")

    def get(self, path, key=None):
        response = self.url_open(
            f"{API}{path}", headers={"Authorization": f"Bearer {key or self.api_key}"}
        )
        return response

    def test_file_lists_its_transaction_sets_and_is_found_by_po_number(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            response = self.url_open(
                f"{API}/flows/{self.flows['in'].code}/messages",
                data=order_850(self.gadget_gtin, po="PO-API-77"),
                headers={
                    "Authorization": f"Bearer {self.api_key}",
                    "Content-Type": "application/edi-x12",
                },
                timeout=30,
            )
            self.assertEqual(response.status_code, 202, response.text)
            file_id = response.json()["id"]
            self.run_jobs()

        po_message = self.env["integration.message"].browse(file_id).child_ids
        self.assertEqual(po_message.reference, "PO-API-77")
        order = po_message._business_record()
        self.assertEqual(order.client_order_ref, "PO-API-77")
        expected = {
            "id": po_message.id,
            "reference": "PO-API-77",
            "flow": self.flows["in"].code,
            "document_type": "order",
            "state": "processed",
            "record": {"model": "sale.order", "id": order.id, "name": order.display_name},
        }

        status = self.get(f"/messages/{file_id}")
        self.assertEqual(status.status_code, 200, status.text)
        (document,) = status.json()["documents"]
        self.assertEqual({k: document[k] for k in expected}, expected)
        self.assertIsNone(status.json()["reference"], "the file itself is no document")
        own = self.get(f"/messages/{po_message.id}").json()
        self.assertEqual(own["reference"], "PO-API-77")
        self.assertEqual(own["documents"], [])

        found = self.get("/messages?reference=PO-API-77")
        self.assertEqual(found.status_code, 200, found.text)
        po_ack = self.outbound("order_ack")
        self.assertEqual(po_ack.reference, "PO-API-77", "an outbound document has it from build")
        ack_hit, hit = found.json()["messages"]
        self.assertEqual(ack_hit["id"], po_ack.id, "newest first: the 855 sent back")
        self.assertEqual(ack_hit["document_type"], "order_ack")
        self.assertEqual({k: hit[k] for k in expected}, expected)
        self.assertTrue(hit["received_at"])
        self.assertEqual(self.get("/messages?reference=PO-API").json()["messages"], [])

        theirs = self.get("/messages?reference=PO-API-77", key=self.other_key)
        self.assertEqual(theirs.status_code, 200)
        self.assertEqual(theirs.json()["messages"], [], "another partner sees none of ours")
        self.assertEqual(self.get("/messages").status_code, 400)
        # PostgreSQL refuses a NUL byte in a query: the caller is told, the server does not fail
        self.assertEqual(self.get("/messages?reference=PO%00-API-77").status_code, 400)
        self.assertEqual(self.get("/messages?reference=" + "P" * 257).status_code, 400)
        self.assertEqual(self.url_open(f"{API}/messages?reference=PO-API-77").status_code, 401)

        spec = self.url_open(f"{API}/openapi.json").json()
        self.assertEqual(spec["paths"]["/messages"]["get"]["parameters"][0]["name"], "reference")
        status_schema = spec["components"]["schemas"]["MessageStatus"]["properties"]
        self.assertIn("documents", status_schema)
        self.assertIn("reference", status_schema)
