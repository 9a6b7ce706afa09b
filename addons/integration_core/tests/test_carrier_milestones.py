# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import datetime

from odoo.tests import HttpCase, tagged

from .carrier_cases import DELAYED, DELIVERED, CarrierMixin
from .common import AttackMixin, IntegrationCase, job_watermark, run_jobs
from .partner_server import PartnerServer

API = "/api/integration/v1"


@tagged("post_install", "-at_install")
class TestCarrierMilestones(CarrierMixin, IntegrationCase):
    """A carrier's statuses in canonical JSON: milestones on the delivery, forwarded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_carrier()

    def milestones(self, picking):
        return picking.integration_milestone_ids.sorted("event_time")

    def test_delayed_then_delivered_are_two_milestones_forwarded_to_the_customer(self):
        picking = self.shipped_delivery("1Z-CANON-1")
        with PartnerServer(statuses=(200,)) as server:
            self.forward_flow(server.url)
            first = self.receive(self.status_payload("1Z-CANON-1", DELAYED), self.status_flow)
            self.run_jobs()
            second = self.receive(self.status_payload("1Z-CANON-1", DELIVERED), self.status_flow)
            self.run_jobs()
        self.assertEqual((first.state, second.state), ("processed", "processed"))
        delayed, delivered = self.milestones(picking)
        self.assertEqual(delayed.status, "delayed")
        self.assertEqual(delayed.reason_code, "AO")
        self.assertEqual(delayed.estimated_delivery, datetime(2026, 11, 25, 17, 0))
        self.assertEqual(delayed.message_id, first)
        self.assertEqual(delivered.pod_name, "J SMITH")
        self.assertEqual(delivered.pod_time, datetime(2026, 11, 25, 15, 42))
        self.assertEqual(picking.sale_id.integration_milestone_ids, delayed | delivered)
        sent = [json.loads(request["body"]) for request in server.requests]
        self.assertEqual([doc["events"][0]["status"] for doc in sent], ["delayed", "delivered"])
        self.assertEqual(sent[0]["order_ref"], "PO-TRACK")
        self.assertEqual(sent[0]["delivery_ref"], picking.name)
        self.assertEqual(sent[1]["events"][0]["signed_by"], "J SMITH")

    def test_a_repeated_event_is_stored_once_and_forwarded_once(self):
        picking = self.shipped_delivery("1Z-CANON-2")
        with PartnerServer(statuses=(200,)) as server:
            self.forward_flow(server.url)
            self.receive(self.status_payload("1Z-CANON-2", DELAYED), self.status_flow)
            self.run_jobs()
            again = self.receive(
                self.status_payload("1Z-CANON-2", DELAYED, DELIVERED), self.status_flow
            )
            self.run_jobs()
        self.assertEqual(again.state, "processed")
        self.assertEqual(self.milestones(picking).mapped("status"), ["delayed", "delivered"])
        notes = " ".join(self.assertLogged(again, "process").mapped("description"))
        self.assertIn("1 already known", notes)
        self.assertEqual(len(server.requests), 2)

    def test_an_unknown_tracking_number_opens_an_exception_naming_it(self):
        picking = self.shipped_delivery("1Z-KNOWN")
        message = self.receive(self.status_payload("1Z-NOBODY", DELIVERED), self.status_flow)
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        exception = message.exception_ids
        self.assertEqual(exception.category, "business_rule")
        self.assertIn("1Z-NOBODY", exception.explanation)
        self.assertFalse(self.env["integration.delivery.milestone"].search_count([]))
        # The tracking number was mistyped on the delivery: corrected, Retry stores it.
        picking.integration_tracking_ref = "1Z-NOBODY"
        exception.action_retry()
        self.run_jobs()
        self.assertEqual(message.state, "processed")
        self.assertEqual(picking.integration_milestone_ids.status, "delivered")

    def test_found_by_order_reference_without_tracking(self):
        picking = self.shipped_delivery("1Z-CANON-3", order_ref="PO-BY-REF")
        payload = json.dumps({"order_ref": "PO-BY-REF", "events": [DELAYED]}).encode()
        self.receive(payload, self.status_flow)
        self.run_jobs()
        self.assertEqual(self.milestones(picking).status, "delayed")

    def test_dashboard_counts_deliveries_not_reported_delivered(self):
        overdue = self.shipped_delivery("1Z-LATE", order_ref="PO-LATE", days_ago=7)
        delivered = self.shipped_delivery("1Z-DONE", order_ref="PO-DONE", days_ago=7)
        self.shipped_delivery("1Z-RECENT", order_ref="PO-RECENT", days_ago=1)
        self.receive(self.status_payload("1Z-DONE", DELIVERED), self.status_flow)
        self.run_jobs()
        dashboard = self.env["integration.dashboard"].create({})
        action = dashboard.with_context(figure="deliveries_overdue").action_open_figure()
        listed = self.env[action["res_model"]].search(action["domain"])
        self.assertIn(overdue, listed)
        self.assertNotIn(delivered, listed)
        self.assertEqual(listed.mapped("integration_tracking_ref"), ["1Z-LATE"])
        self.assertEqual(dashboard.deliveries_overdue, 1)
        self.env["ir.config_parameter"].set_param("integration_core.delivery_overdue_days", "10")
        self.assertEqual(self.env["integration.dashboard"].create({}).deliveries_overdue, 0)


@tagged("post_install", "-at_install")
class TestCarrierWebhook(CarrierMixin, AttackMixin, HttpCase):
    """A carrier's tracking webhook (EasyPost) on the hub's API, and who may read milestones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.customer = env["res.partner"].create({"name": "Webhook Retail"})
        cls.product = env["product.product"].create(
            {"name": "Tracked widget", "default_code": "TRACK-1", "type": "consu"}
        )
        cls.partner = env["integration.partner"].create(
            {"name": "Webhook Retail EDI", "code": "t-webhook", "partner_id": cls.customer.id}
        )
        cls.setup_carrier(codec="easypost", code="t-easypost")
        _key, cls.carrier_key = env["integration.api.key"]._issue(cls.carrier_endpoint, "hook")
        cls.since = job_watermark(env)

    def tracker_updated(self, tracking, event_id="evt_3c2f9e1a"):
        """An EasyPost ``tracker.updated`` event as EasyPost's documentation shows it."""
        location = {
            "object": "TrackingLocation",
            "city": "COLUMBUS",
            "state": "OH",
            "country": "US",
            "zip": "43215",
        }
        details = [
            ("pre_transit", "label_created", "2026-11-21T08:00:00Z", "Label created"),
            ("in_transit", "received_at_origin_facility", "2026-11-21T18:10:00Z", "Picked up"),
            ("in_transit", "weather_delay", "2026-11-23T14:05:00Z", "Delayed by weather"),
            ("delivered", "arrived_at_destination", "2026-11-25T15:42:00Z", "Delivered"),
        ]
        return json.dumps(
            {
                "object": "Event",
                "id": event_id,
                "mode": "production",
                "description": "tracker.updated",
                "created_at": "2026-11-25T15:43:00Z",
                "previous_attributes": {"status": "in_transit"},
                "result": {
                    "object": "Tracker",
                    "id": "trk_c7a1b2",
                    "mode": "production",
                    "tracking_code": tracking,
                    "status": "delivered",
                    "status_detail": "arrived_at_destination",
                    "signed_by": "J SMITH",
                    "est_delivery_date": "2026-11-25T17:00:00Z",
                    "carrier": "UPS",
                    "tracking_details": [
                        {
                            "object": "TrackingDetail",
                            "message": message,
                            "status": status,
                            "status_detail": detail,
                            "datetime": when,
                            "source": "UPS",
                            "tracking_location": location,
                        }
                        for status, detail, when, message in details
                    ],
                },
            }
        ).encode()

    def post(self, body, key=None):
        return self.url_open(
            f"{API}/flows/{self.status_flow.code}/messages",
            data=body,
            headers={"Authorization": f"Bearer {key or self.carrier_key}"},
            timeout=30,
        )

    def test_easypost_webhook_through_the_api_makes_milestones(self):
        picking = self.shipped_delivery("1ZEASYPOST01")
        response = self.post(self.tracker_updated("1ZEASYPOST01"))
        self.assertEqual(response.status_code, 202, response.text)
        run_jobs(self.env, self.since)
        message = self.env["integration.message"].browse(response.json()["id"])
        self.assertEqual(message.state, "processed")
        milestones = picking.integration_milestone_ids.sorted("event_time")
        self.assertEqual(milestones.mapped("status"), ["picked_up", "delayed", "delivered"])
        delayed = milestones[1]
        self.assertEqual(delayed.reason_code, "weather_delay")
        self.assertEqual(delayed.estimated_delivery, datetime(2026, 11, 25, 17, 0))
        self.assertEqual(milestones[2].pod_name, "J SMITH")
        self.assertEqual(milestones[0].location, "COLUMBUS OH 43215 US")
        # EasyPost sends the whole history again with the next update: nothing new stored.
        again = self.post(self.tracker_updated("1ZEASYPOST01", event_id="evt_5d0e7f2b"))
        self.assertEqual(again.status_code, 202, again.text)
        run_jobs(self.env, self.since)
        self.assertEqual(len(picking.integration_milestone_ids), 3)

    def test_a_webhook_that_is_no_tracker_event_is_refused_and_kept(self):
        body = json.dumps({"object": "Event", "description": "batch.created"}).encode()
        response = self.post(body)
        self.assertEqual(response.status_code, 400)
        self.assertIn("batch.created", response.json()["detail"])
        message = self.env["integration.message"].browse(response.json()["message_id"])
        self.assertEqual(message._payload(), body)
        self.assertEqual(message.exception_ids.category, "parsing")

    def test_portal_users_and_other_companies_cannot_read_milestones(self):
        self.shipped_delivery("1ZEASYPOST02")
        self.post(self.tracker_updated("1ZEASYPOST02"))
        run_jobs(self.env, self.since)
        ids = self.env["integration.delivery.milestone"].search([]).ids
        self.assertEqual(len(ids), 3)
        model = "integration.delivery.milestone"
        read = self.rpc(self.integration_user, model, "read", ids, ["status", "pod_name"])
        self.assertEqual(len(read), 3)
        self.assertRefused(self.integration_user, model, "write", ids, {"pod_name": "forged"})
        self.assertRefused(self.integration_manager, model, "unlink", ids)
        self.assertRefused(self.portal_user, model, "read", ids, ["status"])
        self.assertRefused(self.internal_user, model, "search_read", [])
        self.assertEqual(self.rpc(self.manager2, model, "search", []), [])
        self.assertRefused(self.manager2, model, "read", ids, ["status"])
