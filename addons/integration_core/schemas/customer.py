"""A customer master record exchanged with a partner system (CRM, web shop)."""

from .base import Address, CanonicalDocument, Code


class Customer(CanonicalDocument):
    """The fields of a Party plus further ``addresses`` such as delivery points.

    Unlike on an order, the name is required: a customer record without one is useless.
    """

    doc_type = "customer"

    external_id: Code
    name: Code
    email: str | None = None
    vat: str | None = None
    address: Address | None = None
    addresses: list[Address] = []
