"""Upload test helpers: zip-bomb workbooks, and a parse that waits for the test (it runs in
the upload worker process, so this module stays light to import)."""

from __future__ import annotations

import importlib
import io
import time
import zipfile
from pathlib import Path
from typing import Any

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"


def bomb_of(workbook: bytes, inflated: int = 21 * MB) -> bytes:
    """The valid ``workbook`` with its sheet XML padded by a long run of spaces (valid XML),
    deflated: tens of KB that unpack to ``inflated`` bytes."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == SHEET:
                end = content.rindex(b"</worksheet>")
                padding = b" " * (inflated - len(content))
                content = content[:end] + padding + content[end:]
            target.writestr(info.filename, content)
    return out.getvalue()


def gated(data: bytes, *, gate: str, job: str, **kwargs: Any) -> Any:
    """Says it started, waits for the test to let it go (at most 20 s), then does the real
    parse. ``job`` is "module:function": the test replaced that attribute in its own process,
    so the real function travels by name and is looked up in the worker."""
    Path(gate, "started").touch()
    deadline = time.monotonic() + 20
    while not Path(gate, "release").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    module, _, name = job.partition(":")
    return getattr(importlib.import_module(module), name)(data, **kwargs)
