"""K operators fill the ticket form at once: the service against a bare aiogram bot.

Both bots run as their own processes, on the same event loop (uvloop, the service's), and poll
the same kind of fake Bot API server (the one the tests use), served from this process together
with the scripted operators. Each operator
walks the 12-step default form (/new, address, skip the flat, skip the entrance, name,
phone, category, priority, description, skip the photos, skip the time, «Создать»)
``ROUNDS`` times; a step's latency
runs from sending the update to seeing the bot's answer in the chat.

Two paces: "paced", where an operator takes 0.5-1.5 s (random, 1 s on average: a fast
dispatcher) between seeing an answer and the next step, so that operators are not in lockstep,
which is how people use the bot and what the targets are about; and "flat out", with no pause,
which shows how many steps a second each bot can
take on this machine (the service does a database transaction or two per step, the bare bot
none). Both bots run for the whole comparison, and paced they take turns, one ticket per
operator at a time (the other bot idle meanwhile): this machine's speed drifts by a tenth and
more over minutes, and a comparison of two runs made one after the other measured the drift as
much as the bots.

Run: .venv/bin/python bench/bench_dialogue.py [--profile DIR] [K ...]   (default: 8 32)
PostgreSQL is used when HELPDESK_TEST_PG_DSN (default postgresql://postgres@127.0.0.1:5432/
postgres) is reachable.

``--profile DIR`` runs the service under pyinstrument (``.venv/bin/pip install pyinstrument``;
not a dependency of the project) and keeps one session file per run in DIR; see it with
``.venv/bin/pyinstrument --load DIR/service-sqlite-8.pyisession -r html -o profile.html``.
The profiler slows the service down: figures of such a run are not the service's.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_SCRIPT = Path(__file__).resolve()
sys.path.insert(0, str(ROOT))  # the fake Bot API and scripted users live in tests/

from db import migrate  # noqa: E402
from db.engine import create_engine, create_session_factory  # noqa: E402
from db.models import Person, PersonRole, PrivacyAcceptance, Role  # noqa: E402
from services.privacy.settings import PrivacySettings  # noqa: E402
from tests.databases import fresh_postgres, pg_available  # noqa: E402
from tests.fakes.bot_api import FakeBotAPI  # noqa: E402
from tests.fakes.users import FakeUser  # noqa: E402

TOKEN = "123456789:BENCH-token-for-the-fake-bot-api-0001"
# Tickets per operator: 5 at K=8 gives 480 steps; the p95 of the 288 steps of 3 moved by
# 15-20 % between runs of the same code, so the ratio flipped around its target.
ROUNDS = {8: 5, 32: 2}
THINK_SECONDS = float(os.environ.get("BENCH_THINK_SECONDS", "1.0"))
FIRST_OPERATOR = 50_001
WARM_UP_ID = 49_999

# (what the operator does, a fragment of the answer that shows the step was taken)
Step = tuple[str, str, str]
FORM: list[Step] = [
    ("send", "/new", "<b>Адрес</b>"),
    ("send", "ул. Садовая, д. 10", "<b>Квартира / помещение</b>"),
    ("press", "⏭ Пропустить", "<b>Подъезд</b>"),
    ("press", "⏭ Пропустить", "<b>ФИО заявителя</b>"),
    ("send", "Иванова Мария", "<b>Телефон заявителя</b>"),
    ("send", "89215550101", "<b>Категория</b>"),
    ("press", "Электрика", "<b>Приоритет</b>"),
    ("press", "Срочная", "<b>Что случилось</b>"),
    ("send", "В подъезде 3 не горит свет на всех этажах", "<b>Фото</b>"),
    ("press", "⏭ Пропустить", "<b>Желаемое время</b>"),
    ("press", "⏭ Пропустить", "Проверьте заявку"),
    ("press", "✅ Создать", "создана"),
]


@dataclass
class Figures:
    steps: int
    seconds: float
    latencies: list[float]
    cpu_seconds: float = 0.0  # the bot process's CPU time during the run

    @property
    def per_second(self) -> float:
        return self.steps / self.seconds

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def _walk(user: FakeUser, rounds: int, think: float, block: int = 0) -> list[float]:
    pause = random.Random(f"{user.id}:{block}")  # the same pauses in every run
    latencies = []
    for _ in range(rounds):
        for action, value, fragment in FORM:
            if think:
                await asyncio.sleep(pause.uniform(0.5 * think, 1.5 * think))
            began = time.perf_counter()
            if action == "send":
                await user.send(value)
            else:
                await user.press(value)
            await user.expect(fragment, timeout=120)
            latencies.append(time.perf_counter() - began)
    return latencies


async def _drive(
    api: FakeBotAPI, operators: int, rounds: int, think: float, block: int = 0
) -> Figures:
    users = [FakeUser(api, FIRST_OPERATOR + i, f"Оператор{i}") for i in range(operators)]
    for user in users:
        user.skip_seen()
    began = time.perf_counter()
    results = await asyncio.gather(*(_walk(user, rounds, think, block) for user in users))
    seconds = time.perf_counter() - began
    latencies = [value for result in results for value in result]
    return Figures(len(latencies), seconds, latencies)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _measured(pid: int, run: Awaitable[Figures]) -> Figures:
    before = _cpu_seconds(pid)
    figures = await run
    figures.cpu_seconds = _cpu_seconds(pid) - before
    return figures


def _joined(parts: list[Figures]) -> Figures:
    return Figures(
        steps=sum(p.steps for p in parts),
        seconds=sum(p.seconds for p in parts),
        latencies=[value for p in parts for value in p.latencies],
        cpu_seconds=sum(p.cpu_seconds for p in parts),
    )


@asynccontextmanager
async def _process(args: list[str], env: dict[str, str], log: Path) -> AsyncIterator[int]:
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, *args, cwd=ROOT, env=env, stdout=out, stderr=out
        )
    try:
        yield process.pid
    finally:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


async def _warm_up(api: FakeBotAPI, expect: str) -> None:
    user = FakeUser(api, WARM_UP_ID, "Разогрев")
    await user.send("/new")
    await user.expect(expect, timeout=180)


@dataclass
class RunningBot:
    api: FakeBotAPI
    pid: int


Run = tuple[Figures, Figures]  # paced, flat out


async def _both_paces(bare: RunningBot, service: RunningBot, operators: int, rounds: int) -> Run:
    """Paced: the two bots take turns, a ticket per operator at a time, so that both meet
    the machine as it is at that moment (its speed drifts by a tenth and more over minutes).
    Flat out: each bot in one go."""
    paced: tuple[list[Figures], list[Figures]] = ([], [])
    for block in range(rounds):
        for figures, running in zip(paced, (bare, service), strict=True):
            drive = _drive(running.api, operators, 1, THINK_SECONDS, block)
            figures.append(await _measured(running.pid, drive))
    flat = [
        await _measured(running.pid, _drive(running.api, operators, rounds, 0.0))
        for running in (bare, service)
    ]
    return (_joined(paced[0]), flat[0]), (_joined(paced[1]), flat[1])


@asynccontextmanager
async def _fake_api() -> AsyncIterator[FakeBotAPI]:
    api = FakeBotAPI()
    await api.start()
    try:
        yield api
    finally:
        await api.stop()


@asynccontextmanager
async def _bare(workdir: Path) -> AsyncIterator[RunningBot]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    async with (
        _fake_api() as api,
        _process(["bench/bare_bot.py", TOKEN, api.base_url], env, workdir / "bare.log") as pid,
    ):
        await _warm_up(api, "<b>Адрес</b>")
        yield RunningBot(api, pid)


async def _seed(url: str, operators: int) -> None:
    engine = create_engine(url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    # Staff who have accepted the privacy notice in force, as on any working day.
    notice_version = PrivacySettings().notice_version
    async with factory() as session, session.begin():
        for telegram_id in [WARM_UP_ID, *range(FIRST_OPERATOR, FIRST_OPERATOR + operators)]:
            person = Person(
                last_name="Операторов",
                first_name=str(telegram_id),
                telegram_id=telegram_id,
                roles=[PersonRole(role=Role.OPERATOR.value)],
            )
            session.add(person)
            await session.flush()
            session.add(PrivacyAcceptance(person_id=person.id, version=notice_version))
    await engine.dispose()


@asynccontextmanager
async def _service(
    url: str, operators: int, workdir: Path, profile: Path | None = None
) -> AsyncIterator[RunningBot]:
    await _seed(url, operators)
    async with _fake_api() as api:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")},
            "PYTHONPATH": str(ROOT),
            "HELPDESK_TELEGRAM__TOKEN": TOKEN,
            "HELPDESK_TELEGRAM__API_BASE": api.base_url,
            "HELPDESK_TELEGRAM__POLLING_TIMEOUT": "5",
            "HELPDESK_DATABASE__URL": url,
        }
        command = ["-m", "bot", "run"]
        if profile is not None:
            command = [str(BENCH_SCRIPT), _SERVE_PROFILED, str(profile)]
        try:
            async with _process(command, env, workdir / "service.log") as pid:
                await _warm_up(api, "<b>Адрес</b>")
                yield RunningBot(api, pid)
        finally:
            log = (workdir / "service.log").read_text(errors="replace")
            if "Traceback" in log:
                print(log[max(0, log.find("Traceback") - 1500) :][:8000])
    if "Traceback" in log:
        raise SystemExit("the service logged an error: see above")


def _postgres() -> AbstractAsyncContextManager[str]:
    return fresh_postgres("helpdesk_bench_dialogue")


def _row(label: str, figures: Figures) -> str:
    return (
        f"  {label:<8} {figures.steps:>5} steps {figures.per_second:8.1f} steps/s"
        f"   p50 {figures.quantile(0.5):7.1f} ms   p95 {figures.quantile(0.95):7.1f} ms"
        f"   (mean {statistics.fmean(figures.latencies) * 1000:6.1f} ms,"
        f" bot CPU {figures.cpu_seconds * 1000 / figures.steps:5.1f} ms/step)"
    )


async def _compare(
    database: str,
    operators: int,
    url_for: Callable[[], Awaitable[str]],
    workdir: Path,
    profile_dir: Path | None,
) -> None:
    rounds = ROUNDS.get(operators, 2)
    profile = None
    if profile_dir is not None:
        profile = profile_dir / f"service-{database.lower()}-{operators}.pyisession"
    url = await url_for()
    async with _bare(workdir) as bare_bot, _service(url, operators, workdir, profile) as ours:
        bare, service = await _both_paces(bare_bot, ours, operators, rounds)
    print(f"{database}, K={operators} operators, {rounds} tickets each")
    for label, index in ((f"paced ({THINK_SECONDS:g} s between steps)", 0), ("flat out", 1)):
        print(f" {label}:")
        print(_row("bare", bare[index]))
        print(_row("service", service[index]))
        ours, theirs = service[index], bare[index]
        print(
            f"  ratio    throughput {ours.per_second / theirs.per_second:.2f}x"
            f"   p50 {ours.quantile(0.5) / theirs.quantile(0.5):.2f}x"
            f"   p95 {ours.quantile(0.95) / theirs.quantile(0.95):.2f}x"
        )


async def main(sizes: list[int], profile_dir: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for operators in sizes:

            async def sqlite_url() -> str:
                return f"sqlite+aiosqlite:///{workdir / f'bench-{operators}.sqlite3'}"  # noqa: B023

            await _compare("SQLite", operators, sqlite_url, workdir, profile_dir)
        if not await pg_available():
            print("PostgreSQL not reachable: skipped")
            return
        for operators in sizes:
            async with _postgres() as url:

                async def pg_url() -> str:
                    return url

                await _compare("PostgreSQL", operators, pg_url, workdir, profile_dir)


_SERVE_PROFILED = "--serve-profiled"


def _serve_profiled(session_file: str) -> int:
    """``python -m bot run`` under pyinstrument; the samples are saved when it stops."""
    from bot.cli import main as run_bot

    profiler = importlib.import_module("pyinstrument").Profiler(
        interval=0.001, async_mode="disabled"
    )
    profiler.start()
    try:
        return run_bot(["run"])
    finally:
        profiler.stop()
        profiler.last_session.save(session_file)


if __name__ == "__main__":
    if sys.argv[1:2] == [_SERVE_PROFILED]:
        sys.exit(_serve_profiled(sys.argv[2]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, metavar="K", help="operators at once")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="profile the service")
    arguments = parser.parse_args()
    if arguments.profile is not None:
        arguments.profile.mkdir(parents=True, exist_ok=True)
    asyncio.run(main(arguments.sizes or [8, 32], arguments.profile))
