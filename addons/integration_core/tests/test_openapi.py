# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The OpenAPI document a developer integrates from: valid OpenAPI 3.1, every format a codec
reads with its examples, each example valid against its schema, every field described."""

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from odoo.tests import HttpCase, tagged

from .. import schemas
from ..services import flatfile

API = "/api/integration/v1"
MESSAGES = "/flows/{code}/messages"


def schema_validator(document, schema):
    """A JSON Schema validator of ``schema`` whose #/components/... refs resolve in
    ``document``."""
    return Draft202012Validator({**schema, "components": document["components"]})


@tagged("post_install", "-at_install")
class TestOpenApiDocument(HttpCase):
    def setUp(self):
        super().setUp()
        response = self.url_open(f"{API}/openapi.json")
        self.assertEqual(response.status_code, 200)
        self.document = response.json()
        self.post = self.document["paths"][MESSAGES]["post"]

    def installed(self, model):
        return model in self.env

    def test_the_document_is_valid_openapi(self):
        validate(self.document)

    def test_every_content_type_a_codec_reads_with_its_examples(self):
        content = self.post["requestBody"]["content"]
        expected = {"application/json", "text/csv", "application/octet-stream"}
        if self.installed("integration.codec.x12"):
            expected |= {"application/edi-x12", "application/edifact"}
            self.assertIn("ISA*", content["application/edi-x12"]["examples"]["x12"]["value"])
            self.assertIn(
                "ORDERS:D:96A", content["application/edifact"]["examples"]["edifact"]["value"]
            )
        if self.installed("integration.codec.ubl"):
            expected.add("application/xml")
            self.assertIn("<cbc:ID>", content["application/xml"]["examples"]["ubl"]["value"])
        self.assertLessEqual(expected, set(content))
        json_examples = content["application/json"]["examples"]
        self.assertLessEqual(set(schemas.SCHEMAS), set(json_examples), "one per document type")
        self.assertEqual(json_examples["easypost"]["value"]["description"], "tracker.updated")
        # The CSV example is a file of the ready-made 3PL ship confirmation layout.
        layout = self.env.ref("integration_core.flat_layout_3pl_ship_confirmation")
        csv = content["text/csv"]["examples"]["csv"]["value"].encode()
        (notice,) = flatfile.read(layout._layout(), csv)
        self.assertEqual(
            schemas.validate_document("shipment_notice", notice.data).shipment_ref, "SHP-7781"
        )

    def test_every_example_validates_against_its_schema(self):
        checked = 0
        for path, operations in self.document["paths"].items():
            for method, operation in operations.items():
                for content_type, media in (
                    operation.get("requestBody", {}).get("content", {}).items()
                ):
                    validator = schema_validator(self.document, media["schema"])
                    for name, example in media.get("examples", {}).items():
                        with self.subTest(
                            path=path, method=method, type=content_type, example=name
                        ):
                            errors = [e.message for e in validator.iter_errors(example["value"])]
                            self.assertEqual(errors, [])
                            checked += 1
        components = self.document["components"]["schemas"]
        for doc_type, schema in schemas.SCHEMAS.items():
            with self.subTest(doc_type=doc_type):
                (example,) = components[schema.__name__]["examples"]
                validator = schema_validator(self.document, components[schema.__name__])
                self.assertEqual([e.message for e in validator.iter_errors(example)], [])
                schemas.validate_document(doc_type, example)  # the hub's own validation
        self.assertGreaterEqual(checked, len(schemas.SCHEMAS) + 2)

    def test_every_field_described_and_the_state_enum(self):
        components = self.document["components"]["schemas"]
        undescribed = [
            f"{name}.{field}"
            for name, schema in components.items()
            for field, definition in schema.get("properties", {}).items()
            if not definition.get("description")
        ]
        self.assertEqual(undescribed, [])
        states = self.env["integration.message"]._fields["state"].get_values(self.env)
        self.assertEqual(components["MessageState"]["enum"], states)
        state = "#/components/schemas/MessageState"
        self.assertEqual(components["MessageStatus"]["properties"]["state"]["$ref"], state)
        self.assertEqual(components["MessageSummary"]["properties"]["state"]["$ref"], state)

    def test_response_headers(self):
        responses = self.post["responses"]
        self.assertEqual(headers_of(responses["202"]), {"Location"})
        self.assertEqual(headers_of(responses["429"]), {"Retry-After"})
        self.assertEqual(headers_of(responses["503"]), {"Retry-After"})
        get = self.document["paths"]["/messages/{id}"]["get"]["responses"]
        self.assertEqual(headers_of(get["503"]), {"Retry-After"})
        self.assertIn("Location", self.document["components"]["headers"])

    def test_webhook_and_as2_routes_with_their_security(self):
        paths, schemes = self.document["paths"], self.document["components"]["securitySchemes"]
        expected = {}
        if self.installed("integration.codec.shopify"):
            expected["/channels/{code}/webhooks"] = {
                "shopifyHmac",
                "wooCommerceSignature",
                "standardWebhooks",
            }
            expected["/channels/{code}/payments"] = {"standardWebhooks"}
        if self.installed("integration.as2.message"):
            expected["/as2"] = {"as2Signature"}
        for path, security in expected.items():
            with self.subTest(path=path):
                operation = paths[path]["post"]
                named = {name for requirement in operation["security"] for name in requirement}
                self.assertEqual(named, security)
                self.assertLessEqual(named, set(schemes))
                self.assertEqual(headers_of(operation["responses"]["503"]), {"Retry-After"})
        # EasyPost's tracking webhook is a flow of its own codec on the posting route, with
        # the flow's API key: its events have their schema and example there.
        content = self.post["requestBody"]["content"]["application/json"]
        self.assertIn({"$ref": "#/components/schemas/EasyPostEvent"}, content["schema"]["anyOf"])
        self.assertEqual(self.post.get("security"), None, "the document's: API key or HMAC")
        self.assertEqual(self.document["security"], [{"apiKey": []}, {"hmac": []}])


def headers_of(response):
    return set(response.get("headers", {}))
