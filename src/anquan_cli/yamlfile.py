"""Reading YAML data files safely, keeping where every value stands.

PyYAML's composer gives nodes with marks; we build plain Python data from them ourselves so
that duplicate keys, aliases and foreign tags are errors (PyYAML would silently overwrite,
expand or construct them) and so that every value's position can be reported later.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import labels
from .errors import DataError, Problem, clip
from .labels import language, message
from .records import record
from .textfile import MAX_CATALOGUE_BYTES, MAX_FILE_BYTES, MAX_NESTING_DEPTH, display_name, read_text

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = [
    "MAX_CATALOGUE_BYTES",
    "MAX_CATALOGUE_ITEMS",
    "MAX_FILE_BYTES",
    "MAX_NESTING_DEPTH",
    "YamlDocument",
    "display_name",
    "load_yaml",
    "parse_yaml",
    "read_text",
    "validation_problems",
]

try:  # libyaml's parser is much faster; the pure-Python one gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Key = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@record
class YamlDocument:
    file: str  # the name to show in messages
    data: Any
    value_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    # The composed nodes, while the marks above are not worked out: a file without a problem
    # never needs them, and working them out costs several times what building the data does.
    nodes: yaml.Node | None = None

    def position(self, path: Iterable[str | int], *, key: bool = False) -> tuple[int, int]:
        """The (line, column) of the value at `path`, or of its nearest located ancestor."""
        if self.nodes is not None:
            builder = _Builder(self.file)
            builder.build(self.nodes, ())
            self.value_marks, self.key_marks, self.nodes = builder.value_marks, builder.key_marks, None
        parts = tuple(path)
        if key and parts in self.key_marks:
            return self.key_marks[parts]
        while parts:
            if parts in self.value_marks:
                return self.value_marks[parts]
            parts = parts[:-1]
        return self.value_marks.get((), (1, 1))

    def problem(self, path: Iterable[str | int], message: str, *, key: bool = False) -> Problem:
        parts = tuple(path)
        line, column = self.position(parts, key=key)
        return Problem(self.file, line, column, format_path(parts), message)


def format_path(parts: Iterable[str | int]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def parse_yaml(text: str, shown: str) -> YamlDocument:
    """Parse one YAML document into plain data with positions; any problem raises DataError."""
    try:
        root = yaml.compose(text, Loader=_resolving_once(_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and exc.context and "flow" in exc.context:
            mark = exc.context_mark  # an unclosed [ or {: the parser notices at the end, the mistake is where it opened
        detail = " ".join(part for part in (exc.context, exc.problem) if part) or message("yaml_invalid")
        if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            # libyaml's own wording does not even name the character
            detail = message("yaml_tab")
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise DataError([Problem(shown, line, column, "", message("yaml_syntax", detail=detail))]) from None
    except yaml.reader.ReaderError as exc:
        # a character YAML does not allow (a control character, U+FFFE): PyYAML names a
        # character offset on a second line; say where it is, on one
        at = _character_offset(text, exc.position)
        line, column = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        bad = message("yaml_bad_char", code=exc.character) if isinstance(exc.character, int) else message("yaml_bad_char_unknown")
        raise DataError([Problem(shown, line, column, "", message("yaml_syntax", detail=bad))]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(shown, 0, 0, "", message("yaml_syntax", detail=exc))]) from None
    except RecursionError:  # pragma: no cover - only PyYAML's pure-Python composer recurses
        raise DataError([Problem(shown, 0, 0, "", labels.message("nesting_too_deep", limit=MAX_NESTING_DEPTH))]) from None
    if root is None:
        raise DataError([Problem(shown, 1, 1, "", message("yaml_empty"))])
    try:
        # without an anchor (&) there is no alias, so no node is met twice
        doc = YamlDocument(shown, _plain_data(root, 0), nodes=root) if "&" not in text else None
    except _NotPlain:
        doc = None
    if doc is None:
        builder = _Builder(shown)
        data = builder.build(root, ())
        if builder.aliased:
            builder.problems.extend(_alias_problems(text, shown))
        if builder.problems:
            raise DataError(builder.problems)
        doc = YamlDocument(shown, data, builder.value_marks, builder.key_marks)
    data = doc.data
    if not isinstance(data, dict):
        raise DataError([doc.problem((), message("yaml_top_level", kind=_kind(data)))])
    return doc


@functools.cache
def _resolving_once(loader: type[Any]) -> type[Any]:
    """`loader`, resolving each plain scalar's tag once per file: the composer asks for every
    scalar (340,000 of them in a catalogue of 20,000 tasks), and a plain one's tag depends only
    on its text when no path resolver is registered (none is), and a quoted one's, a mapping's
    and a sequence's are the defaults then. A third of the time to compose."""

    scalar, mapping = yaml.ScalarNode, yaml.MappingNode

    class ResolvingOnce(loader):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._plain_tags: dict[str, str] = {}

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
            if self.yaml_path_resolvers:
                found: str = super().resolve(kind, value, implicit)
                return found
            if kind is not scalar:  # as BaseResolver.resolve answers without path resolvers
                return _MAP_TAG if kind is mapping else _SEQ_TAG
            if not implicit[0]:  # quoted
                return _STR_TAG
            tag = self._plain_tags.get(value)
            if tag is None:
                tag = self._plain_tags[value] = super().resolve(kind, value, implicit)
            return tag

    return ResolvingOnce


