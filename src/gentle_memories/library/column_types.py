"""How a value the database has no type for is kept: JSON in a text column.

Dates and times are the database's own types (Date, DateTime); a time's UTC offset is
kept beside it (items.utc_offset), so one column never mixes aware and naive times."""

from __future__ import annotations

import json

from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


class Json(TypeDecorator):
    """A JSON value in a text column, read and written the same way by every query."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return json.dumps(value, ensure_ascii=False)  # None too: JSON's null, never SQL's

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return [] if value == "[]" else json.loads(value)  # most lists are empty
