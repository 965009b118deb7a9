"""`record`: the project's data classes, as `dataclasses.dataclass` makes them, made cheaper.

On Python 3.11 `dataclass` compiles each generated method (`__init__`, `__repr__`, `__eq__`,
`__hash__`, `__setattr__`, `__delattr__`) from source when the class is defined: about 0.6 ms a
class, 30–50 ms for the fifty classes a command imports, more than half of anquan's start. A
record is a real dataclass (`dataclasses.fields`, `replace`, `asdict`, pickle and pydantic see
the same fields), but only `dataclass`'s field processing runs at import:

- `__eq__`, `__hash__`, ordering, `__repr__` and the frozen `__setattr__`/`__delattr__` are shared
  functions over the class's field names (comparing `operator.attrgetter` tuples, as the
  generated ones compare field tuples), so nothing is compiled for them;
- `__init__` is compiled from the same source `dataclass` would write, the first time the class is
  instantiated, and replaces itself: a class that is only ever unpickled never compiles it.

The semantics are `dataclass`'s: keyword-only or positional fields, defaults and default
factories, `field(init=False)`, `__post_init__`, equality only between instances of the same
class, frozen instances that refuse assignment with `dataclasses.FrozenInstanceError`.
`__dataclass_params__` is what `dataclass` was asked for (frozen and eq False, since this module
supplies those methods), so inheriting between records never trips `dataclass`'s frozen checks.
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib  # loaded already: collections imports it
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, overload

_T = TypeVar("_T", bound=type)
_F = TypeVar("_F")

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform  # in typing from 3.11; this module runs on 3.10
else:

    def dataclass_transform(**_: object) -> Callable[[_F], _F]:
        return lambda function: function


_NO_DEFAULT = dataclasses.MISSING


@overload
@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: _T, /) -> _T: ...
@overload
def record(*, frozen: bool = False, kw_only: bool = False, order: bool = False) -> Callable[[_T], _T]: ...


def record(cls: Any = None, /, *, frozen: bool = False, kw_only: bool = False, order: bool = False) -> Any:
    """Make `cls` a dataclass, as `@dataclass(frozen=…, kw_only=…, order=…)` would."""

    def wrap(cls: _T) -> _T:
        made: _T = _make(cls, frozen=frozen, kw_only=kw_only, order=order)
        return made

    return wrap if cls is None else wrap(cls)


def _make(cls: Any, *, frozen: bool, kw_only: bool, order: bool) -> Any:
    documented = bool(cls.__doc__)
    if not documented:
        cls.__doc__ = f"{cls.__name__}()"  # else dataclass works out a signature with inspect, for it
    # dataclass's has_explicit_hash: a __hash__ the body sets, None included, unless Python set that None for a body's __eq__
    own_hash = "__hash__" in cls.__dict__ and not (cls.__dict__["__hash__"] is None and "__eq__" in cls.__dict__)
    for base in cls.__mro__[1:]:  # dataclass's own check, which __dataclass_params__ (frozen=False) keeps from it
        if "__record_frozen__" in base.__dict__ and base.__record_frozen__ != frozen:
            raise TypeError(f"cannot inherit {'frozen' if frozen else 'non-frozen'} dataclass from a {'non-frozen' if frozen else 'frozen'} one")
    dataclasses.dataclass(cls, init=False, repr=False, eq=False, kw_only=kw_only)
    fields = dataclasses.fields(cls)
    defaulted = False
    for f in fields:  # dataclass's check of the __init__ it would write, done when the class is defined
        if f.init and not f.kw_only:
            if f.default is not _NO_DEFAULT or f.default_factory is not _NO_DEFAULT:
                defaulted = True
            elif defaulted:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
    if not documented:  # as dataclass writes it, which pydantic knows not to take for a description
        cls.__doc__ = f"{cls.__name__}({', '.join(f.name for f in fields)})"
    # What the shared methods below read from the instance's class
    cls.__record_fields__ = frozenset(f.name for f in fields)
    cls.__record_frozen__ = frozen
    cls.__record_key__ = staticmethod(_getter(tuple(f.name for f in fields if f.compare)))
    cls.__record_shown__ = tuple(f.name for f in fields if f.repr)
    _add(cls, "__eq__", _eq)
    _add(cls, "__repr__", _repr)
    if frozen:
        _add(cls, "__setattr__", _frozen_setattr)
        _add(cls, "__delattr__", _frozen_delattr)
        if not own_hash:
            cls.__record_hash_key__ = staticmethod(_getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))))
            cls.__hash__ = _hash
    elif not own_hash:
        cls.__hash__ = None  # as dataclass leaves an eq-only class: unhashable
    if order:
        for name, method in (("__lt__", _lt), ("__le__", _le), ("__gt__", _gt), ("__ge__", _ge)):
            _add(cls, name, method)
    init = _lazy_init(cls, frozen)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    _add(cls, "__init__", init)
    return cls


def _add(cls: Any, name: str, method: Any) -> None:
    """As dataclass does: a method the class body defines is kept."""
    if name not in cls.__dict__:
        setattr(cls, name, method)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The instance's values of `names`, as a tuple (attrgetter gives a bare value for one name)."""
    if len(names) == 1:
        (name,) = names
        return lambda obj: (getattr(obj, name),)
    if not names:
        return lambda obj: ()
    return operator.attrgetter(*names)


