"""The one GS1 check digit the hub, its schemas, the EDIFACT reader and the tests share."""

import pytest

from odoo.addons.integration_core.services.gs1 import gs1_check_digit, gs1_key_ok


@pytest.mark.parametrize(
    ("body", "digit"),
    [
        ("400638133393", "1"),  # GTIN-13 4006381333931
        ("30614141123456789", "1"),  # SSCC-18 306141411234567891
        ("", "0"),
    ],
)
def test_check_digit_weights_3_1_from_the_right(body, digit):
    assert gs1_check_digit(body) == digit


def test_a_key_is_ok_only_with_its_check_digit_and_length():
    assert gs1_key_ok("4006381333931")
    assert gs1_key_ok("4006381333931", 13)
    assert not gs1_key_ok("4006381333932"), "a typo in the last digit"
    assert not gs1_key_ok("4006381333931", 14), "a GTIN-13 where 14 digits are due"
    assert not gs1_key_ok("40063813339 1"), "not all digits"
    assert not gs1_key_ok("")
    assert not gs1_key_ok(None)
