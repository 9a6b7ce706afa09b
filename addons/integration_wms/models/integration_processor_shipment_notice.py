# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import UTC

from odoo import fields, models
from odoo.addons.integration_core.services.errors import BusinessRuleError, MappingError
from odoo.addons.integration_core.services.plugins import ProcessResult
from odoo.tools import float_compare, float_is_zero

from ..services.confirmation import ConfirmationError, confirmed_lines
from .stock_picking import SILENT

APPLIED_STATES = ("processed", "acknowledged")


class IntegrationProcessorShipmentNotice(models.AbstractModel):
    """Ship confirmation from an external warehouse → the delivery it shipped, validated.

    The delivery is found by ``order_ref`` (the order released to the warehouse, or a
    backorder of it still open), each line by ``line_ref`` (the move id sent in the
    release) or, failing that, by its item. Quantities become move lines with their lots
    and packages; what was not shipped goes to a backorder or is cancelled, per the
    warehouse's policy. A second confirmation with the same ``shipment_ref`` changes nothing.
    """

    _name = "integration.processor.shipment_notice"
    _inherit = "integration.processor"
    _description = "Ship confirmation processor"

    _picking_type_code = "outgoing"

    # ------------------------------------------------------------------ map
    def _map(self, message, document):
        message.wms_document_ref = document.shipment_ref
        earlier = self._applied_before(message)
        if earlier:
            return {"duplicate_of": earlier.id}
        picking = self._find_picking(message, document)
        try:
            lines = confirmed_lines(document)
        except ConfirmationError as err:
            raise BusinessRuleError(
                self.env._("%(ref)s: %(problem)s", ref=document.shipment_ref, problem=err),
                hint=self.env._("Ask the warehouse to correct and resend its confirmation."),
            ) from err
        mapped_lines = self._map_lines(message, picking, lines)
        if not any(line["quantity"] for line in mapped_lines):
            raise BusinessRuleError(
                self.env._(
                    "%(ref)s confirms nothing for %(picking)s: every quantity is 0.",
                    ref=document.shipment_ref,
                    picking=picking.name,
                ),
                hint=self.env._("Cancel the order in Odoo if the warehouse will not ship it."),
            )
        return {
            "picking_id": picking.id,
            "lines": mapped_lines,
            "carrier_code": self._map_carrier(message, document.carrier_code),
            "tracking_ref": self._tracking_ref(document),
        }

    def _applied_before(self, message):
        """The message that already applied this warehouse document, if any."""
        return self.env["integration.message"].search(
            [
                ("partner_id", "=", message.partner_id.id),
                ("document_type", "=", message.document_type),
                ("direction", "=", "inbound"),
                ("wms_document_ref", "=", message.wms_document_ref),
                ("state", "in", APPLIED_STATES),
                ("id", "!=", message.id),
            ],
            limit=1,
        )

    def _picking_domain(self, message, ref):
        warehouses = (
            self.env["stock.warehouse"]
            # sudo: a pipeline step (private): the warehouses the 3PL runs
            .sudo()
            .search([("integration_partner_id", "=", message.partner_id.id)])
        )
        if not warehouses:
            raise MappingError(
                self.env._("%s runs no warehouse in Odoo.", message.partner_id.name),
                hint=self.env._(
                    "Set the partner in Managed by on its warehouse (External warehouse tab), "
                    "then Retry."
                ),
            )
        return [
            ("picking_type_id.warehouse_id", "in", warehouses.ids),
            ("picking_type_code", "=", self._picking_type_code),
            *self._reference_domain(ref),
        ]

    def _reference_domain(self, ref):
        """Pickings the warehouse may mean by ``ref``: the order it was sent, or the name."""
        return ["|", ("integration_wms_order_ref", "=", ref), ("name", "=", ref)]

    def _find_picking(self, message, document):
        ref = document.order_ref
        pickings = (
            # sudo: a pipeline step (private): the delivery of those warehouses by its reference
            self.env["stock.picking"].sudo().search(self._picking_domain(message, ref), order="id")
        )
        family = pickings
        while family.backorder_ids - family:
            # A warehouse may confirm the rest of an order under its first reference.
            family |= family.backorder_ids
        open_pickings = family.filtered(lambda p: p.state not in ("draft", "done", "cancel"))
        if open_pickings:
            return open_pickings[0]
        if pickings:
            last = pickings[-1]
            raise BusinessRuleError(
                self.env._(
                    "%(ref)s is already %(state)s in Odoo (%(picking)s): this confirmation of "
                    "%(partner)s has nothing left to apply to.",
                    ref=ref,
                    state=self._state_label(last),
                    picking=last.name,
                    partner=message.partner_id.name,
                ),
                hint=self.env._(
                    "If the warehouse shipped more than ordered or after a cancellation, "
                    "settle it with the warehouse; otherwise Ignore."
                ),
            )
        raise BusinessRuleError(
            self.env._(
                "Unknown order: no %(kind)s %(ref)s of a warehouse run by %(partner)s.",
                kind=self._kind_label(),
                ref=ref,
                partner=message.partner_id.name,
            ),
            hint=self.env._(
                "Check the order reference with the warehouse. Retry once the %s exists, or "
                "Ignore.",
                self._kind_label(),
            ),
        )

    def _kind_label(self):
        return self.env._("delivery")

    def _state_label(self, picking):
        return dict(picking._fields["state"]._description_selection(self.env))[picking.state]

    def _map_lines(self, message, picking, lines):
        moves = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        by_ref = {}
        for move in moves:
            by_ref.setdefault(move.integration_wms_line_ref or str(move.id), move)
        order_processor = self.env["integration.processor.order"]
        # Archived products count: the warehouse may still ship what Odoo no longer sells.
        products = self.env["integration.xref"]._resolve_products(
            message.partner_id, {line.product_code for line in lines.values()}, active_test=False
        )
        booked = {}  # move id -> quantity in the move's unit
        result = []
        for line in lines.values():
            product = self._map_item(message, line, products)
            move = by_ref.get(line.line_ref)
            if move and move.product_id != product:
                raise BusinessRuleError(
                    self.env._(
                        "Line %(line)s of %(picking)s is %(expected)s, but the warehouse "
                        "reports %(code)s (%(product)s) on it.",
                        line=line.line_ref,
                        picking=picking.name,
                        expected=move.product_id.display_name,
                        code=line.product_code,
                        product=product.display_name,
                    ),
                    hint=self.env._("Ask the warehouse to correct its confirmation."),
                )
            uom = order_processor._map_uom(message, line.uom_code, product)
            if not move:
                move = self._move_for_item(picking, moves, product, booked)
            quantity = uom._compute_quantity(float(line.quantity), move.product_uom)
            booked[move.id] = booked.get(move.id, 0.0) + quantity
            self._check_quantity(picking, move, line, booked[move.id])
            parts = [
                {
                    "quantity": uom._compute_quantity(float(part.quantity), move.product_uom),
                    "lot_name": part.lot_name,
                    "package_ref": part.package_ref,
                }
                for part in line.parts
            ]
            self._check_tracked_parts(
                move,
                line.line_ref,
                parts,
                self.env._("confirmation"),
                self.env._("Ask the warehouse to resend the confirmation with its lots."),
            )
            result.append(
                {
                    "line_ref": line.line_ref,
                    "move_id": move.id,
                    "quantity": quantity,
                    "parts": parts,
                }
            )
        return result

    def _map_item(self, message, line, products):
        """The product of a confirmed line among ``products`` (the lines' codes resolved in
        bulk: cross-reference, internal reference or barcode), else a mapping error."""
        product = products.get(line.product_code)
        if not product:
            raise MappingError(
                self.env._(
                    "Unknown item: line %(line)s reports item %(code)s, which %(partner)s's "
                    "codes do not map to any product.",
                    line=line.line_ref,
                    code=line.product_code,
                    partner=message.partner_id.name,
                ),
                hint=self.env._(
                    "Map %s to a product (Fix cross-reference), then Retry.", line.product_code
                ),
                xref_kind="product",
                external_code=line.product_code,
            )
        return product

    def _move_for_item(self, picking, moves, product, booked):
        """The move of ``product`` for a line whose reference is not ours: the first one with
        room left, else the first one (over-shipment is caught afterwards)."""
        candidates = moves.filtered(lambda m: m.product_id == product)
        if not candidates:
            raise BusinessRuleError(
                self.env._(
                    "Item %(product)s is not on %(picking)s: the warehouse reports it, but "
                    "nothing of it was ordered.",
                    product=product.display_name,
                    picking=picking.name,
                ),
                hint=self.env._(
                    "Ask the warehouse why it handled this item; Ignore the confirmation or "
                    "add the item to the %s, then Retry.",
                    self._kind_label(),
                ),
            )
        for move in candidates:
            if booked.get(move.id, 0.0) < move.product_uom_qty:
                return move
        return candidates[0]

    def _check_quantity(self, picking, move, line, quantity):
        if (
            float_compare(
                quantity, move.product_uom_qty, precision_rounding=move.product_uom.rounding
            )
            > 0
        ):
            raise BusinessRuleError(
                self.env._(
                    "Over-shipment: line %(line)s of %(picking)s (%(product)s) confirms "
                    "%(quantity)s %(uom)s, but only %(ordered)s are open.",
                    line=line.line_ref,
                    picking=picking.name,
                    product=move.product_id.display_name,
                    quantity=quantity,
                    uom=move.product_uom.name,
                    ordered=move.product_uom_qty,
                ),
                hint=self.env._(
                    "Settle the difference with the warehouse, then correct the confirmation "
                    "(Edit payload) and Retry, or Ignore."
                ),
            )

    def _map_carrier(self, message, code):
        if not code:
            return None
        return self.env["integration.xref"]._resolve(message.partner_id, "carrier", code) or code

    def _tracking_ref(self, document):
        numbers = list(document.tracking_numbers)
        numbers += [p.tracking_number for p in document.packages if p.tracking_number]
        return ", ".join(dict.fromkeys(numbers)) or None

    # ------------------------------------------------------------------ process
    def _process(self, message, document, mapped):
        if mapped.get("duplicate_of"):
            return self._skip_duplicate(message, mapped["duplicate_of"])
        earlier = self._applied_before(message)
        if earlier:  # applied meanwhile by a message processed in parallel
            return self._skip_duplicate(message, earlier.id)
        # sudo: the process step (private): the delivery the map step found for this 3PL
        picking = self.env["stock.picking"].sudo().browse(mapped["picking_id"]).exists()
        if picking:
            self._check_company(message, picking)
            self._wms_check_run_here(message, picking.picking_type_id.warehouse_id)
        if not picking or picking.state in ("done", "cancel"):
            raise BusinessRuleError(
                self.env._(
                    "The %(kind)s of %(ref)s was closed since the confirmation was mapped.",
                    kind=self._kind_label(),
                    ref=document.order_ref,
                ),
                hint=self.env._("Retry: the confirmation is mapped again."),
            )
        picking = picking.with_context(**{SILENT: True})
        if not picking.integration_wms_order_ref:
            # Its backorders keep the reference, so the next confirmation finds them.
            picking.integration_wms_order_ref = document.order_ref
        if picking.integration_release_state == "not_released":
            # A confirmation proves the warehouse holds the order, whatever our send recorded.
            picking._wms_set_release_state("released")
        self._book(picking, mapped["lines"])
        warehouse = picking.picking_type_id.warehouse_id
        no_backorder = document.complete or warehouse.integration_backorder_policy == "cancel"
        rest_cancelled = no_backorder and self._short(picking, mapped)
        picking.with_context(
            skip_backorder=True,
            skip_sms=True,
            picking_ids_not_to_backorder=picking.ids if no_backorder else [],
        ).button_validate()
        if picking.state != "done":
            raise BusinessRuleError(
                self.env._("%s could not be validated.", picking.name),
                hint=self.env._("Open the %s to see what blocks it.", self._kind_label()),
            )
        values = self._done_values(document, mapped)
        picking.write(values)
        # The goods moved when the warehouse shipped them, not when we heard of it: stock
        # reports and inventory reconciliation read the date of the moves.
        done_moves = picking.move_ids.filtered(lambda m: m.state == "done")
        done_moves.write({"date": values["date_done"]})
        done_moves.move_line_ids.write({"date": values["date_done"]})
        self._after_done(message, picking, rest_cancelled)
        return ProcessResult(record=picking)

    def _short(self, picking, mapped):
        """Whether some quantity of the delivery was not confirmed."""
        booked = {}
        for line in mapped["lines"]:
            booked[line["move_id"]] = booked.get(line["move_id"], 0.0) + line["quantity"]
        return any(
            float_compare(
                booked.get(move.id, 0.0),
                move.product_uom_qty,
                precision_rounding=move.product_uom.rounding,
            )
            < 0
            for move in picking.move_ids
            if move.state not in ("done", "cancel")
        )

    def _skip_duplicate(self, message, earlier_id):
        """A confirmation applied before: link it to the first one and change nothing."""
        earlier = self.env["integration.message"].browse(earlier_id)
        message._log(
            "duplicate",
            self.env._(
                "%(ref)s was already applied by %(earlier)s: nothing changed.",
                ref=message.wms_document_ref,
                earlier=earlier.name,
            ),
            kind="business",
        )
        return ProcessResult(record=earlier._business_record(), duplicate_of=earlier, note="")

    def _book(self, picking, lines):
        """Replace the reservations of the confirmed moves by what the warehouse reports."""
        moves = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        moves.move_line_ids.unlink()
        moves.picked = False
        packages = {}
        values = []
        for line in lines:
            move = moves.filtered(lambda m, move_id=line["move_id"]: m.id == move_id)
            for part in line["parts"]:
                if float_is_zero(part["quantity"], precision_rounding=move.product_uom.rounding):
                    continue
                lot = self._lot(move, part["lot_name"])
                package = self._package(packages, part["package_ref"], picking)
                values.append(
                    {
                        "move_id": move.id,
                        "picking_id": picking.id,
                        "product_id": move.product_id.id,
                        "product_uom_id": move.product_uom.id,
                        "quantity": part["quantity"],
                        "location_id": self._source_location(move, lot).id,
                        "location_dest_id": move.location_dest_id.id,
                        "lot_id": lot.id,
                        "result_package_id": package.id,
                        "picked": True,
                    }
                )
        # sudo: the process step (private): what the warehouse shipped
        self.env["stock.move.line"].sudo().with_context(**{SILENT: True}).create(values)
        booked = self.env["stock.move"].browse([line["move_id"] for line in lines])
        booked.filtered(lambda m: m.quantity).picked = True

    def _lot(self, move, lot_name):
        """The lot or serial number of ``move``'s product by that name, created if new."""
        if not lot_name:
            return self.env["stock.lot"]
        # sudo: the process step (private): the lot the warehouse named
        Lot = self.env["stock.lot"].sudo()
        lot = Lot.search(
            [
                ("product_id", "=", move.product_id.id),
                ("name", "=", lot_name),
                ("company_id", "in", (move.company_id.id, False)),
            ],
            limit=1,
        )
        return lot or Lot.create(
            {"name": lot_name, "product_id": move.product_id.id, "company_id": move.company_id.id}
        )

    def _package(self, packages, package_ref, picking):
        if not package_ref:
            return self.env["stock.quant.package"]
        if package_ref not in packages:
            packages[package_ref] = (
                self.env["stock.quant.package"]
                # sudo: the process step (private): the package the warehouse named
                .sudo()
                .create({"name": package_ref, "company_id": picking.company_id.id})
            )
        return packages[package_ref]

    def _source_location(self, move, lot):
        """Where the goods left from: the location under the move's source holding the most
        of this product (and lot), else the move's source itself."""
        if move.location_id.usage != "internal":
            return move.location_id
        quants = (
            self.env["stock.quant"]
            # sudo: the process step (private): where the shipped goods are
            .sudo()
            ._read_group(
                [
                    ("product_id", "=", move.product_id.id),
                    ("location_id", "child_of", move.location_id.id),
                    ("location_id.usage", "=", "internal"),
                    ("lot_id", "=", lot.id),
                    ("quantity", ">", 0),
                ],
                ["location_id"],
                ["quantity:sum"],
                order="quantity:sum desc",
                limit=1,
            )
        )
        return quants[0][0] if quants else move.location_id

    def _done_values(self, document, mapped):
        ship_date = document.ship_date
        if ship_date.tzinfo:
            ship_date = ship_date.astimezone(UTC).replace(tzinfo=None)
        values = {"date_done": min(ship_date, fields.Datetime.now())}
        if mapped.get("carrier_code"):
            values["integration_carrier_code"] = mapped["carrier_code"]
        if mapped.get("tracking_ref"):
            values["integration_tracking_ref"] = mapped["tracking_ref"]
        return values

    def _after_done(self, message, picking, rest_cancelled):
        """The delivery is shipped: nothing more must be sent to the warehouse for it."""
        picking._wms_cancel_unsent(self.env._("The warehouse confirmed the shipment."))
        picking._wms_set_release_state("shipped")
        self._log_remainder(message, picking, rest_cancelled)

    def _log_remainder(self, message, picking, rest_cancelled):
        """Say on the message what became of what the warehouse did not confirm."""
        backorders = picking.backorder_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        if backorders:
            message._log(
                "backorder",
                self.env._(
                    "Partial %(kind)s: %(backorders)s keeps the rest open.",
                    kind=self._kind_label(),
                    backorders=", ".join(backorders.mapped("name")),
                ),
                kind="business",
            )
        elif rest_cancelled:
            message._log(
                "cancel_rest",
                self.env._(
                    "Partial %(kind)s: the rest of %(picking)s was cancelled.",
                    kind=self._kind_label(),
                    picking=picking.name,
                ),
                kind="business",
            )
