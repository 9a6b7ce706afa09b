"""The base of every canonical document, and the small pieces documents share.

Canonical documents are the hub's own shapes, independent of any wire format: parsers
produce them, the ORM consumes them. They forbid unknown fields so that a mapping mistake
upstream shows up as a validation error instead of silently dropped data.
"""

import re
from decimal import Decimal
from typing import Annotated, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from ..services.countries import alpha2


def _coded(pattern, meaning):
    """A string type checked against ``pattern`` with an error message a person can act on."""
    regex = re.compile(pattern)

    def check(value):
        if not regex.fullmatch(value):
            raise ValueError(f"{value!r} is not {meaning}")
        return value

    # JSON Schema patterns match anywhere in the string, hence the anchors.
    schema_pattern = f"^{pattern}$"
    return Annotated[
        str, AfterValidator(check), Field(json_schema_extra={"pattern": schema_pattern})
    ]


Code = Annotated[str, StringConstraints(min_length=1)]
# Partners send alpha-3 (DEU) and numeric (276) codes too: kept as the alpha-2 code they name.
CountryCode = Annotated[
    _coded(r"[A-Z]{2}", "an ISO 3166-1 alpha-2 country code (2 capital letters, e.g. US)"),
    BeforeValidator(alpha2),
]
CurrencyCode = _coded(r"[A-Z]{3}", "an ISO 4217 currency code (3 capital letters, e.g. USD)")
SchemaVersion = _coded(r"[0-9]+\.[0-9]+", "a schema version like 1.0")
MAX_QUANTITY = 10**9  # ints, so that errors read "less than or equal to 1000000000"
MAX_AMOUNT = 10**12
DECIMAL_PLACES = 6


def _without_float_noise(value):
    """A float as the decimal it stands for: 15 significant digits, so 0.1 + 0.2 is 0.3 and
    a number sent with too many decimals still shows them."""
    return Decimal(format(value, ".15g")) if isinstance(value, float) else value


def _bounded(low, high, exclusive_low=False):
    """A decimal within [low, high] (low excluded if asked) with at most 6 decimal places:
    beyond, a number is a typo or an attack, and Odoo would round it away unseen."""
    bound = {"gt": low} if exclusive_low else {"ge": low}
    return Annotated[
        Decimal,
        BeforeValidator(_without_float_noise),
        Field(le=high, decimal_places=DECIMAL_PLACES, **bound),
    ]


Quantity = _bounded(0, MAX_QUANTITY, exclusive_low=True)
NonNegativeQuantity = _bounded(0, MAX_QUANTITY)
SignedQuantity = _bounded(-MAX_QUANTITY, MAX_QUANTITY)
Amount = _bounded(0, MAX_AMOUNT)
SignedAmount = _bounded(-MAX_AMOUNT, MAX_AMOUNT)
Percent = Annotated[Decimal, BeforeValidator(_without_float_noise), Field(ge=0, le=100)]


def check_unique(items, attribute):
    """Raise when two items share ``attribute``: references must point at exactly one line."""
    seen = set()
    for item in items:
        value = getattr(item, attribute)
        if value in seen:
            raise ValueError(f"{attribute} {value!r} appears more than once")
        seen.add(value)
    return items


class CanonicalModel(BaseModel):
    """Shared configuration of every canonical model, documents and their parts alike; the
    docstring under a field is its description in the JSON Schema (the API's document)."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, use_attribute_docstrings=True
    )


class CanonicalDocument(CanonicalModel):
    """A whole document the pipeline validates, maps and processes.

    ``schema_version`` travels with the data so later versions can be told apart; any
    ``major.minor`` is accepted and the class's ``version`` is the one it was written for.
    """

    doc_type: ClassVar[str]
    version: ClassVar[str] = "1.0"

    schema_version: SchemaVersion = "1.0"
    """Version of the canonical schema the document was written for, major.minor."""

    # The fields naming the document for people, most specific first (an invoice's number
    # before the order it bills); a schema with other names overrides this.
    reference_fields: ClassVar[tuple[str, ...]] = (
        "invoice_number",
        "rma_ref",
        "shipment_ref",
        "order_ref",
        "ack_ref",
        "tracking_number",
        "delivery_ref",
        "external_id",
    )

    def business_reference(self):
        """The reference people search the document by (PO, invoice, ASN, RMA number...):
        the first of ``reference_fields`` the document has, else None."""
        for name in self.reference_fields:
            value = getattr(self, name, None)
            if value:
                return str(value)
        return None


class Address(CanonicalModel):
    """A postal address; only the name is required because partners often send little else."""

    name: Code
    """Name on the address: a person, a company or a delivery point."""
    street: str | None = None
    """First street line."""
    street2: str | None = None
    """Second street line (building, suite...)."""
    city: str | None = None
    """City."""
    zip: str | None = None
    """Postal code."""
    state_code: str | None = None
    """State or province code, e.g. CA."""
    country_code: CountryCode | None = None
    """ISO 3166-1 alpha-2 country code; alpha-3 and numeric codes are read too."""
    email: str | None = None
    """E-mail address of the contact at this address."""
    phone: str | None = None
    """Phone number of the contact at this address."""
    external_id: str | None = None
    """The partner's own id of the address (e.g. a store or GLN), for cross-references."""


class Party(CanonicalModel):
    """A trading party as the partner identifies it; ``external_id`` is the cross-reference key."""

    external_id: Code
    """The partner's id of the party (account number, GLN...): the cross-reference key."""
    name: str | None = None
    """Name of the party."""
    email: str | None = None
    """E-mail address."""
    vat: str | None = None
    """VAT or tax identification number."""
    address: Address | None = None
    """Main address of the party."""
