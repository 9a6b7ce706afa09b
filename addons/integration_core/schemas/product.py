"""A product master record exchanged with a partner (catalogue feeds, 832, PRICAT)."""

from .base import Amount, CanonicalDocument, Code


class Product(CanonicalDocument):
    """A product as the partner codes it; ``code`` is the cross-reference key."""

    doc_type = "product"

    code: Code
    name: Code
    gtin: str | None = None
    uom_code: Code = "EA"
    list_price: Amount | None = None
    active: bool = True
