# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager

from odoo.addons.integration_core import schemas
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.tests import tagged

from .common import PurchaseCase
from .test_purchase_chain import PurchaseChainMixin

THEIRS, OURS = "PSISUPPLY", "HUBBUYER"


class EdiPurchaseCase(PurchaseCase):
    """The supplier on EDI: the same flows with integration_edi's codec; the supplier's
    855/856/810 (ORDRSP/DESADV/INVOIC) written by the EDI module's own writers. Skipped
    when integration_edi is not installed (this module does not depend on it)."""

    profile = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.control = 100
        if not cls.codec_installed:
            return
        cls.supplier.write({"edi_our_id": OURS, "edi_their_id": THEIRS, **cls.profile})
        cls.acks_in = cls.env["integration.flow"]
        for direction in ("inbound", "outbound"):
            flow = cls.env["integration.flow"].create(
                {
                    "name": f"Parts Supplier functional acknowledgements {direction}",
                    "code": f"t-psi-fa-{direction}",
                    "partner_id": cls.supplier.id,
                    "direction": direction,
                    "document_type": "functional_ack",
                    "codec": cls.codec,
                    "endpoint_id": cls.endpoint.id,
                }
            )
            if direction == "inbound":
                cls.acks_in = flow

    @contextmanager
    def supplier_system(self):
        """The supplier's system, up for the whole test: it also receives our functional
        acknowledgements of its documents."""
        if not getattr(self, "server", None):
            self.server = PartnerServer().__enter__()
            self.addCleanup(self.server.__exit__, None, None, None)
            self.endpoint.url = self.server.url
        yield self.server

    def receive_document(self, flow, document):
        with self.supplier_system():
            return super().receive_document(flow, document)

    def order_message(self):
        return self.env["integration.message"].search(
            [("flow_id", "=", self.po_flow.id), ("purchase_purpose", "=", "original")]
        )

    def canonical(self, flow, document):
        """The supplier's document as the validated canonical data the writers take."""
        return schemas.validate_document(flow.document_type, document).model_dump()

    def received_text(self, server):
        return server.requests[0]["body"].decode()


@tagged("post_install", "-at_install")
class TestX12Chain(PurchaseChainMixin, EdiPurchaseCase):
    """X12: 850 out; 855, 856 and 810 in."""

    codec = "x12"
    profile = {
        "edi_standard": "x12",
        "edi_version": "004010",
        "edi_expected_ack": "997",
        "edi_send_ack": True,
        "edi_line_break": False,
    }

    def after_chain(self, order):
        """Functional acknowledgements both ways: a 997 for each of the supplier's sets,
        the supplier's 997 acknowledges our 850."""
        from odoo.addons.integration_edi.tests.common import x12_file, x12_sets

        acks = [
            x12_set
            for request in self.server.requests[1:]
            for x12_set in x12_sets(request["body"])
            if x12_set.type == "997"
        ]
        acknowledged = [
            segment.parts[1] for ack in acks for segment in ack.segments if segment.tag == "AK2"
        ]
        self.assertEqual(sorted(acknowledged), ["810", "810", "855", "856", "856"])
        order_message = self.order_message()
        self.assertEqual(order_message.state, "sent", "awaiting the supplier's 997")
        group, number = order_message.partner_reference.split(":")
        ack = x12_file(
            THEIRS,
            OURS,
            900,
            "FA",
            [
                (
                    "997",
                    1,
                    [
                        ("AK1", "PO", group),
                        ("AK2", "850", number),
                        ("AK5", "A"),
                        ("AK9", "A", "1", "1", "1"),
                    ],
                )
            ],
        )
        self.acks_in._receive(ack)
        self.run_jobs()
        self.assertEqual(order_message.state, "acknowledged")

    def encode(self, flow, document):
        from odoo.addons.integration_edi import x12
        from odoo.addons.integration_edi.tests.common import x12_file

        outbound = x12.OUTBOUND[flow.document_type]
        self.control += 1
        data = self.canonical(flow, document)
        body = outbound.mapper(data)
        return x12_file(
            THEIRS, OURS, self.control, outbound.functional_id, [(outbound.set_type, 1, body)]
        )

    def assertOrderSent(self, server, order):
        text = self.received_text(server)
        self.assertTrue(text.startswith("ISA"), text[:80])
        self.assertIn(f"BEG*00*SA*{order.name}", text)
        for code in ("PSI-100", "PSI-200", "PSI-300"):
            self.assertIn(f"VP*{code}", text)


@tagged("post_install", "-at_install")
class TestEdifactChain(PurchaseChainMixin, EdiPurchaseCase):
    """EDIFACT D.96A: ORDERS out; ORDRSP, DESADV and INVOIC in."""

    codec = "edifact"
    profile = {
        "edi_standard": "edifact",
        "edi_version": "D96A",
        "edi_our_qualifier": "ZZZ",
        "edi_their_qualifier": "ZZZ",
        "edi_expected_ack": "contrl",
        "edi_send_ack": True,
    }

    def after_chain(self, order):
        """CONTRL both ways: ours for each of the supplier's messages, the supplier's
        accepts our ORDERS."""
        from odoo.addons.integration_edi import edifact
        from odoo.addons.integration_edi.edifact.reader import Segment
        from odoo.addons.integration_edi.tests.common import edifact_file

        answered = []
        for request in self.server.requests[1:]:
            for interchange in edifact.read_interchanges(request["body"]):
                for message in interchange.messages:
                    if message.message_type.type == "CONTRL":
                        ucm = [s for s in message.body if s.tag == "UCM"]
                        answered += [segment.value(1, 0) for segment in ucm]
        self.assertEqual(sorted(answered), ["DESADV", "DESADV", "INVOIC", "INVOIC", "ORDRSP"])
        order_message = self.order_message()
        self.assertEqual(order_message.state, "sent", "awaiting the supplier's CONTRL")
        control, ref = order_message.partner_reference.split(":")
        accepted = [
            Segment.build("UCI", control, (OURS, "ZZZ"), (THEIRS, "ZZZ"), "7"),
            Segment.build("UCM", ref, ("ORDERS", "D", "96A", "UN"), "7"),
        ]
        self.acks_in._receive(edifact_file(THEIRS, OURS, "CTL1", [("1", "CONTRL", accepted)]))
        self.run_jobs()
        self.assertEqual(order_message.state, "acknowledged")

    def encode(self, flow, document):
        from odoo.addons.integration_edi import edifact
        from odoo.addons.integration_edi.tests.common import edifact_file

        outbound = edifact.OUTBOUND[flow.document_type]
        self.control += 1
        data = self.canonical(flow, document)
        message = outbound.builder(data, "M1")
        return edifact_file(
            THEIRS, OURS, f"C{self.control}", [("M1", outbound.message_type, message.body)]
        )

    def assertOrderSent(self, server, order):
        text = self.received_text(server)
        self.assertTrue(text.startswith("UN"), text[:80])
        self.assertIn("ORDERS", text)
        self.assertIn(order.name, text)
        for code in ("PSI-100", "PSI-200", "PSI-300"):
            self.assertIn(code, text)
