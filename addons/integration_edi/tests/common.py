# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Trading partners, products and small X12 / EDIFACT files built for the tests."""

import io
import zlib
from datetime import datetime

from odoo.addons.integration_core.services.gs1 import gs1_check_digit
from odoo.addons.integration_core.tests.common import job_watermark, run_jobs

from .. import edifact, x12

API = "/api/integration/v1"


def gs1(body):
    """A GS1 key (GTIN, SSCC) of ``body`` and its check digit."""
    return body + gs1_check_digit(body)


def x12_profile(ours, theirs, **values):
    """The EDI page of an X12 partner: 004010, the interchange IDs, 997s both ways;
    ``values`` change or add fields."""
    return {
        "edi_standard": "x12",
        "edi_version": "004010",
        "edi_our_id": ours,
        "edi_their_id": theirs,
        "edi_expected_ack": "997",
        "edi_send_ack": True,
        **values,
    }


def edifact_profile(ours, theirs, **values):
    """The EDI page of an EDIFACT partner: D.96A, mutually defined (ZZZ) IDs, CONTRL both
    ways; ``values`` change or add fields."""
    return {
        "edi_standard": "edifact",
        "edi_version": "D96A",
        "edi_our_qualifier": "ZZZ",
        "edi_our_id": ours,
        "edi_their_qualifier": "ZZZ",
        "edi_their_id": theirs,
        "edi_expected_ack": "contrl",
        "edi_send_ack": True,
        **values,
    }


def x12_file(sender, receiver, control, functional_id, sets, version="004010", usage="P"):
    """An interchange from ``sender`` to ``receiver`` with one group holding ``sets``, each
    ``(ST01, ST02, body segments)``; ``control`` numbers the interchange and its group."""
    header = x12.InterchangeHeader(
        sender_qualifier="ZZ",
        sender_id=sender,
        receiver_qualifier="ZZ",
        receiver_id=receiver,
        date="261120",
        time="0930",
        control_number=control,
        version="00501" if version >= "005" else "00401",
        usage=usage,
    )
    group = x12.GroupHeader(
        functional_id, sender, receiver, "20261120", "0930", control, version=version
    )
    outgoing = [x12.OutgoingSet(kind, number, body) for kind, number, body in sets]
    delimiters = x12.Delimiters(repetition="^" if version >= "005" else None)
    return x12.render_interchange(delimiters, header, [x12.OutgoingGroup(group, outgoing)])


def read_x12(payload):
    """The validated interchanges of ``payload`` with their sets' segments."""
    result = x12.validate(io.BytesIO(payload), keep_segments=True)
    assert not list(result.all_errors()), list(result.all_errors())
    return result


def x12_sets(payload):
    return list(read_x12(payload).transaction_sets())


def segments(transaction_set, tag):
    """The element lists (tag first, as ``parts``) of every ``tag`` segment of a set."""
    return [segment.parts for segment in transaction_set.segments if segment.tag == tag]


def edifact_file(sender, recipient, control, messages, test=False):
    """An interchange holding ``messages``, each ``(reference, type, body segments)``."""
    header = edifact.InterchangeHeader(
        sender=edifact.PartyId(sender, "ZZZ"),
        recipient=edifact.PartyId(recipient, "ZZZ"),
        control_ref=control,
        prepared=datetime(2026, 11, 20, 9, 30),
        test=test,
    )
    content = [
        edifact.OutboundMessage(ref, edifact.MessageType(kind, "D", "96A", "UN"), body)
        for ref, kind, body in messages
    ]
    return edifact.write_interchange(header, content, line_end="\n")


