"""The audit log as an .xlsx file: every text through ``xlsx_cells`` (never a formula)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from services.xlsx_cells import table_workbook

_WIDTHS = (18, 36, 22, 30, 10, 14, 12)


def audit_workbook(
    sheet_title: str, titles: Sequence[str], rows: Iterable[Sequence[object]]
) -> bytes:
    return table_workbook(sheet_title, titles, rows, _WIDTHS)