def _character_offset(text: str, position: int) -> int:
    """libyaml counts a reader error's position in bytes of UTF-8, PyYAML's own reader in characters."""
    if _Loader.__name__.startswith("C"):
        position = len(text.encode("utf-8")[: max(0, position)].decode("utf-8", errors="ignore"))
    return max(0, min(position, len(text)))


def _alias_problems(text: str, shown: str) -> list[Problem]:
    """One problem at each `*name`: composed nodes only keep the position of the anchor."""
    return [
        Problem(shown, event.start_mark.line + 1, event.start_mark.column + 1, "", message("yaml_alias"))
        for event in yaml.parse(text, Loader=_Loader)
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None
    ]


# Keys and list items a catalogue file may hold, as `item_count` estimates them: building each
# one costs microseconds and hundreds of bytes, so a file of tiny ones (`x1: 1, x2: 1, …`) costs
# many times what a real file of its size does. The largest real catalogue (50,000 tasks,
# benchmarks/make_workspace.py) has about 560,000; a test keeps it under half of this.
MAX_CATALOGUE_ITEMS = 1_500_000


def item_count(text: str) -> int:
    """An estimate of the keys and list items in a YAML text, by their marks (`:`, `,`, `- `,
    `[`, `{`): a few fast passes over the text, before any parsing."""
    return sum(text.count(mark) for mark in (":", ",", "- ", "[", "{"))


def load_yaml(path: Path) -> YamlDocument:
    """A catalogue file (tasks.yaml, departments.yaml), refused over MAX_CATALOGUE_BYTES before
    it is read, and over MAX_CATALOGUE_ITEMS before it is parsed."""
    shown = display_name(path)
    text = read_text(path, shown, MAX_CATALOGUE_BYTES)
    items = item_count(text)
    if items > MAX_CATALOGUE_ITEMS:
        raise DataError([Problem(shown, 0, 0, "", labels.message("too_many_items", n=items, limit=MAX_CATALOGUE_ITEMS))])
    return parse_yaml(text, shown)


def _kind(value: Any) -> str:
    kinds = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true/false", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


class _NotPlain(Exception):
    """A node `_plain_data` leaves to `_Builder`, which says what is wrong with it."""


_MERGE_TAG = "tag:yaml.org,2002:merge"
# What PyYAML's scalar constructors raise on a text their tag does not fit: besides ValueError,
# `!!bool foo` a KeyError, `!!timestamp foo` an AttributeError, `!!int ""` an IndexError
_UNCONSTRUCTIBLE = (ValueError, OverflowError, LookupError, AttributeError, yaml.YAMLError)
_SAFE = yaml.SafeLoader("")  # constructs plain scalars: numbers, booleans, null, days


def _plain_scalar(node: yaml.Node) -> Any:
    """The value of a scalar of a plain tag (a number, true/false, null, a day) as PyYAML's safe
    loader constructs it; the text itself when it cannot be constructed (an impossible day such
    as 2025-02-30, `!!bool foo`), so that validation reports it against its field, located."""
    try:  # the tag's constructor itself: construct_object would keep every node it met
        return _SAFE.yaml_constructors[node.tag](_SAFE, node)
    except _UNCONSTRUCTIBLE:
        return node.value


def _plain_data(node: yaml.Node, depth: int) -> Any:
    """The data `_Builder` builds from `node` when it finds no problem, without the marks; any
    node it would report on raises _NotPlain. Aliases must be ruled out by the caller."""
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _STR_TAG:
            return node.value
        if tag not in _PLAIN_TAGS:
            raise _NotPlain
        return _plain_scalar(node)
    if depth >= MAX_NESTING_DEPTH:
        raise _NotPlain
    # A text (most values) is taken here rather than in a call of its own: a catalogue of
    # 20,000 tasks holds 275,000 of them.
    scalar = yaml.ScalarNode
    if tag == _SEQ_TAG and isinstance(node, yaml.SequenceNode):
        return [item.value if item.__class__ is scalar and item.tag == _STR_TAG else _plain_data(item, depth + 1) for item in node.value]
    if tag != _MAP_TAG or not isinstance(node, yaml.MappingNode):
        raise _NotPlain
    result = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, scalar) or key_node.tag == _MERGE_TAG:
            raise _NotPlain
        if value_node.__class__ is scalar and value_node.tag == _STR_TAG:
            result[str(key_node.value)] = value_node.value
        else:
            result[str(key_node.value)] = _plain_data(value_node, depth + 1)
    if len(result) != len(node.value):  # a key twice
        raise _NotPlain
    return result