class EdiSetupMixin:
    """A trading partner on one EDI standard, its customer, products in stock and flows."""

    code = "t-edi"
    standard = "x12"

    @classmethod
    def setup_edi(cls):
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = env.company
        cls.since = job_watermark(env)
        us = env.ref("base.us")
        cls.customer = env["res.partner"].create(
            {"name": f"{cls.code} Buyer Inc", "is_company": True, "country_id": us.id}
        )
        cls.dc = env["res.partner"].create(
            {
                "name": f"{cls.code} DC 7",
                "parent_id": cls.customer.id,
                "type": "delivery",
                "street": "15 Rail Yard Rd",
                "city": "Columbus",
                "zip": "43215",
                "country_id": us.id,
            }
        )
        cls.gadget_gtin = gs1(f"0{zlib.crc32(cls.code.encode()) % 10**10:010d}")
        cls.widget = env["product.product"].create(
            {
                "name": "EDI Widget",
                "default_code": f"{cls.code.upper()}-WIDGET",
                "type": "consu",
                "is_storable": True,
                "list_price": 12.5,
            }
        )
        cls.gadget = env["product.product"].create(
            {
                "name": "EDI Gadget",
                "default_code": f"{cls.code.upper()}-GADGET",
                "barcode": cls.gadget_gtin,
                "type": "consu",
                "is_storable": True,
                "list_price": 30.0,
            }
        )
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        for product in cls.widget | cls.gadget:
            env["stock.quant"]._update_available_quantity(product, cls.warehouse.lot_stock_id, 100)
        cls.partner = env["integration.partner"].create(
            {
                "name": f"{cls.code} trading partner",
                "code": cls.code,
                "kind": "edi",
                "partner_id": cls.customer.id,
                **cls.profile_values(),
            }
        )
        cls.endpoint = env["integration.endpoint"].create(
            {
                "name": f"{cls.code} EDI gateway",
                "partner_id": cls.partner.id,
                "url": "http://127.0.0.1:9/unused",
                "timeout_connect": 2.0,
                "timeout_read": 5.0,
                "backoff_base": 1.0,
            }
        )
        xref = env["integration.xref"]
        xref.create(
            [
                {
                    "partner_id": cls.partner.id,
                    "kind": "product",
                    "external_code": "BUY-100",
                    "product_id": cls.widget.id,
                },
                {
                    "partner_id": cls.partner.id,
                    "kind": "ship_to",
                    "external_code": "DC-7",
                    "res_partner_id": cls.dc.id,
                },
                {
                    "partner_id": cls.partner.id,
                    "kind": "carrier",
                    "external_code": "UPSN",
                    "internal_code": "UPS",
                },
            ]
        )
        cls.flows = {}
        for name, direction, document_type, event, domain in (
            ("in", "inbound", "order", None, None),
            ("acks_in", "inbound", "functional_ack", None, None),
            ("acks_out", "outbound", "functional_ack", None, None),
            ("order_ack", "outbound", "order_ack", "order_confirmed", "partner_id"),
            ("shipment_notice", "outbound", "shipment_notice", "picking_done", "child_of"),
            ("invoice", "outbound", "invoice", "invoice_posted", "commercial_partner_id"),
        ):
            values = {
                "name": f"{cls.code} {name}",
                "code": f"{cls.code}-{name}",
                "partner_id": cls.partner.id,
                "direction": direction,
                "document_type": document_type,
                "codec": cls.standard,
                "endpoint_id": cls.endpoint.id,
            }
            if event:
                field = "partner_id" if domain == "child_of" else domain
                operator = "child_of" if domain == "child_of" else "="
                values.update(
                    mode="event",
                    event=event,
                    event_domain=f"[('{field}', '{operator}', {cls.customer.id})]",
                )
            cls.flows[name] = env["integration.flow"].create(values)

    @classmethod
    def profile_values(cls):
        return {}

    def run_jobs(self):
        return run_jobs(self.env, self.since)

    def outbound(self, name):
        return self.env["integration.message"].search(
            [("flow_id", "=", self.flows[name].id)], order="id"
        )

    def ship(self, order, sscc):
        """Deliver the whole order in one carton labelled ``sscc``, with UPS tracking."""
        picking = order.picking_ids
        picking.write(
            {"integration_tracking_ref": "1Z999AA10123456784", "integration_carrier_code": "UPS"}
        )
        package = self.env["stock.quant.package"].create({"name": sscc})
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_line_ids.write({"result_package_id": package.id})
        picking.button_validate()
        return picking


class X12PartnerMixin(EdiSetupMixin):
    """The X12 partner of the end-to-end tests, whatever its transport: ZZ identities, 997s
    awaited for 30 minutes, products known by buyer part number or UPC."""

    ours, theirs = "HUBE2E", "BUYERE2E"

    @classmethod
    def profile_values(cls):
        return x12_profile(
            cls.ours,
            cls.theirs,
            edi_our_qualifier="ZZ",
            edi_their_qualifier="ZZ",
            edi_ack_minutes=30,
            edi_product_qualifiers="BP,UP",
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()
