# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time

from odoo import fields, models
from odoo.addons.integration_core.services.confirmation import (
    ConfirmationError,
    confirmed_lines,
)
from odoo.addons.integration_core.services.errors import BusinessRuleError
from odoo.addons.integration_core.services.plugins import ProcessResult
from odoo.tools import float_compare, float_is_zero


class IntegrationProcessorPurchaseReceipt(models.AbstractModel):
    """A supplier's advance ship notice (856, DESADV, ShipNoticeRequest) → the incoming
    receipt of our purchase order, prepared: quantities per line, lots and serial numbers
    with their expiry, packages named by their SSCC (so a scan finds them), carrier,
    tracking and the expected date. The receipt is not validated: the goods are not here
    yet; a person validates it when they arrive, and what the notice did not ship stays
    expected (a backorder).

    It is the processor of the shipment notices of supplier partners (``_claims_flow``);
    a 3PL's ship confirmations keep theirs.
    """

    _name = "integration.processor.purchase_receipt"
    _inherit = "integration.processor"
    _description = "Supplier ship notice processor"

    def _claims_flow(self, flow):
        return (
            flow.direction == "inbound"
            and flow.document_type == "shipment_notice"
            and flow.partner_id.purchase_supplier
        )

    # ------------------------------------------------------------------ map
    def _map(self, message, document):
        order = self._purchase_order(message, document.order_ref)
        done = order.picking_ids.filtered(
            lambda p: p.integration_asn_ref == document.shipment_ref and p.state != "cancel"
        )
        if done:
            return {"order_id": order.id, "duplicate_picking_id": done[:1].id}
        receipt = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state not in ("done", "cancel")
        ).sorted("id")[:1]
        if not receipt:
            raise BusinessRuleError(
                self.env._(
                    "%(order)s has nothing left to receive: ship notice %(ref)s cannot be "
                    "prepared.",
                    order=order.name,
                    ref=document.shipment_ref,
                ),
                hint=self.env._("Check with the supplier what it shipped; Ignore the notice."),
            )
        try:
            confirmed = confirmed_lines(document)
        except ConfirmationError as err:
            raise BusinessRuleError(
                self.env._("%(ref)s: %(problem)s", ref=document.shipment_ref, problem=err),
                hint=self.env._("Ask the supplier to correct and resend its ship notice."),
            ) from err
        packages = {p.package_ref: p.sscc or p.package_ref for p in document.packages}
        expiries = self._expiries(document)
        lines = [
            self._map_line(message, order, receipt, line, packages, expiries)
            for line in confirmed.values()
            if line.quantity
        ]
        return {
            "order_id": order.id,
            "picking_id": receipt.id,
            "lines": lines,
            "carrier_code": document.carrier_code
            and (
                self.env["integration.xref"]._resolve(
                    message.partner_id, "carrier", document.carrier_code
                )
                or document.carrier_code
            ),
            "tracking_ref": ", ".join(
                dict.fromkeys(
                    [*document.tracking_numbers]
                    + [p.tracking_number for p in document.packages if p.tracking_number]
                )
            )
            or None,
            "expected_date": document.expected_date.isoformat() if document.expected_date else None,
        }

    def _expiries(self, document):
        """{lot name: expiry date} from wherever the notice gives lots."""
        lines = [*document.lines] + [line for p in document.packages for line in p.lines]
        return {
            lot.lot_name: lot.expiry_date.isoformat()
            for line in lines
            for lot in line.lots
            if lot.expiry_date
        }

    def _map_line(self, message, order, receipt, confirmed, packages, expiries):
        line = self._purchase_line(message, order, confirmed.line_ref)
        moves = receipt.move_ids.filtered(
            lambda m: m.purchase_line_id == line and m.state not in ("done", "cancel")
        )
        if not moves:
            raise BusinessRuleError(
                self.env._(
                    "Line %(line)s of %(order)s (%(product)s) has nothing left to receive in "
                    "%(receipt)s, and the ship notice ships %(quantity)s.",
                    line=confirmed.line_ref,
                    order=order.name,
                    product=line.product_id.display_name,
                    receipt=receipt.name,
                    quantity=confirmed.quantity,
                ),
                hint=self.env._("Settle it with the supplier; Ignore the notice or Retry."),
            )
        move = moves[0]
        uom = (
            self.env["integration.xref"]._resolve_uom(message.partner_id, confirmed.uom_code)
            or move.product_uom
        )
        quantity = uom._compute_quantity(float(confirmed.quantity), move.product_uom)
        expected = sum(moves.mapped("product_uom_qty"))
        if float_compare(quantity, expected, precision_rounding=move.product_uom.rounding) > 0:
            raise BusinessRuleError(
                self.env._(
                    "The ship notice exceeds the order: line %(line)s of %(order)s "
                    "(%(product)s) ships %(quantity)s %(uom)s, %(expected)s are expected.",
                    line=confirmed.line_ref,
                    order=order.name,
                    product=line.product_id.display_name,
                    quantity=quantity,
                    uom=move.product_uom.name,
                    expected=expected,
                ),
                hint=self.env._(
                    "Raise the order quantity if you take the extra goods, then Retry; "
                    "otherwise settle it with the supplier and Ignore."
                ),
            )
        parts = [
            {
                "quantity": uom._compute_quantity(float(part.quantity), move.product_uom),
                "lot_name": part.lot_name,
                "expiry_date": expiries.get(part.lot_name),
                "package": packages.get(part.package_ref) if part.package_ref else None,
            }
            for part in confirmed.parts
            if part.quantity
        ]
        self._check_tracked_parts(
            move,
            confirmed.line_ref,
            parts,
            self.env._("ship notice"),
            self.env._("Ask the supplier to resend the notice with its lots."),
        )
        return {"move_id": move.id, "parts": parts}

    # ------------------------------------------------------------------ process
    def _process(self, message, document, mapped):
        # sudo: the process step (private): the order and receipt the map step found
        order = self.env["purchase.order"].sudo().browse(mapped["order_id"])
        self._check_company(message, order)
        correlation = order._integration_correlation()
        if mapped.get("duplicate_picking_id"):
            picking = self.env["stock.picking"].sudo().browse(mapped["duplicate_picking_id"])
            return ProcessResult(
                record=picking,
                correlation_id=correlation,
                note=self.env._(
                    "Ship notice %(ref)s already prepared %(picking)s: nothing changed.",
                    ref=document.shipment_ref,
                    picking=picking.name,
                ),
            )
        picking = self.env["stock.picking"].sudo().browse(mapped["picking_id"]).exists()
        if not picking or picking.state in ("done", "cancel"):
            raise BusinessRuleError(
                self.env._("The receipt of %s was closed since the notice was mapped.", order.name),
                hint=self.env._("Retry: the notice is mapped again."),
            )
        self._check_company(message, picking)
        self._prepare(picking, mapped["lines"])
        picking.write(self._picking_values(document, mapped))
        order.write(
            {
                "integration_asn_at": fields.Datetime.now(),
                "integration_asn_expected": mapped.get("expected_date") or False,
            }
        )
        return ProcessResult(
            record=picking,
            correlation_id=correlation,
            note=self.env._(
                "%(picking)s prepared from ship notice %(ref)s.",
                picking=picking.name,
                ref=document.shipment_ref,
            ),
        )

    def _prepare(self, picking, lines):
        """The receipt's quantities become what the notice ships, nothing else: its other
        lines stay expected (validated later, what is left goes to a backorder)."""
        moves = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        moves.move_line_ids.unlink()
        moves.picked = False
        packages, values = {}, []
        for line in lines:
            move = moves.browse(line["move_id"])
            for part in line["parts"]:
                if float_is_zero(part["quantity"], precision_rounding=move.product_uom.rounding):
                    continue
                values.append(
                    {
                        "move_id": move.id,
                        "picking_id": picking.id,
                        "product_id": move.product_id.id,
                        "product_uom_id": move.product_uom.id,
                        "quantity": part["quantity"],
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                        "lot_id": self._lot(move, part).id,
                        "result_package_id": self._package(packages, part["package"], picking).id,
                        "picked": True,
                    }
                )
        self.env["stock.move.line"].sudo().create(values)
        moves.browse([line["move_id"] for line in lines]).filtered("quantity").picked = True

    def _lot(self, move, part):
        """The lot or serial number the supplier shipped, with its expiry, created if new."""
        if not part["lot_name"]:
            return self.env["stock.lot"]
        # sudo: the process step (private): the supplier's lot of our product
        Lot = self.env["stock.lot"].sudo()
        lot = Lot.search(
            [
                ("product_id", "=", move.product_id.id),
                ("name", "=", part["lot_name"]),
                ("company_id", "in", (move.company_id.id, False)),
            ],
            limit=1,
        ) or Lot.create(
            {
                "name": part["lot_name"],
                "product_id": move.product_id.id,
                "company_id": move.company_id.id,
            }
        )
        if part.get("expiry_date"):
            expiry = datetime.combine(fields.Date.to_date(part["expiry_date"]), time(12))
            lot.expiration_date = expiry
        return lot

    def _package(self, packages, name, picking):
        """The package named by its SSCC, as its label says (a scan finds it)."""
        if not name:
            return self.env["stock.quant.package"]
        if name not in packages:
            # sudo: the process step (private): the supplier's package, by its label
            Package = self.env["stock.quant.package"].sudo()
            packages[name] = Package.search(
                [("name", "=", name), ("company_id", "in", (picking.company_id.id, False))],
                limit=1,
            ) or Package.create({"name": name, "company_id": picking.company_id.id})
        return packages[name]

    def _picking_values(self, document, mapped):
        values = {"integration_asn_ref": document.shipment_ref}
        if mapped.get("expected_date"):
            values["scheduled_date"] = datetime.combine(
                fields.Date.to_date(mapped["expected_date"]), time(12)
            )
        if mapped.get("carrier_code"):
            values["integration_carrier_code"] = mapped["carrier_code"]
        if mapped.get("tracking_ref"):
            values["integration_tracking_ref"] = mapped["tracking_ref"]
        return values
