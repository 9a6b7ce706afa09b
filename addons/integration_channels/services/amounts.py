"""Money on channel orders: discounts booked to the cent, and amounts shared out exactly."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_decimal(value):
    """A Decimal from what shops send (strings, ints, floats); None and "" are 0."""
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def money(value, digits=2):
    """``value`` rounded half-up to ``digits`` decimals, as shops and Odoo round money."""
    return to_decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def line_discount(gross, percent, percent_digits=2, money_digits=2):
    """How to book a discount of ``percent`` on a line worth ``gross`` before discount.

    Returns ``(percent on the line, amount for a discount line)``, one of them zero. Odoo
    stores a line's discount with ``percent_digits`` decimals: when that rounded percentage
    gives the shop's discounted total to the cent it goes on the line; otherwise (a fixed
    amount off a large line, say 3.00 off 1,799.00 = 0.16676 %) the rounded percentage would
    miss by more than a cent, so the exact amount goes on a discount line instead.
    """
    gross = to_decimal(gross)
    percent = to_decimal(percent)
    if not gross or not percent:
        return Decimal(0), Decimal(0)
    amount = money(gross * percent / 100, money_digits)
    rounded = percent.quantize(Decimal(1).scaleb(-percent_digits), rounding=ROUND_HALF_UP)
    net_with_rounded = money(gross * (100 - rounded) / 100, money_digits)
    if net_with_rounded == money(gross, money_digits) - amount:
        return rounded, Decimal(0)
    return Decimal(0), amount


def allocate(amount, weights, digits=2):
    """``amount`` shared over ``weights`` in proportion, to the cent, adding up exactly.

    Largest remainder: each share is rounded down, then the cents left go to the shares
    that lost most to the rounding (the first of equals first).
    """
    weights = [to_decimal(weight) for weight in weights]
    if not weights:
        return []
    unit = Decimal(1).scaleb(-digits)
    units = int((money(amount, digits) / unit).to_integral_value())
    total = sum(weights)
    if total <= 0:
        weights = [Decimal(1)] * len(weights)
        total = Decimal(len(weights))
    exact = [units * weight / total for weight in weights]
    shares = [int(value.to_integral_value(rounding=ROUND_DOWN)) for value in exact]
    left = units - sum(shares)
    by_loss = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for index in by_loss[:left]:
        shares[index] += 1
    return [share * unit for share in shares]
