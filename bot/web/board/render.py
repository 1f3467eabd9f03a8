"""HTML of the board: plain Python templates, every value escaped (``html.escape``).

No inline scripts or styles (the Content-Security-Policy forbids them): behaviour is in
``static/board.js``, looks in ``static/board.css``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from services.board.read_model import Board, BoardFilters, BoardTicket

ASSET_VERSION = "1"
# The side lists (unassigned, overdue) show this many, the most urgent first; the stage
# columns show every ticket.
SIDE_LIMIT = 30


def _t(i18n: Translator, key: str, **args: object) -> str:
    """An escaped label; remembered per translator (a board repeats a handful of labels
    thousands of times, and Fluent formatting is the slow part of a render)."""
    memo = _MEMO.setdefault(id(i18n), {})
    memo_key = (key, tuple(sorted(args.items())))
    text = memo.get(memo_key)
    if text is None:
        if len(memo) > 20_000:
            memo.clear()
        text = memo[memo_key] = escape(i18n.plain(key, **args))  # type: ignore[arg-type]
    return text


_MEMO: dict[int, dict[tuple[str, tuple[tuple[str, object], ...]], str]] = {}


def _duration(seconds: float) -> str:
    seconds = int(abs(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def timer(i18n: Translator, ticket: BoardTicket, now: datetime) -> str:
    if ticket.deadline is None:
        return f'<span class="timer none">{_t(i18n, "board-no-limit")}</span>'
    left = (ticket.deadline - now).total_seconds()
    breached = left <= 0
    label = _t(i18n, "board-overdue-by" if breached else "board-left")
    kind = "norm" if ticket.deadline == ticket.norm_deadline else "stage"
    return (
        f'<span class="timer{" breached" if breached else ""}" data-deadline="'
        f'{int(ticket.deadline.timestamp())}" data-kind="{kind}">'
        f'<span class="label">{label}</span> <span class="clock">{_duration(left)}</span></span>'
    )


def _tile(i18n: Translator, ticket: BoardTicket, now: datetime, *, big: bool = False) -> str:
    classes = ["tile"]
    if ticket.emergency:
        classes.append("emergency")
    if ticket.overdue:
        classes.append("overdue")
    if big:
        classes.append("big")
    who = (
        escape(ticket.assignee_name)
        if ticket.assignee_id
        else f'<span class="nobody">{_t(i18n, "board-no-assignee")}</span>'
    )
    parts = [
        f'<div class="{" ".join(classes)}" data-ticket="{ticket.id}" tabindex="0">',
        '<div class="tile-head">',
        f'<b class="num">{_t(i18n, "board-number", number=ticket.number)}</b>',
        f'<span class="cat">{escape(ticket.category)}</span>',
        f'<span class="prio">{escape(ticket.priority)}</span>',
        "</div>",
        f'<div class="house">{escape(ticket.house)}</div>',
    ]
    if ticket.subject:
        parts.append(f'<div class="subject">{escape(ticket.subject)}</div>')
    if big and ticket.norm is not None:
        parts.append(f'<div class="norm">{escape(i18n.plain_msg(ticket.norm))}</div>')
    parts.append(
        f'<div class="tile-foot"><span class="stage">{escape(ticket.stage_name)}</span>'
        f'<span class="who">{who}</span>{timer(i18n, ticket, now)}</div>'
    )
    parts.append("</div>")
    return "".join(parts)


def _section(i18n: Translator, key: str, css: str, tiles: Iterable[str], count: int) -> str:
    body = "".join(tiles) or f'<p class="empty">{_t(i18n, "board-none")}</p>'
    if count > SIDE_LIMIT and css != "emergencies":
        body += f'<p class="more">{_t(i18n, "board-more", count=count - SIDE_LIMIT)}</p>'
    return (
        f'<section class="{css}"><h2>{_t(i18n, key)} <span class="count">{count}</span></h2>'
        f'<div class="tiles">{body}</div></section>'
    )


def _options(values: Iterable[tuple[str, str]], selected: str, all_label: str) -> str:
    out = [f'<option value="">{all_label}</option>']
    for value, label in values:
        mark = " selected" if value == selected else ""
        out.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return "".join(out)


def _filters(i18n: Translator, board: Board, filters: BoardFilters) -> str:
    all_label = _t(i18n, "board-filter-all")
    executor = "" if filters.executor_id is None else str(filters.executor_id)
    categories = sorted({*board.categories, *([filters.category] if filters.category else [])})
    houses = sorted({*board.houses, *([filters.house] if filters.house else [])})
    fields = [
        ("category", "board-filter-category", [(c, c) for c in categories], filters.category),
        ("house", "board-filter-house", [(h, h) for h in houses], filters.house),
        (
            "executor",
            "board-filter-executor",
            [(str(e.id), e.name) for e in board.executors],
            executor,
        ),
    ]
    out = ['<form class="filters" method="get" id="filters">']
    for name, label, values, selected in fields:
        out.append(
            f'<label>{_t(i18n, label)} <select name="{name}">'
            f"{_options(values, selected, all_label)}</select></label>"
        )
    out.append(f'<button type="submit">{_t(i18n, "board-filter-apply")}</button>')
    if filters.active:
        out.append(f'<a class="reset" href="?">{_t(i18n, "board-filter-reset")}</a>')
    out.append("</form>")
    return "".join(out)


def fragment(
    i18n: Translator, board: Board, filters: BoardFilters, tz: ZoneInfo, *, read_only: bool
) -> str:
    """The part of the page the script replaces on every change."""
    now = board.now
    counts = board.counts
    updated = now.astimezone(tz).strftime("%H:%M:%S")
    stats = (
        '<div class="stats">'
        f'<span class="stat" id="open-total">'
        f"{_t(i18n, 'board-open-total', count=board.open_total)}</span>"
        f'<span class="stat">{_t(i18n, "board-today")}:</span>'
        f'<span class="stat" id="created"><b>{counts.created}</b> '
        f"{_t(i18n, 'board-today-created')}</span>"
        f'<span class="stat" id="closed"><b>{counts.closed}</b> '
        f"{_t(i18n, 'board-today-closed')}</span>"
        f'<span class="stat bad" id="overdue-today"><b>{counts.overdue}</b> '
        f"{_t(i18n, 'board-today-overdue')}</span>"
        f'<span class="stat updated">{_t(i18n, "board-updated", at=updated)}</span>'
        "</div>"
    )
    emergencies = _section(
        i18n,
        "board-emergencies",
        "emergencies",
        (_tile(i18n, t, now, big=True) for t in board.emergencies),
        len(board.emergencies),
    )
    stages = "".join(
        f'<section class="stage-col" data-stage="{escape(stage.key)}"><h3>{escape(stage.name)} '
        f'<span class="count">{len(stage.tickets)}</span></h3><div class="tiles">'
        + "".join(_tile(i18n, t, now) for t in stage.tickets)
        + "</div></section>"
        for stage in board.stages
    )
    side = [
        _section(
            i18n,
            "board-unassigned",
            "unassigned",
            (_tile(i18n, t, now) for t in board.unassigned[:SIDE_LIMIT]),
            len(board.unassigned),
        ),
        _section(
            i18n,
            "board-overdue",
            "overdue-list",
            (_tile(i18n, t, now) for t in board.overdue[:SIDE_LIMIT]),
            len(board.overdue),
        ),
    ]
    executors = "".join(
        f'<li class="{"on" if e.available else "off"}"><span class="name">{escape(e.name)}</span>'
        f'<span class="load">{_t(i18n, "board-load", count=e.load)}</span>'
        f'<span class="shift">{_t(i18n, "board-shift-on" if e.available else "board-shift-off")}'
        "</span></li>"
        for e in board.executors
    )
    side.append(
        f'<section class="executors"><h2>{_t(i18n, "board-executors")}</h2>'
        f"<ul>{executors or '<li>' + _t(i18n, 'board-none') + '</li>'}</ul></section>"
    )
    flag = f'<span class="ro">{_t(i18n, "board-read-only")}</span>' if read_only else ""
    return (
        f'<div class="board-data" data-now="{int(now.timestamp())}">'
        f'<div class="top">{stats}{flag}{_filters(i18n, board, filters)}</div>'
        f'<div class="layout"><main>{emergencies}'
        f'<h2 class="stages-title">{_t(i18n, "board-stages")}</h2>'
        f'<div class="stages">{stages}</div></main>'
        f"<aside>{''.join(side)}</aside></div></div>"
    )


def page(
    i18n: Translator,
    *,
    mode: str,
    body: str,
    tz: ZoneInfo,
    base: str = "/board",
) -> str:
    """The whole document: ``mode`` is "app" (Mini App) or "screen" (a wall-screen link)."""
    texts = {
        "left": i18n.plain("board-left"),
        "overdue": i18n.plain("board-overdue-by"),
        "live": i18n.plain("board-live"),
        "offline": i18n.plain("board-offline"),
        "outside": i18n.plain("board-open-in-telegram"),
        "error": i18n.plain("board-error"),
        "denied": i18n.plain("board-denied"),
        "unauthorized": i18n.plain("board-unauthorized"),
        "loading": i18n.plain("board-loading"),
    }
    data = " ".join(f'data-t-{key}="{escape(value)}"' for key, value in texts.items())
    return (
        "<!doctype html>"
        f'<html lang="{escape(i18n.locale)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_t(i18n, 'board-title')}</title>"
        f'<link rel="stylesheet" href="{base}/static/board.css?v={ASSET_VERSION}">'
        f'<script src="{base}/static/board.js?v={ASSET_VERSION}" defer></script>'
        f'</head><body class="mode-{escape(mode)}" data-mode="{escape(mode)}" '
        f'data-tz="{escape(tz.key)}" {data}>'
        f"<header><h1>{_t(i18n, 'board-title')}</h1>"
        '<span id="clock"></span><span id="live" class="live"></span></header>'
        f'<div id="board">{body}</div><div id="card" hidden></div></body></html>'
    )


def filter_query(filters: BoardFilters) -> str:
    query = {
        "category": filters.category,
        "house": filters.house,
        "executor": "" if filters.executor_id is None else str(filters.executor_id),
    }
    return urlencode({k: v for k, v in query.items() if v})
