"""aiogram-dialog's calendar with month and weekday names from the locale (not the OS
locale) and "today" in the company's time zone, set explicitly."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Calendar
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarDaysView,
    CalendarMonthView,
    CalendarScope,
    CalendarScopeView,
    CalendarUserConfig,
    CalendarYearsView,
)
from aiogram_dialog.widgets.text import Text

from bot.context import request_context
from bot.i18n import Translator


class _DateText(Text):
    """``{date}`` rendered with a Fluent message: month names, weekdays, years."""

    def __init__(self, key: str, *, brackets: bool = False) -> None:
        super().__init__()
        self.key = key
        self.brackets = brackets

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        return _date_text(request_context(manager).i18n, self.key, data["date"], self.brackets)


@lru_cache(maxsize=4096)
def _date_text(translator: Translator, key: str, day: date, brackets: bool) -> str:
    """A month's keyboard has some fifty of these, the same ones for every person."""
    text = translator.plain(
        key,
        day=day.day,
        month=translator.plain(f"cal-month-{day.month}"),
        weekday=translator.plain(f"cal-weekday-{day.isoweekday()}"),
        year=str(day.year),
    )
    return f"[ {text} ]" if brackets else text


class RuCalendar(Calendar):
    def _init_views(self) -> dict[CalendarScope, CalendarScopeView]:
        callback = self._item_callback_data
        return {
            CalendarScope.DAYS: CalendarDaysView(
                callback,
                date_text=_DateText("cal-day"),
                today_text=_DateText("cal-day", brackets=True),
                weekday_text=_DateText("cal-weekday"),
                header_text=_DateText("cal-header-month"),
                next_month_text=_DateText("cal-next-month"),
                prev_month_text=_DateText("cal-prev-month"),
            ),
            CalendarScope.MONTHS: CalendarMonthView(
                callback,
                month_text=_DateText("cal-month"),
                this_month_text=_DateText("cal-month", brackets=True),
                header_text=_DateText("cal-header-year"),
                next_year_text=_DateText("cal-next-year"),
                prev_year_text=_DateText("cal-prev-year"),
            ),
            CalendarScope.YEARS: CalendarYearsView(callback),
        }

    async def _get_user_config(
        self, data: dict[str, Any], manager: DialogManager
    ) -> CalendarUserConfig:
        settings = request_context(manager).settings
        return CalendarUserConfig(firstweekday=0, timezone=settings.company.tz)  # type: ignore[arg-type]
