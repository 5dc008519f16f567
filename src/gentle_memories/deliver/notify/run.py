"""One notification run: off, quiet, already done, withheld, sent or failed; and always logged.

The day is claimed in the library before anything is decided, so the server and a cron
run never both send; whatever the run decides is logged with its reasons.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from gentle_memories.deliver.notify import schedule, targets
from gentle_memories.deliver.notify.message import Message, compose
from gentle_memories.deliver.notify.send import Delivery, send
from gentle_memories.library import Library

State = Literal["off", "quiet", "taken", "preview", "withheld", "sent", "failed"]

# An automatic run (the server's) tries a failed day again this long after, this often.
RETRY_FAILED_AFTER = timedelta(minutes=15)
RUNS_A_DAY = 3


@dataclass(frozen=True)
class Outcome:
    day: date
    state: State
    message: Message | None = None
    deliveries: list[Delivery] = field(default_factory=list)
    quiet_until: str = ""

    @property
    def failed(self) -> list[str]:
        return [d.target for d in self.deliveries if not d.ok]


def deliver(
    library: Library,
    now: datetime,
    day: date | None = None,
    dry_run: bool = False,
    automatic: bool = False,
    sleep: Callable[[float], object] = time.sleep,
) -> Outcome:
    """The day's notification now (`now` is timezone-aware); `day` defaults to the person's today.

    A person's own run may try a failed day again at once; an automatic one waits
    RETRY_FAILED_AFTER and gives up after RUNS_A_DAY runs, which the log then shows.
    """
    plan = schedule.load(library)
    local = plan.local(now)
    day = day or local.date()
    if dry_run:
        return Outcome(day, "preview", _compose(library, day))
    urls = targets.load(library)
    if not urls:
        return Outcome(day, "off")
    if plan.quiet(local.time().replace(tzinfo=None)):
        return Outcome(day, "quiet", quiet_until=plan.quiet_to)
    patience = (now - RETRY_FAILED_AFTER, RUNS_A_DAY) if automatic else (now, sys.maxsize)
    if not library.claim_notification(day, now, *patience):
        return Outcome(day, "taken")
    try:
        message = _compose(library, day)
        if not message.send:
            library.record_notification(day, "withheld", message.reasons)
            return Outcome(day, "withheld", message)
        deliveries = send(urls, message.title, message.body, schedule.retry_delays(library), sleep)
    except BaseException as err:
        library.record_notification(day, "failed", [f"the run stopped: {type(err).__name__}"])
        raise
    lost = [f"{d.target} did not take it after {d.tries} tries" for d in deliveries if not d.ok]
    state = "sent" if len(lost) < len(deliveries) else "failed"
    library.record_notification(day, state, [*message.reasons, *lost], message.body)
    return Outcome(day, state, message, deliveries)


def run_due(
    library: Library, now: datetime, sleep: Callable[[float], object] = time.sleep
) -> Outcome | None:
    """What the server calls every minute: the day's notification once it is due, else None."""
    plan = schedule.load(library)
    if not targets.load(library) or not plan.due(plan.local(now)):
        return None
    return deliver(library, now, automatic=True, sleep=sleep)


def _compose(library: Library, day: date) -> Message:
    from gentle_memories.curate.curation import curate_day

    return compose(curate_day(library, day))
