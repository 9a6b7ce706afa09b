"""The canonical documents this module adds, registered in the hub's SCHEMAS registry so the
pipeline validates them like its own."""

from odoo.addons.integration_core import schemas as core_schemas

from .remittance import Remittance

core_schemas.SCHEMAS.setdefault(Remittance.doc_type, Remittance)

__all__ = ["Remittance"]
