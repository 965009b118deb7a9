"""Who a clause assigns, and in which role, from the words of its responsibility text.

The forms read: （X负责）, （X、Y等部门分工负责）, （X指导督促落实）, （X牵头，Y、Z配合）,
牵头单位：X；责任单位：Y、Z（；配合单位：W）, and a rule stated once for the clauses after it
(以下均需各乡镇人民政府负责，不再一一列出). Every unit is a name as the text writes it; what
kind of unit it is, and its id and short name, are inferred (`units_for`) and marked so.
"""

from __future__ import annotations

import re
from dataclasses import field

from .. import models
from ..records import record

# Role words, longest first: 分工负责 also ends in 负责.
_ROLE_AT_END = re.compile(r"(分工负责|指导督促落实|负责)$")
_LEAD = re.compile(r"^(.+?)牵头(?:负责)?[，,、]?(?:(.+?)(?:等部门|等单位)?配合)?$")
_WITH_ASSISTING = re.compile(r"^(.+?)(?:等部门|等单位)?(分工负责|负责)[，,](.+?)(?:等部门|等单位)?配合$")
_PART_LINE = re.compile(r"(牵头|责任|配合)(?:单位|部门)[：:]([^；;。]+)")
_RULE = re.compile(r"以下均需(.+?)(分工负责|指导督促落实|负责)，不再一一列出")
_OPEN = re.compile(r"等(?:部门|单位|有关部门)$")
# Where a list's 和 starts a new name (not 住房和城乡建设局): a name begins so.
_NAME_START = "县市区省乡镇各有"
_PARTS_KEYS = {"牵头": "lead", "责任": "responsible", "配合": "assisting"}


@record(frozen=True)
class RuleDraft:
    quote: str
    unit: str  # a unit's name
    role: str


@record(frozen=True)
class ResponsibilityDraft:
    quote: str  # the line (its first sentence), verbatim
    role: str
    names: list[str]  # every unit named, in the text's order
    open: bool = False
    lead: list[str] = field(default_factory=list)
    assisting: list[str] = field(default_factory=list)
    rule: RuleDraft | None = None
    form: str = ""  # which form was read, for --explain


def split_names(text: str) -> list[str]:
    """The unit names of a list: 、，, separate them; 和/及 only where a new name starts."""
    names: list[str] = []
    for piece in re.split(r"[、，,]", text):
        names += [p for p in re.split(rf"(?:和|及|以及)(?=[{_NAME_START}])", piece) if p]
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))  # a name listed twice is one unit


def read_responsibility(text: str) -> ResponsibilityDraft | None:
    """The responsibility a clause's text states, or None when it states none."""
    if not text:
        return None
    line, _, rest = text.partition("。")
    rule = None
    if m := _RULE.search(rest):
        names = split_names(m.group(1))
        if len(names) == 1:
            rule = RuleDraft(m.group(0), names[0], m.group(2))
    parts = _PART_LINE.findall(line)
    if parts and not any(word == "牵头" for word, _ in parts) and not any(word == "配合" for word, _ in parts):
        names = split_names("、".join(n.strip() for _, n in parts))
        return ResponsibilityDraft(line, "负责", names, "等部门" in line, rule=rule, form="part_lines")
    if parts:
        by_part: dict[str, list[str]] = {"lead": [], "responsible": [], "assisting": []}
        for word, names_text in parts:
            by_part[_PARTS_KEYS[word]] += split_names(names_text.strip())
        names = list(dict.fromkeys(by_part["lead"] + by_part["responsible"] + by_part["assisting"]))
        role = "牵头" if by_part["lead"] else "负责"
        return ResponsibilityDraft(line, role, names, "等部门" in line, by_part["lead"], by_part["assisting"], rule, "part_lines")
    if m := _LEAD.match(line):
        lead = split_names(m.group(1))
        assisting = split_names(m.group(2)) if m.group(2) else []
        return ResponsibilityDraft(line, "牵头", list(dict.fromkeys(lead + assisting)), "等部门" in line, lead, assisting, rule, "lead_assist")
    if m := _WITH_ASSISTING.match(line):
        responsible, assisting = split_names(m.group(1)), split_names(m.group(3))
        names = list(dict.fromkeys(responsible + assisting))
        return ResponsibilityDraft(line, m.group(2), names, "等部门" in line, assisting=assisting, rule=rule, form="with_assisting")
    if m := _ROLE_AT_END.search(line):
        listed = line[: m.start()]
        is_open = bool(_OPEN.search(listed))
        listed = _OPEN.sub("", listed)
        return ResponsibilityDraft(line, m.group(1), split_names(listed), is_open, rule=rule, form="role_word")
    return None


