# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import UTC

from odoo import models
from odoo.addons.integration_core.services.errors import BusinessRuleError, MappingError
from odoo.addons.integration_core.services.plugins import ProcessResult
from odoo.tools import float_is_zero

from ..services import reconcile

SHOWN_CODES = 10  # unknown codes named in an exception; the rest are counted


class IntegrationProcessorInventorySnapshot(models.AbstractModel):
    """Inventory snapshot from an external warehouse → variances against Odoo's quants.

    The warehouse's stock by location, item and lot is compared with Odoo's quantities at
    the snapshot's time (today's quants, less what moved since). Every difference becomes a
    variance line; per the warehouse's policy it is only reported, or adjusted at once when
    within the threshold and left for a manager's approval above it.
    """

    _name = "integration.processor.inventory_snapshot"
    _inherit = "integration.processor"
    _description = "Inventory snapshot processor"

    # ------------------------------------------------------------------ map
    def _map(self, message, document):
        warehouse = self._map_warehouse(message, document.warehouse_code)
        if (
            warehouse.integration_last_snapshot_at
            and self._naive(document.as_of) < warehouse.integration_last_snapshot_at
        ):
            raise BusinessRuleError(
                self.env._(
                    "This snapshot of %(warehouse)s (%(as_of)s) is older than the last one "
                    "reconciled (%(last)s).",
                    warehouse=warehouse.name,
                    as_of=self._naive(document.as_of),
                    last=warehouse.integration_last_snapshot_at,
                ),
                hint=self.env._("Ignore it: a newer snapshot was already reconciled."),
            )
        items = document.items
        return {
            "warehouse_id": warehouse.id,
            "products": self._map_products(message, {item.product_code for item in items}),
            "locations": self._map_locations(
                warehouse, {item.location_code for item in items if item.location_code}
            ),
            "uoms": self._map_uoms(message, {item.uom_code for item in items}),
        }

    def _map_warehouse(self, message, code):
        warehouse = self.env["integration.xref"]._resolve(message.partner_id, "warehouse", code)
        if not warehouse:
            warehouse = (
                self.env["stock.warehouse"]
                # sudo: a pipeline step (private): the warehouse by the 3PL's code
                .sudo()
                .search(
                    [("code", "=", code), ("integration_partner_id", "=", message.partner_id.id)],
                    limit=1,
                )
            )
        if not warehouse:
            raise MappingError(
                self.env._(
                    "Warehouse %(code)s of %(partner)s is not known.",
                    code=code,
                    partner=message.partner_id.name,
                ),
                hint=self.env._("Map %s to the warehouse (Fix cross-reference), then Retry.", code),
                xref_kind="warehouse",
                external_code=code,
            )
        self._wms_check_run_here(
            message,
            warehouse,
            hint=self.env._(
                "Set Managed by on the warehouse, or correct the cross-reference, then Retry."
            ),
        )
        # sudo: a pipeline step (private): the 3PL's own warehouse, checked above
        return warehouse.sudo()

    def _map_products(self, message, codes):
        """Partner item codes → product ids, in bulk (snapshots carry thousands of items);
        archived products count: the warehouse may still hold them."""
        found = {
            code: product.id
            for code, product in self.env["integration.xref"]
            ._resolve_products(message.partner_id, codes, active_test=False)
            .items()
        }
        unknown = sorted(codes - found.keys())
        if unknown:
            shown = ", ".join(unknown[:SHOWN_CODES])
            more = len(unknown) - SHOWN_CODES
            raise MappingError(
                self.env._(
                    "%(count)s item codes of %(partner)s are not known: %(codes)s%(more)s.",
                    count=len(unknown),
                    partner=message.partner_id.name,
                    codes=shown,
                    more=self.env._(" and %s more", more) if more > 0 else "",
                ),
                hint=self.env._(
                    "Map the codes to products (Fix cross-reference for each), then Retry."
                ),
                xref_kind="product",
                external_code=unknown[0],
            )
        return found

    def _map_locations(self, warehouse, codes):
        """Location codes → internal locations of the warehouse (barcode, name or full name)."""
        if not codes:
            return {}
        index = {}
        for location in self._internal_locations(warehouse):
            for key in (location.complete_name, location.name, location.barcode):
                if key:
                    index.setdefault(key, location.id)
        unknown = sorted(code for code in codes if code not in index)
        if unknown:
            raise MappingError(
                self.env._(
                    "Locations %(codes)s are not locations of %(warehouse)s.",
                    codes=", ".join(unknown[:SHOWN_CODES]),
                    warehouse=warehouse.name,
                ),
                hint=self.env._(
                    "Give the warehouse's locations these codes as barcodes, then Retry."
                ),
            )
        return {code: index[code] for code in codes}

    def _map_uoms(self, message, codes):
        """Unit codes → unit ids; None stands for each product's own unit."""
        xref = self.env["integration.xref"]
        return {code: xref._resolve_uom(message.partner_id, code).id or None for code in codes}

    def _internal_locations(self, warehouse):
        return (
            self.env["stock.location"]
            # sudo: a pipeline step (private): the warehouse's own locations
            .sudo()
            .search([("id", "child_of", warehouse.view_location_id.id), ("usage", "=", "internal")])
        )

    # ------------------------------------------------------------------ process
    def _process(self, message, document, mapped):
        # sudo: a pipeline step; the warehouse is checked against the message below
        warehouse = self.env["stock.warehouse"].sudo().browse(mapped["warehouse_id"]).exists()
        self._check_company(message, warehouse)
        self._wms_check_run_here(message, warehouse)
        by_location = bool(mapped["locations"])
        as_of = self._naive(document.as_of)
        facts = self._product_facts(set(mapped["products"].values()))
        storable = {product_id for product_id, fact in facts.items() if fact[0]}
        tracked = {product_id for product_id, fact in facts.items() if fact[1]}
        wms_counts, skipped = self._wms_counts(warehouse, document, mapped, storable, tracked)
        odoo_counts = self._odoo_counts(warehouse, by_location, as_of)
        facts.update(self._product_facts({key[1] for key in odoo_counts} - facts.keys()))
        rounding = {product_id: fact[2] for product_id, fact in facts.items()}
        variances = reconcile.compare(
            wms_counts,
            odoo_counts,
            is_zero=lambda key, diff: float_is_zero(diff, precision_rounding=rounding[key[1]]),
        )
        records = self._record(message, warehouse, variances, as_of)
        adjusted = records.filtered(lambda v: v.state == "adjusted")
        if adjusted:
            adjusted._apply_adjustments(self.env._("Reconciliation with %s", message.name))
        warehouse.integration_last_snapshot_at = as_of
        summary = reconcile.summarize(records.mapped("state"))
        message._log(
            "reconcile",
            self.env._(
                "%(warehouse)s: %(items)s item-locations compared, %(variances)s variances "
                "(%(adjusted)s adjusted, %(to_approve)s to approve, %(reported)s reported)"
                "%(skipped)s.",
                warehouse=warehouse.name,
                items=len(wms_counts.keys() | odoo_counts.keys()),
                variances=len(records),
                adjusted=summary[reconcile.ADJUSTED],
                to_approve=summary[reconcile.TO_APPROVE],
                reported=summary[reconcile.REPORTED],
                skipped=self.env._("; %s items skipped (not tracked in stock)", skipped)
                if skipped
                else "",
            ),
            kind="business",
        )
        self._ask_approval(message, warehouse, records.filtered(lambda v: v.state == "to_approve"))
        return ProcessResult(record=warehouse, note="")

    def _wms_counts(self, warehouse, document, mapped, storable, tracked):
        """The warehouse's quantities by (location id, product id, lot name), in each
        product's unit; items of products Odoo keeps no stock of are skipped, and lots of
        products Odoo does not track are ignored."""
        products, locations, uoms = mapped["products"], mapped["locations"], mapped["uoms"]
        default_location = warehouse.lot_stock_id.id
        # sudo: the process step (private): units and products of the snapshot
        Uom = self.env["uom.uom"].sudo()
        # sudo: the process step (private): products of the snapshot
        Product = self.env["product.product"].sudo()
        counts = defaultdict(float)
        skipped = 0
        for item in document.items:
            product_id = products[item.product_code]
            if product_id not in storable:
                skipped += 1
                continue
            quantity = float(item.quantity)
            uom_id = uoms[item.uom_code]
            if uom_id:
                product = Product.browse(product_id)
                if uom_id != product.uom_id.id:
                    quantity = Uom.browse(uom_id)._compute_quantity(quantity, product.uom_id)
            location_id = locations.get(item.location_code, default_location)
            lot_name = (item.lot_name or None) if product_id in tracked else None
            counts[(location_id, product_id, lot_name)] += quantity
        return counts, skipped

    def _odoo_counts(self, warehouse, by_location, as_of):
        """Odoo's quantities in the warehouse at ``as_of``: the quants, less what moved in
        since, plus what moved out since (inventory adjustments excepted: they correct counts
        rather than move goods). Without locations in the snapshot, by warehouse."""
        location_ids = self._internal_locations(warehouse).ids
        default_location = warehouse.lot_stock_id.id
        counts = defaultdict(float)

        def key(location, product, lot):
            return (location.id if by_location else default_location, product.id, lot.name or None)

        for location, product, lot, quantity in (
            self.env["stock.quant"]
            # sudo: the process step (private): Odoo's stock in the warehouse
            .sudo()
            ._read_group(
                [("location_id", "in", location_ids)],
                ["location_id", "product_id", "lot_id"],
                ["quantity:sum"],
            )
        ):
            counts[key(location, product, lot)] += quantity
        moved = [
            ("state", "=", "done"),
            ("date", ">", as_of),
            ("move_id.is_inventory", "=", False),
        ]
        # sudo: the process step (private): moves since the snapshot
        MoveLine = self.env["stock.move.line"].sudo()
        for field_name, sign in (("location_dest_id", -1.0), ("location_id", 1.0)):
            for location, product, lot, quantity in MoveLine._read_group(
                [*moved, (field_name, "in", location_ids)],
                [field_name, "product_id", "lot_id"],
                ["quantity_product_uom:sum"],
            ):
                counts[key(location, product, lot)] += sign * quantity
        return counts

    def _product_facts(self, product_ids):
        """(storable, tracked, unit rounding) by product id, read from the templates in a few
        queries: the variants' related fields would be computed one product at a time."""
        # sudo: the process step (private): facts of the snapshot's products
        products = self.env["product.product"].sudo().browse(product_ids)
        products.fetch(["product_tmpl_id"])
        templates = products.product_tmpl_id
        templates.fetch(["is_storable", "tracking", "uom_id"])
        templates.uom_id.fetch(["rounding"])
        facts = {}
        for product in products:
            template = product.product_tmpl_id
            facts[product.id] = (
                template.is_storable,
                template.tracking != "none",
                template.uom_id.rounding,
            )
        return facts

    def _record(self, message, warehouse, variances, as_of):
        """One variance line per difference, with the policy's decision; older lines of the
        warehouse still waiting for approval are superseded by this snapshot."""
        # sudo: the process step (private): variances are written by the pipeline only
        Variance = self.env["integration.wms.variance"].sudo()
        Variance.search([("warehouse_id", "=", warehouse.id), ("state", "=", "to_approve")]).write(
            {"state": "superseded"}
        )
        policy = warehouse.integration_reconcile_policy
        threshold = warehouse.integration_variance_threshold
        unit = warehouse.integration_threshold_unit
        lots = self._lots({(v.key[1], v.key[2]) for v in variances if v.key[2]})
        values = []
        for variance in variances:
            location_id, product_id, lot_name = variance.key
            values.append(
                {
                    "message_id": message.id,
                    "partner_id": message.partner_id.id,
                    "warehouse_id": warehouse.id,
                    "company_id": warehouse.company_id.id,
                    "location_id": location_id,
                    "product_id": product_id,
                    "lot_name": lot_name,
                    "lot_id": lots.get((product_id, lot_name)),
                    "wms_quantity": variance.wms_quantity,
                    "odoo_quantity": variance.odoo_quantity,
                    "difference": variance.difference,
                    "as_of": as_of,
                    "state": reconcile.decide(variance, policy, threshold, unit),
                }
            )
        return Variance.create(values)

    def _lots(self, pairs):
        if not pairs:
            return {}
        lots = (
            self.env["stock.lot"]
            # sudo: the process step (private): lots by the snapshot's names
            .sudo()
            .search_fetch(
                [
                    ("product_id", "in", list({product for product, _name in pairs})),
                    ("name", "in", list({name for _product, name in pairs})),
                ],
                ["product_id", "name"],
            )
        )
        return {(lot.product_id.id, lot.name): lot.id for lot in lots}

    def _ask_approval(self, message, warehouse, to_approve):
        user = message.partner_id.user_id
        if not to_approve or not user:
            return
        message.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._(
                "%(count)s inventory variances of %(warehouse)s to approve",
                count=len(to_approve),
                warehouse=warehouse.name,
            ),
            note=self.env._(
                "They exceed the adjustment threshold: approve or reject them in "
                "Integrations › Warehouses › Inventory variances."
            ),
            user_id=user.id,
        )

    @staticmethod
    def _naive(moment):
        """A datetime as Odoo stores it: UTC without a time zone."""
        if moment.tzinfo:
            return moment.astimezone(UTC).replace(tzinfo=None)
        return moment
