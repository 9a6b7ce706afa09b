"""Moved to the hub (``integration_core.services.confirmation``): supplier ship notices
(integration_purchase) read their lines, packages and lots the same way."""

from odoo.addons.integration_core.services.confirmation import (  # noqa: F401
    ConfirmationError,
    ConfirmedLine,
    Part,
    confirmed_lines,
)
