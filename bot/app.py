"""Assembles the service: database, bot, dispatcher, delivery and scheduler."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from aiogram_dialog import setup_dialogs
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery import OutboxDelivery
from bot.i18n import get_translator
from bot.middlewares.person import PersonMiddleware
from bot.middlewares.transaction import TransactionMiddleware
from bot.request_retry import RetryShortFailures
from bot.storage import DatabaseStorage, dialogue_key_builder
from bot.work_unreachable import tell_managers_unreachable
from db.engine import create_engine, create_session_factory
from handlers import build_root_router
from scheduler import build_scheduler, stop_scheduler
from scheduler.executor import DrainableAsyncIOExecutor


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    bot: Bot
    dispatcher: Dispatcher
    delivery: OutboxDelivery
    scheduler: AsyncIOScheduler
    # The outbox sender's own bot: it retries durably and must not stack in-process retries.
    delivery_bot: Bot
    job_executor: DrainableAsyncIOExecutor

    async def close(self) -> None:
        await stop_scheduler(self.scheduler, self.job_executor)
        await self.dispatcher.storage.close()
        await self.dispatcher.fsm.events_isolation.close()
        await self.bot.session.close()
        await self.delivery_bot.session.close()
        await self.engine.dispose()


def create_bot(settings: Settings) -> Bot:
    assert settings.telegram.token is not None
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram.api_base))
    return Bot(
        settings.telegram.token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def _storage(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> tuple[BaseStorage, BaseEventIsolation]:
    if settings.redis.url:
        redis_storage = RedisStorage.from_url(
            settings.redis.url, key_builder=dialogue_key_builder()
        )
        return redis_storage, RedisEventIsolation(redis_storage.redis)
    return DatabaseStorage(session_factory), SimpleEventIsolation()


def create_dispatcher(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    delivery: OutboxDelivery,
) -> Dispatcher:
    storage, isolation = _storage(settings, session_factory)
    dispatcher = Dispatcher(storage=storage, events_isolation=isolation)
    dispatcher["settings"] = settings
    dispatcher["i18n"] = get_translator(settings.company.locale)
    dispatcher.update.outer_middleware(TransactionMiddleware(session_factory, delivery.wake))
    dispatcher.update.outer_middleware(PersonMiddleware(frozenset(settings.access.admins)))
    dispatcher.include_router(build_root_router())
    setup_dialogs(dispatcher)
    return dispatcher


def build_runtime(settings: Settings) -> Runtime:
    engine = create_engine(settings.database.url)
    session_factory = create_session_factory(engine)
    bot = create_bot(settings)
    bot.session.middleware(RetryShortFailures())
    delivery_bot = create_bot(settings)
    delivery = OutboxDelivery(
        delivery_bot, session_factory, on_blocked=partial(tell_managers_unreachable, settings)
    )
    dispatcher = create_dispatcher(settings, session_factory, delivery)
    scheduler, job_executor = build_scheduler(settings, session_factory)
    return Runtime(
        settings,
        engine,
        session_factory,
        bot,
        dispatcher,
        delivery,
        scheduler,
        delivery_bot,
        job_executor,
    )
