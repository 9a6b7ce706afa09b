"""The OpenAPI 3.1 description of the inbound API, with the canonical documents' schemas.

Pure: the ORM hands in what only it knows (its codecs' formats, the message states, the
spokes' routes), see ``integration.openapi._openapi_document``.
"""

import json
import sys
from pathlib import Path
from typing import NamedTuple

from pydantic.json_schema import models_json_schema

from . import SCHEMAS

REF = "#/components/schemas/{model}"
HEADER_REF = "#/components/headers/{name}"
JSON = "application/json"


class RequestFormat(NamedTuple):
    """A content type the API takes, with the codecs that read it and their examples
    (``{name: {"summary": ..., "value": ...}}``) and, for JSON that is no canonical
    document, the schemas of those shapes (``{component name: JSON Schema}``)."""

    content_type: str
    codecs: tuple[str, ...] = ()
    examples: dict | None = None
    schemas: dict | None = None


PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem document; its type is a URI under "
    "/api/integration/v1/problems/ that answers what the problem means.",
    "properties": {
        "type": {
            "type": "string",
            "format": "uri-reference",
            "description": "What kind of problem; GET it for an explanation.",
        },
        "title": {"type": "string", "description": "The kind of problem, in words."},
        "status": {"type": "integer", "description": "The HTTP status code."},
        "detail": {"type": "string", "description": "What is wrong with this request."},
        "message_id": {
            "type": "integer",
            "description": "The message the payload was stored as (an invalid payload), or "
            "the earlier message (a reused Idempotency-Key).",
        },
        "errors": {
            "type": "array",
            "items": {"type": "string"},
            "description": "One line per problem, naming where it is (field path, row and "
            "column, segment and element, XPath).",
        },
    },
    "required": ["type", "title", "status", "detail"],
}

RECORD = {
    "type": ["object", "null"],
    "description": "The business record the message created or was built from.",
    "properties": {
        "model": {"type": "string", "description": "Odoo model, e.g. sale.order."},
        "id": {"type": "integer", "description": "Id of the record."},
        "name": {"type": "string", "description": "Name of the record, e.g. S00042."},
    },
}

STATE = {"$ref": REF.format(model="MessageState"), "description": "The message's state."}
RECEIVED_AT = {
    "type": ["string", "null"],
    "format": "date-time",
    "description": "When the hub stored the message (UTC).",
}
MESSAGE_ID = {"type": "integer", "description": "Id of the message; GET /messages/{id}."}

REFERENCE = {
    "type": ["string", "null"],
    "description": "The document's business reference (order, invoice, shipment or return "
    "number), known once the document is validated.",
}

MESSAGE_SUMMARY = {
    "type": "object",
    "description": "One message of a list: a document of a file, a search hit.",
    "properties": {
        "id": MESSAGE_ID,
        "reference": REFERENCE,
        "flow": {"type": "string", "description": "Code of the message's flow."},
        "document_type": {
            "type": "string",
            "description": "The canonical document type, e.g. order.",
        },
        "state": STATE,
        "received_at": RECEIVED_AT,
        "record": RECORD,
    },
    "required": ["id", "reference", "flow", "document_type", "state", "record"],
}

MESSAGE_STATUS = {
    "type": "object",
    "description": "A message: what the hub did with a payload.",
    "properties": {
        "id": MESSAGE_ID,
        "name": {"type": "string", "description": "The message's name, e.g. MSG/2026/00042."},
        "reference": REFERENCE,
        "state": STATE,
        "correlation_id": {
            "type": ["string", "null"],
            "description": "The business transaction the message belongs to (X-Correlation-Id "
            "or the hub's own).",
        },
        "received_at": RECEIVED_AT,
        "error": {
            "type": ["string", "null"],
            "description": "Why the message failed (state failed), else null.",
        },
        "error_category": {
            "type": ["string", "null"],
            "description": "The kind of failure: parse, validation, mapping, business, "
            "transport...",
        },
        "duplicate": {
            "type": "boolean",
            "description": "A repeat (same Idempotency-Key or payload): this is the first "
            "message; only on a 200 answer to a POST.",
        },
        "waiting": {
            "type": "boolean",
            "description": "A sequential flow holds the message behind an earlier one.",
        },
        "waiting_for": {
            "type": ["object", "null"],
            "description": "The earlier message it waits for.",
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        },
        "record": RECORD,
        "documents": {
            "type": "array",
            "description": "The documents a file was split into (an X12 interchange's "
            "transaction sets...), each a message of its own; empty for a single document.",
            "items": {"$ref": REF.format(model="MessageSummary")},
        },
    },
    "required": ["id", "name", "state"],
}


