"""Fixtures for the source tests."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def berlin_computer(monkeypatch):
    """This computer's time zone is Berlin's, for tests whose times depend on it."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
