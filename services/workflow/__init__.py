"""Ticket workflow: stages as data, transition rules, assignment strategies.

Telegram-free and database-free: handlers and scheduler jobs read tickets and
people from the database into the plain types here and act on the answers.
User-facing wording is returned as ``Msg`` ids of ``bot/locales/*/workflow.ftl``.
"""

from services.workflow.actions import Action, available_actions
from services.workflow.assignment import (
    AUTOMATIC_MODES,
    AssignmentMode,
    AssignmentPolicy,
    Candidate,
    choose_executor,
    eligible_candidates,
    manual_candidates,
    nobody_fits_message,
    pool_candidates,
)
from services.workflow.diff import (
    FieldChange,
    StageChange,
    WorkflowDiff,
    diff_messages,
    diff_workflows,
)
from services.workflow.loading import (
    load_default_workflow,
    workflow_from_config,
    workflow_from_toml,
    workflow_to_config,
)
from services.workflow.model import Workflow, WorkflowError
from services.workflow.stages import LimitMode, Outcome, StageDefinition, TimeLimit
from services.workflow.state import (
    MANAGER_ROLE,
    SYSTEM_ROLE,
    ActionKind,
    Actor,
    Allowed,
    Denied,
    TicketState,
    TransitionCheck,
    TransitionRules,
)
from services.workflow.transitions import DEFAULT_RULES, check_transition
from services.workflow.validation import workflow_errors
from services.workflow.xlsx_export import export_workflow_xlsx
from services.workflow.xlsx_import import (
    ImportProblem,
    WorkflowImport,
    import_workflow_xlsx,
    read_workflow_upload,
)

__all__ = [
    "AUTOMATIC_MODES",
    "DEFAULT_RULES",
    "MANAGER_ROLE",
    "SYSTEM_ROLE",
    "Action",
    "ActionKind",
    "Actor",
    "Allowed",
    "AssignmentMode",
    "AssignmentPolicy",
    "Candidate",
    "Denied",
    "FieldChange",
    "ImportProblem",
    "LimitMode",
    "Outcome",
    "StageChange",
    "StageDefinition",
    "TicketState",
    "TimeLimit",
    "TransitionCheck",
    "TransitionRules",
    "Workflow",
    "WorkflowDiff",
    "WorkflowError",
    "WorkflowImport",
    "available_actions",
    "check_transition",
    "choose_executor",
    "diff_messages",
    "diff_workflows",
    "eligible_candidates",
    "export_workflow_xlsx",
    "import_workflow_xlsx",
    "load_default_workflow",
    "manual_candidates",
    "nobody_fits_message",
    "pool_candidates",
    "read_workflow_upload",
    "workflow_errors",
    "workflow_from_config",
    "workflow_from_toml",
    "workflow_to_config",
]