def example_file(schema):
    """The example of a canonical document: ``examples/<doc_type>.json`` of its add-on."""
    module_file = Path(sys.modules[schema.__module__].__file__).resolve()
    return module_file.parents[1] / "examples" / f"{schema.doc_type}.json"


def canonical_examples():
    """``{doc_type: example}`` of every canonical document that has one."""
    examples = {}
    for doc_type, schema in SCHEMAS.items():
        path = example_file(schema)
        if path.is_file():
            examples[doc_type] = json.loads(path.read_text(encoding="utf-8"))
    return examples


def component_schemas(states=(), formats=()):
    """Every canonical document's JSON Schema (with its example), with shared parts as
    named components; ``states``: the message states (value, label); ``formats``: the
    request formats whose JSON schemas join them."""
    _refs, top = models_json_schema(
        [(schema, "validation") for schema in SCHEMAS.values()], ref_template=REF
    )
    components = dict(top.get("$defs", {}))
    for doc_type, example in canonical_examples().items():
        name = SCHEMAS[doc_type].__name__
        components[name] = {**components[name], "examples": [example]}
    for request_format in formats:
        components.update(request_format.schemas or {})
    components["Problem"] = PROBLEM
    components["MessageStatus"] = MESSAGE_STATUS
    components["MessageSummary"] = MESSAGE_SUMMARY
    components["MessageState"] = {"type": "string", "description": "Where the message is."}
    if states:
        components["MessageState"]["enum"] = [value for value, _label in states]
        components["MessageState"]["description"] += " " + "; ".join(
            f"{value}: {label}" for value, label in states
        )
    return components


HEADERS = {
    "Location": {
        "description": "Where to follow the message: /api/integration/v1/messages/{id}.",
        "schema": {"type": "string", "format": "uri-reference"},
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    },
}


def problem_response(description, retry_after=False):
    """A response carrying a problem document (RFC 9457), with Retry-After if asked."""
    response = {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": REF.format(model="Problem")}}},
    }
    if retry_after:
        response["headers"] = {"Retry-After": {"$ref": HEADER_REF.format(name="Retry-After")}}
    return response


def status_response(description, location=False):
    """A response carrying a message's status, with its Location if asked."""
    response = {
        "description": description,
        "content": {JSON: {"schema": {"$ref": REF.format(model="MessageStatus")}}},
    }
    if location:
        response["headers"] = {"Location": {"$ref": HEADER_REF.format(name="Location")}}
    return response


def request_content(formats):
    """The request body's media types: canonical JSON documents (and other JSON shapes),
    and every other format a codec reads, each with its examples."""
    content = {}
    for request_format in formats:
        read_by = ", ".join(request_format.codecs)
        examples = dict(request_format.examples or {})
        if request_format.content_type == JSON:
            refs = [{"$ref": REF.format(model=schema.__name__)} for schema in SCHEMAS.values()]
            refs += [{"$ref": REF.format(model=name)} for name in request_format.schemas or {}]
            # Shapes may coincide (a receipt notice is a shipment notice): anyOf, not oneOf.
            schema = {"anyOf": refs, "description": f"A canonical document ({read_by})."}
            canonical = {
                doc_type: {"summary": f"Canonical {doc_type}", "value": value}
                for doc_type, value in canonical_examples().items()
            }
            examples = {**canonical, **examples}
        elif request_format.content_type == "application/octet-stream":
            schema = {"description": f"The file as the flow's codec reads it ({read_by})."}
        else:
            schema = {"type": "string", "description": f"A file read by: {read_by}."}
        content[request_format.content_type] = {"schema": schema}
        if examples:
            content[request_format.content_type]["examples"] = examples
    return content


