"""A person's decisions as a file they can carry: `memories rules --export FILE` and
`--import FILE`, to move them to a new machine or a new library.

The file is JSON: the user's rules, each as it is said and by its parts, and, to read, their
own settings (no password; they are not imported: each has its own command). Importing
checks every rule as one typed would be (rule_input.py) before anything is written; a rule
already there is not added twice. An event's number belongs to one library: a rule on an
event this library lacks is left out, and said so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from gentle_memories.curate.rule_input import RuleError, checked_value
from gentle_memories.library import Library
from gentle_memories.library.decisions import rule_json
from gentle_memories.library.records import ACTIONS, TARGETS

KIND = "gentle-memories rules"
VERSION = 1


@dataclass(frozen=True)
class Imported:
    added: int
    already: int
    left_out: list[str]
    """Rules not brought in, each as it is said."""


def export_rules(library: Library) -> dict:
    rules = [rule_json(r) for r in library.rules()]
    settings = library.user_settings()
    return {
        "kind": KIND,
        "version": VERSION,
        "user": library.user.name,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rules": rules,
        "settings": settings,
    }


def write_rules(library: Library, file: Path) -> int:
    data = export_rules(library)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    Path(file).write_text(text, encoding="utf-8")
    return len(data["rules"])


def read_rules(file: Path) -> dict:
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(f"there is no file {file}") from None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise RuleError(f"{file} is not a rules file (JSON): {err}") from None
    if isinstance(data, dict) and "users" in data and "rules" not in data:
        raise RuleError(f"{file} holds a whole library's decisions: `memories restore` takes it")
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{file} is not a rules file (`memories rules --export` writes one)")
    if data.get("version", VERSION) > VERSION:
        raise RuleError(f"{file} is from a newer Gentle Memories; upgrade to import it")
    return data


def _date(entry: dict, key: str, required: bool) -> date | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RuleError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def checked(library: Library, entry: dict) -> dict | None:
    """add_rule's arguments for one rule of a file; None: a rule on an event not here."""
    if not isinstance(entry, dict):
        raise RuleError("a rule is an object with action, target and value")
    action, target = entry.get("action"), entry.get("target")
    if action not in ACTIONS:
        raise RuleError(f"{action!r} is not an action; actions: {', '.join(ACTIONS)}")
    if target not in TARGETS:
        raise RuleError(f"{target!r} is not a target; targets: {', '.join(TARGETS)}")
    value = entry.get("value") or ""
    if not isinstance(value, str):
        raise RuleError(f"the value of a rule on a {target} is words")
    rule: dict = {"action": action, "target": target, "value": ""}
    if isinstance(entry.get("created_at"), str):
        rule["created_at"] = entry["created_at"]
    if action == "snooze":
        if target not in ("item", "memory"):
            raise RuleError("snooze takes an item or a memory")
        rule["until"] = _date(entry, "until", required=True)
    if target == "dates":
        start, end = _date(entry, "from", True), _date(entry, "to", False)
        end = end or start
        rule.update(date_from=min(start, end), date_to=max(start, end))
        if action not in ("hide", "ask", "show", "remember"):
            raise RuleError(f"{action} does not take dates")
        return rule
    if target == "event" and not (value.isdigit() and library.event(int(value))):
        return None
    rule["value"] = checked_value(library, action, target, value, item_here=False)
    return rule


def _key(rule: dict) -> tuple:
    def day(d):
        return d.isoformat() if isinstance(d, date) else d

    return (
        rule["action"],
        rule["target"],
        rule.get("value") or "",
        day(rule.get("date_from")),
        day(rule.get("date_to")),
        day(rule.get("until")),
    )


def import_rules(library: Library, data: dict) -> Imported:
    """Every rule of the file checked first; then those not there yet are added."""
    wanted, left_out = [], []
    for n, entry in enumerate(data["rules"], 1):
        try:
            rule = checked(library, entry)
        except RuleError as err:
            said = entry.get("said") if isinstance(entry, dict) else None
            which = f"rule {n} ({said})" if said else f"rule {n}"
            raise RuleError(f"{which}: {err}; nothing imported") from None
        if rule is None:
            left_out.append(str(entry.get("said") or f"{entry['action']} event {entry['value']}"))
        else:
            wanted.append(rule)
    have = {
        _key(
            {
                "action": r.action,
                "target": r.target,
                "value": r.value,
                "date_from": r.date_from,
                "date_to": r.date_to,
                "until": r.until,
            }
        )
        for r in library.rules()
    }
    new, seen = [], set(have)
    for rule in wanted:
        if _key(rule) not in seen:
            seen.add(_key(rule))
            new.append(rule)
    added = library.add_rules(new)
    return Imported(added, len(wanted) - len(new), left_out)
