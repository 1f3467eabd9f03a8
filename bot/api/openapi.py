"""The OpenAPI 3 schema of ``/api/v1`` and ``/api/calls``, built from the pydantic models and
the route list below, and a self-contained page that renders it (``/api/docs``: nothing is
fetched from elsewhere)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from aiohttp import web
from pydantic import BaseModel

from bot.api.models import (
    MODELS,
    CallAccepted,
    CallCreate,
    CommentCreate,
    CommentOut,
    StaffList,
    TicketCreate,
    TicketList,
    TicketOut,
)

REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Param:
    name: str
    where: str  # "query", "path" or "header"
    description: str
    type: str = "string"
    required: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    summary: str
    scope: str
    responses: dict[int, tuple[str, type[BaseModel] | None]]
    body: type[BaseModel] | None = None
    params: tuple[Param, ...] = ()
    description: str = ""


NUMBER = Param("number", "path", "The ticket's number.", "integer", required=True)
_COMMON_ERRORS: dict[int, str] = {
    401: "No key, or an unknown or revoked one.",
    403: "The key lacks the scope.",
    429: "Over the key's requests per minute; see Retry-After.",
}

ROUTES: tuple[Route, ...] = (
    Route(
        "post",
        "/api/v1/tickets",
        "Create a ticket",
        "create",
        {
            201: ("Created.", TicketOut),
            200: ("Created before with this Idempotency-Key: the same ticket.", TicketOut),
            400: ("Not JSON, or a bad Idempotency-Key.", None),
            409: ("The Idempotency-Key was used with another body.", None),
            422: ("Values not accepted: `fields` names each field and what is wrong.", None),
        },
        body=TicketCreate,
        params=(
            Param(
                "Idempotency-Key",
                "header",
                "Any unique string (up to 200 characters): repeating the request with it"
                " returns the ticket created the first time, never a second one.",
            ),
        ),
        description=(
            "Values are checked exactly as the ticket dialogue checks an operator's answers."
            " The ticket is numbered, routed and announced to its executor as one made in"
            " the bot."
        ),
    ),
    Route(
        "get",
        "/api/v1/tickets",
        "List and search tickets, newest first",
        "read",
        {200: ("A page of tickets.", TicketList), 422: ("A bad filter or cursor.", None)},
        params=(
            Param("stage", "query", "Stage key, e.g. `new`."),
            Param("category", "query", "Category, e.g. `Сантехника`."),
            Param("created_from", "query", "From this date (2026-12-01) or ISO date-time."),
            Param("created_to", "query", "Up to this date (inclusive) or ISO date-time."),
            Param("phone", "query", "A phone number, or its end (5550101)."),
            Param("address", "query", "Address words and numbers, e.g. `Садовая 10 5`."),
            Param("q", "query", "Any search as typed in the bot: words, a number, a phone."),
            Param(
                "limit",
                "query",
                "Page size, 1 to 100 (default 20).",
                "integer",
                extra={"minimum": 1, "maximum": 100, "default": 20},
            ),
            Param("cursor", "query", "`next_cursor` of the previous page."),
        ),
    ),
    Route(
        "get",
        "/api/v1/tickets/{number}",
        "A ticket with its stage, assignee, values and history",
        "read",
        {200: ("The ticket.", TicketOut), 404: ("No such ticket.", None)},
        params=(NUMBER,),
    ),
    Route(
        "post",
        "/api/v1/tickets/{number}/comments",
        "Add a comment",
        "comment",
        {
            201: ("Added; the assignee and the author are told.", CommentOut),
            404: ("No such ticket.", None),
            422: ("An empty or too long comment.", None),
        },
        body=CommentCreate,
        params=(NUMBER,),
    ),
    Route(
        "get",
        "/api/v1/staff",
        "The staff: active people with a role",
        "read",
        {200: ("The staff list.", StaffList)},
    ),
    Route(
        "post",
        "/api/calls",
        "Report a telephony call",
        "create",
        {
            202: ("Accepted: the call's id and how many operators were told.", CallAccepted),
            400: ("Not JSON.", None),
            422: ("A bad phone, line or operator: `fields` names it.", None),
        },
        body=CallCreate,
        description=(
            "The operators on duty (or the one named) get «📞 Звонок» with the caller's open"
            " and recent tickets and a «Создать заявку» button that opens the ticket form with"
            " the phone filled in. The number is kept for 30 days."
        ),
    ),
)


def _components() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for model in MODELS:
        schema = model.model_json_schema(ref_template=REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


def _content(model: type[BaseModel] | None) -> dict[str, Any]:
    target = model.__name__ if model is not None else "Error"
    return {"application/json": {"schema": {"$ref": REF.format(model=target)}}}


def _operation(route: Route) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, (text, model) in sorted({**route.responses}.items()):
        responses[str(status)] = {"description": text, "content": _content(model)}
    for status, text in _COMMON_ERRORS.items():
        entry: dict[str, Any] = {"description": text, "content": _content(None)}
        if status == 429:
            entry["headers"] = {
                "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
            }
        responses.setdefault(str(status), entry)
    operation: dict[str, Any] = {
        "operationId": f"{route.method}_{route.path}".replace("/", "_")
        .replace("{", "")
        .replace("}", ""),
        "summary": route.summary,
        "description": (route.description + f" Scope: `{route.scope}`.").strip(),
        "security": [{"bearerAuth": []}],
        "parameters": [
            {
                "name": p.name,
                "in": p.where,
                "required": p.required,
                "description": p.description,
                "schema": {"type": p.type, **p.extra},
            }
            for p in route.params
        ],
        "responses": responses,
    }
    if route.body is not None:
        operation["requestBody"] = {"required": True, "content": _content(route.body)}
    return operation


@cache
def schema() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for route in ROUTES:
        paths.setdefault(route.path, {})[route.method] = _operation(route)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Service desk integration API",
            "version": "1",
            "description": (
                "Tickets from telephony, CRM and the website. Keys are made by admins in the"
                " bot (/api_keys) and sent as `Authorization: Bearer <key>`. Errors:"
                ' `{"error": code, "detail": text, "fields": {field: message}}`.'
            ),
        },
        "paths": paths,
        "components": {
            "schemas": _components(),
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "hdk_…"}
            },
        },
    }


async def schema_view(_request: web.Request) -> web.Response:
    return web.json_response(schema())


async def docs_view(_request: web.Request) -> web.Response:
    page = DOCS_PAGE.replace("__SCHEMA__", json.dumps(schema()).replace("</", "<\\/"))
    return web.Response(text=page, content_type="text/html")


# The page carries the schema inline and draws it with a few lines of script.
DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Service desk API</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1em;color:#222}
h1{margin-bottom:.2em}.op{border:1px solid #ddd;border-radius:6px;margin:1em 0}
.op summary{cursor:pointer;padding:.6em .8em;font-weight:600}
.m{display:inline-block;min-width:4.5em;color:#fff;border-radius:4px;text-align:center;
margin-right:.6em;font-size:.85em;padding:.1em .3em}.get{background:#2f7fd8}
.post{background:#2a9d57}
.body{padding:0 1em 1em}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #eee;text-align:left;padding:.3em;vertical-align:top}
pre{background:#f6f6f6;padding:.6em;overflow:auto;font-size:.85em}code{background:#f2f2f2}
</style></head><body>
<h1>Service desk API</h1><p id="intro"></p>
<p><a href="/api/openapi.json">openapi.json</a></p><div id="ops"></div><h2>Schemas</h2>
<div id="schemas"></div>
<script id="schema" type="application/json">__SCHEMA__</script>
<script>
const spec = JSON.parse(document.getElementById("schema").textContent);
const el = (tag, attrs, ...kids) => { const e = document.createElement(tag);
  Object.assign(e, attrs || {}); for (const k of kids) e.append(k); return e; };
const refName = (s) => s && s.$ref ? s.$ref.split("/").pop() : null;
document.getElementById("intro").textContent = spec.info.description;
const ops = document.getElementById("ops");
for (const [path, methods] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    const body = el("div", {className: "body"}, el("p", {textContent: op.description}));
    if (op.parameters.length) {
      const t = el("table", {}, el("tr", {}, el("th", {textContent: "Parameter"}),
        el("th", {textContent: "In"}), el("th", {textContent: "Description"})));
      for (const p of op.parameters) t.append(el("tr", {},
        el("td", {}, el("code", {textContent: p.name + (p.required ? " *" : "")})),
        el("td", {textContent: p.in}), el("td", {textContent: p.description})));
      body.append(t);
    }
    if (op.requestBody) {
      const name = refName(op.requestBody.content["application/json"].schema);
      body.append(el("p", {}, "Body: ", el("a", {href: "#s-" + name, textContent: name})));
    }
    const r = el("table", {}, el("tr", {}, el("th", {textContent: "Status"}),
      el("th", {textContent: "Meaning"}), el("th", {textContent: "Body"})));
    for (const [status, resp] of Object.entries(op.responses)) {
      const name = refName(resp.content["application/json"].schema);
      r.append(el("tr", {}, el("td", {textContent: status}),
        el("td", {textContent: resp.description}),
        el("td", {}, el("a", {href: "#s-" + name, textContent: name}))));
    }
    body.append(r);
    ops.append(el("details", {className: "op"}, el("summary", {},
      el("span", {className: "m " + method, textContent: method.toUpperCase()}),
      path + " — " + op.summary), body));
  }
}
const schemas = document.getElementById("schemas");
for (const [name, s] of Object.entries(spec.components.schemas)) {
  schemas.append(el("h3", {id: "s-" + name, textContent: name}),
    el("pre", {textContent: JSON.stringify(s, null, 2)}));
}
</script></body></html>
"""
