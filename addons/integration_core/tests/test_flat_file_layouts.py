# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import IntegrationCase

SNAPSHOT = (
    "Warehouse,SnapshotDate,SKU,Location,LotNumber,OnHand,UOM\n"
    "DC1,2026-11-20 06:00:00,WIDGET-1,A-01,,12,EA\n"
    "DC1,2026-11-20 06:00:00,GADGET-2,A-02,,3.5,EA\n"
    "DC2,2026-11-20 06:00:00,WIDGET-1,B-01,,1,EA\n"
)


@tagged("post_install", "-at_install")
class TestFlatFileLayouts(IntegrationCase):
    """Layouts as a manager edits them: tried on a sample, refused when they cannot work."""

    def setUp(self):
        super().setUp()
        self.snapshot_layout = self.env.ref("integration_core.flat_layout_3pl_inventory_snapshot")

    def test_sample_preview_shows_the_documents_and_follows_edits(self):
        with Form(self.snapshot_layout) as form:
            form.sample = base64.b64encode(SNAPSHOT.encode()).decode()
            self.assertIn("2 document(s) of type inventory_snapshot", form.preview)
            self.assertIn("GADGET-2", form.preview)
            form.decimal_separator = ","  # "3.5" no longer reads as a number
            self.assertIn("cannot be read", form.preview)
            self.assertIn("row 3, column 6 (OnHand): &#39;3.5&#39; is not a number", form.preview)

    def test_sample_preview_locates_schema_errors(self):
        sample = SNAPSHOT.replace(",3.5,", ",-1,")
        self.snapshot_layout.sample = base64.b64encode(sample.encode())
        self.assertIn(
            "row 3, column 6 (OnHand): items[1].quantity: Input should be greater than or "
            "equal to 0",
            self.snapshot_layout.preview,
        )

    def test_a_column_naming_no_field_cannot_be_saved(self):
        with self.assertRaisesRegex(ValidationError, "'qty' is not a field of StockItem"):
            self.snapshot_layout.column_ids[-1].path = "items.qty"
        with self.assertRaisesRegex(ValidationError, "grouping key 'as_of'"):
            self.env["integration.flat.layout"].create(
                {
                    "name": "Bad key",
                    "document_type": "inventory_snapshot",
                    "group_by": "as_of",
                    "column_ids": [(0, 0, {"path": "warehouse_code", "position": 1})],
                }
            )

    def test_a_flat_file_flow_needs_a_layout_of_its_document_type(self):
        with self.assertRaisesRegex(ValidationError, "choose a flat-file layout for order"):
            self.order_flow.write({"codec": "csv", "flat_layout_id": self.snapshot_layout.id})
