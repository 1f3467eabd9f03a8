"""JSON errors: ``{"error": code, "detail": ..., "fields": {field: message}}``."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from bot.api.models import Error

_STATUS: dict[int, type[web.HTTPException]] = {
    400: web.HTTPBadRequest,
    401: web.HTTPUnauthorized,
    403: web.HTTPForbidden,
    404: web.HTTPNotFound,
    409: web.HTTPConflict,
    413: web.HTTPRequestEntityTooLarge,
    422: web.HTTPUnprocessableEntity,
    429: web.HTTPTooManyRequests,
}


def api_error(
    status: int,
    code: str,
    detail: str = "",
    fields: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> web.HTTPException:
    """An exception to raise from a handler; aiohttp sends it as the response."""
    body = Error(error=code, detail=detail, fields=dict(fields or {})).model_dump_json()
    exc_class = _STATUS[status]
    if exc_class is web.HTTPRequestEntityTooLarge:
        return web.HTTPRequestEntityTooLarge(
            max_size=0, actual_size=0, text=body, content_type="application/json"
        )
    return exc_class(text=body, content_type="application/json", headers=dict(headers or {}))
