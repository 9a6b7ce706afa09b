# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from contextlib import contextmanager

from odoo import Command, fields
from odoo.addons.integration_core.tests.common import IntegrationCase
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.tests import Form

SSCC_1, SSCC_2 = "003456789012345670", "003456789012345687"


class PurchaseCase(IntegrationCase):
    """A supplier with the four flows of the supplier side, its item codes on the vendor
    pricelists, and a supplier's system on 127.0.0.1 that receives our purchase orders."""

    codec = "canonical_json"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A format of a module that is not installed: the class is skipped (setUp), its
        # flows are still made (in canonical JSON) so that the class sets up.
        cls.codec_installed = f"integration.codec.{cls.codec}" in cls.env
        codec = cls.codec if cls.codec_installed else "canonical_json"
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Parts Supplier Inc.", "is_company": True, "ref": "PSI"}
        )
        cls.supplier = cls.env["integration.partner"].create(
            {
                "name": "Parts Supplier (EDI)",
                "code": "t-psi",
                "kind": "edi",
                "partner_id": cls.vendor.id,
                "purchase_supplier": True,
                "purchase_account_number": "HUB-0042",
                "purchase_price_tolerance": 2.0,
                "purchase_quantity_tolerance": 0.0,
                "purchase_date_tolerance": 3,
            }
        )
        cls.endpoint = cls.env["integration.endpoint"].create(
            {
                "name": "Parts Supplier orders API",
                "partner_id": cls.supplier.id,
                "url": "http://127.0.0.1:9/unused",
                "timeout_connect": 1.0,
                "timeout_read": 5.0,
                "backoff_base": 1.0,
                "max_attempts": 2,
            }
        )
        Flow = cls.env["integration.flow"]
        cls.po_flow = Flow.create(
            {
                "name": "Parts Supplier purchase orders",
                "code": "t-psi-po",
                "partner_id": cls.supplier.id,
                "direction": "outbound",
                "document_type": "order",
                "endpoint_id": cls.endpoint.id,
                "mode": "event",
                "event": "purchase_confirmed",
                "codec": codec,
            }
        )
        for attribute, code, document_type in (
            ("ack_in", "acks", "order_ack"),
            ("asn_in", "asn", "shipment_notice"),
            ("invoice_in", "invoices", "invoice"),
        ):
            setattr(
                cls,
                attribute,
                Flow.create(
                    {
                        "name": f"Parts Supplier {code}",
                        "code": f"t-psi-{code}",
                        "partner_id": cls.supplier.id,
                        "direction": "inbound",
                        "document_type": document_type,
                        "codec": codec,
                    }
                ),
            )
        cls.invoice_in.purchase_post_bills = True
        cls.item_a = cls._item("HUB-A", "Hex bolt M8", "PSI-100", 10.0)
        cls.item_b = cls._item("HUB-B", "Washer M8", "PSI-200", 20.0)
        cls.item_lot = cls._item("HUB-L", "Thread glue (lots)", "PSI-300", 5.0, tracking="lot")

    @classmethod
    def _item(cls, code, name, supplier_code, price, tracking="none"):
        return cls.env["product.product"].create(
            {
                "name": name,
                "default_code": code,
                "barcode": None,
                "type": "consu",
                "is_storable": True,
                "tracking": tracking,
                "use_expiration_date": tracking != "none",
                "expiration_time": 365,  # lots without an expiry from the supplier
                "purchase_method": "receive",
                "seller_ids": [
                    Command.create(
                        {"partner_id": cls.vendor.id, "product_code": supplier_code, "price": price}
                    )
                ],
            }
        )

    def setUp(self):
        super().setUp()
        if not self.codec_installed:
            self.skipTest(f"the module of the {self.codec} codec is not installed")

    # ------------------------------------------------------------------ helpers
    @contextmanager
    def supplier_system(self):
        """The supplier's system on 127.0.0.1; the purchase order endpoint points to it."""
        with PartnerServer() as server:
            self.endpoint.url = server.url
            yield server

    @classmethod
    def purchase(cls, *lines, company=None, vendor=None):
        """A confirmed purchase order of (product, quantity, price) lines."""
        company = company or cls.env.company
        order = (
            cls.env["purchase.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": (vendor or cls.vendor).id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_qty": quantity, "price_unit": price}
                        )
                        for product, quantity, price in lines
                    ],
                }
            )
        )
        order.button_confirm()
        return order

    @classmethod
    def standard_order(cls):
        """A (10 bolts at 10), B (5 washers at 20), L (20 glue at 5, lots)."""
        return cls.purchase((cls.item_a, 10, 10.0), (cls.item_b, 5, 20.0), (cls.item_lot, 20, 5.0))

    def receive_document(self, flow, document):
        """A supplier's document received on ``flow`` and run through the pipeline: its
        message (the document's own, when its file was split, as EDI interchanges are)."""
        message = flow._receive(self.encode(flow, document))
        self.run_jobs()
        return message.child_ids[:1] or message

    def encode(self, flow, document):
        """The supplier's bytes for a canonical ``document`` (JSON here; codec tests
        override it)."""
        return json.dumps(document, default=str).encode()

    def ref_of(self, order, product):
        return order.order_line.filtered(
            lambda line: line.product_id == product
        ).integration_line_ref

    # ------------------------------------------------------------------ supplier documents
    def ack(self, order, *lines, status="changed"):
        return {
            "order_ref": order.name,
            "seller_order_ref": f"SO-{order.name}",
            "ack_date": fields.Date.today().isoformat(),
            "status": status,
            "lines": [
                {
                    "line_ref": self.ref_of(order, product),
                    "product_code": product.seller_ids[:1].product_code,
                    "quantity_ordered": ordered,
                    "quantity_accepted": accepted,
                    "status": line_status,
                    "unit_price": price,
                }
                for product, ordered, accepted, line_status, price in lines
            ],
        }

    def asn(self, order, ref="ASN-1", lines=(), packages=(), expected="2026-12-20"):
        """``lines``: (product, quantity, lots); ``packages``: (sscc, product, quantity, lots);
        lots: (name, quantity, expiry)."""

        def line(product, quantity, lots):
            return {
                "line_ref": self.ref_of(order, product),
                "product_code": product.seller_ids[:1].product_code,
                "quantity_shipped": quantity,
                "lots": [
                    {"lot_name": name, "quantity": qty, "expiry_date": expiry}
                    for name, qty, expiry in lots
                ],
            }

        return {
            "shipment_ref": ref,
            "order_ref": order.name,
            "ship_date": f"{expected}T08:00:00",
            "expected_date": expected,
            "carrier_code": "UPSN",
            "tracking_numbers": ["1Z999AA10123456784"],
            "packages": [
                {"package_ref": sscc, "sscc": sscc, "lines": [line(product, quantity, lots)]}
                for sscc, product, quantity, lots in packages
            ],
            "lines": [line(*args) for args in lines],
        }

    def invoice(self, order, number, *lines):
        """``lines``: (product, quantity, unit price)."""
        untaxed = sum(quantity * price for _product, quantity, price in lines)
        return {
            "invoice_number": number,
            "invoice_date": fields.Date.today().isoformat(),
            "order_ref": order.name,
            "currency": order.currency_id.name,
            "seller": {"external_id": "PSI", "name": self.vendor.name},
            "buyer": {"external_id": "HUB-0042", "name": self.env.company.name},
            "lines": [
                {
                    "line_ref": self.ref_of(order, product),
                    "product_code": product.seller_ids[:1].product_code,
                    "quantity": quantity,
                    "unit_price": price,
                    "subtotal": round(quantity * price, 2),
                }
                for product, quantity, price in lines
            ],
            "amount_untaxed": round(untaxed, 2),
            "amount_tax": 0,
            "amount_total": round(untaxed, 2),
        }

    def validate(self, picking):
        """Validate a receipt as a person does, keeping what was not shipped expected."""
        result = picking.button_validate()
        if isinstance(result, dict) and result.get("res_model") == "stock.backorder.confirmation":
            wizard = Form(
                self.env["stock.backorder.confirmation"].with_context(**result["context"])
            ).save()
            wizard.process()
        self.assertEqual(picking.state, "done")

    def open_exceptions(self, **domain):
        return self.env["integration.exception"].search(
            [("partner_id", "=", self.supplier.id), ("state", "in", ("new", "in_progress"))]
            + [(name, "=", value) for name, value in domain.items()]
        )