# ── the units: kinds, ids, short names ──

_COLLECTIVE = re.compile(r"^各")
_GROUP = re.compile(r"有关|成员单位|的部门$|各部门$")
_BODY = re.compile(r"人民政府$|委员会$|安委会$|政府$")
_LEVEL_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}?[县市区](?=[\u4e00-\u9fff]{2}))?[县市区]?")


def unit_kind(name: str, *, issuer: bool = False) -> str:
    if issuer:
        return "body"
    if _COLLECTIVE.match(name):
        return "collective"
    if _GROUP.search(name):
        return "group"
    if _BODY.search(name):
        return "body"
    return "department"


def short_name(name: str) -> str:
    """县应急局 → 应急局; a name with nothing to drop is its own short name."""
    if _COLLECTIVE.match(name):
        return name
    short = re.sub(r"^[县市区](?=[\u4e00-\u9fff]{2})", "", name)
    return short or name


def pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name: 应急局 → (yingjiju, yjj)."""
    from pypinyin import Style, lazy_pinyin

    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s.isascii() and s.isalpha()]
    return "".join(syllables).lower(), "".join(s[0] for s in syllables).lower()


_ID_MAX = 16  # a longer pinyin id (各乡镇人民政府) is written as its initials (gxzrmzf)


def unit_id(name: str, taken: set[str]) -> str:
    """A stable id: the pinyin of the short name without a final 局 (县应急局 → yingji), or of
    a long name its initials; made unique."""
    core = re.sub(r"(?<=[\u4e00-\u9fff]{2})局$", "", short_name(name))
    full, initials = pinyin(core)
    base = (full if len(full) <= _ID_MAX else initials) or "unit"
    base = re.sub(r"[^a-z0-9_]", "", base)[:60] or "unit"
    if not base[0].isalpha():
        base = "u" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    return candidate


@record
class UnitRegistry:
    """The units a draft found, by name, in the order first named."""

    units: dict[str, models.Unit] = field(default_factory=dict)  # name → unit

    def add(self, name: str, *, issuer: bool = False) -> str:
        if name in self.units:
            return self.units[name].id
        taken = {u.id for u in self.units.values()}
        uid = unit_id(name, taken)
        short = short_name(name)
        if any(short in (u.name, u.short) for u in self.units.values()):
            short = name
        # The short name's full pinyin and its initials, whichever the id is not (anquan dept
        # finds a unit by either): yingji → [yingjiju, yjj]; gxzrmzf → [gexiangzhenrenminzhengfu].
        used = {a for u in self.units.values() for a in (u.id, u.name, u.short, *u.aliases)}
        aliases = [form for form in dict.fromkeys(pinyin(short)) if form and form != uid and form not in used]
        kind = unit_kind(name, issuer=issuer)
        reason = "draft_review_unit"
        self.units[name] = models.Unit(
            id=uid,
            name=name,
            short=short,
            aliases=aliases,
            kind=kind,  # type: ignore[arg-type]
            in_notice=True,
            review=models.Review(fields=["id", "short", "aliases", "kind"], reason=_reason(reason, kind=kind)),
        )
        return uid

    def id_of(self, name: str) -> str:
        return self.units[name].id


def _reason(key: str, **fields: object) -> str:
    from ..labels import message

    return message(key, **fields)


def names_of(name: str) -> list[str]:
    """A unit's name as a county's own files may write it: as it is, and with the county's name
    dropped (陵川县安全生产委员会办公室 → 县安全生产委员会办公室, the way departments.yaml writes it)."""
    local = re.match(r"^[\u4e00-\u9fff]{2,4}?(县.{2,})$", name)
    return [name, local.group(1)] if local else [name]
