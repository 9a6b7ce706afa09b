# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Partner systems on 127.0.0.1 that tests send real HTTP requests to."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LocalHttpServer:
    """A threaded HTTP server on a free port of 127.0.0.1, used as a context manager.

    Subclasses answer POST and PUT requests in ``_respond(handler, body)``.
    """

    path = "/"

    def __init__(self):
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                owner._respond(self, body)

            do_PUT = do_POST  # noqa: N815

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{self.path}"

    def _respond(self, handler, body):
        raise NotImplementedError

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class PartnerServer(LocalHttpServer):
    """Answers each request with the next scripted status (the last one repeats).

    ``hang`` makes it accept connections and never answer, like a partner that is down
    behind a load balancer. Every request received is kept in ``requests``.
    """

    path = "/inbox"

    def __init__(self, statuses=(200,), hang=False, retry_after=None):
        super().__init__()
        self.statuses = list(statuses)
        self.hang = hang
        self.retry_after = retry_after
        self.requests = []
        self._release = threading.Event()

    def _respond(self, handler, body):
        self.requests.append({"headers": dict(handler.headers), "body": body, "path": handler.path})
        if self.hang:
            self._release.wait(30)
            return
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        handler.send_response(status)
        if self.retry_after is not None and status in (429, 503):
            handler.send_header("Retry-After", str(self.retry_after))
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        handler.wfile.write(b'{"ok": %s}' % (b"true" if status < 300 else b"false"))

    def __exit__(self, *exc):
        self._release.set()
        return super().__exit__(*exc)
