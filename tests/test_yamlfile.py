"""The YAML reader: every refusal is a DataError of located problems, `file:line:col: message`."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anquan_cli import yamlfile
from anquan_cli.errors import DataError
from anquan_cli.yamlfile import load_yaml
from conftest import Edit

ALIAS = "anchors and aliases (*name) are not allowed; write the value out"
TAB = "YAML syntax: tab character; indent with spaces, not tabs"

LOADERS = {"libyaml": getattr(yaml, "CSafeLoader", None), "pure-python": yaml.SafeLoader}


@pytest.fixture(params=list(LOADERS), autouse=True)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run every test with both parsers: PyYAML uses libyaml only when it was built with it."""
    chosen = LOADERS[request.param]
    if chosen is None:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(yamlfile, "_Loader", chosen)
    return str(request.param)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # files are then shown by their bare name


def problems(content: str | bytes, name: str = "tasks.yaml") -> list[str]:
    path = Path(name)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    with pytest.raises(DataError) as info:
        load_yaml(path)
    return [str(p) for p in info.value.problems]


# ── syntax ──


@pytest.mark.parametrize(
    ("text", "where", "messages"),
    [
        pytest.param(
            "notice: x\n  number: y\n",
            "2:9",
            {
                "libyaml": "YAML syntax: mapping values are not allowed in this context",
                "pure-python": "YAML syntax: mapping values are not allowed here",
            },
            id="key-under-a-value",
        ),
        pytest.param(
            "notice:\n  number: x\n units: []\n",
            "3:2",
            {
                "libyaml": "YAML syntax: while parsing a block mapping did not find expected key",
                "pure-python": "YAML syntax: while parsing a block mapping expected <block end>, but found '<block mapping start>'",
            },
            id="bad-indent",
        ),
        pytest.param(
            "tags: [责任体系, 监管执法\nsections: []\n",
            "1:7",  # where the bracket opens, not where the parser gave up
            {
                "libyaml": "YAML syntax: while parsing a flow sequence did not find expected ',' or ']'",
                "pure-python": "YAML syntax: while parsing a flow sequence expected ',' or ']', but got ':'",
            },
            id="unclosed-flow-list",
        ),
        pytest.param(
            'notice:\n  title: "陵川县\n',
            "3:1",
            {
                "libyaml": "YAML syntax: while scanning a quoted scalar found unexpected end of stream",
                "pure-python": "YAML syntax: while scanning a quoted scalar found unexpected end of stream",
            },
            id="unclosed-quote",
        ),
        pytest.param(
            "a: 1\n---\nb: 2\n",
            "2:1",
            {
                "libyaml": "YAML syntax: expected a single document in the stream but found another document",
                "pure-python": "YAML syntax: expected a single document in the stream but found another document",
            },
            id="two-documents",
        ),
    ],
)
def test_syntax_error_is_located(text: str, where: str, messages: dict[str, str], loader: str) -> None:
    assert problems(text) == [f"tasks.yaml:{where}: {messages[loader]}"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("notice:\n\tnumber: x\n", "2:1", id="tab-indented-key"),
        pytest.param("notice:\n  number: x\n\ttitle: y\n", "3:1", id="tab-after-space-indented-keys"),
        pytest.param("名称:\n  子项: 1\n  \t孙项: 2\n", "3:3", id="tab-after-spaces-chinese"),
        pytest.param("tags:\n  - 消防\n\t- 燃气\n", "3:1", id="tab-indented-list-item"),
    ],
)
def test_tab_indentation_is_named_as_such(text: str, where: str) -> None:
    assert problems(text) == [f"tasks.yaml:{where}: {TAB}"]


# ── duplicate keys ──


def test_duplicate_key_at_top_level() -> None:
    assert problems("id: 1\nname: x\nid: 2\n") == ["tasks.yaml:3:1: duplicate key 'id' (first at line 1)"]


