"""units.UnitIndex.resolve: every way people name a unit, and never a silent guess."""

from __future__ import annotations

import pytest

from anquan_cli.errors import UsageError
from anquan_cli.models import Unit
from anquan_cli.units import UnitIndex
from anquan_cli.validation import validate
from helpers_cli import departments_yaml

UNITS = [validate(Unit, u) for u in departments_yaml()["units"]]


@pytest.fixture(scope="module")
def index() -> UnitIndex:
    return UnitIndex(UNITS)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        # id, any case
        ("yingji", "yingji"),
        ("YingJi", "yingji"),
        ("anweihui_members", "anweihui_members"),
        # full name, short name, alias
        ("县应急局", "yingji"),
        ("应急局", "yingji"),
        ("县应急管理局", "yingji"),
        ("县住房和城乡建设局", "zhujian"),
        ("消防大队", "xiaofang"),
        ("各乡镇人民政府", "xiangzhen"),
        ("乡镇", "xiangzhen"),
        ("安委会有关成员单位", "anweihui_members"),
        ("县安委会", "anweihui"),  # a full name, though also part of 县安委会有关成员单位
        ("安委会", "anweihui"),
        ("崇文镇人民政府", "chongwen"),
        # full pinyin and initials, of the name, the short name or an alias
        ("yingjiju", "yingji"),
        ("xianyingjiju", "yingji"),
        ("YingJiJu", "yingji"),
        ("yjj", "yingji"),
        ("YJJ", "yingji"),
        ("xyjj", "yingji"),
        ("chongwenzhen", "chongwen"),
        ("cwz", "chongwen"),
        ("mgdx", "magedang"),
        ("awh", "anweihui"),
        ("gxz", "xiangzhen"),
        ("jgbm", "jianguan_bumen"),
        # a unique part of a name or of its pinyin
        ("消防", "xiaofang"),
        ("林业", "linye"),
        ("气象", "qixiang"),
        ("崇文", "chongwen"),
        ("马圪当", "magedang"),
        ("监管职责", "jianguan_bumen"),
        ("yingj", "yingji"),
        ("qixi", "qixiang"),
        # surrounding blanks do not count
        ("  应急局 ", "yingji"),
    ],
)
def test_resolve(index: UnitIndex, text: str, unit: str) -> None:
    assert index.resolve(text) == unit


def test_every_listed_name_finds_its_own_unit(index: UnitIndex) -> None:
    for unit in UNITS:
        for name in [unit.id, unit.name, unit.short, *unit.aliases]:
            assert index.resolve(name) == unit.id, name


def test_county_alone_is_ambiguous_and_lists_the_candidates(index: UnitIndex) -> None:
    with pytest.raises(UsageError) as excinfo:
        index.resolve("县")
    message = str(excinfo.value)
    assert "ambiguous" in message
    county = [u for u in UNITS if "县" in u.name]
    assert len(county) == 17
    for unit in county:
        assert f"{unit.name} ({unit.id})" in message
    assert "崇文镇" not in message
    assert "示范区管委会" not in message


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("镇", ["各乡镇人民政府 (xiangzhen)", "崇文镇 (chongwen)", "潞城镇 (lucheng)"]),
        ("安委", ["县安委会 (anweihui)", "县安委办 (anweiban)", "县安委会有关成员单位 (anweihui_members)"]),
        ("jiao", ["县交通局 (jiaotong)", "古郊乡 (gujiao)"]),
        ("lc", ["潞城镇 (lucheng)", "县人民政府 (zhengfu)"]),  # lcz, and lcxrmzf of 陵川县人民政府
    ],
)
def test_other_ambiguous_names(index: UnitIndex, text: str, candidates: list[str]) -> None:
    with pytest.raises(UsageError, match="ambiguous") as excinfo:
        index.resolve(text)
    for candidate in candidates:
        assert candidate in str(excinfo.value)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("县应急管局", "县应急局"),
        ("yingjju", "yingji"),
        ("县林业厅", "县林业局"),
    ],
)
def test_unknown_name_suggests_close_ones(index: UnitIndex, text: str, suggestion: str) -> None:
    with pytest.raises(UsageError) as excinfo:
        index.resolve(text)
    message = str(excinfo.value)
    assert message.startswith(f"no unit matches {text!r}")
    assert "did you mean" in message
    assert suggestion in message.split("did you mean", 1)[1]


def test_unknown_name_without_close_ones_points_to_the_list(index: UnitIndex) -> None:
    with pytest.raises(UsageError) as excinfo:
        index.resolve("公安局")
    message = str(excinfo.value)
    assert message.startswith("no unit matches '公安局'")
    assert "anquan dept" in message


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_name(index: UnitIndex, text: str) -> None:
    with pytest.raises(UsageError, match="empty"):
        index.resolve(text)


def test_label(index: UnitIndex) -> None:
    assert index.label("yingji") == "县应急局 (yingji)"
