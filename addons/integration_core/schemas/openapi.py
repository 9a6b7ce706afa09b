"""The OpenAPI 3.1 description of the inbound API, with the canonical documents' schemas."""

from pydantic.json_schema import models_json_schema

from . import SCHEMAS

REF = "#/components/schemas/{model}"

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem document; its type is a URI under "
    "/api/integration/v1/problems/ that answers what the problem means.",
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "message_id": {"type": "integer"},
        "errors": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["type", "title", "status", "detail"],
}

RECORD = {
    "type": ["object", "null"],
    "description": "The business record the message created or was built from.",
    "properties": {
        "model": {"type": "string"},
        "id": {"type": "integer"},
        "name": {"type": "string"},
    },
}

REFERENCE = {
    "type": ["string", "null"],
    "description": "The document's business reference (order, invoice, shipment or return "
    "number), known once the document is validated.",
}

MESSAGE_SUMMARY = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "reference": REFERENCE,
        "flow": {"type": "string", "description": "Code of the message's flow."},
        "document_type": {"type": "string"},
        "state": {"type": "string"},
        "received_at": {"type": ["string", "null"], "format": "date-time"},
        "record": RECORD,
    },
    "required": ["id", "reference", "flow", "document_type", "state", "record"],
}

MESSAGE_STATUS = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "reference": REFERENCE,
        "state": {"type": "string"},
        "correlation_id": {"type": ["string", "null"]},
        "received_at": {"type": ["string", "null"], "format": "date-time"},
        "error": {"type": ["string", "null"]},
        "error_category": {"type": ["string", "null"]},
        "duplicate": {"type": "boolean"},
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


def component_schemas():
    """Every canonical document's JSON Schema, with shared parts as named components."""
    _refs, top = models_json_schema(
        [(schema, "validation") for schema in SCHEMAS.values()], ref_template=REF
    )
    components = dict(top.get("$defs", {}))
    components["Problem"] = PROBLEM
    components["MessageStatus"] = MESSAGE_STATUS
    components["MessageSummary"] = MESSAGE_SUMMARY
    return components


def _problem(description):
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": REF.format(model="Problem")}}},
    }


def _status(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(model="MessageStatus")}}},
    }


def openapi_document(server_url):
    """The whole OpenAPI document, served at /api/integration/v1/openapi.json."""
    documents = {
        "oneOf": [{"$ref": REF.format(model=schema.__name__)} for schema in SCHEMAS.values()]
    }
    auth_errors = {
        "401": _problem(
            "No or wrong credentials, or a signed request received before; nothing was stored."
        ),
        "403": _problem("The credentials may not use this flow."),
    }
    server_errors = {
        "405": _problem("The path does not take this method (see Allow)."),
        "500": _problem("The hub failed; nothing was stored."),
        "503": _problem("The hub cannot take requests now; see Retry-After."),
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
            "schemas": component_schemas(),
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
                        "description": "The payload in the flow's format; for canonical JSON "
                        "flows one of the canonical documents.",
                        "content": {
                            "application/json": {"schema": documents},
                            "application/octet-stream": {"schema": {}},
                        },
                    },
                    "responses": {
                        "202": _status("Stored and queued."),
                        "200": _status("A repeat: the first message."),
                        "400": _problem(
                            "Malformed payload (it is stored and visible in the exception "
                            "queue), or an empty body or a header too long or with control "
                            "characters (nothing stored)."
                        ),
                        **auth_errors,
                        "404": _problem("No such flow for this caller."),
                        "409": _problem(
                            "Idempotency-Key already used in this flow with another payload."
                        ),
                        "411": _problem("No Content-Length (a chunked body)."),
                        "413": _problem("Body above the flow's size limit (not read)."),
                        "415": _problem("Form-encoded or multipart body: post the document."),
                        "429": _problem("Rate limit reached; see Retry-After."),
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
                        "200": _status("The message."),
                        **auth_errors,
                        "404": _problem("No such message of yours."),
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
                        "400": _problem("No reference, or a control character or too long."),
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
                        "403": _problem("The API key is not a monitoring key."),
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
        },
    }
