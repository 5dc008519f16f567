"""`memories serve` does the daily work itself: a thread that asks each minute whether the
notification is due (run_due), whether today's memories are written into Immich
(publish_due), and whether the day's backup of the library is made.

The claim in the library keeps it to one message a day even beside a cron run, and a
stop wakes the thread at once, from its wait or from a retry's backoff. An Immich that
does not answer is asked again RETRY_IMMICH later, not every minute.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from gentle_memories.deliver.notify.run import run_due
from gentle_memories.library import Library

THREAD_NAME = "gentle-memories-notify"
RETRY_IMMICH = timedelta(minutes=15)
log = logging.getLogger(__name__)


class DailyNotifier:
    def __init__(
        self,
        library: Library,
        every: float = 60.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.library = library
        self.every = every
        self.clock = clock
        self._stopping = threading.Event()
        self._immich_after = datetime.min.replace(tzinfo=UTC)
        self._thread = threading.Thread(target=self._loop, name=THREAD_NAME, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(30)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self.run_once()
            self._stopping.wait(self.every)

    def run_once(self) -> None:
        """One wake-up: every user's notification if due, then today into Immich if due,
        and the library's backup of the day if there is none yet."""
        for user in self.library.users():
            try:
                view = self.library.as_user(user)
                run_due(view, self.clock(), sleep=self._stopping.wait)
            except Exception as err:  # the next minute tries again; the run logged it
                log.warning("the daily notification run stopped: %s", type(err).__name__)
        self._publish()
        try:
            self.library.daily_backup()
        except Exception as err:  # tried again at the next wake-up
            log.warning("the daily backup was not made: %s", err)

    def _publish(self) -> None:
        from gentle_memories.deliver.immich.publish import publish_due

        now = self.clock()
        if now < self._immich_after:
            return
        try:
            publish_due(self.library, now)
        except Exception as err:  # Immich away: try again later, without a traceback a minute
            log.warning("writing today's memories into Immich stopped: %s", err)
            self._immich_after = now + RETRY_IMMICH


def lifespan(library: Library):
    """The web app's lifespan: the notifier runs exactly while the server does."""

    @asynccontextmanager
    async def running(_app) -> AsyncIterator[None]:
        notifier = DailyNotifier(library)
        notifier.start()
        try:
            yield
        finally:
            notifier.stop()

    return running
