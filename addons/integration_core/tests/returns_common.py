# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer's order shipped with serial numbers and invoiced, and the flows of its
returns: what the returns tests of every module start from."""

import json

from .common import job_watermark, order_payload, run_jobs

SERIALS = ("SN-1", "SN-2", "SN-3")


def serial_line(lot_name, line_ref="R1"):
    """A return line bringing back one unit of the serial tracked product, by its serial:
    what most return tests send."""
    return {
        "line_ref": line_ref,
        "product_code": "SERIAL-1",
        "quantity": 1,
        "lots": [{"lot_name": lot_name, "quantity": 1}],
    }


def return_payload(rma_ref="RMA-1", order_ref="PO-1001", lines=None, **overrides):
    """A canonical return request as a customer would post it (bytes)."""
    document = {
        "rma_ref": rma_ref,
        "order_ref": order_ref,
        "customer": {"external_id": "ACME", "name": "Acme Retail"},
        "reason_code": "damaged",
        "reason": "Dented on arrival",
        "lines": lines or [{**serial_line("SN-2"), "reason_code": "damaged"}],
    }
    document.update(overrides)
    return json.dumps(document).encode()


class ReturnsSetup:
    """Mixed into a case with ``customer`` and ``partner`` (IntegrationCase): a serial
    tracked product in stock, an inbound returns flow, and ``ship_order``."""

    @classmethod
    def setup_returns(cls):
        env = cls.env
        cls.serial_product = env["product.product"].create(
            {
                "name": "Serial widget",
                "default_code": "SERIAL-1",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 12.5,
            }
        )
        stock = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        for name in SERIALS:
            lot = env["stock.lot"].create({"name": name, "product_id": cls.serial_product.id})
            env["stock.quant"]._update_available_quantity(
                cls.serial_product, stock.lot_stock_id, 1, lot_id=lot
            )
        cls.returns_flow = env["integration.flow"].create(
            {
                "name": "Acme returns in",
                "code": "t-acme-returns",
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "return_request",
            }
        )

    def ship_order(self, flow, quantity=2, order_ref="PO-1001"):
        """Receive an order of serial widgets by ``flow``, deliver it and invoice it; the
        delivery's serial numbers, in the order they were shipped."""
        since = job_watermark(self.env)
        inbound = flow._receive(
            order_payload(order_ref=order_ref, product_code="SERIAL-1", quantity=quantity)
        )
        run_jobs(self.env, since)
        order = inbound._business_record()
        delivery = order.picking_ids
        delivery.action_assign()
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        invoice = order._create_invoices()
        invoice.action_post()
        return order, delivery, invoice