def openapi_document(server_url, formats=(), states=(), routes=None):
    """The whole OpenAPI document, served at /api/integration/v1/openapi.json.

    ``formats``: the RequestFormats the codecs read (default: canonical JSON only);
    ``states``: the message states as (value, label); ``routes``: the spokes' own routes,
    ``{"paths": ..., "securitySchemes": ...}`` (webhooks, AS2)."""
    formats = formats or (RequestFormat(JSON, ("Canonical JSON",)),)
    routes = routes or {}
    auth_errors = {
        "401": problem_response(
            "No or wrong credentials, or a signed request received before; nothing was stored."
        ),
        "403": problem_response("The credentials may not use this flow."),
    }
    server_errors = {
        "405": problem_response("The path does not take this method (see Allow)."),
        "500": problem_response("The hub failed; nothing was stored."),
        "503": problem_response(
            "The hub cannot take requests now; see Retry-After.", retry_after=True
        ),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Integration Hub inbound API",
            "version": "1.0.0",
            "description": "Post documents to a flow and follow them. Every accepted body is "
            "stored before it is processed; a repeated Idempotency-Key returns the first "
            "message.",
        },
        "servers": [{"url": server_url}],
        "security": [{"apiKey": []}, {"hmac": []}],
        "components": {
            "schemas": component_schemas(states, formats),
            "headers": HEADERS,
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API key issued on the endpoint.",
                },
                "hmac": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Signature",
                    "description": "t=<unix time>,v1=<hex HMAC-SHA256 of "
                    "'<t>\\n<METHOD>\\n<path>\\n<Idempotency-Key>\\n' + raw body>; "
                    "5 minutes tolerance; a signed request is accepted once.",
                },
                **routes.get("securitySchemes", {}),
            },
        },
        "paths": {
            "/flows/{code}/messages": {
                "post": {
                    "operationId": "postMessage",
                    "summary": "Post a document to an inbound flow",
                    "parameters": [
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": False,
                            "description": "Unique within the flow: the same key with the same "
                            "payload is a repeat (200), with another payload a conflict (409).",
                            "schema": {"type": "string", "maxLength": 255},
                        },
                        {
                            "name": "X-Correlation-Id",
                            "in": "header",
                            "required": False,
                            "schema": {"type": "string", "maxLength": 255},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "description": "The payload in the flow's format (its codec): for "
                        "canonical JSON flows one of the canonical documents, for an X12 or "
                        "EDIFACT flow an interchange, for a flat-file flow a file in its "
                        "layout. A file of several documents becomes one message per "
                        "document, listed in the answer's documents once split.",
                        "content": request_content(formats),
                    },
                    "responses": {
                        "202": status_response(
                            "Stored and queued; follow Location.", location=True
                        ),
                        "200": status_response("A repeat: the first message."),
                        "400": problem_response(
                            "Malformed payload (it is stored and visible in the exception "
                            "queue), or an empty body or a header too long or with control "
                            "characters (nothing stored)."
                        ),
                        **auth_errors,
                        "404": problem_response("No such flow for this caller."),
                        "409": problem_response(
                            "Idempotency-Key already used in this flow with another payload."
                        ),
                        "411": problem_response("No Content-Length (a chunked body)."),
                        "413": problem_response("Body above the flow's size limit (not read)."),
                        "415": problem_response(
                            "Form-encoded or multipart body: post the document."
                        ),
                        "429": problem_response(
                            "Rate limit reached; see Retry-After.", retry_after=True
                        ),
                        **server_errors,
                    },
                }
            },
            "/messages/{id}": {
                "get": {
                    "operationId": "getMessage",
                    "summary": "Status of one of your messages",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {
                        "200": status_response("The message."),
                        **auth_errors,
                        "404": problem_response("No such message of yours."),
                        **server_errors,
                    },
                }
            },
            "/messages": {
                "get": {
                    "operationId": "findMessages",
                    "summary": "Your messages with a business reference",
                    "description": "Exact match on the reference; newest first, at most 50.",
                    "parameters": [
                        {
                            "name": "reference",
                            "in": "query",
                            "required": True,
                            "description": "A PO, invoice, shipment or return number.",
                            "schema": {"type": "string", "minLength": 1, "maxLength": 256},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The matching messages (possibly none).",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "messages": {
                                                "type": "array",
                                                "items": {
                                                    "$ref": REF.format(model="MessageSummary")
                                                },
                                            }
                                        },
                                        "required": ["messages"],
                                    }
                                }
                            },
                        },
                        "400": problem_response(
                            "No reference, or a control character or too long."
                        ),
                        **auth_errors,
                        **server_errors,
                    },
                }
            },
            "/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Liveness and queue figures (no secrets)",
                    "security": [],
                    "responses": {
                        "200": {
                            "description": "Healthy.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            "/metrics": {
                "get": {
                    "operationId": "metrics",
                    "summary": "Prometheus metrics",
                    "description": "Every partner's figures: a monitoring API key only.",
                    "responses": {
                        "200": {
                            "description": "Prometheus text format.",
                            "content": {"text/plain": {"schema": {"type": "string"}}},
                        },
                        **auth_errors,
                        "403": problem_response("The API key is not a monitoring key."),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "security": [],
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1 document.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            **routes.get("paths", {}),
        },
    }
