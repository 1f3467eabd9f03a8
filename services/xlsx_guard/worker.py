"""Parse an upload in a separate process, with a time limit and a memory limit.

Parsing a workbook is CPU work in Python: in a thread it still holds the GIL, so everyone
else's updates wait (a crafted 4.6 MB staff list kept another person waiting 3 s), and a
thread cannot be stopped or capped. A process can: it gets ``RLIMIT_AS`` (its address space
may grow by ``memory`` bytes at most; beyond that allocations fail with ``MemoryError``),
is killed when ``seconds`` have passed, and gives all its memory back when it exits.

Processes come from a fork server (``multiprocessing``'s "forkserver"): a small process that
imported the parsers once and forks a fresh child per upload (tens of milliseconds; the
first upload after start waits for the server itself, about a second). Forking the bot
itself would copy its threads' locks; spawning a new interpreter per upload costs a second.
At most ``MAX_WORKERS`` parse at once; more uploads queue for a slot.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from services.xlsx_guard.refusals import Refusal, UploadRefusedError

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_WORKERS = 2
# The parsers the children run, imported once by the fork server (not by each child).
PRELOAD = [
    "openpyxl",
    "services.fields.xlsx_import",
    "services.staff_import.reader",
    "services.workflow.xlsx_import",
]
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(PRELOAD)
_slots = threading.BoundedSemaphore(MAX_WORKERS)


@dataclass(frozen=True, slots=True)
class WorkerLimits:
    seconds: float  # wall time of the parse, once the child runs
    memory: int  # bytes the child's address space may grow by


def run_in_worker(job: Callable[[bytes], T], data: bytes, limits: WorkerLimits) -> T:
    """``job(data)`` in a child process; blocking, so call it from a thread.

    ``job`` must be picklable (a module-level function or a ``functools.partial`` of one),
    and so must its result. Raises ``UploadRefusedError`` (too slow, too much memory) or
    what ``job`` raised.
    """
    with _slots:
        receiver, sender = _CONTEXT.Pipe(duplex=False)
        process = _CONTEXT.Process(
            target=_child, args=(job, data, sender, limits.memory), daemon=True
        )
        started = time.monotonic()
        process.start()
        sender.close()
        try:
            if not receiver.poll(limits.seconds):
                log.warning("upload parse stopped: too slow", extra={"seconds": limits.seconds})
                raise UploadRefusedError(Refusal.TOO_SLOW, seconds=round(limits.seconds))
            try:
                outcome, payload = receiver.recv()
            except EOFError:
                # Died without a word: a parser crashed on the file (or was killed).
                log.warning("upload parse died", extra={"exitcode": process.exitcode})
                raise UploadRefusedError(Refusal.CORRUPT) from None
        finally:
            if process.is_alive():
                process.kill()
            process.join()
            receiver.close()
        log.info("upload parsed", extra={"seconds": round(time.monotonic() - started, 3)})
    if outcome == "memory":
        raise UploadRefusedError(Refusal.TOO_MUCH_MEMORY)
    if outcome == "raised":
        raise payload
    if outcome == "unsendable":
        raise RuntimeError(f"the parse's outcome could not be sent back: {payload}")
    result: T = payload
    return result


def _child(job: Callable[[bytes], Any], data: bytes, sender: Connection, memory: int) -> None:
    _limit_memory(memory)
    try:
        reply: tuple[str, Any] = ("ok", job(data))
    except MemoryError:
        reply = ("memory", None)
    except Exception as exc:  # handed to the parent, which raises it
        reply = ("raised", exc)
    try:
        sender.send(reply)  # pickled whole before anything is written
    except MemoryError:
        sender.send(("memory", None))
    except Exception as exc:
        sender.send(("unsendable", type(exc).__name__))
    sender.close()


def _limit_memory(extra: int) -> None:
    # What the child has mapped already (interpreter, preloaded parsers) plus ``extra``.
    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    limit = mapped + extra
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
