"""`pattern`: a regular expression compiled when it is first used, not when its module is imported.

The modules every command imports hold some thirty expressions (dates, the notice's layout, the
renderer's), most of which a given command never uses; compiling them all cost a few
milliseconds of each start. A `LazyPattern` compiles on first use and then hands out the compiled
pattern's own methods, so a hot loop pays nothing for the laziness.
"""

from __future__ import annotations

import re
from typing import Any, cast


class LazyPattern:
    """`re.compile(regex, flags)`, done at the first attribute asked for (`match`, `sub` …)."""

    def __init__(self, regex: str, flags: int = 0) -> None:
        self._source = (regex, flags)

    def __getattr__(self, name: str) -> Any:  # only for what is not set yet: the first use of each
        found = getattr(self.compiled, name)
        if callable(found):
            self.__dict__[name] = found  # the compiled pattern's bound method, looked up directly from now on
        return found

    @property
    def compiled(self) -> re.Pattern[str]:
        found: re.Pattern[str] | None = self.__dict__.get("_compiled")
        if found is None:
            found = self.__dict__["_compiled"] = re.compile(*self._source)
        return found


def pattern(regex: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern that compiles at its first use; typed as the compiled pattern it stands for."""
    return cast("re.Pattern[str]", LazyPattern(regex, flags))  # it answers every attribute of re.Pattern
