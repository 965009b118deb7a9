"""Finding a unit from what people type: id, full or short name, alias, pinyin
(yingjiju), pinyin initials (yjj) or a unique part of a name. Never a silent guess."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from .errors import UsageError
from .labels import message
from .models import Unit


def _pinyin_forms(name: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin  # imported here: only pinyin look-ups pay for it

    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    return "".join(syllables).lower(), "".join(s[0] for s in syllables if s).lower()


class UnitIndex:
    def __init__(self, units: Iterable[Unit]) -> None:
        self.units = {u.id: u for u in units}

    def _names(self, unit: Unit) -> list[str]:
        return [unit.id, unit.name, unit.short, *unit.aliases]

    @cached_property
    def _pinyin(self) -> dict[str, set[str]]:
        """Each unit's full pinyin and initials, of its name, short name and aliases."""
        forms: dict[str, set[str]] = {}
        for unit in self.units.values():
            keys: set[str] = set()
            for name in [unit.name, unit.short, *unit.aliases]:
                keys.update(_pinyin_forms(name))
            forms[unit.id] = keys
        return forms

    def resolve(self, text: str) -> str:
        """The id of the one unit `text` names; UsageError when none or several match."""
        query = text.strip()
        folded = query.lower()
        if not query:
            raise UsageError(message("unit_empty"))
        exact = [u.id for u in self.units.values() if query in self._names(u) or folded == u.id]
        if len(exact) == 1:
            return exact[0]
        if not exact and folded.isascii():
            exact = [uid for uid, forms in self._pinyin.items() if folded in forms]
            if len(exact) == 1:
                return exact[0]
        if len(exact) > 1:
            raise self._ambiguous(query, exact)
        partial = [u.id for u in self.units.values() if any(folded in n.lower() for n in self._names(u))]
        if not partial and folded.isascii():
            partial = [uid for uid, forms in self._pinyin.items() if any(f.startswith(folded) for f in forms)]
        if len(partial) == 1:
            return partial[0]
        if partial:
            raise self._ambiguous(query, partial)
        raise self._unknown(query)

    def label(self, unit_id: str) -> str:
        unit = self.units[unit_id]
        return f"{unit.name} ({unit.id})"

    def _ambiguous(self, query: str, ids: list[str]) -> UsageError:
        shown = ", ".join(self.label(i) for i in ids)
        return UsageError(message("unit_ambiguous", query=query, shown=shown))

    def _unknown(self, query: str) -> UsageError:
        names = [n for u in self.units.values() for n in (u.name, u.id)]
        import difflib

        close = difflib.get_close_matches(query, names, n=4, cutoff=0.5)
        hint = message("unit_hint_close", names=", ".join(close)) if close else message("unit_hint_list")
        return UsageError(message("unit_unknown", query=query, hint=hint))
