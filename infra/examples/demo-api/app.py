"""demo-api: the service Hale's demo and tests remediate.

A small HTTP server (standard library only) that imports its dependency `demo_lib` from the virtual
environment it was started with and reports which version and which environment serve it:
  GET /health  -> 200 {"status": "ok", "demo_lib": "<version>", "prefix": "<sys.prefix>"}
  GET /metrics -> Prometheus text (request counter and a latency histogram)
  GET /api/price -> 200 {"price": demo_lib.price()} (100 when the library has no price())
  POST /orders -> 200 {"ok": true, ...demo_lib.process_order(body)}; 500 when the library raises
PORT comes from the environment. SIGTERM stops it cleanly.
"""
import json
import os
import signal
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import demo_lib  # noqa: E402  (the dependency Hale updates)

STARTED = time.time()
REQUESTS = {"n": 0}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):  # keep the log file short
        pass

    def do_GET(self):
        REQUESTS["n"] += 1
        if self.path == "/health":
            body = json.dumps(
                {
                    "status": "ok",
                    "demo_lib": getattr(demo_lib, "VERSION", "unknown"),
                    "prefix": sys.prefix,
                    "uptime_s": round(time.time() - STARTED, 3),
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
        elif self.path == "/metrics":
            body = (
                "# TYPE demo_requests_total counter\n"
                f"demo_requests_total {REQUESTS['n']}\n"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
        elif self.path == "/api/price":
            price = demo_lib.price() if hasattr(demo_lib, "price") else 100
            body = json.dumps({"price": price}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
        else:
            body = b"not found\n"
            self.send_response(404)
        self._send(body)

    def _send(self, body):
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        REQUESTS["n"] += 1
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path != "/orders":
            self.send_response(404)
            return self._send(b"not found\n")
        try:
            order = json.loads(raw or b"{}")
            extra = demo_lib.process_order(order) if hasattr(demo_lib, "process_order") else {}
            body = json.dumps({"ok": True, **extra}).encode()
            self.send_response(200)
        except Exception as err:  # the dependency failed: the service answers 500
            body = json.dumps({"ok": False, "error": str(err)}).encode()
            self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self._send(body)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"demo-api on 127.0.0.1:{server.server_port} with demo_lib {demo_lib.VERSION}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
