"""Comparing what a message gave when it was processed with what it gives now (replay).

Pure: the replay wizard hands it plain JSON-like values (a canonical document, a
processor's business values) read on both sides, and shows the differences field by field.
"""

UNCHANGED = "unchanged"
CHANGED = "changed"
FAILING = "failing"
SKIPPED = "skipped"


def flatten(value, prefix=""):
    """``{"lines": [{"quantity": 5}]}`` → ``{"lines[1].quantity": 5}``: one entry per leaf,
    its path the field a person reads in a diff (list items counted from 1)."""
    if isinstance(value, dict):
        items = value.items()
        paths = ((f"{prefix}.{key}" if prefix else str(key), item) for key, item in items)
    elif isinstance(value, list):
        paths = ((f"{prefix}[{index}]", item) for index, item in enumerate(value, 1))
    else:
        return {prefix: value}
    flat = {}
    for path, item in paths:
        flat.update(flatten(item, path))
    return flat


def changes(then, now):
    """The fields of two flat dicts that differ, in the order a reader expects (``then``'s
    order, new fields after): ``[(field, old, new)]``, None for a field on one side only."""
    fields = list(then) + [key for key in now if key not in then]
    return [
        (field, then.get(field), now.get(field))
        for field in fields
        if then.get(field) != now.get(field)
    ]


def verdict(failed, differences):
    """What a replay of one message found: failing now, changed, or unchanged."""
    if failed:
        return FAILING
    return CHANGED if differences else UNCHANGED


def shown(value):
    """A value as a diff shows it: an absent field as a dash, numbers without noise."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
