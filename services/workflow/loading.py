"""Building workflows from configuration data (TOML, JSON, the database)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from pydantic import ValidationError

from services.messages import Msg
from services.workflow.model import Workflow, WorkflowError
from services.workflow.stages import StageDefinition

DEFAULT_WORKFLOW_RESOURCE = "default_workflow.toml"


def load_default_workflow() -> Workflow:
    """The default workflow of design §3, shipped as package data."""
    text = resources.files(__package__).joinpath(DEFAULT_WORKFLOW_RESOURCE).read_text("utf-8")
    return workflow_from_toml(text)


def workflow_from_toml(text: str) -> Workflow:
    """A workflow from TOML with ``initial`` and an array of ``[[stages]]`` tables."""
    data = tomllib.loads(text)
    return workflow_from_config(data.get("stages", []), initial=data.get("initial"))


def workflow_from_config(
    stages: Sequence[Mapping[str, Any]], initial: str | None = None
) -> Workflow:
    """A workflow from plain stage dicts (the fields of ``StageDefinition``).

    Without ``initial`` the stage with the lowest ``order`` starts tickets.
    Raises ``WorkflowError`` with every problem found. Field errors carry the
    stage's position (1-based) and pydantic's own detail, which is meant for the
    administrator editing the config file rather than for end users.
    """
    parsed: list[StageDefinition] = []
    errors: list[Msg] = []
    for index, raw in enumerate(stages, start=1):
        try:
            parsed.append(StageDefinition.model_validate(dict(raw)))
        except ValidationError as exc:
            errors += [
                Msg(
                    "wf-error-config-field",
                    {
                        "index": index,
                        "field": ".".join(str(p) for p in err["loc"]),
                        "detail": err["msg"],
                    },
                )
                for err in exc.errors()
            ]
    if errors:
        raise WorkflowError(errors)
    if initial is None:
        initial = min(parsed, key=lambda s: (s.order, s.key)).key if parsed else ""
    return Workflow(tuple(parsed), initial)


def workflow_to_config(workflow: Workflow) -> dict[str, Any]:
    """Plain data (JSON- and TOML-friendly) that ``workflow_from_config`` reads back."""
    return {
        "initial": workflow.initial,
        "stages": [
            stage.model_dump(mode="json", exclude_defaults=True) for stage in workflow.ordered()
        ],
    }
