"""Benchmark of the upload guard (``services/xlsx_guard``) and of the two .xlsx readers.

    .venv/bin/python bench/bench_xlsx_guard.py

Each case runs in a fresh child process (see ``bench_staff_import.measure``: time, peak RSS
growth, peak traced allocations). Cases:

* refusing bombs: a /stages file of 25 KB inflating to 21 MB, and a 1.5 GB staff-list bomb;
* a crafted 4.5 MB staff list with 1.2 million short shared strings (~37 MB unpacked),
  parsed by the streaming reader without its text bounds (as before them), with
  them, and by openpyxl's read-only reader;
* a real-looking 10,000-row staff list read by each reader (is openpyxl close enough to
  keep one reader only?);
* another person's latency while each file is parsed: the lateness of a 10 ms ticker on the
  event loop, with the parse in a thread without text bounds (as before) and in the worker
  process with them (now).
"""

from __future__ import annotations

import asyncio
import io
import json
import random
import statistics
import subprocess
import sys
import time
import zipfile
from functools import partial
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_staff_import import MB, OUT, measure, prepare  # noqa: E402

from services.staff_import import read_staff_workbook, xlsx_stream  # noqa: E402
from services.staff_import.workbook import staff_limits  # noqa: E402
from services.workflow import export_workflow_xlsx, load_default_workflow  # noqa: E402
from services.xlsx_guard import (  # noqa: E402
    SMALL_FILE,
    UploadRefusedError,
    check_upload,
    parse_upload,
)

CRAFTED_STRINGS = 1_200_000
STRING_LENGTH = 16
ONE_BIT_PER_BYTE = bytes(b"ab"[i % 2] for i in range(256))
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_REL = (
    b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
)
STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def crafted_staff_list() -> Path:
    """A valid staff list with 1.2 million short, barely compressible shared strings (ratio
    under the zip guard's 200): 4.5 MB, under the 5 MB upload limit, ~37 MB unpacked."""
    path = OUT / "crafted_shared_strings.xlsx"
    if path.exists():
        return path
    rng = random.Random(7)
    book = openpyxl.Workbook()
    book.active.append(["№ пп", "Фамилия", "Имя", "Отчество", "Должность"])
    book.active.append([1, "Иванов", "Иван", "Иванович", "Инженер"])
    buffer = io.BytesIO()
    book.save(buffer)
    text = rng.randbytes(CRAFTED_STRINGS * STRING_LENGTH).translate(ONE_BIT_PER_BYTE)
    items = b"".join(
        b"<si><t>" + text[i : i + STRING_LENGTH] + b"</t></si>"
        for i in range(0, len(text), STRING_LENGTH)
    )
    strings = f'<sst xmlns="{NS}" count="{CRAFTED_STRINGS}">'.encode() + items + b"</sst>"
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"</Relationships>", STRINGS_REL + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", STRINGS_TYPE + b"</Types>")
            target.writestr(info.filename, content)
        target.writestr("xl/sharedStrings.xml", strings)
    path.write_bytes(out.getvalue())
    return path


def stage_bomb() -> bytes:
    workbook = export_workflow_xlsx(load_default_workflow())
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                end = content.rindex(b"</worksheet>")
                content = content[:end] + b" " * (21 * MB) + content[end:]
            target.writestr(info.filename, content)
    return out.getvalue()


# ---------------------------------------------------------------- child process


def _refusal(data: bytes, limits: Any) -> str:
    try:
        check_upload(data, "file.xlsx", limits)
    except UploadRefusedError as refused:
        return refused.refusal.value
    return "NOT REFUSED"


