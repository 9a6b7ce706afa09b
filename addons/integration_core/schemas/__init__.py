"""The canonical documents, by doc type, and their validation with readable errors.

Kept free of the ORM and of the services package: the ORM turns a SchemaError into the
pipeline's DocumentValidationError itself.
"""

from pydantic import ValidationError

from .base import CanonicalDocument
from .carrier_status import CarrierStatus
from .customer import Customer
from .functional_ack import FunctionalAck
from .inventory import InventoryDelta, InventorySnapshot
from .invoice import Invoice
from .order import Order
from .order_ack import OrderAck
from .product import Product
from .return_request import ReturnRequest
from .shipment_notice import ShipmentNotice
from .warehouse_order import WarehouseOrder

SCHEMAS: dict[str, type[CanonicalDocument]] = {
    schema.doc_type: schema
    for schema in (
        Order,
        OrderAck,
        WarehouseOrder,
        ShipmentNotice,
        InventorySnapshot,
        InventoryDelta,
        Invoice,
        FunctionalAck,
        Product,
        Customer,
        CarrierStatus,
        ReturnRequest,
    )
}


class SchemaError(ValueError):
    """A document does not fit its schema; ``errors`` holds one readable line per problem."""

    def __init__(self, doc_type, errors):
        self.doc_type = doc_type
        self.errors = list(errors)
        count = len(self.errors)
        problems = "problem" if count == 1 else "problems"
        super().__init__(f"{doc_type}: {count} {problems}: {'; '.join(self.errors)}")


def validate_document(doc_type, data):
    """The canonical document of type ``doc_type`` built from ``data``, or a SchemaError."""
    schema = SCHEMAS.get(doc_type)
    if schema is None:
        raise SchemaError(
            doc_type, [f"unknown document type {doc_type!r}; known: {', '.join(sorted(SCHEMAS))}"]
        )
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise SchemaError(doc_type, [_readable(error) for error in exc.errors()]) from exc


def json_schemas():
    """The JSON Schema of every document type, for API documentation."""
    return {doc_type: schema.model_json_schema() for doc_type, schema in SCHEMAS.items()}


def dump(doc):
    """A document as JSON-ready data (decimals as strings, dates in ISO format)."""
    return doc.model_dump(mode="json")


def _readable(error):
    """``lines[0].quantity: Input should be greater than 0`` from a pydantic error."""
    # Our own validators raise ValueError; pydantic would prefix their text with "Value error, ".
    message = str(error["ctx"]["error"]) if error["type"] == "value_error" else error["msg"]
    location = _location(error["loc"])
    return f"{location}: {message}" if location else message


def _location(loc):
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


__all__ = [
    "SCHEMAS",
    "CanonicalDocument",
    "SchemaError",
    "dump",
    "json_schemas",
    "validate_document",
]
