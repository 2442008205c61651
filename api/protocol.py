"""uvicorn's HTTP protocol, answering a request it cannot parse with problem+json.

A malformed request line or header never reaches the app: uvicorn answers it with a
plain-text 400 of its own. `kg serve` runs uvicorn with this subclass (its `http=`), whose
one change is that answer: a problem, with the same security headers as every response.
uvicorn[standard] installs httptools, so its parser is the one uvicorn would pick anyway.

Why a subclass of an internal class: uvicorn's public API lets the server run any protocol
class (`Config(http=...)`) but has no option for the body of its own 400, and the app never
sees the request. So this overrides `send_400_response` of
uvicorn.protocols.http.httptools_impl.HttpToolsProtocol, an undocumented method;
tests/api/test_security.py checks that the answer is still a problem.
"""

from __future__ import annotations

import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.errors import PROBLEM
from api.security import SECURITY_HEADERS


def bad_request(detail: str) -> bytes:
    """A whole HTTP/1.1 400 response, problem+json, for a connection about to close."""
    body = json.dumps(
        {"type": "about:blank", "status": 400, "title": "Bad Request", "detail": detail}
    ).encode()
    head = [
        "HTTP/1.1 400 Bad Request",
        f"content-type: {PROBLEM}",
        f"content-length: {len(body)}",
        "connection: close",
        *(f"{name}: {value}" for name, value in SECURITY_HEADERS.items()),
    ]
    return "\r\n".join([*head, "", ""]).encode("latin-1") + body


class ProblemHttpProtocol(HttpToolsProtocol):
    def send_400_response(self, msg: str) -> None:
        detail = f"{msg} The request line or a header is not valid HTTP/1.1."
        self.transport.write(bad_request(detail))
        self.transport.close()
