"""Assignment strategies: round robin, least loaded, pool, manual picker."""

import pytest
from pydantic import ValidationError

from services.messages import Msg
from services.workflow import (
    AssignmentMode,
    AssignmentPolicy,
    Candidate,
    choose_executor,
    manual_candidates,
    nobody_fits_message,
    pool_candidates,
)

ROUND_ROBIN = AssignmentPolicy(mode=AssignmentMode.ROUND_ROBIN)
LEAST_LOADED = AssignmentPolicy(mode=AssignmentMode.LEAST_LOADED)

TEAM = [
    Candidate(30, "Инженер", open_load=2),
    Candidate(10, "Инженер", open_load=5),
    Candidate(20, "Электрик", open_load=2),
]


def ids(candidates: list[Candidate]) -> list[int]:
    return [c.person_id for c in candidates]


def test_round_robin_goes_in_id_order_and_wraps():
    picked = []
    last = None
    for _ in range(4):
        chosen = choose_executor(ROUND_ROBIN, TEAM, last, None)
        assert chosen is not None
        picked.append(chosen.person_id)
        last = chosen.person_id

    assert picked == [10, 20, 30, 10]


def test_round_robin_keeps_its_place_when_last_assignee_is_gone():
    chosen = choose_executor(ROUND_ROBIN, TEAM, 15, None)

    assert chosen == TEAM[2]


def test_round_robin_skips_unavailable_and_inactive():
    team = [
        Candidate(10, "Инженер"),
        Candidate(20, "Инженер", available=False),
        Candidate(30, "Инженер", active=False),
        Candidate(40, "Инженер"),
    ]

    chosen = choose_executor(ROUND_ROBIN, team, 10, None)

    assert chosen == team[3]


def test_least_loaded_picks_lowest_load():
    team = [Candidate(10, "Инженер", open_load=3), Candidate(20, "Инженер", open_load=1)]

    assert choose_executor(LEAST_LOADED, team, None, None) == team[1]


def test_least_loaded_ties_go_round_robin():
    # 20 and 30 both have load 2; the rotation after 20 reaches 30 first.
    assert choose_executor(LEAST_LOADED, TEAM, 20, None) == TEAM[0]
    # With no history the lowest id among the least loaded wins.
    assert choose_executor(LEAST_LOADED, TEAM, None, None) == TEAM[2]
    assert choose_executor(LEAST_LOADED, TEAM, 30, None) == TEAM[2]


def test_least_loaded_skips_unavailable():
    team = [Candidate(10, "Инженер", available=False), Candidate(20, "Инженер", open_load=9)]

    assert choose_executor(LEAST_LOADED, team, None, None) == team[1]


def test_category_limits_positions():
    policy = AssignmentPolicy(
        mode=AssignmentMode.ROUND_ROBIN,
        positions_by_category={"Электрика": ["электрик", "Инженер-электрик"]},
    )
    team = [
        Candidate(10, "Инженер"),
        Candidate(20, " Электрик "),
        Candidate(30, "инженер-электрик"),
    ]

    assert choose_executor(policy, team, None, "электрика") == team[1]
    assert choose_executor(policy, team, 20, "Электрика") == team[2]
    assert choose_executor(policy, team, 30, "Электрика") == team[1]
    assert choose_executor(policy, team, None, "Сантехника") == team[0]


def test_nobody_fits_returns_none():
    policy = AssignmentPolicy(
        mode=AssignmentMode.LEAST_LOADED, positions_by_category={"Электрика": ["Электрик"]}
    )
    team = [Candidate(10, "Инженер"), Candidate(20, "Электрик", available=False)]

    assert choose_executor(policy, team, None, "Электрика") is None
    assert choose_executor(policy, [], None, None) is None
    assert nobody_fits_message("Электрика") == Msg(
        "wf-assign-nobody-fits", {"category": "Электрика"}
    )
    assert nobody_fits_message(None) == Msg("wf-assign-nobody-fits-any")


def test_mode_per_category():
    policy = AssignmentPolicy(
        mode=AssignmentMode.MANUAL,
        modes_by_category={"Уборка": AssignmentMode.POOL, "IT": "auto_least_loaded"},
    )

    assert policy.mode_for(None) is AssignmentMode.MANUAL
    assert policy.mode_for("Электрика") is AssignmentMode.MANUAL
    assert policy.mode_for("уборка") is AssignmentMode.POOL
    assert policy.mode_for("it") is AssignmentMode.LEAST_LOADED
    assert choose_executor(policy, TEAM, None, "IT") == TEAM[2]


def test_choose_executor_refuses_non_automatic_modes():
    policy = AssignmentPolicy(mode=AssignmentMode.POOL)

    with pytest.raises(ValueError, match="not automatic"):
        choose_executor(policy, TEAM, None, None)
    with pytest.raises(ValueError, match="not automatic"):
        choose_executor(AssignmentPolicy(), TEAM, None, None)


def test_pool_candidates_are_eligible_ones_by_id():
    policy = AssignmentPolicy(
        mode=AssignmentMode.POOL, positions_by_category={"Электрика": ["Электрик"]}
    )
    team = [
        *TEAM,
        Candidate(5, "Электрик", available=False),
        Candidate(40, "Электрик", active=False),
        Candidate(15, "Электрик", open_load=7),
    ]

    assert ids(pool_candidates(policy, team, "Электрика")) == [15, 20]
    assert ids(pool_candidates(policy, team, None)) == [10, 15, 20, 30]


def test_manual_candidates_order_best_fits_first():
    policy = AssignmentPolicy(positions_by_category={"Электрика": ["Электрик"]})
    team = [
        Candidate(10, "Инженер", open_load=0),
        Candidate(20, "Электрик", open_load=4),
        Candidate(30, "Электрик", open_load=1),
        Candidate(40, "Электрик", available=False),
        Candidate(50, "Электрик", active=False),
    ]

    assert ids(manual_candidates(policy, team, "Электрика")) == [30, 20, 10, 40]
    assert ids(manual_candidates(policy, team, None)) == [10, 30, 20, 40]


def test_policy_rejects_empty_position_list_and_unknown_mode():
    with pytest.raises(ValidationError):
        AssignmentPolicy(positions_by_category={"Электрика": []})
    with pytest.raises(ValidationError):
        AssignmentPolicy(mode="random")
