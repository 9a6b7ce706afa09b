"""GS1 keys (GTIN, GLN, SSCC): the mod-10 check digit every one of them ends with."""


def gs1_check_digit(body):
    """The check digit (a character) of a GS1 key whose other digits are ``body``.

    Weights alternate 3, 1, 3... from the digit next to the check digit.
    """
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def gs1_key_ok(digits, length=None):
    """Whether ``digits`` is a GS1 key (of ``length`` digits, when given) whose last digit
    is its check digit: a typo in a GLN or GTIN would route or ship to the wrong place."""
    return (
        bool(digits)
        and digits.isdigit()
        and (length is None or len(digits) == length)
        and digits[-1] == gs1_check_digit(digits[:-1])
    )
