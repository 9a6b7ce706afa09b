# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A simulated external warehouse (WMS / 3PL) on 127.0.0.1 that tests talk real HTTP to.

It keeps the warehouse orders it receives, answers a cancellation of an order it already
shipped with 409 Conflict "already shipped", and writes the ship confirmations a real
warehouse would send back, from the lines of the order it holds.
"""

import json
from datetime import UTC, datetime

from odoo.addons.integration_core.tests.partner_server import LocalHttpServer


class SimulatedWms(LocalHttpServer):
    path = "/wms/orders"

    def __init__(self):
        super().__init__()
        self.received = []  # every document posted, in order
        self.orders = {}  # order_ref -> the last create/change document
        self.shipped = set()  # order refs the warehouse has shipped (cannot cancel)
        self.cancelled = set()
        self.statuses = []  # scripted statuses to answer first, e.g. [503]

    def _respond(self, handler, body):
        status, answer = self._answer(handler.path, dict(handler.headers), body)
        payload = json.dumps(answer).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    # ------------------------------------------------------------------ the warehouse
    def _answer(self, path, headers, body):
        try:
            document = json.loads(body)
        except ValueError:  # not canonical JSON: an EDI file, kept as received
            document = {"raw": body}
        self.received.append({"path": path, "headers": headers, "document": document})
        if self.statuses:
            status = self.statuses.pop(0)
            return status, {"error": f"scripted {status}"}
        if "order_ref" not in document:  # an inventory request, an EDI file...
            return 202, {"status": "accepted"}
        ref, action = document["order_ref"], document.get("action", "create")
        if action == "cancel":
            if ref in self.shipped:
                return 409, {"error": "already shipped", "order_ref": ref}
            self.cancelled.add(ref)
            return 200, {"status": "cancelled", "order_ref": ref}
        if ref in self.shipped:
            return 409, {"error": "already shipped", "order_ref": ref}
        self.orders[ref] = document
        return 201, {"status": "accepted", "order_ref": ref}

    def documents(self, action=None):
        return [
            entry["document"]
            for entry in self.received
            if action is None or entry["document"].get("action") == action
        ]

    def ship(
        self,
        order_ref,
        quantities,
        shipment_ref,
        tracking=None,
        lots=None,
        packages=None,
        complete=False,
        carrier="UPS",
        ship_date=None,
    ):
        """The ship confirmation (canonical JSON bytes) of ``quantities`` by line_ref.

        ``lots`` maps a line_ref to [(lot name, quantity)]; ``packages`` maps a package
        reference to {line_ref: quantity}.
        """
        order = self.orders[order_ref]
        by_ref = {line["line_ref"]: line for line in order["lines"]}
        lines = []
        for line_ref, quantity in quantities.items():
            line = by_ref[line_ref]
            entry = {
                "line_ref": line_ref,
                "product_code": line["product_code"],
                "quantity_shipped": quantity,
                "uom_code": line.get("uom_code", "EA"),
            }
            if lots and line_ref in lots:
                entry["lots"] = [
                    {"lot_name": name, "quantity": qty} for name, qty in lots[line_ref]
                ]
            lines.append(entry)
        document = {
            "shipment_ref": shipment_ref,
            "order_ref": order_ref,
            "ship_date": (ship_date or datetime.now(UTC)).isoformat(),
            "carrier_code": carrier,
            "tracking_numbers": [tracking] if tracking else [],
            "lines": lines,
            "complete": complete,
        }
        if packages:
            document["packages"] = [
                {
                    "package_ref": package_ref,
                    "lines": [
                        {
                            "line_ref": line_ref,
                            "product_code": by_ref[line_ref]["product_code"],
                            "quantity_shipped": quantity,
                        }
                        for line_ref, quantity in content.items()
                    ],
                }
                for package_ref, content in packages.items()
            ]
        self.shipped.add(order_ref)
        return json.dumps(document).encode()
