"""Stage-set spreadsheet: export, import back, and precise errors."""

from io import BytesIO

from openpyxl import Workbook, load_workbook

from services.messages import Msg
from services.workflow import (
    ImportProblem,
    LimitMode,
    Outcome,
    TimeLimit,
    export_workflow_xlsx,
    import_workflow_xlsx,
    load_default_workflow,
    workflow_from_config,
    workflow_to_config,
)
from services.workflow.xlsx_columns import COLUMN_IDS, DEFAULT_HEADERS

WF = load_default_workflow()
HEADER = [DEFAULT_HEADERS[c] for c in COLUMN_IDS]


def xlsx(*rows: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_round_trip_gives_the_same_workflow():
    result = import_workflow_xlsx(export_workflow_xlsx(WF))

    assert result.problems == ()
    assert result.workflow == WF


def test_export_layout():
    sheet = load_workbook(BytesIO(export_workflow_xlsx(WF))).active

    assert sheet.title == "Этапы"
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == HEADER
    assert [c.value for c in sheet[5]] == [
        "awaiting_confirmation",
        "Ожидает подтверждения",
        40,
        True,
        "closed; in_progress",
        None,
        True,
        True,
        True,
        1440,
        "calendar",
        False,
        None,
        None,
    ]
    assert sheet.max_row == 8


def test_custom_headers_round_trip():
    headers = {"key": "Stage key", "name": "Stage name", "limit_minutes": "Limit (min)"}
    data = export_workflow_xlsx(WF, headers=headers)
    sheet = load_workbook(BytesIO(data)).active

    assert [c.value for c in sheet[1]][:3] == ["Stage key", "Stage name", "Порядок"]
    assert import_workflow_xlsx(data, headers=headers).workflow == WF


def test_names_starting_with_equals_stay_text():
    stages = workflow_to_config(WF)["stages"]
    stages[0]["name"] = "=HYPERLINK(1)"
    risky = workflow_from_config(stages)
    data = export_workflow_xlsx(risky)

    cell = load_workbook(BytesIO(data)).active["B2"]
    assert cell.value == "=HYPERLINK(1)"
    assert cell.data_type == "s"
    assert import_workflow_xlsx(data).workflow == risky


def test_hand_made_file_with_titles_words_and_floats():
    data = xlsx(
        ["Схема этапов отдела эксплуатации"],
        [],
        ["Название", " код ", "Следующие этапы", "Итог", "Лимит, мин", "Режим лимита", "Лишнее"],
        ["  Новая ", "NEW", "work, drop", None, 60.0, "рабочее", "x"],
        [],
        ["В работе", "work", "done;drop", None, "480", None, None],
        ["Готово", "done", None, "выполнена", None, None, None],
        ["Отказ", "drop", None, "Отклонена", None, None, None],
    )

    result = import_workflow_xlsx(data)

    assert result.problems == ()
    wf = result.workflow
    assert wf is not None
    assert wf.initial == "new"
    assert [s.key for s in wf.ordered()] == ["new", "work", "done", "drop"]
    assert [s.order for s in wf.ordered()] == [40, 60, 70, 80]
    assert wf.stage("new").name == "Новая"
    assert wf.stage("new").next_stages == ("work", "drop")
    assert wf.stage("new").time_limit == TimeLimit(minutes=60, mode=LimitMode.WORKING)
    assert wf.stage("work").time_limit == TimeLimit(minutes=480, mode=LimitMode.WORKING)
    assert wf.stage("drop").outcome is Outcome.REJECTED


def test_cell_errors_name_row_column_and_value():
    data = xlsx(
        HEADER,
        ["new", "Новая", 10, "да", "work", None, "нет", None, None, "abc", None, None, None, None],
        ["Work!", None, 20, "может", None, "won", None, None, None, 0, "fast", None, None, None],
    )

    result = import_workflow_xlsx(data)

    assert result.workflow is None
    assert result.problems == (
        ImportProblem(
            2,
            "limit_minutes",
            Msg(
                "wf-import-bad-number",
                {"row": 2, "column": "Лимит, мин", "value": "abc", "minimum": 1},
            ),
        ),
        ImportProblem(
            3, "key", Msg("wf-import-bad-key", {"row": 3, "column": "Код", "value": "Work!"})
        ),
        ImportProblem(
            3,
            "required",
            Msg("wf-import-bad-bool", {"row": 3, "column": "Обязательный", "value": "может"}),
        ),
        ImportProblem(
            3,
            "outcome",
            Msg(
                "wf-import-bad-choice",
                {
                    "row": 3,
                    "column": "Итог",
                    "value": "won",
                    "allowed": "done, rejected, transferred",
                },
            ),
        ),
        ImportProblem(
            3,
            "limit_minutes",
            Msg(
                "wf-import-bad-number",
                {"row": 3, "column": "Лимит, мин", "value": "0", "minimum": 1},
            ),
        ),
        ImportProblem(
            3,
            "limit_mode",
            Msg(
                "wf-import-bad-choice",
                {
                    "row": 3,
                    "column": "Режим лимита",
                    "value": "fast",
                    "allowed": "calendar, working",
                },
            ),
        ),
        ImportProblem(3, "name", Msg("wf-import-required-value", {"row": 3, "column": "Название"})),
    )


def test_duplicate_key_and_mode_without_limit():
    data = xlsx(
        ["key", "name", "limit_mode"],
        ["a", "A", "calendar"],
        ["a", "Again", None],
    )

    assert import_workflow_xlsx(data).problems == (
        ImportProblem(
            2,
            "limit_mode",
            Msg("wf-import-mode-without-limit", {"row": 2, "column": "Режим лимита"}),
        ),
        ImportProblem(
            3,
            "key",
            Msg("wf-import-duplicate-key", {"row": 3, "column": "Код", "key": "a", "first": 2}),
        ),
    )


def test_workflow_errors_point_at_the_stage_row_and_column():
    data = xlsx(
        ["key", "name", "next_stages", "outcome", "reopen_to"],
        ["new", "New", "work; ghost", None, None],
        ["work", "Work", "closed", None, None],
        ["closed", "Closed", "work", "done", None],
        ["limbo", "Limbo", "closed", None, "new"],
    )

    assert import_workflow_xlsx(data).problems == (
        ImportProblem(
            2, "next_stages", Msg("wf-error-unknown-target", {"stage": "new", "target": "ghost"})
        ),
        ImportProblem(4, "next_stages", Msg("wf-error-terminal-has-next", {"stage": "closed"})),
        ImportProblem(5, "reopen_to", Msg("wf-error-reopen-on-non-terminal", {"stage": "limbo"})),
        ImportProblem(5, None, Msg("wf-error-unreachable", {"stage": "limbo"})),
    )


def test_file_level_problems():
    assert import_workflow_xlsx(b"not a zip").problems == (
        ImportProblem(None, None, Msg("wf-import-not-xlsx")),
    )
    assert import_workflow_xlsx(xlsx(["Этапы"], ["a", "b"])).problems == (
        ImportProblem(None, None, Msg("wf-import-no-header", {"column": "Код"})),
    )
    assert import_workflow_xlsx(xlsx(["Код", "Порядок"], ["a", 1])).problems == (
        ImportProblem(1, "name", Msg("wf-import-missing-column", {"column": "Название"})),
    )
    assert import_workflow_xlsx(xlsx(HEADER, [], [None, " "])).problems == (
        ImportProblem(None, None, Msg("wf-import-empty")),
    )


def test_initial_stage_can_be_kept_by_the_caller():
    data = xlsx(
        ["key", "name", "order", "next_stages", "outcome"],
        ["triage", "Triage", 5, "new", None],
        ["new", "New", 10, "done", None],
        ["done", "Done", 20, None, "done"],
    )

    assert import_workflow_xlsx(data).workflow.initial == "triage"
    kept = import_workflow_xlsx(data, initial="new")
    assert kept.problems == (
        ImportProblem(2, None, Msg("wf-error-unreachable", {"stage": "triage"})),
    )
