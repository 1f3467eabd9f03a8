"""What an uploaded stage set changes, for the preview a manager confirms.

Fields are compared per spreadsheet column (``xlsx_columns.COLUMN_IDS``), so
the preview speaks of the same things the manager edited.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.messages import MessageArg, Msg
from services.workflow.model import Workflow
from services.workflow.xlsx_cells import CellValue
from services.workflow.xlsx_columns import COLUMN_IDS
from services.workflow.xlsx_export import stage_row

_CHANGE_KEYS = {
    "name": "wf-diff-changed-name",
    "order": "wf-diff-changed-order",
    "required": "wf-diff-changed-required",
    "next_stages": "wf-diff-changed-next-stages",
    "outcome": "wf-diff-changed-outcome",
    "needs_assignee": "wf-diff-changed-needs-assignee",
    "needs_report": "wf-diff-changed-needs-report",
    "needs_confirmation": "wf-diff-changed-needs-confirmation",
    "limit_minutes": "wf-diff-changed-limit-minutes",
    "limit_mode": "wf-diff-changed-limit-mode",
    "pauses_clock": "wf-diff-changed-pauses-clock",
    "reopen_to": "wf-diff-changed-reopen-to",
    "skip_for_categories": "wf-diff-changed-skip-for-categories",
}
# Enum-like columns keep a selector word for "empty" so the .ftl can translate it.
_NONE_WORD = {"outcome": "none", "limit_mode": "none"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One column of one stage; values as shown in the preview (bools: yes/no)."""

    column: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class StageChange:
    key: str
    name: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class WorkflowDiff:
    """Stages added, removed and changed (by key), and a changed initial stage.

    Before saving, the caller must check that no open ticket sits in a removed
    stage: its tickets would have nowhere to go.
    """

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[StageChange, ...]
    initial: tuple[str, str] | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.initial)


def diff_workflows(old: Workflow, new: Workflow) -> WorkflowDiff:
    """Compare two workflows; stages are matched by key, listed in display order."""
    added = tuple(s.key for s in new.ordered() if s.key not in old)
    removed = tuple(s.key for s in old.ordered() if s.key not in new)
    changed: list[StageChange] = []
    for stage in new.ordered():
        before = old.get(stage.key)
        if before is None:
            continue
        pairs = zip(COLUMN_IDS, stage_row(before), stage_row(stage), strict=True)
        fields = tuple(
            FieldChange(column, _shown(column, a), _shown(column, b))
            for column, a, b in pairs
            if a != b and column != "key"
        )
        if fields:
            changed.append(StageChange(stage.key, stage.name, fields))
    initial = (old.initial, new.initial) if old.initial != new.initial else None
    return WorkflowDiff(added, removed, tuple(changed), initial)


def diff_messages(diff: WorkflowDiff, old: Workflow, new: Workflow) -> list[Msg]:
    """The preview as lines: added, removed, then each changed field, then initial."""
    lines = [Msg("wf-diff-added", {"stage": k, "name": new.stage(k).name}) for k in diff.added]
    lines += [Msg("wf-diff-removed", {"stage": k, "name": old.stage(k).name}) for k in diff.removed]
    for stage in diff.changed:
        lines += [
            Msg(_CHANGE_KEYS[c.column], {"stage": stage.name, "old": c.old, "new": c.new})
            for c in stage.changes
        ]
    if diff.initial is not None:
        before, after = diff.initial
        names: dict[str, MessageArg] = {"old": old.stage(before).name, "new": new.stage(after).name}
        lines.append(Msg("wf-diff-initial", names))
    if not lines:
        lines.append(Msg("wf-diff-none"))
    return lines


def _shown(column: str, value: CellValue) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return _NONE_WORD.get(column, "—")
    return str(value)
