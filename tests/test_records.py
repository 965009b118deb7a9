"""`records.record` makes the classes `dataclasses.dataclass` makes: each case below is defined
both ways and must behave the same."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from anquan_cli import records
from anquan_cli.records import record


def _pair(**options: Any) -> Callable[[type], tuple[type, type]]:
    """The body made a dataclass and a record, both named at this module's top (so they pickle)."""

    def make(body: type) -> tuple[type, type]:
        namespace = {k: v for k, v in vars(body).items() if k not in ("__dict__", "__weakref__")}
        suffix = "_".join(f"{k}{int(v)}" for k, v in sorted(options.items()))
        made = []
        for kind, decorate in (("Std", dataclasses.dataclass(**options)), ("Rec", record(**options))):
            name = f"{kind}{body.__name__}_{suffix}"
            cls = type(name, body.__bases__, {**namespace, "__qualname__": name})
            globals()[name] = made_cls = decorate(cls)
            made.append(made_cls)
        return made[0], made[1]

    return make


class _Frozen:
    __annotations__ = {"name": "str", "count": "int", "tags": "list[str]", "note": "str | None"}
    count = 0
    tags: list[str] = dataclasses.field(default_factory=list)
    note = None


@pytest.mark.parametrize("options", [{"frozen": True, "kw_only": True}, {"frozen": True}, {}, {"order": True, "frozen": True}])
def test_a_record_behaves_as_the_dataclass_of_the_same_body(options: dict[str, Any]) -> None:
    std, rec = _pair(**options)(_Frozen)
    kwargs = {"name": "应急局", "count": 2}
    a1, a2, a3 = std(**kwargs), std(**kwargs), std(name="应急局", count=3, tags=["x"])
    b1, b2, b3 = rec(**kwargs), rec(**kwargs), rec(name="应急局", count=3, tags=["x"])
    assert [f.name for f in dataclasses.fields(rec)] == [f.name for f in dataclasses.fields(std)]
    assert dataclasses.is_dataclass(rec)
    assert repr(b1) == repr(a1).replace("Std", "Rec", 1)
    assert (b1 == b2, b1 == b3, b1 != b3) == (a1 == a2, a1 == a3, a1 != a3) == (True, False, True)
    assert b1.tags == []
    assert b1.tags is not b2.tags
    assert dataclasses.asdict(b3) == dataclasses.asdict(a3)
    assert dataclasses.replace(b1, count=3, tags=["x"]) == b3
    assert pickle.loads(pickle.dumps(b3)) == b3
    assert copy.deepcopy(b3) == b3
    if options.get("frozen"):
        rec(**kwargs).tags.append("y")  # frozen is shallow, as a dataclass's
        assert hash(rec(name="a", count=1, tags=())) == hash(rec(name="a", count=1, tags=()))
        with pytest.raises(dataclasses.FrozenInstanceError):
            b1.count = 5
        with pytest.raises(dataclasses.FrozenInstanceError):
            del b1.name
    else:
        b1.count = 5
        assert b1.count == 5
        with pytest.raises(TypeError):
            hash(b1)  # eq without frozen: unhashable, as a dataclass
    if options.get("kw_only"):
        with pytest.raises(TypeError):
            std("应急局")
        with pytest.raises(TypeError):
            rec("应急局")
    else:
        assert rec("应急局", 2) == b2
    if options.get("order"):
        assert (b1 < b3, b3 > b1, b1 <= b2) == (a1 < a3, a3 > a1, a1 <= a2) == (True, True, True)
    with pytest.raises(TypeError):
        rec(count=2)  # a required field left out
    assert b1 != a1  # another class, as two dataclasses never compare equal


def test_a_record_is_validated_by_pydantic_as_a_dataclass_is() -> None:
    std, rec = _pair(frozen=True, kw_only=True)(_Frozen)
    for cls in (std, rec):
        made = TypeAdapter(cls).validate_python({"name": "x", "count": "3", "tags": ["a"]})
        assert (type(made), made.count, made.tags) == (cls, 3, ["a"])
        with pytest.raises(ValidationError):
            TypeAdapter(cls).validate_python({"count": 1})
    assert {**TypeAdapter(rec).json_schema(), "title": ""} == {**TypeAdapter(std).json_schema(), "title": ""}


def test_post_init_and_fields_without_init_run_as_in_a_dataclass() -> None:
    @record
    class Counted:
        items: list[int]
        total: int = dataclasses.field(init=False)
        seen: list[int] = dataclasses.field(init=False, default_factory=list)

        def __post_init__(self) -> None:
            self.total = sum(self.items)

    made = Counted([1, 2])
    assert (made.total, made.seen) == (3, [])
    with pytest.raises(TypeError):
        Counted([1], total=3)  # type: ignore[call-arg]