class _Builder:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []
        self.value_marks: dict[Key, tuple[int, int]] = {}
        self.key_marks: dict[Key, tuple[int, int]] = {}
        self._seen: set[int] = set()
        self.aliased = False  # an alias was met: `_alias_problems` locates each one

    def _problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.shown, node.start_mark.line + 1, node.start_mark.column + 1, "", message))

    def build(self, node: yaml.Node, path: Key) -> Any:
        # An alias is the very node its anchor named: refusing a second visit refuses aliases
        # and so bounds expansion ("billion laughs") to the size of the file.
        if id(node) in self._seen:
            self.aliased = True
            return None
        self._seen.add(id(node))
        self.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if len(path) >= MAX_NESTING_DEPTH and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self._problem(node, labels.message("nesting_too_deep", limit=MAX_NESTING_DEPTH))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                self._problem(node, message("yaml_tag", tag=node.tag))
                return None
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Key) -> dict[str, Any]:
        if node.tag != _MAP_TAG:
            self._problem(node, message("yaml_tag", tag=node.tag))
            return {}
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, message("yaml_plain_key"))
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_seen:
                self._problem(key_node, message("yaml_duplicate_key", name=clip(key), line=first_seen[key]))
                continue
            first_seen[key] = line
            key_path = (*path, key)
            self.key_marks[key_path] = (line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:  # most values: the text is the value
            return node.value
        if node.tag not in _PLAIN_TAGS:
            self._problem(node, message("yaml_tag", tag=node.tag))
            return None
        return _plain_scalar(node)


# pydantic's error type for a field the model does not have (models are dataclasses)
_UNKNOWN_FIELD = ("unexpected_keyword_argument", "extra_forbidden")


def validation_problems(doc: YamlDocument, exc: ValidationError, prefix: Key = ()) -> list[Problem]:
    """Turn pydantic's errors into located problems, one per error."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = (*prefix, *(part for part in error["loc"] if isinstance(part, (str, int))))
        problems.append(doc.problem(loc, _message(error), key=error["type"] in _UNKNOWN_FIELD))
    return problems


def _message(error: Any) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind in _UNKNOWN_FIELD:
        return message("field_unknown")
    if kind == "missing":
        return message("field_missing")
    if kind.startswith("date"):
        return message("field_date", value=clip(str(value)))
    if kind in _EXPECTED_TYPE and language() == "zh":  # English keeps pydantic's own words
        return message("field_type", expected=message(_EXPECTED_TYPE[kind]), value=_clipped(value))
    if kind == "literal_error" and language() == "zh":
        return message("field_choice", expected=error.get("ctx", {}).get("expected", ""), value=_clipped(value))
    if kind in _LIMITS and language() == "zh":  # English keeps pydantic's own words
        return _limit_message(kind, error.get("ctx", {}), value)
    msg = str(error["msg"])  # pydantic's own words: English, kept as the detail
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return message("field_invalid_got", detail=msg, value=_clipped(value))
    return message("field_invalid", detail=msg)


# pydantic's error types for a value outside a field's limits: worded here in Chinese
_LIMITS = ("string_pattern_mismatch", "string_too_short", "string_too_long", "too_short", "greater_than_equal", "less_than_equal")


def _limit_message(kind: str, ctx: dict[str, Any], value: object) -> str:
    from .models import PATTERN_SHAPES  # the ids' shapes, by name

    if kind == "string_pattern_mismatch":
        shape = PATTERN_SHAPES.get(str(ctx.get("pattern", "")))
        return message("field_shape", shape=message(shape) if shape else message("shape_pattern", pattern=ctx.get("pattern", "")), value=_clipped(value))
    if kind == "string_too_short":
        return message("field_empty")
    if kind == "string_too_long":
        return message("field_too_long", n=ctx.get("max_length", ""), value=_clipped(value))
    if kind == "too_short":
        return message("field_too_few", n=ctx.get("min_length", ""))
    bound = ctx.get("ge" if kind == "greater_than_equal" else "le", "")
    return message("field_at_least" if kind == "greater_than_equal" else "field_at_most", bound=bound, value=_clipped(value))


# pydantic's error types that say which type a field wanted
_EXPECTED_TYPE = {
    "string_type": "type_string",
    "int_type": "type_int",
    "int_parsing": "type_int",
    "int_from_float": "type_int",
    "bool_type": "type_bool",
    "bool_parsing": "type_bool",
    "list_type": "type_list",
    "dict_type": "type_mapping",
    "dataclass_type": "type_mapping",
}


def _clipped(value: object) -> object:
    """A value quoted in a message, cut to a bounded length (a 50 MB value is not echoed whole)."""
    return clip(value) if isinstance(value, str) else value
