# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from decimal import Decimal

from psycopg2 import IntegrityError

from odoo import models
from odoo.addons.integration_core.services.errors import BusinessRuleError, MappingError
from odoo.addons.integration_core.services.plugins import ProcessResult
from odoo.fields import Command
from odoo.tools import float_compare

from ..services import amounts
from ..services.orders import GUEST_PREFIXES, is_newer, parse_timestamp


class ChannelOrderBusy(BusinessRuleError):
    """Another job writes the same shop order at this moment: retried shortly."""

    retryable = True


class IntegrationProcessorChannelOrder(models.AbstractModel):
    """Shop orders → sale orders, one per shop order, kept in step with its versions.

    The core order processor maps products, units and addresses; this one adds what shops
    need: customers matched by the shop's customer id then e-mail (else created), prices
    with or without tax as the shop says, discounts and shipping to the cent, the order's
    currency, and the life of the order: an update changes the sale order while nothing is
    shipped, an older version is ignored, a cancellation cancels it (or, once shipped,
    opens an exception).
    """

    _name = "integration.processor.channel_order"
    _inherit = "integration.processor.order"
    _description = "Channel order processor"

    def _claims_flow(self, flow):
        """The default processor of a channel's orders flow."""
        return bool(flow.channel_id) and flow.document_type == "order"

    # ------------------------------------------------------------------ map
    def _map(self, message, document):
        channel = message.flow_id.channel_id
        if not channel:
            raise MappingError(self.env._("Flow %s belongs to no channel.", message.flow_id.name))
        meta = channel._codec()._order_meta(message)
        customer = self._map_customer(message, document.customer)
        ship_to = self._map_address(message, customer, document.ship_to, "delivery")
        bill_to = self._map_address(message, customer, document.bill_to, "invoice")
        lines = self._map_lines(message, document.lines)
        company, warehouse = self._route(message, customer, ship_to, lines)
        return {
            "customer_id": customer.id,
            "ship_to_id": ship_to.id,
            "bill_to_id": bill_to.id,
            "company_id": company.id,
            "warehouse_id": warehouse.id,
            "currency_id": self._map_currency(message, document.currency).id,
            "lines": lines,
            "channel": meta,
        }

    def _map_customer(self, message, party):
        """The shop's customer id (cross-reference), else the e-mail, else a new contact.

        The shop's id is remembered as a customer cross-reference, so the next order of the
        customer finds the same contact whatever e-mail it gives.
        """
        # sudo: a pipeline step (private): finds or creates the shop's customer
        Partner = self.env["res.partner"].sudo()
        # sudo: a pipeline step (private): the channel partner's customer cross-references
        Xref = self.env["integration.xref"].sudo()
        known_id = not party.external_id.startswith(GUEST_PREFIXES)
        customer = Xref._resolve(message.partner_id, "customer", party.external_id)
        if customer:
            return customer
        if party.email:
            customer = Partner.search([("email", "=ilike", party.email)], order="id", limit=1)
        if not customer:
            customer = Partner.create(
                self._partner_values(party.address, party.name, email=party.email)
            )
            message._log(
                "map", self.env._("Customer %s created.", customer.display_name), kind="business"
            )
        if known_id:
            try:
                with self.env.cr.savepoint():
                    Xref.create(
                        {
                            "partner_id": message.partner_id.id,
                            "kind": "customer",
                            "external_code": party.external_id,
                            "res_partner_id": customer.id,
                        }
                    )
            except IntegrityError as err:  # an order of the same customer got there first
                raise ChannelOrderBusy(
                    self.env._("Customer %s is being mapped by another order.", party.external_id)
                ) from err
        return customer

    def _map_line(self, message, line, product, uom):
        values = super()._map_line(message, line, product, uom)
        # Exact figures for the money computations of the process step.
        values["unit_price_text"] = str(line.unit_price) if line.unit_price is not None else None
        values["discount_text"] = str(line.discount_percent or 0)
        return values

    def _map_currency(self, message, code):
        currency = (
            self.env["res.currency"]
            # sudo: a pipeline step (private): a currency by the order's code
            .sudo()
            .with_context(active_test=False)
            .search([("name", "=", code)], limit=1)
        )
        if not currency:
            raise MappingError(
                self.env._("Currency %s is not known.", code),
                hint=self.env._("Create the currency in Accounting, then Retry."),
            )
        if not currency.active:
            currency.active = True
            message._log(
                "map",
                self.env._("Currency %s activated for this order.", code),
                kind="business",
            )
        return currency

    def _default_route(self, message):
        """No routing rule matched: the channel's company and first warehouse."""
        channel = message.flow_id.channel_id
        # sudo: a pipeline step (private): the channel company's first warehouse
        warehouse = channel.warehouse_ids[:1] or self.env["stock.warehouse"].sudo().search(
            [("company_id", "=", channel.company_id.id)], limit=1
        )
        return channel.company_id, warehouse

    # ------------------------------------------------------------------ process
    def _process(self, message, document, mapped):
        channel = message.flow_id.channel_id
        meta = mapped["channel"]
        order = self._channel_order(channel, meta["order_id"])
        if not order:
            if meta["cancelled"]:
                return ProcessResult(
                    note=self.env._(
                        "Order %s was cancelled in the shop before it reached Odoo: "
                        "nothing to create.",
                        meta["number"],
                    )
                )
            order = self._create_channel_order(message, channel, document, mapped)
            return ProcessResult(record=order)
        self._lock_order(order)
        # The message belongs to the existing order whatever this version does to it.
        linked = ProcessResult(record=order, note="")
        if not is_newer(meta["updated_at"], order.channel_version):
            message._log(
                "stale",
                self.env._(
                    "Version %(version)s of %(number)s is not newer than %(known)s, the one "
                    "%(order)s has: ignored.",
                    version=meta["updated_at"],
                    number=meta["number"],
                    known=order.channel_version,
                    order=order.name,
                ),
                kind="business",
                level="warning",
            )
            return linked
        if meta["cancelled"]:
            self._cancel_channel_order(message, order, meta)
        else:
            self._update_channel_order(message, channel, order, document, mapped)
        return linked

    def _channel_order(self, channel, order_id):
        return (
            self.env["sale.order"]
            # sudo: a pipeline step (private): the channel's own order of that shop id
            .sudo()
            .search([("channel_id", "=", channel.id), ("channel_order_id", "=", order_id)], limit=1)
        )

    def _lock_order(self, order):
        """Hold the sale order row; a version written meanwhile by another job makes this
        transaction retry (serialization failure), so versions never overwrite each other."""
        self.env.cr.execute(
            "SELECT id FROM sale_order WHERE id = %s FOR UPDATE", (order.id,), log_exceptions=False
        )

    def _claim_new_order(self, channel, order_id):
        """Serialise the creation of one shop order's sale order.

        Two versions of a new order (created, then paid a second later) may be processed at
        once: the second waits here for the first, then sees its sale order (committed after
        this transaction's snapshot, so only a fresh cursor sees it) and is retried as an
        update.
        """
        cr = self.env.cr
        cr.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (channel.id, order_id))
        with self.env.registry.cursor() as fresh:
            fresh.execute(
                "SELECT id FROM sale_order WHERE channel_id = %s AND channel_order_id = %s",
                (channel.id, order_id),
            )
            if fresh.fetchone():
                raise ChannelOrderBusy(
                    self.env._("Order %s was created by another job a moment ago.", order_id)
                )

    def _version_values(self, meta):
        moment = parse_timestamp(meta["updated_at"])
        return {
            "channel_version": meta["updated_at"] or False,
            "channel_updated_at": moment.replace(tzinfo=None) if moment else False,
        }

    def _create_channel_order(self, message, channel, document, mapped):
        meta = mapped["channel"]
        self._claim_new_order(channel, meta["order_id"])
        company, warehouse = self._checked_target(message, mapped)
        currency = self.env["res.currency"].browse(mapped["currency_id"])
        order = (
            self.env["sale.order"]
            # sudo: the process step (private): the order of the message's company or routing target
            .sudo()
            .with_company(company)
            .create(
                {
                    "partner_id": mapped["customer_id"],
                    "partner_invoice_id": mapped["bill_to_id"],
                    "partner_shipping_id": mapped["ship_to_id"],
                    "company_id": company.id,
                    "warehouse_id": warehouse.id,
                    "pricelist_id": self._pricelist(channel, currency, company).id,
                    "client_order_ref": document.order_ref,
                    "origin": message.name,
                    "integration_correlation_id": message.correlation_id,
                    "note": document.notes or False,
                    "channel_id": channel.id,
                    "channel_order_id": meta["order_id"],
                    **self._version_values(meta),
                }
            )
        )
        order.write(
            {
                "order_line": [
                    Command.create(values)
                    for values in self._channel_lines(order, channel, document, mapped)
                ]
            }
        )
        self._finish_order(message, order)
        return order

    def _pricelist(self, channel, currency, company):
        """The pricelist of an order in ``currency``: the channel's, else one in that currency
        (created for the channel when the company has none)."""
        if channel.pricelist_id and channel.pricelist_id.currency_id == currency:
            return channel.pricelist_id
        # sudo: the process step (private): the document's currency, the message's company
        Pricelist = self.env["product.pricelist"].sudo()
        name = f"{channel.name} ({currency.name})"
        domain = [("currency_id", "=", currency.id), ("company_id", "in", [company.id, False])]
        pricelist = Pricelist.search(domain + [("name", "=", name)], limit=1) or Pricelist.search(
            domain, limit=1
        )
        return pricelist or Pricelist.create(
            {"name": name, "currency_id": currency.id, "company_id": company.id}
        )

    # ------------------------------------------------------------------ lines
    def _channel_lines(self, order, channel, document, mapped):
        """The sale order lines a version of the shop order asks for.

        Product lines carry the shop's unit price and the taxes of the product (through the
        order's fiscal position) in the shop's convention: when its prices include tax,
        each tax is replaced by its tax-included twin, so the gross prices the customer
        paid stay exact and Odoo works out the untaxed amount. Discounts a rounded
        percentage cannot give to the cent, and order-level discounts, go on discount lines
        (one per set of taxes, shared out in proportion); shipping goes on a delivery line.
        """
        include = document.prices_include_tax
        digits = self.env["decimal.precision"].precision_get("Discount")
        places = order.currency_id.decimal_places
        lines = []
        rest_by_taxes = defaultdict(Decimal)
        net_by_taxes = defaultdict(Decimal)
        taxes_by_key = {}
        for line in mapped["lines"]:
            product = self.env["product.product"].browse(line["product_id"])
            taxes = self._channel_taxes(order, product, include)
            values = {
                "channel_line_kind": "product",
                "integration_line_ref": line["line_ref"],
                "product_id": product.id,
                "product_uom": line["uom_id"],
                "product_uom_qty": line["quantity"],
                "tax_id": [Command.set(taxes.ids)],
                "discount": 0.0,
            }
            if line.get("description"):
                values["name"] = line["description"]
            if line.get("unit_price_text") is not None:
                price = Decimal(line["unit_price_text"])
                gross = price * Decimal(str(line["quantity"]))
                percent, rest = amounts.line_discount(
                    gross, line.get("discount_text"), digits, places
                )
                values.update(price_unit=float(price), discount=float(percent))
                key = tuple(sorted(taxes.ids))
                taxes_by_key[key] = taxes
                rest_by_taxes[key] += rest
                net_by_taxes[key] += amounts.money(gross * (100 - percent) / 100, places) - rest
            lines.append(values)
        if document.discount_amount:
            keys = list(net_by_taxes)
            shares = amounts.allocate(
                document.discount_amount, [net_by_taxes[key] for key in keys], places
            )
            for key, share in zip(keys, shares, strict=True):
                rest_by_taxes[key] += share
        discount_product = channel.discount_product_id
        for key, amount in rest_by_taxes.items():
            if amount <= 0:
                continue
            taxes = taxes_by_key[key]
            lines.append(
                {
                    "channel_line_kind": "discount",
                    "integration_line_ref": "discount" + "".join(f"-{i}" for i in key),
                    "product_id": discount_product.id,
                    "product_uom_qty": 1.0,
                    "price_unit": -float(amount),
                    "discount": 0.0,
                    "tax_id": [Command.set(taxes.ids)],
                    "name": self.env._("Discount")
                    + (f" ({', '.join(taxes.mapped('name'))})" if taxes else ""),
                }
            )
        shipping = document.shipping
        if shipping and shipping.amount:
            product = channel.shipping_product_id
            lines.append(
                {
                    "channel_line_kind": "shipping",
                    "integration_line_ref": "shipping",
                    "product_id": product.id,
                    "product_uom_qty": 1.0,
                    "price_unit": float(shipping.amount),
                    "discount": 0.0,
                    "tax_id": [Command.set(self._channel_taxes(order, product, include).ids)],
                    "name": shipping.description or product.name,
                }
            )
        return lines

    def _channel_taxes(self, order, product, include):
        taxes = product.taxes_id._filter_taxes_by_company(order.company_id)
        taxes = order.fiscal_position_id.map_tax(taxes)
        return self._tax_variant(taxes, include)

    def _tax_variant(self, taxes, include):
        """``taxes`` in the shop's convention: each tax whose price-inclusion differs is
        replaced by its twin (same rate, group, accounts) in the other convention."""
        result = self.env["account.tax"]
        for tax in taxes:
            if tax.amount_type == "group" or tax.price_include == include:
                result |= tax
            else:
                result |= self._tax_twin(tax, include)
        return result

    def _tax_twin(self, tax, include):
        # sudo: a pipeline step (private): the tax twin the shop's tax convention needs
        Tax = self.env["account.tax"].sudo()

        def accounts(t):
            return sorted(
                (line.document_type, line.repartition_type, line.factor_percent, line.account_id.id)
                for line in t.repartition_line_ids
            )

        candidates = Tax.search(
            [
                ("company_id", "=", tax.company_id.id),
                ("type_tax_use", "=", tax.type_tax_use),
                ("tax_scope", "=", tax.tax_scope),
                ("amount_type", "=", tax.amount_type),
                ("amount", "=", tax.amount),
                ("tax_group_id", "=", tax.tax_group_id.id),
                ("country_id", "=", tax.country_id.id),
                ("include_base_amount", "=", tax.include_base_amount),
                ("price_include", "=", include),
                ("id", "!=", tax.id),
            ]
        )
        wanted = accounts(tax)
        for candidate in candidates:
            if accounts(candidate) == wanted:
                return candidate
        label = self.env._("tax included") if include else self.env._("tax excluded")
        name = f"{tax.name} ({label})"
        taken = set(
            Tax.with_context(active_test=False)
            .search([("company_id", "=", tax.company_id.id), ("name", "=like", f"{name}%")])
            .mapped("name")
        )
        suffix = 2
        unique = name
        while unique in taken:
            unique = f"{name} {suffix}"
            suffix += 1
        # sudo: a pipeline step (private): a tax twin with the shop's tax convention
        return tax.sudo().copy(
            {
                "name": unique,
                "price_include_override": "tax_included" if include else "tax_excluded",
            }
        )

    # ------------------------------------------------------------------ update, cancel
    def _shipped(self, order):
        return order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )

    def _update_channel_order(self, message, channel, order, document, mapped):
        """Apply a newer version: lines, quantities, prices and addresses, while nothing is
        shipped. A version that changes nothing (a payment, our own fulfilment) is only
        recorded."""
        current = {
            (line.channel_line_kind or "product", line.integration_line_ref): line
            for line in order.order_line
            if not line.display_type
        }
        commands = []
        changes = []
        for values in self._channel_lines(order, channel, document, mapped):
            key = (values["channel_line_kind"], values["integration_line_ref"])
            line = current.pop(key, None)
            if line is None:
                commands.append(Command.create(values))
                changes.append(self.env._("line %s added", key[1]))
                continue
            update = self._line_update(line, values)
            if update:
                commands.append(Command.update(line.id, update))
                changes.append(self.env._("line %s changed", key[1]))
        for (_kind, ref), line in current.items():
            if not line.product_uom_qty and not line.price_unit:
                continue
            if order.state == "draft":
                commands.append(Command.delete(line.id))
            else:  # confirmed lines cannot be deleted: Odoo wants the quantity at 0
                commands.append(Command.update(line.id, {"product_uom_qty": 0.0}))
            changes.append(self.env._("line %s removed", ref))
        header = {}
        for field, key in (
            ("partner_shipping_id", "ship_to_id"),
            ("partner_invoice_id", "bill_to_id"),
        ):
            if order[field].id != mapped[key]:
                header[field] = mapped[key]
                changes.append(self.env._("%s changed", order._fields[field].string))
        meta = mapped["channel"]
        if changes:
            shipped = self._shipped(order)
            if shipped:
                raise BusinessRuleError(
                    self.env._(
                        "Version %(version)s of %(number)s changes the order (%(changes)s), "
                        "but %(order)s is already shipped (%(pickings)s): nothing was changed.",
                        version=meta["updated_at"],
                        number=meta["number"],
                        changes=", ".join(changes),
                        order=order.name,
                        pickings=", ".join(shipped.mapped("name")),
                    ),
                    hint=self.env._(
                        "Agree with the customer what to do (a return, a new delivery), then "
                        "Ignore this exception."
                    ),
                )
            if commands:
                header["order_line"] = commands
            # Nothing is shipped: the open deliveries follow the new address.
            order.with_context(update_delivery_shipping_partner=True).write(header)
        order.write(self._version_values(meta))
        message._log(
            "update",
            self.env._(
                "%(order)s updated to version %(version)s: %(changes)s.",
                order=order.name,
                version=meta["updated_at"],
                changes=", ".join(changes) or self.env._("nothing to change"),
            ),
            kind="business",
        )

    def _line_update(self, line, values):
        """The values to write on ``line`` to match ``values``, or {} when it matches."""
        price_digits = self.env["decimal.precision"].precision_get("Product Price")
        discount_digits = self.env["decimal.precision"].precision_get("Discount")
        same = (
            line.product_id.id == values["product_id"]
            and line.product_uom.id == values.get("product_uom", line.product_uom.id)
            and float_compare(
                line.product_uom_qty,
                values["product_uom_qty"],
                precision_rounding=line.product_uom.rounding,
            )
            == 0
            and (
                "price_unit" not in values
                or float_compare(line.price_unit, values["price_unit"], price_digits) == 0
            )
            and float_compare(line.discount, values["discount"], discount_digits) == 0
            and set(line.tax_id.ids) == set(values["tax_id"][0][2])
        )
        if same:
            return {}
        update = {
            key: values[key]
            for key in ("product_uom_qty", "price_unit", "discount", "tax_id")
            if key in values
        }
        if line.product_id.id != values["product_id"]:
            update["product_id"] = values["product_id"]
        return update

    def _cancel_channel_order(self, message, order, meta):
        if order.state == "cancel":
            order.write(self._version_values(meta))
            message._log(
                "cancel", self.env._("%s is already cancelled.", order.name), kind="business"
            )
            return
        shipped = self._shipped(order)
        if shipped:
            raise BusinessRuleError(
                self.env._(
                    "%(number)s was cancelled in the shop, but %(order)s is already shipped "
                    "(%(pickings)s): it is not cancelled in Odoo.",
                    number=meta["number"],
                    order=order.name,
                    pickings=", ".join(shipped.mapped("name")),
                ),
                hint=self.env._(
                    "Arrange the return with the customer (return the delivery, refund the "
                    "invoice), then Ignore this exception."
                ),
            )
        order.with_context(disable_cancel_warning=True).action_cancel()
        order.write(self._version_values(meta))
        message._log(
            "cancel",
            self.env._(
                "%(order)s cancelled: %(number)s was cancelled in the shop.",
                order=order.name,
                number=meta["number"],
            ),
            kind="business",
        )