def test_subclasses_of_records_add_their_fields_and_keep_their_own_methods() -> None:
    @record(frozen=True, kw_only=True)
    class Base:
        a: int

    @record(frozen=True, kw_only=True)
    class Child(Base):
        b: str = "x"

    child = Child(a=1)
    assert (child.a, child.b, repr(child).rpartition(".")[2]) == (1, "x", "Child(a=1, b='x')")
    assert child != Base(a=1)
    assert Base(a=1) == Base(a=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        child.a = 2


def test_init_is_compiled_at_the_first_instance_only() -> None:
    @record(frozen=True)
    class Lazy:
        a: int

    assert Lazy.__init__.__code__.co_varnames[:3] == ("self", "args", "kwargs")  # not compiled yet
    first = Lazy(1)
    compiled = Lazy.__init__
    assert compiled.__code__.co_varnames[:2] == ("self", "a")
    assert Lazy(2) != first
    assert Lazy.__init__ is compiled


def test_every_data_class_of_the_package_is_a_record_and_none_compiles_at_import() -> None:
    import ast
    from pathlib import Path

    source = Path(records.__file__).parent
    plain = []
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for decorator in node.decorator_list:
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if isinstance(target, ast.Name) and target.id == "dataclass":
                        plain.append(f"{path.name}:{node.lineno} {node.name}")
    assert plain == []


def test_a_method_the_class_defines_is_kept_as_dataclass_keeps_it() -> None:
    @record(frozen=True)
    class Named:
        a: int

        def __repr__(self) -> str:
            return f"第{self.a}条"

    assert repr(Named(3)) == "第3条"
    assert Named(3) == Named(3)


def test_a_record_that_holds_itself_is_shown_as_a_dataclass_shows_it() -> None:
    """dataclass's __repr__ shows a value already being shown as ...: no endless recursion."""
    shown = []
    for decorate in (dataclasses.dataclass, record):

        @decorate
        class Node:
            name: str
            parent: Any = None
            kids: list[Any] = dataclasses.field(default_factory=list)

        node = Node("县安委办")
        node.parent = node
        node.kids.append(node)
        shown.append(repr(node).partition("<locals>.")[2])
    assert shown[1] == shown[0] == "Node(name='县安委办', parent=..., kids=[...])"


def _outcome(action: Callable[[], object]) -> object:
    try:
        return action()
    except Exception as exc:  # the error, as a value to compare
        return f"{type(exc).__name__}: {exc}"


def test_a_plain_subclass_of_a_frozen_record_behaves_as_one_of_a_frozen_dataclass() -> None:
    """As IndexedCatalogue is of Catalogue: its fields stay frozen, its own attributes can be set,
    it equals only its own class's instances, and shows its own name."""
    seen = []
    for decorate in (dataclasses.dataclass(frozen=True, kw_only=True), record(frozen=True, kw_only=True)):

        @decorate
        class Base:
            a: int
            b: tuple[int, ...] = dataclasses.field(default_factory=tuple)

        class Plain(Base):
            pass

        plain = Plain(a=1)
        seen.append(
            [
                _outcome(lambda: setattr(plain, "extra", 1)),  # noqa: B023 (called at once)
                _outcome(lambda: setattr(plain, "a", 2)),  # noqa: B023
                _outcome(lambda: delattr(plain, "extra")),  # noqa: B023
                plain == Base(a=1),
                Base(a=1) == plain,
                plain == Plain(a=1),
                hash(plain) == hash(Plain(a=1)),
                repr(plain).partition("<locals>.")[2],
                copy.copy(plain) == plain,
                dataclasses.replace(plain, a=3).a,
                type(dataclasses.replace(plain, a=3)).__name__,
                Plain.__match_args__,
            ]
        )
    assert seen[1] == seen[0]
    assert seen[0][:3] == [None, "FrozenInstanceError: cannot assign to field 'a'", None]


@pytest.mark.parametrize(("base", "child"), [(True, False), (False, True)])
def test_a_record_cannot_inherit_from_a_record_frozen_otherwise_as_a_dataclass_cannot(base: bool, child: bool) -> None:
    refusals = []
    for decorate in (dataclasses.dataclass, record):

        @decorate(frozen=base)
        class Base:
            a: int = 1

        def define(decorate: Any = decorate, Base: type = Base) -> object:
            @decorate(frozen=child)
            class Child(Base):  # type: ignore[misc,valid-type]
                b: int = 2

            return Child

        refusals.append(_outcome(define))
    assert refusals[1] == refusals[0]
    assert refusals[0] == f"TypeError: cannot inherit {'non-frozen' if base else 'frozen'} dataclass from a {'frozen' if base else 'non-frozen'} one"


def test_a_field_without_a_default_after_one_with_a_default_is_refused_at_the_definition() -> None:
    """As dataclass refuses it: when the class is defined (even one only ever unpickled), not
    with a SyntaxError from the compiled __init__ at the first instance."""
    refusals = []
    for decorate in (dataclasses.dataclass, record):

        @decorate
        class Base:
            a: int = 1
            later: int = dataclasses.field(default=0, kw_only=True)  # keyword-only: any order

        def define(decorate: Any = decorate, Base: type = Base) -> object:
            @decorate
            class Child(Base):  # type: ignore[misc,valid-type]
                c: int

            return Child

        refusals.append(_outcome(define))
    assert str(refusals[0]).startswith("TypeError: non-default argument 'c' follows default argument")
    assert str(refusals[1]).startswith("TypeError: non-default argument 'c' follows default argument")


@pytest.mark.parametrize("options", [{"frozen": True}, {}])
def test_a_class_that_sets_hash_to_none_stays_unhashable_as_a_dataclass_does(options: dict[str, Any]) -> None:
    hashes = []
    for decorate in (dataclasses.dataclass(**options), record(**options)):

        @decorate
        class Unhashable:
            a: int
            __hash__ = None  # type: ignore[assignment]

        hashes.append((_outcome(lambda: hash(Unhashable(1))), Unhashable.__hash__))
    assert hashes[1] == hashes[0] == ("TypeError: unhashable type: 'Unhashable'", None)
