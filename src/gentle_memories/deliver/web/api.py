"""The JSON API: the same decisions as the page, for tools; documented at /api/openapi.json."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel

from gentle_memories.curate.curation import curate_day
from gentle_memories.curate.explain import NotFound, explain
from gentle_memories.curate.memories import MemoryItem
from gentle_memories.curate.rule_input import RuleError, add_rule
from gentle_memories.curate.wording import rule_offer
from gentle_memories.deliver.web import actions
from gentle_memories.deliver.web.media import ITEM_ID
from gentle_memories.deliver.web.render import library, parse_day
from gentle_memories.library.records import Rule

router = APIRouter(prefix="/api", tags=["memories"])


class ItemOut(BaseModel):
    id: str
    taken_at: str | None
    local_date: str | None
    kind: str
    path: str
    caption: str
    people: list[str]
    themes: list[str]
    sensitivity: float


class MemoryOut(BaseModel):
    id: str
    kind: str
    title: str
    decision: Literal["show", "ask", "hold"]
    reasons: list[str]
    items: list[ItemOut]


class DayOut(BaseModel):
    """The same object as `memories today --json`: held memories included, with reasons."""

    date: str
    hard_day: bool
    memories: list[MemoryOut]


class RuleIn(BaseModel):
    action: Literal["hide", "ask", "show", "remember"]
    target: Literal["person", "theme", "dates", "item", "event", "memory"]
    value: str = ""


class RuleOut(BaseModel):
    id: int
    action: str
    target: str
    value: str
    date_from: date | None
    date_to: date | None
    until: date | None
    says: str

    @classmethod
    def of(cls, rule: Rule) -> RuleOut:
        fields = {k: getattr(rule, k) for k in ("id", "action", "target", "value")}
        spans = {k: getattr(rule, k) for k in ("date_from", "date_to", "until")}
        return cls(**fields, **spans, says=rule_offer(rule))


class Explanation(BaseModel):
    id: str
    date: date
    lines: list[str]


def _memory(request: Request, memory_id: str, day: date):
    try:
        return actions.memory_on(library(request), memory_id, day)
    except actions.UnknownMemory:
        raise HTTPException(404, "no memory with this id") from None


@router.get("/today", response_model=DayOut)
def today(request: Request, date: str | None = None) -> dict:
    return curate_day(library(request), parse_day(date)).to_json()


@router.get("/memories/{memory_id}", response_model=MemoryOut)
def memory(request: Request, memory_id: str, date: str | None = None) -> dict:
    """A memory as decided on `date` if that is its anniversary, else on its next one."""
    return _memory(request, memory_id, parse_day(date)).to_json()


@router.get("/memories/{memory_id}/fewer", response_model=list[RuleOut])
def fewer_like_this(request: Request, memory_id: str, date: str | None = None) -> list[RuleOut]:
    """The rules "Fewer like this" offers; POST /api/rules makes one."""
    memory = _memory(request, memory_id, parse_day(date))
    return [RuleOut.of(r) for r in actions.fewer_offers(memory)]


@router.post("/memories/{memory_id}/not-now", response_model=RuleOut)
def not_now(request: Request, memory_id: str, date: str | None = None) -> RuleOut:
    day = parse_day(date)
    _memory(request, memory_id, day)
    return RuleOut.of(actions.not_now(library(request), memory_id, day))


@router.post("/memories/{memory_id}/never", response_model=RuleOut)
def never(request: Request, memory_id: str, date: str | None = None) -> RuleOut:
    _memory(request, memory_id, parse_day(date))
    return RuleOut.of(actions.never(library(request), memory_id))


@router.post("/memories/{memory_id}/release", response_model=MemoryOut)
def release(request: Request, memory_id: str, date: str | None = None) -> dict:
    day = parse_day(date)
    _memory(request, memory_id, day)
    actions.release(library(request), memory_id, day)
    return _memory(request, memory_id, day).to_json()


@router.get("/items/{item_id}", response_model=ItemOut)
def item(request: Request, item_id: str) -> dict:
    lib = library(request)
    found = lib.visible_item(item_id) if ITEM_ID.fullmatch(item_id) else None
    if found is None:
        raise HTTPException(404, "no item with this id")
    return MemoryItem(found, lib.signals_for([found.id]).get(found.id, [])).to_json()


@router.get("/rules", response_model=list[RuleOut])
def rules(request: Request) -> list[RuleOut]:
    return [RuleOut.of(r) for r in library(request).rules()]


@router.post("/rules", response_model=RuleOut, status_code=201)
def make_rule(request: Request, rule: RuleIn) -> RuleOut:
    """Dates take FROM or FROM..TO (YYYY-MM-DD); themes take one of the care model's themes."""
    try:
        made = add_rule(library(request), rule.action, rule.target, rule.value)
    except RuleError as err:
        raise HTTPException(400, str(err)) from None
    return RuleOut.of(made)


@router.delete("/rules/{rule_id}", status_code=204)
def forget_rule(request: Request, rule_id: int) -> None:
    if not library(request).forget_rule(rule_id):
        raise HTTPException(404, "no rule with this id")


@router.get("/explain/{some_id}", response_model=Explanation)
def explain_id(request: Request, some_id: str, date: str | None = None) -> Explanation:
    """Every signal and rule behind an item's or a memory's decision."""
    day = parse_day(date)
    try:
        lines = explain(library(request), some_id, day)
    except NotFound as err:
        raise HTTPException(404, str(err)) from None
    return Explanation(id=some_id, date=day, lines=lines)
