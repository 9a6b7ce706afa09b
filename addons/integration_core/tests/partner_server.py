# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A scripted partner system on 127.0.0.1 that tests send real HTTP requests to."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class PartnerServer:
    """Answers each request with the next scripted status (the last one repeats).

    ``hang`` makes it accept connections and never answer, like a partner that is down
    behind a load balancer. Every request received is kept in ``requests``.
    """

    def __init__(self, statuses=(200,), hang=False, retry_after=None):
        self.statuses = list(statuses)
        self.hang = hang
        self.retry_after = retry_after
        self.requests = []
        self._release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                server.requests.append(
                    {"headers": dict(self.headers), "body": body, "path": self.path}
                )
                if server.hang:
                    server._release.wait(30)
                    return
                status = server.statuses.pop(0) if len(server.statuses) > 1 else server.statuses[0]
                self.send_response(status)
                if server.retry_after is not None and status in (429, 503):
                    self.send_header("Retry-After", str(server.retry_after))
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": %s}' % (b"true" if status < 300 else b"false"))

            do_PUT = do_POST  # noqa: N815

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/inbox"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
