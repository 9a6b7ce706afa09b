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