def test_duplicate_key_nested() -> None:
    text = 'clauses:\n  - id: "1.1"\n    id: "1.2"\n'
    assert problems(text) == ["tasks.yaml:3:5: duplicate key 'id' (first at line 2)"]


def test_duplicate_key_in_flow_mapping_column_counts_characters() -> None:
    # 县财政局 is 12 bytes of UTF-8 but 4 columns in an editor
    text = "units:\n  - {name: 县财政局, short: 财政局, name: 财政局}\n"
    assert problems(text) == ["tasks.yaml:2:30: duplicate key 'name' (first at line 2)"]


def test_every_problem_of_a_file_is_reported_sorted() -> None:
    text = "b: 1\na: 2\nb: 3\nc:\n  x: 1\n  x: 2\nd: !foo bar\n"
    assert problems(text) == [
        "tasks.yaml:3:1: duplicate key 'b' (first at line 1)",
        "tasks.yaml:6:3: duplicate key 'x' (first at line 5)",
        "tasks.yaml:7:4: tag '!foo' is not allowed",
    ]


# ── anchors and aliases ──


def test_alias_is_refused_where_it_is_written() -> None:
    text = "first: &shared 县应急局\nsecond: *shared\n"
    assert problems(text) == [f"tasks.yaml:2:9: {ALIAS}"]


def test_each_alias_is_reported_once() -> None:
    text = "base: &b [1, 2]\nx: *b\ny:\n  - *b\n"
    assert problems(text) == [f"tasks.yaml:2:4: {ALIAS}", f"tasks.yaml:4:5: {ALIAS}"]


def test_merge_key_is_refused() -> None:
    text = "base: &b {role: 负责}\nclause:\n  <<: *b\n  id: x\n"
    assert problems(text) == ["tasks.yaml:3:3: keys must be plain text (no merge keys or complex keys)"]


def test_billion_laughs_fails_fast_without_expanding() -> None:
    # 10 levels of 10 aliases each would expand to 10**10 strings.
    lines = ['l0: &l0 ["lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 11)]
    text = "\n".join(lines) + "\n"
    started = time.perf_counter()
    found = problems(text)
    elapsed = time.perf_counter() - started
    assert len(found) == text.count("*") == 100  # one per alias written: bounded by the file, not its expansion
    assert found[0] == f"tasks.yaml:2:10: {ALIAS}"
    assert all(p.endswith(ALIAS) for p in found)
    assert elapsed < 5


# ── tags ──


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        pytest.param("!!python/object:os.system {}", "tag:yaml.org,2002:python/object:os.system", id="python-object"),
        pytest.param("!!python/name:os.system ''", "tag:yaml.org,2002:python/name:os.system", id="python-name"),
        pytest.param("!!binary aGVsbG8=", "tag:yaml.org,2002:binary", id="binary"),
        pytest.param("!!set {a, b}", "tag:yaml.org,2002:set", id="set"),
        pytest.param("!!omap [a: 1]", "tag:yaml.org,2002:omap", id="omap"),
        pytest.param("!local x", "!local", id="local-tag"),
    ],
)
def test_foreign_tag_is_refused(value: str, tag: str) -> None:
    assert problems(f"notice:\n  title: {value}\n") == [f"tasks.yaml:2:10: tag {tag!r} is not allowed"]


def test_python_object_apply_is_refused_and_never_run(tmp_path: Path) -> None:
    text = 'a: !!python/object/apply:os.mkdir ["made-by-yaml"]\n'
    assert problems(text) == ["tasks.yaml:1:4: tag 'tag:yaml.org,2002:python/object/apply:os.mkdir' is not allowed"]
    assert not (tmp_path / "made-by-yaml").exists()


def test_standard_tags_are_plain_values() -> None:
    Path("ok.yaml").write_text("a: !!str 1\nb: !!int '2'\nc: 2025-04-07\n", encoding="utf-8")
    assert load_yaml(Path("ok.yaml")).data == {"a": "1", "b": 2, "c": dt.date(2025, 4, 7)}


