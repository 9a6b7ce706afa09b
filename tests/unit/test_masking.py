from services.masking import MASK, mask_paths, parse_paths


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
