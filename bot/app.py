"""Assembles the service: database, bots, dispatcher, update pipeline, delivery, scheduler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.memory import DisabledEventIsolation
from aiogram_dialog import setup_dialogs
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery.calls import pin_response_models
from bot.delivery.leases import LeaseKeeper
from bot.delivery.recorder import DeliveryRecorder
from bot.delivery.sender import OutboxSender
from bot.i18n import get_translator
from bot.middlewares.context import ContextMiddleware
from bot.middlewares.person import PersonMiddleware
from bot.middlewares.privacy import PrivacyNoticeMiddleware
from bot.middlewares.transaction import TransactionMiddleware
from bot.pipeline.deferral import HoldUntilCommit
from bot.pipeline.locks import PersonLocks
from bot.pipeline.pipeline import UpdatePipeline
from bot.storage import DatabaseStorage, dialogue_key_builder
from bot.views.unreachable import tell_managers_unreachable
from db.engine import create_engine, create_session_factory
from handlers import build_root_router
from scheduler import build_scheduler, stop_scheduler
from scheduler.executor import DrainableAsyncIOExecutor

# A reply or outbox request that takes longer than this counts as lost (and is retried).
REQUEST_TIMEOUT_SECONDS = 20
_RESPONSE_MODELS = pin_response_models()


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    # Handlers' bot: its calls are held until the update's transaction commits.
    bot: Bot
    # Sends the held replies and the outbox; no middleware of its own.
    delivery_bot: Bot
    dispatcher: Dispatcher
    pipeline: UpdatePipeline
    delivery: OutboxSender
    leases: LeaseKeeper
    recorder: DeliveryRecorder
    locks: PersonLocks
    scheduler: AsyncIOScheduler
    job_executor: DrainableAsyncIOExecutor
    # Who sends what a web request committed to the outbox; None: this process's ``delivery``
    # (a web worker wakes its main process instead: bot/web/workers.py).
    outbox_waker: Callable[[], None] | None = None

    def wake_outbox(self) -> None:
        (self.outbox_waker or self.delivery.wake)()

    async def close(self) -> None:
        await stop_scheduler(self.scheduler, self.job_executor)
        await self.recorder.flush()
        await self.dispatcher.storage.close()
        await self.locks.close()
        await self.bot.session.close()
        await self.delivery_bot.session.close()
        await self.engine.dispose()


def create_bot(settings: Settings, timeout: int = REQUEST_TIMEOUT_SECONDS) -> Bot:
    assert settings.telegram.token is not None
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(settings.telegram.api_base), timeout=timeout
    )
    return Bot(
        settings.telegram.token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_dispatcher(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    recorder: DeliveryRecorder,
) -> Dispatcher:
    # Dialogue state lives in the database, written in the update's own transaction, so it
    # always agrees with the data after a crash. People's updates are kept in order by the
    # update pipeline's locks, so the dispatcher needs no isolation of its own.
    dispatcher = Dispatcher(
        storage=DatabaseStorage(session_factory, dialogue_key_builder(), recorder.real_id),
        events_isolation=DisabledEventIsolation(),
    )
    dispatcher["settings"] = settings
    dispatcher["i18n"] = get_translator(settings.company.locale)
    dispatcher.update.outer_middleware(TransactionMiddleware(session_factory))
    dispatcher.update.outer_middleware(PersonMiddleware(frozenset(settings.access.admins)))
    dispatcher.update.outer_middleware(ContextMiddleware())
    dispatcher.update.outer_middleware(PrivacyNoticeMiddleware())
    dispatcher.include_router(build_root_router())
    setup_dialogs(dispatcher)
    return dispatcher


def _person_locks(settings: Settings, bot_id: int) -> PersonLocks:
    if not settings.redis.url:
        return PersonLocks()
    return PersonLocks(Redis.from_url(settings.redis.url), namespace=f"helpdesk:{bot_id}")


def build_runtime(settings: Settings) -> Runtime:
    engine = create_engine(settings.database.url)
    session_factory = create_session_factory(engine)
    bot = create_bot(settings)
    bot.session.middleware(HoldUntilCommit())
    delivery_bot = create_bot(settings)
    leases = LeaseKeeper(session_factory)
    recorder = DeliveryRecorder(session_factory, leases)
    delivery = OutboxSender(
        delivery_bot,
        session_factory,
        leases,
        on_blocked=partial(tell_managers_unreachable, settings),
    )
    dispatcher = create_dispatcher(settings, session_factory, recorder)
    locks = _person_locks(settings, bot.id)
    pipeline = UpdatePipeline(
        dispatcher=dispatcher,
        bot=bot,
        reply_bot=delivery_bot,
        session_factory=session_factory,
        locks=locks,
        leases=leases,
        recorder=recorder,
        i18n=get_translator(settings.company.locale),
        on_outbox_written=delivery.wake,
    )
    scheduler, job_executor = build_scheduler(settings, session_factory)
    return Runtime(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        bot=bot,
        delivery_bot=delivery_bot,
        dispatcher=dispatcher,
        pipeline=pipeline,
        delivery=delivery,
        leases=leases,
        recorder=recorder,
        locks=locks,
        scheduler=scheduler,
        job_executor=job_executor,
    )
