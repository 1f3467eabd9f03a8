"""Long reports, comments and questions reach people whole, split over several messages of at
most 4,096 characters each (never inside a tag or an entity); the history shows them whole;
the Fluent layer never turns a long argument into «{???}»."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from bot.i18n import get_translator
from bot.views.long_text import MESSAGE_LIMIT, split_text
from db.models import Role
from tests.fakes.bot_api import BotMessage, FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import accepted_ticket, add_person, started_bot

RR = {"mode": "auto_round_robin"}
REPORT_END = "КОНЕЦ-ОТЧЁТА-7Q"
COMMENT_END = "КОНЕЦ-КОММЕНТАРИЯ-3Z"
QUESTION_END = "КОНЕЦ-ВОПРОСА-5W"


def long_text(length: int, marker: str) -> str:
    """``length`` characters of words with characters HTML must escape, ``marker`` last."""
    words = (f"Заменил автомат & <проверил> линию №{i} " for i in range(10_000))
    body = "".join(words)[: length - len(marker) - 1]
    return f"{body.rstrip()} {marker}"


def words_of(html_text: str) -> str:
    """What a person reads: tags dropped, entities decoded, whitespace evened out."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", html_text)).split())


def valid_chunk(text: str) -> bool:
    """No tag or entity cut in halves; tags balanced."""
    if re.search(r"<[^>]*$", text) or re.search(r"&[#\w]*$", text):
        return False
    if re.match(r"^[^<]*>", text) or re.match(r"^[#\w]+;", text):
        return False
    opened: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z-]+)[^>]*>", text):
        if not closing:
            opened.append(name)
        elif not opened or opened.pop() != name:
            return False
    return not opened


async def received_until(
    user: FakeUser, since: int, button: str | None = None, text: str | None = None
) -> list[BotMessage]:
    """The messages ``user`` got after the first ``since``, up to one carrying ``button``
    (or containing ``text``)."""

    def ready() -> list[BotMessage] | None:
        got = user.messages[since:]
        for index, message in enumerate(got):
            if (button is not None and button in message.buttons) or (
                text is not None and text in message.text
            ):
                return got[: index + 1]
        return None

    try:
        return await user.api.wait_for(ready, 10)
    except TimeoutError:
        raise AssertionError(f"no {button or text!r}; saw {user.texts()[since:]}") from None


def assert_whole(messages: list[BotMessage], text: str, marker: str) -> None:
    joined = "\n".join(m.text for m in messages)
    assert "{???}" not in joined
    assert len(messages) >= 2, "expected the long text to be split"
    for message in messages:
        assert len(message.text) <= MESSAGE_LIMIT
        assert valid_chunk(message.text), message.text[-40:]
    assert " ".join(text.split()) in words_of(joined)
    assert words_of(joined).count(marker) == 1


@pytest.fixture
async def rr_bot(fake_api: FakeBotAPI, database_url: str) -> Any:
    bot = await started_bot(fake_api, database_url, assignment=RR)
    yield bot
    await bot.stop()


async def _people(api: FakeBotAPI, bot: BotHarness) -> tuple[FakeUser, FakeUser, int]:
    await add_person(bot, 301, "Электриков", [Role.EXECUTOR])
    author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
    return FakeUser(api, 301, "И"), FakeUser(api, 401, "А"), author_id


async def test_a_long_report_reaches_the_author_whole_and_history_shows_it(
    fake_api: FakeBotAPI, rr_bot: BotHarness
) -> None:
    executor, author, author_id = await _people(fake_api, rr_bot)
    _, card = await accepted_ticket(fake_api, rr_bot, executor, author_id)
    # The author's notice of the take goes through the outbox: seen before counting.
    await author.expect("взял(а) в работу")
    report = long_text(3000, REPORT_END)
    assert len(report) == 3000

    await executor.press("✅ Завершить", card)
    await executor.expect("Отчёт по заявке № 1")
    await executor.send(report)
    done = await executor.expect("Добавлено в отчёт (файлов: 0)")
    since = len(author.messages)
    await executor.press("✅ Готово", done)
    got = await received_until(author, since, "👍 Подтвердить")
    assert "Отчёт исполнителя" in got[0].text
    assert_whole(got, report, REPORT_END)

    since = len(author.messages)
    await author.press("📜 История", got[-1])
    history = await received_until(author, since, text=REPORT_END)
    assert "История заявки № 1" in history[0].text
    joined = "\n".join(m.text for m in history)
    assert "{???}" not in joined
    assert all(len(m.text) <= MESSAGE_LIMIT and valid_chunk(m.text) for m in history)
    assert f"отчёт: {' '.join(report.split())}" in words_of(joined)


async def test_a_long_comment_and_question_arrive_whole(
    fake_api: FakeBotAPI, rr_bot: BotHarness
) -> None:
    executor, author, author_id = await _people(fake_api, rr_bot)
    _, card = await accepted_ticket(fake_api, rr_bot, executor, author_id)
    # The author's notice of the take goes through the outbox: seen before counting.
    await author.expect("взял(а) в работу")

    # The card's «💬 Комментарий»: the other side gets the comment whole.
    comment = long_text(3900, COMMENT_END)
    card_comment = next(
        button["callback_data"]
        for row in (card.reply_markup or {})["inline_keyboard"]
        for button in row
        if button["text"] == "💬 Комментарий" and button["callback_data"].startswith("tk:")
    )
    await executor.press_data(card_comment, card)
    await executor.expect("Напишите комментарий")
    since = len(author.messages)
    await executor.send(comment)
    await executor.expect("Комментарий добавлен")
    got = await received_until(author, since, "📄 Открыть № 1")
    assert "Комментарий к заявке № 1" in got[0].text
    assert_whole(got, comment, COMMENT_END)

    # A long question to the author: whole, with «Ответить» on its last part.
    question = long_text(3900, QUESTION_END)
    await executor.press("❓ Запросить информацию")
    await executor.expect("Какой вопрос задать автору")
    since = len(author.messages)
    await executor.send(question)
    got = await received_until(author, since, "✍️ Ответить")
    assert "спрашивает" in got[0].text
    assert_whole(got, question, QUESTION_END)


def test_fluent_takes_a_3000_character_argument() -> None:
    value = long_text(3000, REPORT_END)
    for locale in ("ru", "en"):
        i18n = get_translator(locale)
        text = i18n("work-report-for-author", number=7, report=value)
        assert "{???}" not in text
        assert html.escape(value, quote=False) in text  # escaped, whole
        assert text.index("7") < text.index(REPORT_END)
        plain = i18n.plain("work-refused", name="Иванов", number=7, reason=value)
        assert plain.endswith(value)
    # Short arguments still drive Fluent's own logic (plurals, selectors).
    ru = get_translator("ru")
    assert ru("work-answer", number=1, answer="x" * 5000).endswith("x" * 5000)


def test_split_text_never_cuts_a_tag_or_an_entity() -> None:
    body = "<b>" + "слово &amp; ещё " * 600 + "</b>\n" + "&lt;" * 3000 + "\n<i>конец</i>"
    chunks = split_text(body, 500)
    assert len(chunks) > 10
    for chunk in chunks:
        assert len(chunk) <= 500
        assert valid_chunk(chunk), chunk
    assert words_of("".join(chunks)).replace(" ", "") == words_of(body).replace(" ", "")