def _openpyxl_rows(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = 0
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        count += sum(1 for _ in sheet.iter_rows(values_only=True))
    book.close()
    return f"{count} rows"


def _stream(data: bytes) -> str:
    result = read_staff_workbook(data, filename="staff.xlsx")
    if result.file_error is not None:
        return f"refused: {result.file_error.key}"
    return f"{len(result.rows)} valid rows"


def _unbounded(data: bytes) -> str:
    # The streaming reader as it was before its text bounds.
    xlsx_stream.MAX_CELL_TEXT = sys.maxsize
    xlsx_stream.MAX_SHARED_STRINGS = sys.maxsize
    xlsx_stream.MAX_SHARED_TEXT = sys.maxsize
    return _stream(data)


async def _ticker_lateness(parse: Any) -> dict[str, object]:
    """How late a 10 ms timer fires on the loop while ``parse`` runs."""
    lateness: list[float] = []
    done = asyncio.Event()

    async def tick() -> None:
        while not done.is_set():
            planned = time.perf_counter() + 0.01
            await asyncio.sleep(0.01)
            lateness.append(max(0.0, time.perf_counter() - planned))

    ticker = asyncio.create_task(tick())
    started = time.perf_counter()
    outcome = await parse()
    elapsed = time.perf_counter() - started
    done.set()
    await ticker
    ordered = sorted(lateness)
    return {
        "parse_seconds": round(elapsed, 3),
        "lateness_ms_p50": round(statistics.median(ordered) * 1000, 1),
        "lateness_ms_p95": round(ordered[int(len(ordered) * 0.95)] * 1000, 1),
        "lateness_ms_max": round(ordered[-1] * 1000, 1),
        "outcome": outcome,
    }


def child(case: str, path: Path) -> None:
    data = path.read_bytes()
    if case.startswith("latency-"):

        async def parse() -> str:
            if case == "latency-thread":  # as before: a thread, no text bounds
                xlsx_stream.MAX_SHARED_STRINGS = xlsx_stream.MAX_SHARED_TEXT = sys.maxsize
                result = await asyncio.to_thread(read_staff_workbook, data, filename="s.xlsx")
            else:
                job = partial(read_staff_workbook, filename="s.xlsx")
                result = await parse_upload(job, data, "s.xlsx", staff_limits(20 * MB))
            if result.file_error is not None:
                return f"refused: {result.file_error.key}"
            return f"{len(result.rows)} valid rows"

        if case == "latency-worker":  # the fork server's first start is not the parse
            asyncio.run(_warm_up())
        print(json.dumps(asyncio.run(_ticker_lateness(parse))))
        return
    actions = {
        "refuse-stage-bomb": lambda: _refusal(data, SMALL_FILE),
        "refuse-staff-bomb": lambda: _refusal(data, staff_limits(20 * MB)),
        "stream-unbounded": lambda: _unbounded(data),
        "stream": lambda: _stream(data),
        "openpyxl": lambda: _openpyxl_rows(data),
    }
    print(json.dumps(measure(actions[case])))


async def _warm_up() -> None:
    from services.xlsx_guard import WorkerLimits, run_in_worker

    await asyncio.to_thread(run_in_worker, len, b"", WorkerLimits(60, 64 * MB))


# ---------------------------------------------------------------- parent


def run_case(case: str, path: Path) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", case, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], Path(sys.argv[3]))
        return
    staff, big_bomb = prepare()
    crafted = crafted_staff_list()
    bomb = OUT / "stage_bomb_21m.xlsx"
    if not bomb.exists():
        bomb.write_bytes(stage_bomb())
    unpacked = sum(i.file_size for i in zipfile.ZipFile(crafted).infolist())
    print(
        f"crafted staff list: {crafted.stat().st_size / MB:.2f} MB, {unpacked / MB:.1f} MB "
        f"unpacked; stage bomb: {bomb.stat().st_size / 1024:.0f} KB; staff list: "
        f"{staff.stat().st_size / MB:.2f} MB"
    )
    cases = [
        ("refuse-stage-bomb", bomb),
        ("refuse-staff-bomb", big_bomb),
        ("stream-unbounded", crafted),
        ("stream", crafted),
        ("openpyxl", crafted),
        ("stream", staff),
        ("openpyxl", staff),
    ]
    for case, path in cases:
        print(f"{case:>18} on {path.name}: {run_case(case, path)}")
    for path in (staff, crafted):
        for case in ("latency-thread", "latency-worker"):
            print(f"{case:>18} on {path.name}: {run_case(case, path)}")


if __name__ == "__main__":
    main()
