"""Decoded documents as JSON data: what the message stores, and what PostgreSQL can hold."""

import json
from datetime import date, datetime
from decimal import Decimal


def json_ready(document):
    """A mapper's dict (Decimal, date values) as JSON data; the validate step types it."""

    def default(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, date | datetime):
            return value.isoformat()
        raise TypeError(f"{value!r} is not JSON serializable")

    return json.loads(json.dumps(document, default=default))


def storable(value):
    """Whether every string in a decoded JSON value can be stored in PostgreSQL text (no NUL
    character, no unpaired surrogate)."""
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(storable(key) and storable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(storable(item) for item in value)
    return True
