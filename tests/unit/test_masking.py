from odoo.addons.integration_core.services.masking import (
    MASK,
    mask_paths,
    masked_values,
    parse_paths,
    redact,
)


def test_masks_nested_values_and_lists_without_touching_the_original():
    document = {
        "customer": {"email": "jane@example.com", "name": "Jane"},
        "lines": [{"description": "a"}, {"description": "b"}, {"sku": "x"}],
    }
    masked = mask_paths(document, ["customer.email", "lines.description", "missing.path"])
    assert masked["customer"] == {"email": MASK, "name": "Jane"}
    assert [line.get("description") for line in masked["lines"]] == [MASK, MASK, None]
    assert document["customer"]["email"] == "jane@example.com"


def test_empty_values_stay_empty():
    assert mask_paths({"phone": None, "email": ""}, ["phone", "email"]) == {
        "phone": None,
        "email": "",
    }


def test_paths_are_read_from_a_flow_field():
    assert parse_paths(" customer.email,\nship_to.phone ,, ") == ["customer.email", "ship_to.phone"]


def test_masked_values_are_found_under_their_paths_and_redacted_anywhere():
    document = {
        "customer": {"email": "jane@example.com", "name": "Jane"},
        "ship_to": {"street": "1 Dock Road", "zip": 89501},
        "lines": [{"note": "call Jane"}],
    }
    secrets = masked_values(document, ["customer", "ship_to.zip", "missing"])
    assert secrets == {"jane@example.com", "Jane", "89501"}
    assert redact("lines[0]: unknown customer Jane <jane@example.com>", secrets) == (
        f"lines[0]: unknown customer {MASK} <{MASK}>"
    )
    assert redact({"partner": {"name": "Jane", "zip": 89501, "id": 7}}, secrets) == {
        "partner": {"name": MASK, "zip": MASK, "id": 7}
    }


def test_short_values_are_not_redacted_everywhere():
    assert masked_values({"country": "US", "phone": "555-0100"}, ["country", "phone"]) == {
        "555-0100"
    }
    assert redact("nothing to hide", set()) == "nothing to hide"
