"""The upload guard: cheap checks refuse bombs before any parse; the parse runs in a worker
process that is stopped when too slow or too greedy; the staff reader bounds its text."""

from __future__ import annotations

import io
import random
import zipfile
from functools import partial
from pathlib import Path

import openpyxl
import pytest

from services.fields.xlsx_import import FieldSetFileError, FileIssue
from services.messages import Msg
from services.staff_import import read_staff_workbook
from services.workflow import export_workflow_xlsx, load_default_workflow
from services.xlsx_guard import (
    SMALL_FILE,
    Refusal,
    UploadLimits,
    UploadRefusedError,
    WorkerLimits,
    check_upload,
    parse_upload,
    run_in_worker,
)
from tests.services import upload_jobs
from tests.upload_helpers import bomb_of

MB = 1024 * 1024
HEADER = ["№ пп", "Фамилия", "Имя", "Отчество", "Должность"]
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ONE_BIT_PER_BYTE = bytes(b"ab"[i % 2] for i in range(256))


def _refusal(data: bytes, limits: UploadLimits = SMALL_FILE) -> Refusal:
    with pytest.raises(UploadRefusedError) as caught:
        check_upload(data, "file.xlsx", limits)
    return caught.value.refusal


def _noise(characters: int, seed: int = 1) -> str:
    """Hex text: compresses about 2x, so the zip guard's ratio check lets it through."""
    return random.Random(seed).randbytes(characters // 2 + 1).hex()[:characters]


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info))
    return out.getvalue()


def _staff_list_with_strings(*extra: str) -> bytes:
    """A valid staff list with a shared-strings part holding ``extra`` (unreferenced)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([1, "Иванов", "Иван", "Иванович", "Инженер"])
    buffer = io.BytesIO()
    book.save(buffer)
    items = "".join(f"<si><t>{text}</t></si>" for text in extra)
    strings = f'<sst xmlns="{MAIN_NS}" count="{len(extra)}">{items}</sst>'.encode()
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", strings)
    return buffer.getvalue()


def test_a_stage_file_bomb_is_refused_by_ratio_and_by_unpacked_size() -> None:
    workbook = export_workflow_xlsx(load_default_workflow())
    assert _refusal(bomb_of(workbook)) is Refusal.BOMB  # 21 MB of spaces in ~25 KB
    # Barely compressible, so the ratio is fine, but 9 MB unpacked is over the 8 MB limit.
    sheet = zipfile.ZipFile(io.BytesIO(workbook)).read("xl/worksheets/sheet1.xml")
    end = sheet.rindex(b"</worksheet>")
    coin_flips = (
        random.Random(2).randbytes(9 * MB).translate(bytes(b"ab"[i % 2] for i in range(256)))
    )
    padded = sheet[:end] + b"<!--" + coin_flips + b"-->" + sheet[end:]
    assert len(_with_member(workbook, "xl/worksheets/sheet1.xml", padded)) < SMALL_FILE.max_bytes
    assert _refusal(_with_member(workbook, "xl/worksheets/sheet1.xml", padded)) is Refusal.BOMB
    check_upload(workbook, "stages.xlsx", SMALL_FILE)  # the real file passes


def test_the_refusal_reads_as_a_clear_russian_message() -> None:
    from bot.i18n import get_translator

    with pytest.raises(UploadRefusedError) as caught:
        check_upload(bomb_of(export_workflow_xlsx(load_default_workflow())), "s.xlsx", SMALL_FILE)
    text = get_translator("ru").msg(caught.value.msg())
    assert text.startswith("Файл подозрительно сильно сжат")
    assert "ничего не изменено" in text


async def test_a_bomb_never_reaches_the_worker(tmp_path: Path) -> None:
    marker = tmp_path / "parsed"
    bomb = bomb_of(export_workflow_xlsx(load_default_workflow()))
    with pytest.raises(UploadRefusedError):
        await parse_upload(
            partial(upload_jobs.marking, marker=str(marker)), bomb, "s.xlsx", SMALL_FILE
        )
    assert not marker.exists()


def test_the_worker_returns_the_result_and_raises_what_the_job_raised() -> None:
    limits = WorkerLimits(seconds=30, memory=256 * MB)
    assert run_in_worker(upload_jobs.size, b"12345", limits) == 5
    with pytest.raises(FieldSetFileError) as caught:
        run_in_worker(upload_jobs.refusing, b"", limits)
    assert caught.value.issues == [FileIssue(3, "B", Msg("field-file-error-yes-no"))]


def test_a_slow_parse_is_stopped() -> None:
    with pytest.raises(UploadRefusedError) as caught:
        run_in_worker(upload_jobs.sleepy, b"", WorkerLimits(seconds=1, memory=256 * MB))
    assert caught.value.msg() == Msg("upload-error-too-slow", {"seconds": 1})


def test_a_greedy_parse_is_stopped_by_its_memory_limit() -> None:
    with pytest.raises(UploadRefusedError) as caught:
        run_in_worker(upload_jobs.greedy, b"", WorkerLimits(seconds=30, memory=128 * MB))
    assert caught.value.refusal is Refusal.TOO_MUCH_MEMORY


def test_staff_list_with_a_cell_longer_than_excel_allows_is_refused() -> None:
    data = _staff_list_with_strings(_noise(40_000))
    result = read_staff_workbook(data, filename="staff.xlsx")
    assert result.file_error == Msg("upload-error-long-text", {"limit": 32_767})
    fine = read_staff_workbook(_staff_list_with_strings(_noise(30_000)), filename="staff.xlsx")
    assert fine.file_error is None
    assert [row.last_name for row in fine.rows] == ["Иванов"]


def test_staff_list_with_huge_shared_strings_is_refused_before_they_are_held() -> None:
    # ~4.2 million characters in 30,000-character strings: a ~2.5 MB file.
    data = _staff_list_with_strings(*(_noise(30_000, seed) for seed in range(140)))
    assert len(data) < 5 * MB
    result = read_staff_workbook(data, filename="staff.xlsx")
    assert result.file_error == Msg("upload-error-too-much-text", {"limit": 4_000_000})
