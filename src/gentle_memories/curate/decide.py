"""One candidate, of any kind, becomes a memory with one decision and its reasons."""

from __future__ import annotations

from gentle_memories.curate import policy, wording
from gentle_memories.curate.context import DayContext
from gentle_memories.curate.kinds.base import Candidate
from gentle_memories.curate.memories import Memory


def memory(candidate: Candidate, context: DayContext, on_hard_day: bool = False) -> Memory:
    """The candidate as the policy decides it, from its evidence and the person's rules;
    on a hard day, a memory of another kind than the day's own is held."""
    rules, limits = context.rules, context.limits
    mid = str(candidate.id)
    named = candidate.named
    set_aside = [(i, "you chose to hide this item") for i in named if i.id in context.hidden]
    shown_items = {r.value for r in rules if r.target == "item" and r.action == "show"}
    everything_shown = candidate.item_count <= len([i for i in named if i.id in shown_items])
    evidence = [s for s in candidate.own if s.item_id not in shown_items]
    if not everything_shown:
        evidence += candidate.around
    automatic = policy.automatic_concerns(evidence, limits)
    themes = {s.theme for s in evidence if s.theme != "unspecified"}
    from_rules = policy.rule_concerns(
        rules,
        {i.id for i in named},
        mid,
        candidate.dates,
        candidate.people,
        themes,
        candidate.events,
    )
    if not candidate.item_count:
        from_rules.append(policy.Concern("hold", "you chose to hide every item of it"))
    if on_hard_day:
        from_rules.append(policy.Concern("hold", wording.HARD_DAY_HOLD))
    outcome = policy.decide(automatic, from_rules, candidate.id.kind)
    reasons = [
        wording.PREFIX[c.verdict] + c.reason for c in outcome.concerns if c.verdict != "show"
    ]
    if outcome.verdict == "show":
        reasons = [candidate.about, *reasons]
        reasons += [c.reason for c in outcome.concerns if c.verdict == "show"]
    return Memory(
        id=mid,
        kind=outcome.kind,
        source_date=min(candidate.dates),
        last_date=max(candidate.dates),
        years_ago=context.day.year - candidate.year,
        title=wording.title(
            candidate.title, candidate.when, outcome.verdict, outcome.kind, outcome.remembered
        ),
        decision=outcome.verdict,
        reasons=list(dict.fromkeys(reasons)),
        items=candidate.members,
        item_count=candidate.item_count,
        concerns=outcome.concerns,
        set_aside=set_aside,
    )