# ── whole-file shape ──


@pytest.mark.parametrize("content", ["", "# 只有注释\n", "\ufeff", "\n\n"], ids=["empty", "comment-only", "bom-only", "blank-lines"])
def test_empty_file(content: str) -> None:
    assert problems(content) == ["tasks.yaml:1:1: empty file: expected a mapping"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("- id: caizheng\n- id: linye\n", "a list", id="list"),
        pytest.param("县应急局\n", "a string", id="string"),
        pytest.param("2025\n", "a number", id="number"),
        pytest.param("~\n", "null", id="null"),
        pytest.param("true\n", "true/false", id="bool"),
    ],
)
def test_top_level_must_be_a_mapping(text: str, kind: str) -> None:
    assert problems(text) == [f"tasks.yaml:1:1: top level must be a mapping, not {kind}"]


# ── encodings and bytes ──


def test_nul_byte_is_binary_located_in_characters() -> None:
    content = "units:\n  - name: 县财政局\x00\n".encode()
    assert problems(content) == ["tasks.yaml:2:15: binary data (NUL byte): not a text file"]


def test_gb18030_file_says_so_and_how_to_convert() -> None:
    content = "notice:\n  title: 陵川县人民政府关于做好2025年安全生产工作的通知\n".encode("gb18030")
    assert problems(content, "departments.yaml") == [
        "departments.yaml:2:10: file is GBK/GB18030-encoded, not UTF-8; convert it, e.g. "
        "`iconv -f GB18030 -t UTF-8 departments.yaml > tmp && mv tmp departments.yaml`, "
        "or save it as UTF-8 in the editor"
    ]


def test_invalid_utf8_that_is_not_gb18030() -> None:
    content = "notice:\n  title: 陵川".encode() + b"\xff\n"
    assert problems(content) == ["tasks.yaml:2:12: not UTF-8 text (byte 0xff); save the file as UTF-8"]


def test_utf8_bom_and_crlf_are_accepted_with_true_positions() -> None:
    text = "\ufeffnotice:\r\n  number: 陵政发〔2025〕1号\r\n  year: 2025\r\ntags:\r\n  - 消防\r\n"
    Path("tasks.yaml").write_text(text, encoding="utf-8", newline="")
    doc = load_yaml(Path("tasks.yaml"))
    assert doc.data == {"notice": {"number": "陵政发〔2025〕1号", "year": 2025}, "tags": ["消防"]}
    assert doc.position(("notice",), key=True) == (1, 1)  # the BOM takes no column
    assert doc.position(("notice", "year")) == (3, 9)
    assert doc.position(("tags", 0)) == (5, 5)


def test_bom_and_crlf_file_errors_are_located() -> None:
    text = "\ufeffnotice: 1\r\nyear: 2025\r\nnotice: 2\r\n"
    assert problems(text) == ["tasks.yaml:3:1: duplicate key 'notice' (first at line 1)"]


# ── names and positions ──


def test_file_outside_the_working_directory_is_shown_by_its_full_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = tmp_path / "tasks.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    with pytest.raises(DataError) as info:
        load_yaml(path)
    assert [str(p) for p in info.value.problems] == [f"{path}:2:1: duplicate key 'a' (first at line 1)"]


def test_position_falls_back_to_nearest_located_ancestor() -> None:
    Path("tasks.yaml").write_text("notice:\n  number: x\nclauses:\n  - id: '1.1'\n", encoding="utf-8")
    doc = load_yaml(Path("tasks.yaml"))
    assert doc.position(("clauses", 0, "id")) == (4, 9)
    assert doc.position(("clauses", 0, "heading")) == (4, 5)  # missing: the clause itself
    assert doc.position(("clauses", 0, "id"), key=True) == (4, 5)
    assert str(doc.problem(("clauses", 0, "heading"), "missing required field")) == ("tasks.yaml:4:5: clauses[0].heading: missing required field")


