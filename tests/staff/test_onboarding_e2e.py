"""Invitation links and linking access requests to existing staff records, end to end."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from db.base import utcnow
from db.models import AccessRequest, Invitation, Role
from services.invitations import hash_token
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import BOT_USERNAME, FakeBotAPI
from tests.harness import BotHarness
from tests.staff.conftest import add_person, person, read_xlsx, user, wait_button

LINK = re.compile(rf"https://t\.me/{BOT_USERNAME}\?start=([A-Za-z0-9_-]+)")


async def _link_from_card(fake_api: FakeBotAPI, label: str) -> str:
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press(label, listing)
    card = await admin.expect("Открытых заявок")
    await admin.press("🔗 Ссылка-приглашение", card)
    message = await admin.expect("Приглашение: <b>")
    found = LINK.search(message.text)
    assert found is not None, message.text
    return found.group(1)


async def test_invitation_links_once_and_grants_executor(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    ivanov = await add_person(bot, "Иванов", "Иван", "Инженер", patronymic="Иванович")
    token = await _link_from_card(fake_api, "Иванов Иван Иванович — Инженер")
    async with bot.session_factory() as session:
        stored = list(await session.scalars(select(Invitation)))
    assert [i.token_hash for i in stored] == [hash_token(token)]  # only the hash is kept
    assert token not in stored[0].token_hash

    phone = user(fake_api, 801, "Ваня")
    await phone.send(f"/start {token}")
    linked = await phone.expect("Ваш Telegram привязан к записи")
    assert "Иванов Иван Иванович" in linked.text
    assert "Исполнитель" in linked.text
    assert "🟢 Моя смена" in linked.buttons
    record = await person(bot, ivanov)
    assert record.telegram_id == 801
    assert record.role_set == {Role.EXECUTOR}
    await phone.send("/start")
    await phone.expect("Ваши роли: Исполнитель")
    # The admin who issued the link hears it was used, the name in a form needing no case.
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.expect("Приглашение использовано: Иванов И. И.")

    other = user(fake_api, 802, "Чужой")
    await other.send(f"/start {token}")
    await other.expect("уже использована")
    assert (await person(bot, ivanov)).telegram_id == 801
    await phone.send(f"/start {token}")  # the link opened again: the menu, not a riddle
    again = await phone.expect("Ваши роли: Исполнитель")
    assert "🟢 Моя смена" in again.buttons


async def test_expired_unknown_and_account_already_linked(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    petrov = await add_person(bot, "Петров", "Пётр", "Электрик")
    await add_person(bot, "Сидоров", "Сидор", "Техник", telegram_id=803, roles=[Role.EXECUTOR])
    token = await _link_from_card(fake_api, "Петров Пётр — Электрик")

    taken = user(fake_api, 803, "Сидор")
    await taken.send(f"/start {token}")
    await taken.expect("уже привязан к другому сотруднику")
    assert (await person(bot, petrov)).telegram_id is None
    # A mangled link (a site's own start parameter, say) gives a linked person the menu.
    await taken.send("/start notARealTokenButLongEnough")
    menu = await taken.expect("Ваши роли: Исполнитель")
    assert "не найдена" not in menu.text

    async with bot.session_factory() as session:
        await session.execute(update(Invitation).values(expires_at=utcnow() - timedelta(minutes=1)))
        await session.commit()
    newcomer = user(fake_api, 804, "Пётр")
    await newcomer.send(f"/start {token}")
    await newcomer.expect("Срок действия ссылки-приглашения истёк")
    await newcomer.send("/start notARealTokenButLongEnough")
    await newcomer.expect("не найдена или повреждена")
    assert (await person(bot, petrov)).telegram_id is None
    await newcomer.send("/start")
    await newcomer.expect("запросите доступ")  # the plain /start still works


async def test_invitations_for_everyone_not_linked_as_xlsx(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, "Иванов", "Иван", "Инженер")
    await add_person(bot, "Петров", "Пётр", "=1+2")
    await add_person(bot, "Сидоров", "Сидор", "Техник", telegram_id=805, roles=[Role.EXECUTOR])
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press("🔗 Приглашения для всех без Telegram", listing)
    sent = await admin.expect("Ссылки-приглашения для сотрудников без Telegram: 2")
    assert sent.document is not None
    rows = read_xlsx(sent.document.content)
    assert rows[0] == ("ФИО", "Должность", "Ссылка")
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Иванов Иван", "Петров Пётр"}
    assert by_name["Петров Пётр"][1] == "=1+2"  # text, not a formula
    token = LINK.fullmatch(str(by_name["Иванов Иван"][2]))
    assert token is not None
    joiner = user(fake_api, 806, "Ваня")
    await joiner.send(f"/start {token.group(1)}")
    await joiner.expect("привязан к записи")


async def test_admin_links_access_request_to_existing_record(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    record = await add_person(bot, "Кузнецов", "Николай", "Инженер", patronymic="Иванович")
    await add_person(bot, "Кузьмин", "Олег", "Техник", telegram_id=807, roles=[Role.EXECUTOR])
    admin = user(fake_api, ADMIN_ID, "Анна")
    stranger = user(fake_api, 808, "Коля", "К")
    await stranger.send("/start")
    await stranger.expect("запросите доступ")
    await stranger.press("🔑 Запросить доступ")
    request = await admin.expect("Запрос доступа")
    await admin.press("✅ Одобрить", request)
    choice = await admin.expect("Выберите роли")
    await admin.press("🔗 Привязать к сотруднику", choice)
    await admin.expect("введите начало фамилии")
    await admin.send("кузн")
    found = await wait_button(admin, "Кузнецов Николай Иванович — Инженер")
    # Only active people without Telegram: Kuzmin (linked) is not offered.
    assert "Кузнецов Николай Иванович — Инженер" in found.buttons
    assert not any("Кузьмин" in label for label in found.buttons)
    await admin.press("Кузнецов Николай Иванович — Инженер", found)
    # Linking still asks for roles: the record's own plus executor are ticked to begin with.
    roles = await admin.expect("Отметьте роли")
    assert "Кузнецов Николай Иванович" in roles.text
    assert {"✅ Исполнитель", "⬜ Оператор"} <= set(roles.buttons)
    assert (await person(bot, record)).telegram_id is None  # nothing saved before «Сохранить»
    await admin.press("⬜ Оператор", roles)
    await admin.expect("Отметьте роли")
    await admin.press("💾 Сохранить")
    await admin.expect("одобрен. Запись сотрудника: Кузнецов Николай Иванович")
    told = await stranger.expect("Запись сотрудника")
    assert "Ваши роли: Оператор, Исполнитель" in told.text
    assert "📝 Новая заявка" in told.buttons  # the menu comes with the notice
    assert "/start" not in told.text

    linked = await person(bot, record)
    assert linked.telegram_id == 808
    assert linked.role_set == {Role.EXECUTOR, Role.OPERATOR}
    async with bot.session_factory() as session:
        stored = await session.scalar(select(AccessRequest))
    assert stored is not None
    assert stored.status == "approved"
    assert stored.person_id == record
    await stranger.send("/start")
    await stranger.expect("Ваши роли: Оператор, Исполнитель")


async def test_mass_invitations_ask_before_voiding_links_already_sent(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    ivanov = await add_person(bot, "Иванов", "Иван", "Инженер")
    await add_person(bot, "Петров", "Пётр", "Техник")
    old_token = await _link_from_card(fake_api, "Иванов Иван — Инженер")
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.send("/cancel")
    await admin.expect("Действие отменено")
    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press("🔗 Приглашения для всех без Telegram", listing)
    ask = await admin.expect("Ссылки, отправленные ранее (1), перестанут работать. Продолжить?")
    assert ask.buttons == ["Да, выпустить новые", "✖️ Отмена"]
    assert ask.document is None
    await admin.press("✖️ Отмена", ask)
    await admin.expect("Новые ссылки не выпущены")
    async with bot.session_factory() as session:
        assert len(list(await session.scalars(select(Invitation)))) == 1  # nothing issued

    await admin.send("/cancel")
    await admin.expect("Действие отменено")
    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press("🔗 Приглашения для всех без Telegram", listing)
    ask = await admin.expect("перестанут работать")
    await admin.press("Да, выпустить новые", ask)
    sent = await admin.expect("Ссылки-приглашения для сотрудников без Telegram: 2")
    assert sent.document is not None
    late = user(fake_api, 809, "Ваня")
    await late.send(f"/start {old_token}")
    await late.expect("Срок действия ссылки-приглашения истёк")  # the old link was voided
    assert (await person(bot, ivanov)).telegram_id is None
