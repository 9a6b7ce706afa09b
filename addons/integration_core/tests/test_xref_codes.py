# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from ..services.errors import MappingError
from .common import IntegrationCase


@tagged("post_install", "-at_install")
class TestXrefCodes(IntegrationCase):
    """The partner-code lookups every processor and codec shares (one copy each): units of
    measure for orders and stock snapshots, carriers for ship notices both ways."""

    def xref(self, kind, external_code, **target):
        return self.env["integration.xref"].create(
            {"partner_id": self.partner.id, "kind": kind, "external_code": external_code, **target}
        )

    def test_a_unit_code_is_its_cross_reference_each_or_a_unit_name(self):
        Xref = self.env["integration.xref"]
        dozen = self.env.ref("uom.product_uom_dozen")
        self.xref("uom", "DZN", uom_id=dozen.id)
        self.assertEqual(Xref._resolve_uom(self.partner, "DZN"), dozen)
        for each in (None, "", "EA", "pce", "C62"):
            self.assertFalse(Xref._resolve_uom(self.partner, each), "the product's own unit")
        self.assertEqual(Xref._resolve_uom(self.partner, "dozens"), dozen)
        with self.assertRaises(MappingError) as caught:
            Xref._resolve_uom(self.partner, "BARREL-X")
        self.assertEqual(caught.exception.details["xref_kind"], "uom")
        self.assertEqual(caught.exception.details["external_code"], "BARREL-X")

    def test_a_carrier_code_is_translated_both_ways_by_one_cross_reference(self):
        Xref = self.env["integration.xref"]
        self.xref("carrier", "UPSN", internal_code="UPS")
        self.assertEqual(Xref._external_code(self.partner, "carrier", "UPS"), "UPSN")
        self.assertEqual(Xref._resolve(self.partner, "carrier", "UPSN"), "UPS")
        self.assertIsNone(Xref._external_code(self.partner, "carrier", "DHL"))
        self.assertIsNone(Xref._external_code(self.partner, "carrier", None))
