"""Sending through Apprise, with retries and backoff, and without a word of the URLs in any log.

Apprise's own log lines can carry hosts, users or tokens, so they go nowhere; a failure
is reported by the target's masked name and the number of tries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from gentle_memories.deliver.notify.targets import mask


@dataclass(frozen=True)
class Delivery:
    target: str
    ok: bool
    tries: int


@cache
def _apprise():
    """Apprise, loaded on first use, its logger silenced, its assets fetching nothing."""
    import apprise

    logging.getLogger("apprise").disabled = True
    asset = apprise.AppriseAsset(
        app_id="Gentle Memories",
        app_desc="Gentle Memories",
        app_url="",
        image_url_mask="",
        image_url_logo="",
        storage_mode="memory",
    )
    return apprise, asset


def understood(url: str) -> bool:
    apprise, asset = _apprise()
    return apprise.Apprise(asset=asset).add(url)


def _send_once(url: str, title: str, body: str) -> bool:
    apprise, asset = _apprise()
    sender = apprise.Apprise(asset=asset)
    try:
        return sender.add(url) and bool(
            sender.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT)
        )
    except Exception:
        return False


def send(
    urls: Sequence[str],
    title: str,
    body: str,
    delays: Sequence[float],
    sleep: Callable[[float], object],
) -> list[Delivery]:
    """Send to every target; those that fail are tried again after each delay in turn."""
    tries = dict.fromkeys(range(len(urls)), 0)
    waiting = list(range(len(urls)))
    for delay in [None, *delays]:
        if delay is not None:
            sleep(delay)
        for n in list(waiting):
            tries[n] += 1
            if _send_once(urls[n], title, body):
                waiting.remove(n)
        if not waiting:
            break
    return [Delivery(mask(url), n not in waiting, tries[n]) for n, url in enumerate(urls)]
