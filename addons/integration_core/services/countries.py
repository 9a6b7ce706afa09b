"""ISO 3166-1 country codes as partners send them: alpha-2 (DE), alpha-3 (DEU) or numeric
(276). The hub keeps alpha-2, as res.country does; the alpha-3 and numeric codes are CLDR's
territory aliases, read through Babel (an Odoo requirement), not a table of our own."""

from babel.core import get_global


def alpha2(code):
    """``code`` as an ISO alpha-2 code when it is an alpha-3 or numeric code that names one
    country, else ``code`` stripped and upper-cased (the schema says what is wrong with it)."""
    if not code:
        return code
    code = code.strip().upper()
    if len(code) == 3:
        replacements = get_global("territory_aliases").get(code) or ()
        if len(replacements) == 1 and len(replacements[0]) == 2:
            return replacements[0]
    return code