# The methods every record shares: each reads its class's field names (set by _make), so
# nothing is compiled or made per class. They compare, hash and show what dataclass's do.
def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = self.__record_key__
        return key(self) == key(other)
    return NotImplemented


@reprlib.recursive_repr()  # as dataclass's: a value already being shown is shown as ...
def _repr(self: Any) -> str:
    return f"{self.__class__.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in self.__record_shown__)})"


def _hash(self: Any) -> int:
    return hash(self.__record_hash_key__(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    cls = type(self)
    if "__record_fields__" in cls.__dict__ or name in cls.__record_fields__:  # a record's own instance, or a field of one
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _frozen_delattr(self: Any, name: str) -> None:
    cls = type(self)
    if "__record_fields__" in cls.__dict__ or name in cls.__record_fields__:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _ordered(compare: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            key = self.__record_key__
            return compare(key(self), key(other))
        return NotImplemented

    return method


_lt, _le, _gt, _ge = (_ordered(compare) for compare in (operator.lt, operator.le, operator.gt, operator.ge))


def _lazy_init(cls: type, frozen: bool) -> Callable[..., None]:
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = _compiled_init(cls, frozen)
        type.__setattr__(cls, "__init__", real)
        real(self, *args, **kwargs)

    return __init__


def _compiled_init(cls: type, frozen: bool) -> Callable[..., None]:
    """`__init__` as dataclass writes it: each field set (through object.__setattr__ when frozen),
    a default factory called when its argument is not given, then `__post_init__`."""
    names: dict[str, Any] = {"__set": object.__setattr__, "__factory": _FACTORY}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in dataclasses.fields(cls):
        value = f.name
        if f.init:
            if f.default is not _NO_DEFAULT:
                names[f"__d_{f.name}"] = f.default
                parameter = f"{f.name}=__d_{f.name}"
            elif f.default_factory is not _NO_DEFAULT:
                names[f"__f_{f.name}"] = f.default_factory
                parameter = f"{f.name}=__factory"
                value = f"__f_{f.name}() if {f.name} is __factory else {f.name}"
            else:
                parameter = f.name
            (keyword if f.kw_only else positional).append(parameter)
        elif f.default_factory is not _NO_DEFAULT:
            names[f"__f_{f.name}"] = f.default_factory
            value = f"__f_{f.name}()"
        elif f.default is not _NO_DEFAULT:
            names[f"__d_{f.name}"] = f.default
            value = f"__d_{f.name}"
        else:
            continue  # init=False without a default: __post_init__ sets it
        body.append(f"__set(self, {f.name!r}, {value})" if frozen else f"self.{f.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    parameters = ["self", *positional, *(["*", *keyword] if keyword else [])]
    source = f"def __init__({', '.join(parameters)}):\n" + "".join(f"    {line}\n" for line in body or ["pass"])
    exec(source, names)
    init: Callable[..., None] = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()
