# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from contextlib import contextmanager

from odoo.addons.integration_core.tests.common import IntegrationCase

from .wms_server import SimulatedWms


class WmsCase(IntegrationCase):
    """A 3PL running a warehouse of its own, with the flows of an external warehouse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wms_partner = cls.env["integration.partner"].create(
            {"name": "Test 3PL", "code": "t-wms-3pl", "kind": "3pl"}
        )
        cls.endpoint = cls.env["integration.endpoint"].create(
            {
                "name": "Test 3PL API",
                "partner_id": cls.wms_partner.id,
                "url": "http://127.0.0.1:9/unused",
                "timeout_connect": 1.0,
                "timeout_read": 5.0,
                "backoff_base": 1.0,
                "max_attempts": 3,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].create(
            {
                "name": "Test 3PL DC",
                "code": "T3PL",
                "integration_partner_id": cls.wms_partner.id,
            }
        )
        Flow = cls.env["integration.flow"]
        cls.release_flow = Flow.create(
            {
                "name": "Test 3PL releases",
                "code": "t-wms-release",
                "partner_id": cls.wms_partner.id,
                "direction": "outbound",
                "document_type": "warehouse_order",
                "endpoint_id": cls.endpoint.id,
                "mode": "event",
                "event": "picking_ready",
            }
        )
        for attribute, name, code, document_type in (
            ("ship_flow", "ship confirmations", "ship", "shipment_notice"),
            ("receipt_flow", "receipt confirmations", "receipt", "receipt_notice"),
            ("snapshot_flow", "snapshots", "snapshot", "inventory_snapshot"),
            ("ack_flow", "acknowledgements", "acks", "functional_ack"),
        ):
            inbound = Flow.create(
                {
                    "name": f"Test 3PL {name}",
                    "code": f"t-wms-{code}",
                    "partner_id": cls.wms_partner.id,
                    "direction": "inbound",
                    "document_type": document_type,
                }
            )
            setattr(cls, attribute, inbound)
        Product = cls.env["product.product"]
        cls.item_a = Product.create(cls._product_values("WMS-T-100", "Test pallet jack"))
        cls.item_b = Product.create(cls._product_values("WMS-T-200", "Test shelf"))
        cls.item_lot = Product.create(
            cls._product_values("WMS-T-LOT", "Test paint (lots)", tracking="lot")
        )
        cls.item_serial = Product.create(
            cls._product_values("WMS-T-SN", "Test scanner (serials)", tracking="serial")
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.vendor = cls.env["res.partner"].create({"name": "Test Supplier (WMS)"})
        for product, quantity in ((cls.item_a, 100), (cls.item_b, 50)):
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock, quantity)

    @classmethod
    def _product_values(cls, code, name, tracking="none"):
        return {
            "name": name,
            "default_code": code,
            "type": "consu",
            "is_storable": True,
            "tracking": tracking,
            "list_price": 20.0,
            "standard_price": 8.0,
        }

    # ------------------------------------------------------------------ helpers
    @contextmanager
    def simulated_wms(self, **options):
        """A simulated WMS on 127.0.0.1 that the 3PL's endpoint points to, for the block."""
        with SimulatedWms(**options) as wms:
            self.endpoint.url = wms.url
            yield wms

    def sell(self, *lines, ref="SO-T-WMS"):
        """A confirmed sale order shipped from the 3PL's warehouse."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "client_order_ref": ref,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": quantity})
                    for product, quantity in lines
                ],
            }
        )
        order.action_confirm()
        return order

    def expect(self, *lines, origin="P-T-0001", merge=True):
        """An incoming receipt at the 3PL, as a purchase order would create it."""
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "partner_id": self.vendor.id,
                "origin": origin,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": self.warehouse.in_type_id.default_location_src_id.id,
                            "location_dest_id": self.stock.id,
                        },
                    )
                    for product, quantity in lines
                ],
            }
        )
        if merge:
            receipt.action_confirm()
        else:
            receipt.move_ids._action_confirm(merge=False)
        self.assertFalse(receipt.integration_release_state, "receipts are not released")
        return receipt

    def release_messages(self, picking=None, action=None):
        domain = [
            ("document_type", "=", "warehouse_order"),
            ("partner_id", "=", self.wms_partner.id),
        ]
        if picking:
            domain += [("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)]
        if action:
            domain.append(("wms_action", "=", action))
        return self.env["integration.message"].search(domain, order="id")

    def line_ref(self, picking, product):
        return picking.move_ids.filtered(lambda m: m.product_id == product).integration_wms_line_ref

    def confirm(self, payload, flow=None):
        message = (flow or self.ship_flow)._receive(payload)
        self.run_jobs()
        return message

    def notice(self, order_ref, lines, shipment_ref="SHIP-T-1", **extra):
        """A ship (or receipt) confirmation written by hand, for cases the WMS would not."""
        document = {
            "shipment_ref": shipment_ref,
            "order_ref": order_ref,
            "ship_date": "2026-11-20T10:00:00+00:00",
            "lines": lines,
            **extra,
        }
        return json.dumps(document).encode()

    def open_exception(self, message):
        return message.exception_ids._still_open()
