"""The canonical documents this module adds, registered in the hub's SCHEMAS registry so the
pipeline validates them like its own."""

from odoo.addons.integration_core import schemas as core_schemas

from .payment_event import PaymentEvent

for _schema in (PaymentEvent,):
    core_schemas.SCHEMAS.setdefault(_schema.doc_type, _schema)

__all__ = ["PaymentEvent"]
