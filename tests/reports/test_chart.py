"""The report chart counts whole tickets: whole-number ticks, the count on every bar."""

from __future__ import annotations

from bot.i18n import get_translator
from services.reports.chart import draw_report
from services.reports.compute import compute_report
from tests.deadlines.helpers import make_world
from tests.reports.dataset import build
from tests.reports.test_files import MONDAY


async def test_chart_has_whole_number_ticks_and_value_labels(sqlite_url: str) -> None:
    world = await make_world(sqlite_url)
    await build(world)
    async with world.factory() as session:
        report = await compute_report(session, MONDAY)
    figure = draw_report(report, get_translator("ru"))
    figure.canvas.draw()
    left, right = figure.axes
    for ticks in (left.get_yticks(), right.get_xticks()):
        assert len(ticks) > 1
        assert all(float(t).is_integer() for t in ticks)
    # Created 1 and 2, closed 1 and 1 (see test_files): each count on its bar, no "0".
    left_labels = sorted(t.get_text() for t in left.texts if t.get_text())
    assert left_labels == ["1", "1", "1", "2"]
    right_labels = [t.get_text() for t in right.texts]
    assert "0" not in right_labels
    assert any(label for label in right_labels)
    await world.engine.dispose()
