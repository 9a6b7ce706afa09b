"""ISO 3166-1 country codes as partners send them: alpha-2 (DE), alpha-3 (DEU) or numeric
(276). The hub keeps alpha-2, as res.country does (the canonical schemas convert); the
alpha-3 and numeric codes are CLDR's territory aliases, read through Babel (an Odoo
requirement), not a table of our own."""

from babel.core import get_global


def alpha2(code):
    """The alpha-2 code an alpha-3 or numeric ``code`` names, else ``code`` unchanged (the
    schema says what is wrong with it)."""
    if not isinstance(code, str) or len(code.strip()) != 3:
        return code
    replacements = get_global("territory_aliases").get(code.strip().upper()) or ()
    if len(replacements) == 1 and len(replacements[0]) == 2:
        return replacements[0]
    return code