# ── size limit ──


def _sparse_file(name: str, size: int) -> Path:
    path = Path(name)
    with path.open("wb") as f:
        f.truncate(size)  # a hole: the file is `size` bytes long and uses no disk
    return path


def test_a_file_over_the_size_limit_is_refused_unread() -> None:
    path = _sparse_file("tasks.yaml", yamlfile.MAX_CATALOGUE_BYTES + 1)
    tracemalloc.start()
    try:
        started = time.perf_counter()
        with pytest.raises(DataError) as info:
            load_yaml(path)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    limit = yamlfile.MAX_CATALOGUE_BYTES
    assert [str(p) for p in info.value.problems] == [f"tasks.yaml: file is {limit + 1} bytes, over the limit of {limit}"]
    assert peak < 1024 * 1024  # reading the file would take 24 MiB
    assert elapsed < 1


def test_a_file_at_the_size_limit_is_read() -> None:
    # the limit is "over MAX_CATALOGUE_BYTES": a file of exactly that size is read, and refused here only for its NUL bytes
    assert problems(b"a: 1\n" + b"\x00" * (yamlfile.MAX_CATALOGUE_BYTES - 5)) == ["tasks.yaml:2:1: binary data (NUL byte): not a text file"]


def test_an_unclosed_bracket_is_located_where_it_opens(tmp_path: Path) -> None:
    from anquan_cli.errors import DataError
    from anquan_cli.yamlfile import parse_yaml

    text = "a: 1\nb: [25\nc: 2\nd: 3\n"
    with pytest.raises(DataError) as raised:
        parse_yaml(text, "x.yaml")
    [problem] = raised.value.problems
    assert (problem.line, problem.column) == (2, 4)


# ── the data without the marks (yamlfile._plain_data) ──


def _both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """parse_yaml's answer (its data and every value's and key's position, or its problems)
    as it is, and with every node built by _Builder, which keeps the marks as it goes."""

    def answer() -> object:
        try:
            doc = yamlfile.parse_yaml(text, "f.yaml")
        except DataError as exc:
            return [str(p) for p in exc.problems]
        paths = list(_paths(doc.data, ()))
        return doc.data, [(p, doc.position(p), doc.position(p, key=True)) for p in paths]

    fast = answer()

    def never(node: object, depth: int) -> object:
        raise yamlfile._NotPlain

    with monkeypatch.context() as patched:
        patched.setattr(yamlfile, "_plain_data", never)
        careful = answer()
    return fast, careful


def _paths(data: object, path: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*path, i))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [yes, no, null, 2025-04-07, 1.5, 'x', 0x10, 2025-02-30, ~]\nc: {d: e}\n1: 2\n",
        "a: 1\na: 2\n",  # a key twice
        "a: !!python/name:os.system x\n",
        "a: !custom [1]\n",
        "a: !!str [1]\n",
        "a: !!set {x}\n",
        "a: {? [1, 2] : 3}\n",
        "<<: {a: 1}\nb: 2\n",
        "a: &x [1]\nb: *x\n",
        "a: 'A&B'\n",
        "- 1\n- 2\n",
        "a: " + "[" * 31 + "]" * 31 + "\n",
        "a: " + "[" * 32 + "]" * 32 + "\n",
        "a: " + "[" * 40 + "]" * 40 + "\n",
        "a:\n  b:\n    - c: 1\n      d: [x, {e: f}]\n",
        # a tag its text does not fit: PyYAML's constructors raise KeyError, AttributeError, IndexError
        "a: !!bool foo\n",
        "a: !!timestamp foo\n",
        'a: !!int ""\n',
        'a: !!float ""\n',
        "1: a\n'1': b\n",  # one key once built
        "!!int 3: a\n!!str 3: b\n",
        "a: !!omap [{x: 1}]\n",
        "a: !!pairs [{x: 1}]\n",
        "a: ! 12\n",
        "a: <<\n",
    ],
)
def test_the_data_built_without_marks_and_its_positions_are_the_builders(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, careful = _both_ways(text, monkeypatch)
    assert fast == careful


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8), st.dates())
_data = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=12)


