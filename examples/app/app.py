"""The example web app: a plain HTTP server that knows nothing about Lambda.

lwa turns each invocation into an HTTP request to it. Any framework works the same way (Flask,
FastAPI, Express, Spring Boot, ...); this one needs nothing but Python's standard library.
"""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: lwa reuses its connection to the app
    # One write per response, no Nagle: a response split in two segments waits ~40 ms for an ACK.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def do_GET(self):
        self.answer({"message": "hello from lwa", "path": self.path})

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        self.answer({"message": "received", "path": self.path, "bytes": len(body)})

    def answer(self, document):
        body = json.dumps(document).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        # No line per request here. On Lambda, AWS_LWA_ACCESS_LOG=true makes lwa log one per
        # invocation; ./lwa local logs each request anyway.
        pass


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8080"))
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
