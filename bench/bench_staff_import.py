"""Benchmark of the executor import (issue 3): preview of 10,000 messy rows, zip bomb refusal.

    .venv/bin/python bench/bench_staff_import.py

Generates its inputs into bench/out/ (cached), then measures each case in a fresh child
process, so that the peak RSS (VmHWM) of one case does not hide the next:

* time of ``read_staff_workbook`` + ``plan_import`` (without tracemalloc, which slows Python);
* peak RSS growth: VmHWM after the call minus VmRSS before it (the peak is reset through
  /proc/self/clear_refs when the kernel allows it, otherwise the child's start-up peak stays
  in and the figure is an upper bound);
* peak traced Python allocations (tracemalloc), in a second run.

Targets: preview < 5 s and < 100 MB growth; bomb refused < 2 s and < 100 MB growth.
"""

from __future__ import annotations

import gc
import io
import json
import random
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.staff_import import (  # noqa: E402 - after the path set-up for direct runs
    ExistingPerson,
    plan_import,
    read_staff_workbook,
)

OUT = ROOT / "bench" / "out"
ROWS = 10_000
EXISTING = 5_000
BOMB_INFLATED = 1536 * 1024 * 1024
MB = 1024 * 1024

LAST = [
    "Иванов",
    "Петров",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Соколов",
    "Лебедев",
    "Козлов",
    "Новиков",
    "Морозов",
    "Семёнов",
    "Фёдоров",
    "Павлов",
    "Степанов",
    "Михайлов",
    "Орлов",
    "Волков",
    "Зайцев",
    "Соловьёв",
    "Борисов",
]
FIRST = [
    "Иван",
    "Пётр",
    "Андрей",
    "Николай",
    "Михаил",
    "Артём",
    "Сергей",
    "Алексей",
    "Владимир",
    "Дмитрий",
    "Олег",
    "Юрий",
    "Роман",
    "Денис",
    "Егор",
]
PATRONYMIC = [
    "Иванович",
    "Петрович",
    "Сергеевич",
    "Алексеевич",
    "Дмитриевич",
    "Андреевич",
    "Николаевич",
    "Михайлович",
    None,
]
POSITION = [
    "Инженер",
    "Ведущий инженер",
    "Электрик",
    "Сантехник",
    "Слесарь-ремонтник",
    "Техник",
    "Мастер участка",
    "Диспетчер",
    "Инженер-программист",
    "Электромонтёр",
]


def messy_rows(count: int, rng: random.Random) -> list[list[object] | None]:
    rows: list[list[object] | None] = [
        ["Список исполнителей ООО УК «ИНФОТЕЛЛ»"],
        ["Выгружено из кадровой базы"],
        None,
        [
            "№ п/п",
            " Фамилия ",
            "Имя",
            "Отчество",
            "Подразделение",
            "Должность",
            "Моб. телефон",
            "Ник в Telegram",
            "Примечание",
        ],
    ]
    seen: set[tuple[object, ...]] = set()
    number = 0
    while number < count:
        person = (
            rng.choice(LAST),
            rng.choice(FIRST),
            rng.choice(PATRONYMIC),
            rng.choice(POSITION),
            rng.randrange(1, 40),
        )
        if person in seen:
            continue
        seen.add(person)
        number += 1
        last, first, patronymic, position, unit = person
        phone: object = float(79210000000 + number) if number % 3 else f"8 (921) {number:07d}"
        if number % 101 == 0:
            last = last + "1"  # an error row: digits in the surname
        rows.append(
            [
                float(number),
                f" {last}\u00a0",
                first,
                patronymic,
                f"ЖЭС-{unit}",
                f"{position} {unit}",
                phone,
                f"@user_{number:05d}" if number % 4 == 0 else None,
                "в отпуске" if number % 50 == 0 else None,
            ]
        )
        if number % 97 == 0:
            rows.append(None)
    return rows


