"""Verified SQL with slots. ``{kind}`` or ``{kind:arg}`` is a slot; ``[[ ... ]]`` is an optional segment,
dropped when a slot inside it has no value. Slot kinds:

- ``{window:column}``: the question's time window as a predicate on ``column``
- ``{n}`` / ``{n:10}``: a count ("top 5"), with an optional default
- ``{status:vocabulary}``: a status, e.g. ``{status:task_status}``, checked against that vocabulary
- ``{agent}``: an agent name; ``{type}``: a deliverable type; both checked against the vocabulary

A slot outside an optional segment, without a default, is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..errors import error
from .slots import Slots, sql_string

SLOT = re.compile(r"\{(window|n|status|agent|type)(?::([\w.]+))?\}")
_OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)
MAX_N = 1000


class SlotMismatch(Exception):
    """A value the question carries does not fit this template (not in the vocabulary, out of range)."""


@dataclass(frozen=True)
class Template:
    sql: str

    @cached_property
    def kinds(self) -> frozenset[str]:
        return frozenset(m.group(1) for m in SLOT.finditer(self.sql))

    @cached_property
    def required(self) -> frozenset[str]:
        outside = _OPTIONAL.sub("", self.sql)
        return frozenset(m.group(1) for m in SLOT.finditer(outside) if not (m.group(1) == "n" and m.group(2)))

    def chosen_status(self, slots: Slots, vocabulary: dict[str, frozenset[str]]) -> str | None:
        """The status value rendering uses: the question's first candidate the status vocabulary holds
        ("running" asked of tasks is "in_progress")."""
        match = next((m for m in SLOT.finditer(self.sql) if m.group(1) == "status"), None)
        if match is None or not slots.statuses:
            return None
        allowed = vocabulary.get(match.group(2) or "", frozenset())
        return next((value for value in slots.statuses[0] if value in allowed), None)

    def render(self, slots: Slots, vocabulary: dict[str, frozenset[str]]) -> str:
        def segment(match: re.Match[str]) -> str:
            body = match.group(1)
            if all(_value_present(m, slots) for m in SLOT.finditer(body)):
                return SLOT.sub(lambda m: _render_slot(m, slots, vocabulary), body)
            return ""

        with_optional = _OPTIONAL.sub(segment, self.sql)
        missing = [m.group(0) for m in SLOT.finditer(with_optional) if not _value_present(m, slots)]
        if missing:
            raise SlotMismatch(f"the question gives no value for {', '.join(missing)}")
        return SLOT.sub(lambda m: _render_slot(m, slots, vocabulary), with_optional)


def _value_present(match: re.Match[str], slots: Slots) -> bool:
    kind, arg = match.group(1), match.group(2)
    return {"window": slots.window is not None, "n": slots.n is not None or bool(arg), "status": bool(slots.statuses),
            "agent": bool(slots.agents), "type": bool(slots.types)}[kind]


def _render_slot(match: re.Match[str], slots: Slots, vocabulary: dict[str, frozenset[str]]) -> str:
    kind, arg = match.group(1), match.group(2)
    if kind == "window":
        assert slots.window is not None and arg
        return slots.window.predicate(arg)
    if kind == "n":
        count = slots.n if slots.n is not None else int(arg or 0)
        if not 1 <= count <= MAX_N:
            raise SlotMismatch(f"a count of {count} is outside 1..{MAX_N}")
        return str(count)
    if kind == "status":
        allowed = vocabulary.get(arg or "", frozenset())
        choice = next((value for value in slots.statuses[0] if value in allowed), None)
        if choice is None:
            raise SlotMismatch(f"status {slots.statuses[0][0]!r} is not one of {', '.join(sorted(allowed))}")
        return sql_string(choice)
    values, vocab_kind = (slots.agents, "agent") if kind == "agent" else (slots.types, "deliverable_type")
    if values[0] not in vocabulary.get(vocab_kind, frozenset()):
        raise SlotMismatch(f"{values[0]!r} is not a known {vocab_kind.replace('_', ' ')}")
    return sql_string(values[0])


def check_template(sql: str, where: str) -> Template:
    """A template whose slots are all well formed."""
    for match in re.finditer(r"\{[^}]*\}", _OPTIONAL.sub(r"\1", sql)):
        if not SLOT.fullmatch(match.group(0)):
            raise error("library_invalid", f"{where}: {match.group(0)} is not a slot (window:col, n, n:default, "
                                           "status:vocabulary, agent, type).")
    for match in SLOT.finditer(sql):
        if match.group(1) in ("window", "status") and not match.group(2):
            raise error("library_invalid", f"{where}: {match.group(0)} needs an argument, e.g. "
                                           "{window:t.created_at} or {status:task_status}.")
    return Template(sql)
