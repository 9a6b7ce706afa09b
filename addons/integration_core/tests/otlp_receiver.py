# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A local OTLP/HTTP trace receiver: keeps the spans exporters post to /v1/traces, decoded
from protobuf with ``opentelemetry-proto``."""

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from .partner_server import LocalHttpServer


class OtlpReceiver(LocalHttpServer):
    """``spans``: (name, trace id, span id, parent span id) of each span received, hex."""

    path = ""

    def __init__(self):
        super().__init__()
        self.spans = []

    def _respond(self, handler, body):
        export = ExportTraceServiceRequest.FromString(body)
        for resource_spans in export.resource_spans:
            for scope_spans in resource_spans.scope_spans:
                self.spans += [
                    (span.name, span.trace_id.hex(), span.span_id.hex(), span.parent_span_id.hex())
                    for span in scope_spans.spans
                ]
        answer = ExportTraceServiceResponse().SerializeToString()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/x-protobuf")
        handler.send_header("Content-Length", str(len(answer)))
        handler.end_headers()
        handler.wfile.write(answer)
