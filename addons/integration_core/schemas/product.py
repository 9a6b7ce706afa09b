"""A product master record exchanged with a partner (catalogue feeds, 832, PRICAT)."""

from .base import Amount, CanonicalDocument, Code


class Product(CanonicalDocument):
    """A product as the partner codes it; ``code`` is the cross-reference key."""

    doc_type = "product"

    code: Code
    """The partner's item number: the cross-reference key."""
    name: Code
    """Name of the product."""
    gtin: str | None = None
    """GTIN (UPC/EAN)."""
    uom_code: Code = "EA"
    """Unit of measure code, e.g. EA."""
    list_price: Amount | None = None
    """Sales price per unit."""
    active: bool = True
    """False when the partner discontinued the product."""
