"""Writes down, in batches, which held replies went out and the message ids they got.

A handler's replies are journaled in the outbox with this process's lease and sent right after
the commit. Recording each delivery in a transaction of its own would double the database work
of every update, so deliveries are collected and written every ``INTERVAL`` seconds in one
short transaction; the rows keep their lease until then. If the process dies in between, the
lease runs out and such a reply is sent once more: replies are delivered at least once.

The real ids also replace the stand-in ids in the dialogue state written by the update; until
that is written, ``real_id`` answers from memory.

The saved copies of handled updates (``pending_updates``, long polling) are deleted in the same
batch, not in each update's own transaction: a copy left by a crash in between is found handled
on the next start (its id is recorded in ``processed_updates`` by the update's commit) and only
cleared. The poller also learns here which fetched updates were handled before it saved them:
those need no copy at all.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.leases import LeaseKeeper
from db.base import utcnow
from db.models import FsmRecord
from db.sqlite import point_statements
from services import outbox, pending_updates
from services.ids import replace_ids

log = logging.getLogger(__name__)

INTERVAL = 0.05
# Stand-in ids remembered in memory, newest last.
REMEMBERED = 50_000


class DeliveryRecorder:
    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], leases: LeaseKeeper
    ) -> None:
        self._session_factory = session_factory
        self._leases = leases
        self._sent: dict[int, int | None] = {}
        self._patches: dict[str, dict[int, int]] = {}
        self._known: OrderedDict[int, int] = OrderedDict()
        self._saved_done: set[int] = set()
        # Updates handed to handling before their copy was saved: a copy is deleted only once
        # it exists, or the delete would miss it and leave it behind.
        self._unsaved: set[int] = set()
        self._pending = asyncio.Event()
        self._handled = asyncio.Event()

    def delivered(
        self,
        sent: dict[int, int | None],
        resolved: dict[int, int],
        dialogue_keys: Iterable[str],
    ) -> None:
        """``sent``: outbox row -> message id; ``resolved``: stand-in id -> real id."""
        self._sent.update(sent)
        for synthetic, real in resolved.items():
            self._known[synthetic] = real
        while len(self._known) > REMEMBERED:
            self._known.popitem(last=False)
        if resolved:
            for key in dialogue_keys:
                self._patches.setdefault(key, {}).update(resolved)
        self._pending.set()

    def saved_update_handled(self, update_id: int) -> None:
        """The update's handling committed: its saved copy goes with the next batch."""
        self._saved_done.add(update_id)
        self._handled.set()
        self._pending.set()

    async def wait_handled(self, update_ids: set[int], timeout: float) -> None:  # noqa: ASYNC109
        """Return once the handling of every one of ``update_ids`` has committed, or after
        ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not update_ids <= self._saved_done:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._handled.clear()
            try:
                await asyncio.wait_for(self._handled.wait(), left)
            except TimeoutError:
                return

    def handled_unsaved(self, update_ids: Iterable[int]) -> set[int]:
        """Of these updates, whose copies are not saved, the ones whose handling committed:
        the commit recorded them, so they need no copy (and there is none to delete)."""
        handled = {update_id for update_id in update_ids if update_id in self._saved_done}
        self._saved_done -= handled
        self._unsaved -= handled
        return handled

    def saving(self, update_ids: Iterable[int]) -> None:
        self._unsaved.update(update_ids)

    def saved(self, update_ids: Iterable[int]) -> None:
        self._unsaved.difference_update(update_ids)
        if self._saved_done:
            self._pending.set()

    def real_id(self, synthetic_id: int) -> int | None:
        return self._known.get(synthetic_id)

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop``; what is left is written by a last ``flush``."""
        while not stop.is_set():
            waits = [
                asyncio.ensure_future(self._pending.wait()),
                asyncio.ensure_future(stop.wait()),
            ]
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for wait in waits:
                wait.cancel()
            await asyncio.sleep(INTERVAL)
            self._pending.clear()
            await self.flush()

    async def flush(self) -> None:
        saved_done = self._saved_done - self._unsaved
        if not self._sent and not self._patches and not saved_done:
            return
        sent, patches = self._sent, self._patches
        self._sent, self._patches = {}, {}
        self._saved_done -= saved_done
        try:
            async with self._session_factory() as session, session.begin():
                with point_statements():  # rows by key
                    await outbox.mark_sent_many(session, sent, utcnow())
                    await _patch(session, patches)
                    await pending_updates.done_many(session, saved_done)
        except Exception:
            log.exception("could not record delivered replies; retrying")
            self._saved_done |= saved_done
            for row_id, message_id in sent.items():
                self._sent.setdefault(row_id, message_id)
            for key, mapping in patches.items():
                self._patches.setdefault(key, {}).update(mapping)
            self._pending.set()
            await asyncio.sleep(1.0)
            return
        self._leases.release(sent)


async def _patch(session: AsyncSession, patches: dict[str, dict[int, int]]) -> None:
    # In key order, the order in which a flush updates them: no deadlock with an update.
    for key, mapping in sorted(patches.items()):
        # Locked, so that an update of the same dialogue is not overwritten with older data.
        record = await session.get(FsmRecord, key, with_for_update=True)
        if record is None:
            continue
        patched = replace_ids(record.data, mapping)
        if patched != record.data:
            record.data = patched
