# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Test-only plug-ins: a codec, a processor, a builder and a transport, written against the
plug-in contract alone (readme/CONTRIBUTING.md), so the pipeline is tested without sale
orders or HTTP.

The classes are declared with ``_register = False``: importing this file adds nothing to
the registry. ``PluginLoader`` builds them into it for one test class, as installing a
module would, and takes them out again afterwards.
"""

from datetime import date

from odoo import fields, models
from odoo.tools import OrderedSet

from ..schemas.order import Order
from ..services.errors import BusinessRuleError, ParseError
from ..services.plugins import CodecFeatures, ProcessResult

OUTBOX = []  # the payloads the memory transport delivered, oldest first
FAILURES = []  # errors the memory transport raises instead, one per send, oldest first


# ---------------------------------------------------------------------- the example codec
class IntegrationCodecTestPipe(models.AbstractModel):
    """Pipe-separated orders: one ``ORDER|ref|date|currency|customer id|customer name``
    line, then one ``LINE|ref|product code|quantity|unit price`` line per order line."""

    _name = "integration.codec.test_pipe"
    _inherit = ["integration.codec"]
    _description = "Pipe-separated orders (test)"
    _module = "integration_core"
    _register = False

    def _decode(self, message, payload):
        rows = [line.split("|") for line in payload.decode().splitlines() if line.strip()]
        if not rows or rows[0][0] != "ORDER" or len(rows[0]) != 6:
            raise ParseError(self.env._("The first line must be ORDER|ref|date|currency|id|name."))
        _tag, ref, day, currency, customer_id, customer_name = rows[0]
        lines = []
        for number, row in enumerate(rows[1:], 2):
            if row[0] != "LINE" or len(row) != 5:
                raise ParseError(
                    self.env._("Line %s must be LINE|ref|product|quantity|price.", number)
                )
            _tag, line_ref, product_code, quantity, unit_price = row
            lines.append(
                {
                    "line_ref": line_ref,
                    "product_code": product_code,
                    "quantity": quantity,
                    "unit_price": unit_price,
                }
            )
        return {
            "order_ref": ref,
            "order_date": day,
            "currency": currency,
            "customer": {"external_id": customer_id, "name": customer_name},
            "lines": lines,
        }

    def _encode(self, message, document):
        rows = [
            [
                "ORDER",
                document.order_ref,
                document.order_date.isoformat(),
                document.currency,
                document.customer.external_id,
                document.customer.name,
            ]
        ]
        rows += [
            ["LINE", line.line_ref, line.product_code, f"{line.quantity:g}", f"{line.unit_price:g}"]
            for line in document.lines
        ]
        return "".join("|".join(row) + "\n" for row in rows).encode()

    def _features(self):
        return CodecFeatures(file_extension="txt", content_type="text/plain")


# ---------------------------------------------------------------------- processor
class IntegrationProcessorTestNote(models.AbstractModel):
    """Files an order as a contact named after it: a business record that is no sale order.
    An order whose reference starts with REFUSE breaks a business rule."""

    _name = "integration.processor.test_note"
    _inherit = ["integration.processor"]
    _description = "Order as a contact (test)"
    _module = "integration_core"
    _register = False

    def _map(self, message, document):
        return {"units": float(sum(line.quantity for line in document.lines))}

    def _process(self, message, document, mapped):
        if document.order_ref.startswith("REFUSE"):
            raise BusinessRuleError(self.env._("Order %s is refused.", document.order_ref))
        contact = self.env["res.partner"].create(
            {"name": f"Order {document.order_ref}", "ref": document.order_ref}
        )
        return ProcessResult(record=contact, note=f"{mapped['units']:g} units filed.")


# ---------------------------------------------------------------------- builder
class IntegrationBuilderTestOrder(models.AbstractModel):
    """An order to a supplier from a contact (``ref``: the order reference); it is the
    default builder of outbound order flows in the pipe-separated format."""

    _name = "integration.builder.test_order"
    _inherit = ["integration.builder"]
    _description = "Order from a contact (test)"
    _module = "integration_core"
    _register = False

    def _claims_flow(self, flow):
        return flow.codec == "test_pipe" and flow.document_type == "order"

    def _default_scope(self, flow):
        """What is ordered from a supplier is the company's, not a customer's."""
        return "company"

    def _build(self, message, contact):
        return Order(
            order_ref=contact.ref or f"C{contact.id}",
            order_date=date(2026, 11, 20),
            customer={"external_id": str(contact.id), "name": contact.name},
            lines=[{"line_ref": "1", "product_code": "PIPE-1", "quantity": 2, "unit_price": 3.5}],
        )

    def _outbound_values(self, flow, record):
        """Contacts without a reference are not ordered from."""
        return {} if record.ref else None


# ---------------------------------------------------------------------- transport
class IntegrationTransportTestMemory(models.AbstractModel):
    """Delivers into ``OUTBOX``, or raises the next error of ``FAILURES``."""

    _name = "integration.transport.test_memory"
    _inherit = ["integration.transport"]
    _description = "Memory transport (test)"
    _module = "integration_core"
    _register = False

    def _send(self, message, endpoint, payload):
        if FAILURES:
            raise FAILURES.pop(0)
        OUTBOX.append(payload)
        return {"http_status": 200}


# ---------------------------------------------------------------------- selection values
class IntegrationFlow(models.Model):
    _inherit = ["integration.flow"]
    _name = "integration.flow"
    _module = "integration_core"
    _register = False

    codec = fields.Selection(
        selection_add=[("test_pipe", "Pipe-separated (test)")],
        ondelete={"test_pipe": "set default"},
    )
    processor = fields.Selection(
        selection_add=[("test_note", "Order as a contact (test)"), ("test_missing", "Missing")],
        ondelete={"test_note": "set null", "test_missing": "set null"},
    )
    builder = fields.Selection(
        selection_add=[("test_order", "Order from a contact (test)")],
        ondelete={"test_order": "set null"},
    )


class IntegrationEndpoint(models.Model):
    _inherit = ["integration.endpoint"]
    _name = "integration.endpoint"
    _module = "integration_core"
    _register = False

    transport = fields.Selection(
        selection_add=[("test_memory", "Memory (test)")],
        ondelete={"test_memory": "set default"},
    )


PLUGINS = (
    IntegrationCodecTestPipe,
    IntegrationProcessorTestNote,
    IntegrationBuilderTestOrder,
    IntegrationTransportTestMemory,
    IntegrationFlow,
    IntegrationEndpoint,
)


class PluginLoader:
    """Builds plug-in classes into the registry and takes them out again.

    Odoo 18 recreates every model's fields from its classes in ``setup_models``: restoring
    the classes each model was built from, then setting the registry up again, leaves it as
    it was. The database is not touched (no ``ir.model`` rows: the plug-ins are abstract and
    the selection values only live in Python).
    """

    def __init__(self, registry):
        self.registry = registry
        self.saved = {}

    def load(self, cr, classes=PLUGINS):
        models_ = self.registry.models
        self.saved = {
            name: (model._BaseModel__base_classes, OrderedSet(model._inherit_children))
            for name, model in models_.items()
        }
        for cls in classes:
            cls._build_model(self.registry, cr)
        self.registry.setup_models(cr)

    def unload(self, cr):
        models_ = self.registry.models
        for name in set(models_) - set(self.saved):
            del models_[name]
        for name, (bases, children) in self.saved.items():
            model = models_[name]
            model._inherit_children = children
            if model._BaseModel__base_classes != bases:
                model._BaseModel__base_classes = bases
                model._build_model_attributes(self.registry)
        self.registry.setup_models(cr)
