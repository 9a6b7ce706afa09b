"""Hide personal data in documents shown to people who may not see it."""

import copy

MASK = "••••"


def mask_paths(document, paths):
    """A copy of ``document`` with the values at ``paths`` replaced by a mask.

    A path is dotted (``customer.email``); it goes through lists, so ``lines.description``
    masks the description of every line.
    """
    masked = copy.deepcopy(document)
    for path in paths:
        _mask(masked, path.split("."))
    return masked


def _mask(node, keys):
    if isinstance(node, list):
        for item in node:
            _mask(item, keys)
        return
    if not isinstance(node, dict) or keys[0] not in node:
        return
    if len(keys) == 1:
        if node[keys[0]] not in (None, ""):
            node[keys[0]] = MASK
    else:
        _mask(node[keys[0]], keys[1:])


def parse_paths(text):
    """The comma- or newline-separated paths a flow lists."""
    return [part.strip() for part in (text or "").replace("\n", ",").split(",") if part.strip()]


MIN_REDACTED_LENGTH = 3  # shorter values ("1", "US") would mask unrelated text


def masked_values(document, paths):
    """The values at ``paths`` in ``document``, as text: what must never be quoted elsewhere
    (an error message, the mapped values, the headers)."""
    found = set()
    for path in paths:
        _collect(document, path.split("."), found)
    return {value for value in found if len(value) >= MIN_REDACTED_LENGTH}


def _collect(node, keys, found):
    if isinstance(node, list):
        for item in node:
            _collect(item, keys, found)
        return
    if not isinstance(node, dict) or keys[0] not in node:
        return
    if len(keys) > 1:
        _collect(node[keys[0]], keys[1:], found)
        return
    value = node[keys[0]]
    if isinstance(value, (dict, list)):
        found.update(_leaves(value))
    elif value not in (None, "") and not isinstance(value, bool):
        found.add(str(value))


def _leaves(node):
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, list):
        return {leaf for item in node for leaf in _leaves(item)}
    return set() if node in (None, "") or isinstance(node, bool) else {str(node)}


def redact(value, secrets):
    """``value`` (text or JSON data) with every occurrence of ``secrets`` replaced by the mask."""
    if not secrets or value in (None, False):
        return value
    if isinstance(value, str):
        for secret in sorted(secrets, key=len, reverse=True):
            value = value.replace(secret, MASK)
        return value
    if isinstance(value, list):
        return [redact(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: redact(item, secrets) for key, item in value.items()}
    if not isinstance(value, bool) and str(value) in secrets:
        return MASK
    return value