def write_workbook(rows: list[list[object] | None]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Исполнители")
    for values in rows:
        sheet.append(values or [])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def existing_people() -> list[ExistingPerson]:
    """4/5 of the file's first people (every fifth with another phone) plus 1,000 others.

    Built from the generator, not by reading the file, so that the measured read is the
    first one in the child process.
    """
    rows = [r for r in messy_rows(ROWS, random.Random(42))[4:] if r is not None]
    people: list[ExistingPerson] = []
    for i, values in enumerate(rows[: EXISTING * 4 // 5], start=1):
        _, last, first, patronymic, _, position, phone, username, _ = values
        number = int(phone) if isinstance(phone, float) else 79210000000 + i
        people.append(
            ExistingPerson(
                i,
                str(last).strip(),
                str(first),
                patronymic,
                str(position),
                f"+{number}" if i % 5 else "+79990000000",
                str(username)[1:] if username else None,
            )
        )
    for i in range(len(people) + 1, EXISTING + 1):
        people.append(ExistingPerson(i, "Уволенный", "Сотрудник", None, f"Должность {i}"))
    return people


def build_bomb(path: Path) -> None:
    chunk = bytes(16 * MB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        member = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        member.compress_type = zipfile.ZIP_DEFLATED
        member._compresslevel = 4  # deflate's ~1000:1 on zeros at a third of level 9's time
        with archive.open(member, "w", force_zip64=True) as stream:
            for _ in range(BOMB_INFLATED // len(chunk)):
                stream.write(chunk)


def prepare() -> tuple[Path, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    staff = OUT / f"staff_{ROWS}.xlsx"
    bomb = OUT / f"bomb_{BOMB_INFLATED // MB}m.xlsx"
    if not staff.exists():
        staff.write_bytes(write_workbook(messy_rows(ROWS, random.Random(42))))
    if not bomb.exists():
        build_bomb(bomb)
    return staff, bomb


# ---------------------------------------------------------------- child process


def proc_status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measure(action: Callable[[], object]) -> dict[str, object]:
    gc.collect()
    reset = reset_peak_rss()
    rss_before = proc_status_kb("VmRSS")
    started = time.perf_counter()
    outcome = action()
    elapsed = time.perf_counter() - started
    rss_growth = proc_status_kb("VmHWM") - rss_before

    gc.collect()
    tracemalloc.start()
    action()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": round(elapsed, 3),
        "rss_growth_mb": round(rss_growth / 1024, 1),
        "traced_peak_mb": round(traced_peak / MB, 1),
        "peak_reset": reset,
        "outcome": outcome,
    }


def child(case: str, path: Path) -> None:
    data = path.read_bytes()
    if case == "preview":
        existing = existing_people()

        def action() -> object:
            result = read_staff_workbook(data, filename=path.name)
            plan = plan_import(result.rows, existing, errors=result.errors)
            return {
                "valid_rows": len(result.rows),
                "create": len(plan.to_create),
                "update": len(plan.to_update),
                "unchanged": len(plan.unchanged),
                "errors": len(plan.errors),
                "missing": len(plan.missing),
            }
    else:

        def action() -> object:
            result = read_staff_workbook(data, filename=path.name)
            return result.file_error.key if result.file_error else "NOT REFUSED"

    print(json.dumps(measure(action)))


# ---------------------------------------------------------------- parent


def run_case(case: str, path: Path) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", case, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], Path(sys.argv[3]))
        return
    staff, bomb = prepare()
    inflated = sum(i.file_size for i in zipfile.ZipFile(bomb).infolist())
    print(
        f"staff workbook: {ROWS} rows, {staff.stat().st_size / MB:.2f} MB; "
        f"{EXISTING} existing people"
    )
    print(f"zip bomb: {bomb.stat().st_size / MB:.2f} MB inflating to {inflated / MB:,.0f} MB")
    targets = {"preview": (5.0, 100.0), "bomb": (2.0, 100.0)}
    for case, path in (("preview", staff), ("bomb", bomb)):
        figures = run_case(case, path)
        max_seconds, max_mb = targets[case]
        ok = figures["seconds"] < max_seconds and figures["rss_growth_mb"] < max_mb
        print(
            f"{case:8} {figures['seconds']:7.3f} s  RSS peak growth {figures['rss_growth_mb']:6.1f}"
            f" MB  tracemalloc peak {figures['traced_peak_mb']:6.1f} MB"
            f"  (peak reset: {figures['peak_reset']})  -> {figures['outcome']}"
            f"  [{'OK' if ok else 'OVER TARGET'}: < {max_seconds} s, < {max_mb} MB]"
        )


if __name__ == "__main__":
    main()
