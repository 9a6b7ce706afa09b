# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.fields import Command

from ..services.errors import BusinessRuleError, DuplicateError, MappingError
from ..services.plugins import ProcessResult


class IntegrationProcessorOrder(models.AbstractModel):
    """Canonical order → sale.order, shared by every spoke (EDI, channels, uploads)."""

    _name = "integration.processor.order"
    _inherit = "integration.processor"
    _description = "Order processor"

    # ------------------------------------------------------------------ map
    def _map(self, message, document):
        if document.purpose != "original":
            return self.env["integration.order.change"]._map(self, message, document)
        customer = self._map_customer(message, document.customer)
        ship_to = self._map_address(message, customer, document.ship_to, "delivery")
        bill_to = self._map_address(message, customer, document.bill_to, "invoice")
        lines = self._map_lines(message, document.lines)
        self._check_duplicate(
            document, customer, test=message.is_test, own=message._business_record()
        )
        company, warehouse = self._route(message, customer, ship_to, lines)
        return {
            "customer_id": customer.id,
            "ship_to_id": ship_to.id,
            "bill_to_id": bill_to.id,
            "company_id": company.id,
            "warehouse_id": warehouse.id,
            "lines": lines,
        }

    def _map_customer(self, message, party):
        # sudo: a pipeline step (private): finds or creates the document's customer
        Partner = self.env["res.partner"].sudo()
        customer = self.env["integration.xref"]._resolve(
            message.partner_id, "customer", party.external_id
        )
        if not customer and party.email:
            customer = Partner.search([("email", "=ilike", party.email)], limit=1)
        if not customer:
            customer = message.partner_id.partner_id
        if not customer and message.flow_id.create_customers:
            customer = Partner.create(
                self._partner_values(party.address, party.name, email=party.email)
            )
        if not customer:
            raise MappingError(
                self.env._(
                    "Customer %(code)s (%(name)s) is not known.",
                    code=party.external_id,
                    name=party.name or "?",
                ),
                hint=self.env._(
                    "Map the customer code to a contact (Fix cross-reference), then Retry."
                ),
                xref_kind="customer",
                external_code=party.external_id,
            )
        return customer

    def _map_address(self, message, customer, address, kind):
        """The customer's address matching ``address``, created under it when new."""
        if not address:
            return customer
        if address.external_id:
            known = self.env["integration.xref"]._resolve(
                message.partner_id, "ship_to", address.external_id
            )
            if known:
                return known
        values = self._partner_values(address, address.name)
        candidates = (
            self.env["res.partner"]
            # sudo: a pipeline step (private): the customer's existing addresses
            .sudo()
            .search(
                [
                    ("id", "child_of", customer.commercial_partner_id.id),
                    ("name", "=", values["name"]),
                    ("zip", "=", values.get("zip") or False),
                ]
            )
        )
        same = candidates.filtered(lambda p: (p.street or False) == (values.get("street") or False))
        if same:
            return same[0]
        return (
            self.env["res.partner"]
            # sudo: a pipeline step (private): the document's address as a contact
            .sudo()
            .create({**values, "parent_id": customer.commercial_partner_id.id, "type": kind})
        )

    def _partner_values(self, address, name, email=None):
        values = {"name": name or (address and address.name) or self.env._("Unknown")}
        if email:
            values["email"] = email
        if not address:
            return values
        for field in ("street", "street2", "city", "zip", "phone"):
            if getattr(address, field):
                values[field] = getattr(address, field)
        if address.email and not email:
            values["email"] = address.email
        if address.country_code:
            country = self.env["res.country"].search([("code", "=", address.country_code)], limit=1)
            values["country_id"] = country.id
            if address.state_code and country:
                state = self.env["res.country.state"].search(
                    [("country_id", "=", country.id), ("code", "=", address.state_code)],
                    limit=1,
                )
                values["state_id"] = state.id or False
        return values

    def _map_lines(self, message, lines):
        """The lines' values, their products found in bulk and each unit once."""
        products = self.env["integration.xref"]._resolve_products(
            message.partner_id, {line.product_code for line in lines}
        )
        uoms = {}
        mapped = []
        for line in lines:
            product = products.get(line.product_code) or self._map_product(message, line)
            key = (line.uom_code, product.uom_id.id)
            if key not in uoms:
                uoms[key] = self._map_uom(message, line.uom_code, product)
            mapped.append(self._map_line(message, line, product, uoms[key]))
        return mapped

    def _map_line(self, message, line, product, uom):
        return {
            "line_ref": line.line_ref,
            "product_id": product.id,
            "uom_id": uom.id,
            "quantity": float(line.quantity),
            "price_unit": float(line.unit_price) if line.unit_price is not None else None,
            "discount": float(line.discount_percent or 0.0),
            "description": line.description,
        }

    def _map_product(self, message, line):
        """The product of a line its code did not find: by its GTIN, else a mapping error."""
        product = None
        if line.gtin:
            product = (
                # sudo: a pipeline step (private): a product by the line's GTIN
                self.env["product.product"].sudo().search([("barcode", "=", line.gtin)], limit=1)
            )
        if not product:
            raise self._unknown_product(message, line)
        return product

    def _map_uom(self, message, code, product):
        return self.env["integration.xref"]._resolve_uom(message.partner_id, code) or product.uom_id

    def _check_duplicate(self, document, customer, test=False, own=None):
        """Refuse a purchase order already in Odoo; test orders count only for test traffic.
        The order the message made itself (``own``, when it is replayed) is no repeat."""
        existing = (
            self.env["sale.order"]
            # sudo: a pipeline step (private): is this purchase order already in Odoo
            .sudo()
            .search(
                [
                    ("client_order_ref", "=", document.order_ref),
                    ("partner_id", "child_of", customer.commercial_partner_id.id),
                    ("state", "!=", "cancel"),
                    ("integration_test", "=", bool(test)),
                    ("id", "not in", own.ids if own else []),
                ],
                limit=1,
            )
        )
        if existing:
            raise DuplicateError(
                self.env._(
                    "Purchase order %(ref)s of %(customer)s already exists as %(order)s.",
                    ref=document.order_ref,
                    customer=customer.display_name,
                    order=existing.name,
                ),
                hint=self.env._(
                    "Ignore this message unless the customer really sent a new order "
                    "with the same number."
                ),
            )

    def _route(self, message, customer, ship_to, lines):
        products = self.env["product.product"].browse([line["product_id"] for line in lines])
        quantities = [
            (
                product,
                self.env["uom.uom"]
                .browse(line["uom_id"])
                ._compute_quantity(line["quantity"], product.uom_id),
            )
            for product, line in zip(products, lines, strict=True)
        ]
        routed = self.env["integration.routing.rule"]._route(
            message.partner_id, customer, ship_to, quantities
        )
        return routed or self._default_route(message)

    def _default_route(self, message):
        """Where an order goes when no routing rule matches: the flow's company."""
        company = message.company_id
        warehouse = (
            # sudo: a pipeline step (private): the message's company's first warehouse
            self.env["stock.warehouse"].sudo().search([("company_id", "=", company.id)], limit=1)
        )
        return company, warehouse

    def _routing_targets(self, message):
        """The companies an order of ``message`` may go to: the message's own, and the
        targets of the routing rules that apply to its partner."""
        # sudo: a pipeline step; the rules were checked when they were written
        Rule = self.env["integration.routing.rule"].sudo()
        rules = Rule.search(Rule._applicable_domain(message.partner_id))
        return message.company_id | rules.company_id

    def _checked_target(self, message, mapped):
        """The company and warehouse of the mapped values, refused unless the company is the
        message's or a routing rule's target and the warehouse is of that company."""
        company = self.env["res.company"].browse(mapped["company_id"]).exists()
        # sudo: a pipeline step; the warehouse is checked against the company below
        warehouse = self.env["stock.warehouse"].sudo().browse(mapped["warehouse_id"]).exists()
        if company not in self._routing_targets(message) or not company:
            raise BusinessRuleError(
                self.env._(
                    "%(message)s may create orders in %(company)s only (or a company a routing "
                    "rule sends its partner's orders to), not in %(other)s.",
                    message=message.name,
                    company=message.company_id.name,
                    other=company.name or mapped["company_id"],
                ),
                hint=self.env._("Retry: the message is mapped again, routing included."),
            )
        if warehouse:
            self._check_company(message, warehouse, allowed=company)
        return company, warehouse

    def _finish_order(self, message, order):
        """Confirm the new order as the flow says; test traffic leaves a tagged quotation."""
        if message.is_test:
            order._integration_mark_test()
            message._log(
                "process",
                self.env._(
                    "Test traffic: %s left as a quotation tagged Test (no reservation, no "
                    "delivery).",
                    order.name,
                ),
                kind="business",
            )
        elif message.flow_id.confirm_orders:
            order.action_confirm()

    def _replay_values(self, message, mapped, record):
        """The order as a person checks it: customer, addresses, company, warehouse and each
        line by its reference (product, quantity, unit, unit price, discount); read from the
        sale order when there is one (its current lines), else from the mapped values."""
        if record is not None and record._name == "sale.order":
            return self._order_values(*self._order_read(record))
        if record is None and mapped and "customer_id" in mapped:
            return self._order_values(*self._order_mapped(mapped))
        return super()._replay_values(message, mapped, record)

    def _order_read(self, order):
        """(header records, line tuples) of a sale order, as ``_order_values`` takes them."""
        header = (
            order.partner_id,
            order.partner_invoice_id,
            order.partner_shipping_id,
            order.company_id,
            order.warehouse_id,
        )
        lines = [
            (
                line.integration_line_ref or str(line.sequence),
                line.product_id,
                line.product_uom_qty,
                line.product_uom,
                line.price_unit,
                line.discount,
            )
            for line in order.order_line.filtered(lambda line: not line.display_type)
        ]
        return header, lines

    def _order_mapped(self, mapped):
        """(header records, line tuples) of mapped values; what they name may be gone."""
        Partner, Product = self.env["res.partner"], self.env["product.product"]
        header = (
            Partner.browse(mapped["customer_id"]).exists(),
            Partner.browse(mapped["bill_to_id"]).exists(),
            Partner.browse(mapped["ship_to_id"]).exists(),
            self.env["res.company"].browse(mapped["company_id"]).exists(),
            self.env["stock.warehouse"].browse(mapped["warehouse_id"]).exists(),
        )
        lines = []
        for line in mapped["lines"]:
            product = Product.browse(line["product_id"]).exists()
            uom = self.env["uom.uom"].browse(line["uom_id"]).exists() or product.uom_id
            lines.append(
                (
                    line["line_ref"],
                    product,
                    line["quantity"],
                    uom,
                    line["price_unit"],
                    line["discount"],
                )
            )
        return header, lines

    def _order_values(self, header, lines):
        """The flat ``{label: value}`` of an order's header records and line tuples."""
        labels = (
            self.env._("Customer"),
            self.env._("Invoice address"),
            self.env._("Delivery address"),
            self.env._("Company"),
            self.env._("Warehouse"),
        )
        values = {
            label: record.display_name or None for label, record in zip(labels, header, strict=True)
        }
        for ref, product, quantity, uom, price, discount in lines:
            line = self.env._("Line %s", ref)
            values[f"{line}: {self.env._('product')}"] = product.display_name or None
            values[f"{line}: {self.env._('quantity')}"] = quantity
            values[f"{line}: {self.env._('unit')}"] = uom.display_name or None
            values[f"{line}: {self.env._('unit price')}"] = price
            values[f"{line}: {self.env._('discount')}"] = discount
        return values

    # ------------------------------------------------------------------ process
    def _process(self, message, document, mapped):
        """A new order becomes a sale order (and releases the changes that came before it);
        a change or cancellation is applied to it (``integration.order.change``)."""
        if document.purpose != "original":
            return self.env["integration.order.change"]._process(self, message, document, mapped)
        company, warehouse = self._checked_target(message, mapped)
        # sudo: the process step (private); the company was checked by _checked_target
        SaleOrder = self.env["sale.order"].sudo().with_company(company)
        order = SaleOrder.create(
            {
                "partner_id": mapped["customer_id"],
                "partner_invoice_id": mapped["bill_to_id"],
                "partner_shipping_id": mapped["ship_to_id"],
                "company_id": company.id,
                "warehouse_id": warehouse.id,
                "client_order_ref": document.order_ref,
                "origin": message.name,
                "integration_correlation_id": message.correlation_id,
                "commitment_date": document.requested_delivery_date,
                "note": document.notes or False,
                "order_line": [Command.create(self._line_values(line)) for line in mapped["lines"]],
            }
        )
        self._finish_order(message, order)
        customer = self.env["res.partner"].browse(mapped["customer_id"])
        waiting = self.env["integration.order.change"]._awaited_key(
            customer, document.order_ref, message.is_test
        )
        return ProcessResult(record=order, releases=waiting)

    def _process_test(self, message, document, mapped):
        """Test orders go through the same steps and end as tagged quotations."""
        return self._process(message, document, mapped)

    def _line_values(self, line):
        values = {
            "product_id": line["product_id"],
            "product_uom": line["uom_id"],
            "product_uom_qty": line["quantity"],
            "discount": line["discount"],
            "integration_line_ref": line["line_ref"],
        }
        if line["price_unit"] is not None:
            values["price_unit"] = line["price_unit"]
        if line.get("description"):
            values["name"] = line["description"]
        return values
