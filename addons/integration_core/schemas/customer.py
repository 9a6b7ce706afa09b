"""A customer master record exchanged with a partner system (CRM, web shop)."""

from .base import Address, CanonicalDocument, Code


class Customer(CanonicalDocument):
    """The fields of a Party plus further ``addresses`` such as delivery points.

    Unlike on an order, the name is required: a customer record without one is useless.
    """

    doc_type = "customer"

    external_id: Code
    """The partner's id of the customer: the cross-reference key."""
    name: Code
    """Name of the customer."""
    email: str | None = None
    """E-mail address."""
    vat: str | None = None
    """VAT or tax identification number."""
    address: Address | None = None
    """Main address."""
    addresses: list[Address] = []
    """Further addresses, such as delivery points."""
