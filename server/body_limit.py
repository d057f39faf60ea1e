"""Reject HTTP requests whose body is larger than the API ever needs."""

from __future__ import annotations

import json
import logging

logger = logging.getLogger(__name__)

# The largest body the API accepts. The biggest legitimate request is an OKR
# sheet upload, capped at 200 kB of text, whose JSON stays well under this
# unless the sheet is mostly control characters (escaped as six bytes each).
MAX_BODY_BYTES = 1_000_000


class BodySizeLimit:
    """ASGI middleware that returns 413 before reading a body over ``max_bytes``.

    It trusts ``Content-Length`` when the client sends one, and reads a
    chunked body into memory only up to ``max_bytes``. WebSocket traffic
    passes through.
    """

    def __init__(self, app, max_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            logger.warning("rejected %s %s: body of %s bytes", scope["method"], scope["path"], declared.decode())
            await self._reject(send)
            return

        if declared is not None:
            await self.app(scope, receive, send)
            return

        # A chunked body has no declared length, so it is read here, up to the
        # limit, and handed to the app from memory.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            received += len(chunks[-1])
            if received > self.max_bytes:
                logger.warning("rejected %s %s: chunked body over %d bytes", scope["method"], scope["path"], self.max_bytes)
                await self._reject(send)
                return
            if not message.get("more_body", False):
                break

        body = b"".join(chunks)
        delivered = False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _reject(self, send) -> None:
        body = json.dumps(
            {"detail": f"The request body is larger than {self.max_bytes // 1000} kB, the most this API accepts."}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
