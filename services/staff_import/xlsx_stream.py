"""A lean streaming reader of .xlsx cell values, for uploads.

Why not openpyxl (our usual choice, still used for the error workbook and exports): its
read-only mode builds a cell object per cell. Measured on this 2-core machine while the
other test suites ran (``bench/bench_staff_import.py``, 10,000 messy rows against 5,000
records, read + validate + plan; runs alternated, same load), 2026-11-27:

* openpyxl ``read_only=True, data_only=True``, ``ws.reset_dimensions()`` first (so it never
  scans the sheet twice), rows via ``ws.iter_rows(values_only=True)``: 2.9, 4.0, 4.2, 4.6,
  5.2 s; reading alone (no validation) 1.8-3.2 s;
* this reader: 1.8, 2.2, 2.4, 2.6 s; reading alone 0.9 s.

openpyxl is not *well* under the 5 s target on a loaded machine (one run over it), so this
reader stays. Peak memory was the same (about 6 MB RSS growth) either way.

Here expat calls back per element and only values are kept (formulas give their cached
value, like ``data_only=True``). Any DTD is refused: an .xlsx never has one, and that is
where entity bombs live. Member sizes were bounded by the zip guard before anything is read.

Text is bounded while it is read, before it is joined: a cell may hold 32,767 characters
(Excel's own limit), the shared strings 300,000 entries and 4,000,000 characters in all (a
10,000-row staff list has under 70,000 entries and 1,000,000 characters). A crafted 4.6 MB
file with 1.4 million short shared strings cost 100+ MB and seconds of CPU; it is now
refused at the first bound it crosses (``bench/bench_xlsx_guard.py``).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, NoReturn
from xml.parsers import expat

from services.xlsx_guard import Refusal, UploadRefusedError

CHUNK = 64 * 1024
MAX_CELL_TEXT = 32_767
MAX_SHARED_STRINGS = 300_000
MAX_SHARED_TEXT = 4_000_000
_REL_TYPE_SHEET = "/worksheet"
_REL_TYPE_STRINGS = "/sharedStrings"
Values = tuple[object, ...]


class UnsafeXmlError(Exception):
    """The XML declares a DTD or entities."""


@dataclass(frozen=True, slots=True)
class SheetRef:
    name: str
    path: str  # member name inside the archive


def list_sheets(archive: zipfile.ZipFile) -> list[SheetRef]:
    """Worksheets in workbook order (chart sheets left out)."""
    rels = _relationships(archive, "xl/_rels/workbook.xml.rels", base="xl")
    sheets: list[SheetRef] = []
    for name, attrs in _elements(archive, "xl/workbook.xml"):
        if name == "sheet":
            target = rels.get(_attr(attrs, "id") or "")
            if target is not None and target[0].endswith(_REL_TYPE_SHEET):
                sheets.append(SheetRef(_attr(attrs, "name") or "", target[1]))
    return sheets


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    rels = _relationships(archive, "xl/_rels/workbook.xml.rels", base="xl")
    paths = [path for kind, path in rels.values() if kind.endswith(_REL_TYPE_STRINGS)]
    path = paths[0] if paths else "xl/sharedStrings.xml"
    if path not in archive.namelist():
        return []
    strings: list[str] = []
    texts: list[str] = []
    depth = {"t": 0, "rPh": 0}
    size = {"string": 0, "total": 0}

    def start(name: str, _attrs: dict[str, str]) -> None:
        if name in depth:
            depth[name] += 1
        elif name == "si":
            texts.clear()
            size["string"] = 0

    def end(name: str) -> None:
        if name in depth:
            depth[name] -= 1
        elif name == "si":
            strings.append("".join(texts))
            if len(strings) > MAX_SHARED_STRINGS:
                raise UploadRefusedError(Refusal.TOO_MUCH_TEXT, limit=MAX_SHARED_TEXT)

    def chars(data: str) -> None:
        if depth["t"] and not depth["rPh"]:  # rPh: phonetic hints of East Asian text
            size["string"] += len(data)
            size["total"] += len(data)
            if size["string"] > MAX_CELL_TEXT:
                raise UploadRefusedError(Refusal.LONG_TEXT, limit=MAX_CELL_TEXT)
            if size["total"] > MAX_SHARED_TEXT:
                raise UploadRefusedError(Refusal.TOO_MUCH_TEXT, limit=MAX_SHARED_TEXT)
            texts.append(data)

    with archive.open(path) as stream:
        for _ in _parse(stream, start, end, chars):
            pass
    return strings


def iter_rows(
    archive: zipfile.ZipFile, path: str, strings: list[str], *, max_col: int
) -> Iterator[tuple[int, Values]]:
    """(Excel row number, values of columns 0..max_col-1 trimmed of trailing blanks)."""
    rows: list[tuple[int, Values]] = []
    row: dict[int, object] = {}
    cell: dict[str, object] = {"column": 0, "type": None, "in_value": 0}
    texts: list[str] = []
    position = {"row": 0, "column": -1, "length": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "c":
            ref = attrs.get("r")
            position["column"] = _column(ref) if ref else position["column"] + 1
            cell["type"] = attrs.get("t")
            texts.clear()
            position["length"] = 0
        elif name in ("v", "t"):
            cell["in_value"] = 1
        elif name == "row":
            number = attrs.get("r")
            position["row"] = int(number) if number else position["row"] + 1
            position["column"] = -1
            row.clear()

    def end(name: str) -> None:
        if name == "c":
            if position["column"] < max_col and texts:
                row[position["column"]] = _value(cell["type"], "".join(texts), strings)
        elif name in ("v", "t"):
            cell["in_value"] = 0
        elif name == "row" and row:
            width = max(row) + 1
            rows.append((position["row"], tuple(row.get(i) for i in range(width))))

    def chars(data: str) -> None:
        if cell["in_value"]:
            position["length"] += len(data)
            if position["length"] > MAX_CELL_TEXT:
                raise UploadRefusedError(Refusal.LONG_TEXT, limit=MAX_CELL_TEXT)
            texts.append(data)

    with archive.open(path) as stream:
        for _ in _parse(stream, start, end, chars):
            yield from rows
            rows.clear()
    yield from rows


def _value(kind: object, text: str, strings: list[str]) -> object:
    if kind == "s":
        index = int(text)
        return strings[index] if 0 <= index < len(strings) else None
    if kind in ("inlineStr", "str", "d"):
        return text
    if kind == "b":
        return text.strip() == "1"
    if kind == "e":
        return None  # #N/A, #REF! and the like
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _column(ref: str) -> int:
    index = 0
    for char in ref:
        if not char.isalpha():
            break
        index = index * 26 + (ord(char.upper()) - 64)
    return index - 1


def _relationships(archive: zipfile.ZipFile, path: str, *, base: str) -> dict[str, tuple[str, str]]:
    """Id -> (type, member path)."""
    if path not in archive.namelist():
        return {}
    rels: dict[str, tuple[str, str]] = {}
    for name, attrs in _elements(archive, path):
        if name == "Relationship" and "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            member = target.lstrip("/") if target.startswith("/") else f"{base}/{target}"
            rels[attrs["Id"]] = (attrs.get("Type", ""), posixpath.normpath(member))
    return rels


def _elements(archive: zipfile.ZipFile, path: str) -> list[tuple[str, dict[str, str]]]:
    found: list[tuple[str, dict[str, str]]] = []
    with archive.open(path) as stream:
        for _ in _parse(stream, lambda n, a: found.append((n, a)), None, None):
            pass
    return found


def _attr(attrs: dict[str, str], local: str) -> str | None:
    for key, value in attrs.items():
        if key == local or key.endswith("}" + local):
            return value
    return None


def _parse(
    stream: IO[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None,
    chars: Callable[[str], None] | None,
) -> Iterator[None]:
    """Feed ``stream`` to expat in chunks, yielding after each, with namespaces stripped."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def refuse(*_args: object) -> NoReturn:
        raise UnsafeXmlError

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
    if end is not None:
        parser.EndElementHandler = lambda name: end(_local(name))
    if chars is not None:
        parser.CharacterDataHandler = chars
    while chunk := stream.read(CHUNK):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)
    yield


def _local(name: str) -> str:
    return name.rpartition("}")[2]
