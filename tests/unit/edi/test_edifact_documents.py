"""The EDIFACT document tables (edifact.documents), the same shape as x12.documents."""

import odoo.addons.integration_cash.schemas  # noqa: F401  (the spokes' document types)
from odoo.addons.integration_core.schemas import SCHEMAS
from odoo.addons.integration_edi import edifact, x12


def test_every_table_entry_is_a_canonical_document_type():
    assert {entry.doc_type for entry in edifact.INBOUND.values()} <= SCHEMAS.keys()
    assert set(edifact.OUTBOUND) <= SCHEMAS.keys()
    assert set(edifact.OUTBOUND) <= set(x12.OUTBOUND), "X12 writes all EDIFACT writes"


def test_outbound_message_types_are_those_the_builders_write():
    defaults = {
        "ORDRSP": edifact.ORDRSP_D96A,
        "DESADV": edifact.DESADV_D96A,
        "INVOIC": edifact.INVOIC_D96A,
        "INVRPT": edifact.INVRPT_D96A,
        "ORDERS": edifact.ORDERS_D96A,
        "ORDCHG": edifact.ORDCHG_D96A,
    }
    entries = list(edifact.OUTBOUND.values())
    entries += [e for entry in entries for e in entry.by_purpose.values()]
    for entry in entries:
        assert defaults[entry.message_type].type == entry.message_type
        assert entry.builder.__kwdefaults__["message_type"] is defaults[entry.message_type]


def test_contrl_is_answered_by_the_codec_not_mapped():
    assert edifact.CONTRL not in edifact.INBOUND
    assert all(callable(entry.mapper) for entry in edifact.INBOUND.values())