_insertions = st.sampled_from(["", "x", "&", ":", "- ", "!!", "{", "\n  "])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.text(max_size=4), _data, min_size=1, max_size=4), at=st.integers(0, 10_000), inserted=_insertions)
def test_any_yaml_is_read_the_same_with_and_without_the_marks_kept_as_it_is_built(
    monkeypatch: pytest.MonkeyPatch, data: dict[str, object], at: int, inserted: str
) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=bool(at % 2))
    at %= len(text) + 1
    text = text[:at] + inserted + text[at:]
    fast, careful = _both_ways(text, monkeypatch)
    assert fast == careful


@pytest.mark.parametrize("value", ["!!bool yes please", "!!timestamp soon", '!!int ""'])
def test_a_tag_its_value_does_not_fit_is_a_located_problem_not_an_internal_error(workdir: Path, edit: Edit, value: str) -> None:
    from helpers_cli import run

    departments = workdir / "departments.yaml"
    line, column = edit(departments, "in_notice: true\n  - id: ziranziyuan", f"in_notice: {value}\n  - id: ziranziyuan")
    result = run("--lang", "en", "--data", str(workdir), "validate")
    assert result.exit_code == 2, result.output
    assert f"departments.yaml:{line}:{column + len('in_notice: ')}: " in result.stderr
    assert "in_notice" in result.stderr
    assert "internal" not in result.stderr.lower()


def test_a_key_that_is_not_plain_text_is_worded_in_chinese_too(workdir: Path) -> None:
    from helpers_cli import run

    departments = workdir / "departments.yaml"
    departments.write_text(departments.read_text(encoding="utf-8").replace("units:\n", "? [a, b]\n: c\nunits:\n", 1), encoding="utf-8")
    result = run("--lang", "zh", "--data", str(workdir), "validate")
    assert result.exit_code == 2
    assert "键必须是普通文字" in result.stderr
    assert "keys must be" not in result.stderr


def _nodes(node: yaml.Node) -> object:
    """A composed node as plain data: its class, tag, style and value, all the way down."""
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.style, node.value)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, [_nodes(item) for item in node.value])
    return ("map", node.tag, [(_nodes(k), _nodes(v)) for k, v in node.value])


_PLAIN = ("yes", "No", "~", "null", "", "0x1F", "0o17", "017", "1_000", "1e3", ".inf", "-.NaN", "2025-04-07", "2025-04-07T08:00:00+08:00")
_plain_scalars = st.sampled_from([*_PLAIN, "12:30", "=", "true", "TRUE", "1.1.1", "负责", "- x", "'q'"])


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(st.text(max_size=4), st.text(max_size=6), max_size=4), plain=st.lists(_plain_scalars, min_size=1, max_size=12))
def test_tags_resolved_once_per_text_are_the_tags_the_loader_resolves(data: dict[str, str], plain: list[str]) -> None:
    # plain scalars written as they are (each resolved by its text), twice, as values, keys and in a flow list
    text = yaml.safe_dump(data, allow_unicode=True) if data else ""
    text += "".join(f"k{i}: {value}\n{value or 'e'}{i}: {value}\n" for i, value in enumerate(plain * 2))
    text += "flow: [" + ", ".join(v for v in plain if v and v[0] not in "-'") + "]\n"
    try:
        expected = _nodes(yaml.compose(text, Loader=yamlfile._Loader))
    except yaml.YAMLError:
        return  # not YAML: nothing to compare
    assert _nodes(yaml.compose(text, Loader=yamlfile._resolving_once(yamlfile._Loader))) == expected
