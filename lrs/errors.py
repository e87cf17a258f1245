"""Errors the LRS answers with: a status and a JSON body that says what was wrong and where."""

from __future__ import annotations

from collections.abc import Sequence

import orjson


class XAPIError(Exception):
    """An error with the HTTP status xAPI prescribes (400, 401, 403, 404, 409, 412, 413)."""

    def __init__(self, status: int, message: str, errors: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = list(errors)

    def body(self) -> bytes:
        doc: dict[str, object] = {
            "error": _CODES.get(self.status, "error"),
            "message": self.message,
        }
        if self.errors:
            doc["errors"] = [{"path": path, "rule": rule} for path, rule in self.errors]
        return orjson.dumps(doc)


def bad_request(message: str, errors: Sequence[tuple[str, str]] = ()) -> XAPIError:
    return XAPIError(400, message, errors)


_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    500: "internal_error",
    503: "unavailable",
}
