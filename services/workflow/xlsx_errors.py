"""Which spreadsheet column a workflow validation error points at."""

from __future__ import annotations

from collections.abc import Mapping

from services.messages import Msg
from services.workflow.stages import StageDefinition

_COLUMN_OF_ERROR: Mapping[str, str | None] = {
    "wf-error-duplicate-key": "key",
    "wf-error-terminal-has-next": "next_stages",
    "wf-error-skip-rule-on-required": "skip_for_categories",
    "wf-error-duplicate-target": "next_stages",
    "wf-error-self-transition": "next_stages",
    "wf-error-reopen-on-non-terminal": "reopen_to",
    "wf-error-reopen-to-terminal": "reopen_to",
    "wf-error-initial-terminal": "outcome",
    "wf-error-no-terminal": "outcome",
    "wf-error-dead-end": "next_stages",
    "wf-error-unreachable": None,
    "wf-error-unknown-initial": None,
    "wf-error-no-stages": None,
}


def column_of_error(msg: Msg, stages: Mapping[str, StageDefinition]) -> str | None:
    """The column id to highlight for ``msg``, or ``None`` for the file as a whole."""
    if msg.key == "wf-error-unknown-target":
        stage = stages.get(str(msg.args.get("stage")))
        in_next = stage is not None and msg.args.get("target") in stage.next_stages
        return "next_stages" if in_next else "reopen_to"
    return _COLUMN_OF_ERROR.get(msg.key)
