#!/usr/bin/env python3
"""An HTTPS endpoint standing in for the center in the sensor's TLS upload test.

Usage: tls_sink.py CERT KEY OUT. Prints its port on stdout, then answers every
POST with 200 after appending "PATH BATCH-ID AUTHORIZATION LINES" (the body
gunzipped) to OUT.
"""
import gzip
import http.server
import ssl
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        lines = gzip.decompress(body).decode().count("\n")
        with open(sys.argv[3], "a", encoding="utf-8") as out:
            out.write(f"{self.path} {self.headers['X-Rampart-Batch']} {self.headers['Authorization']} {lines}\n")
        reply = b'{"duplicate": false}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def main():
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
