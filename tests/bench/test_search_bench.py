"""The search benchmark's HTTP load generator: answers read whole, errors counted, not lost."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.search_bench import _http_client


class Answers(BaseHTTPRequestHandler):
    """200 with a body larger than one read; 404; an HTTP/1.0 answer that closes."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith("/old"):
            self.protocol_version = "HTTP/1.0"
        body = b"x" * 200_000 if self.path.startswith(("/big", "/old")) else b"{}"
        self.send_response(404 if self.path == "/missing" else 200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_client_times_each_answer_and_counts_errors(port):
    times: list[float] = []
    errors: list[str] = []
    _http_client(port, ["/big", "/small", "/missing", "/old", "/big", "/small"], times, errors)
    assert errors == ["404 /missing"]
    assert len(times) == 5 and all(t > 0 for t in times)


def test_a_refused_connection_is_an_error_per_request():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    closed_port = server.server_address[1]
    server.server_close()
    times: list[float] = []
    errors: list[str] = []
    _http_client(closed_port, ["/a", "/b"], times, errors)
    assert times == [] and [e.split()[-1] for e in errors] == ["/a", "/b"]


def test_the_connections_a_server_process_holds_are_counted():
    import os
    import socket

    from bench.search_bench import _connections

    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        accepted = [listener.accept()[0] for _ in clients]
        try:
            # this process holds the three accepted ends (the clients' ends are on other ports)
            assert _connections(os.getpid(), port) == [3]
            accepted.pop().close()
            assert _connections(os.getpid(), port) == [2]
        finally:
            for connection in clients + accepted:
                connection.close()
