"""Every message and help text in Chinese by default and in English with --lang en, from the
one labels module: no key lacks a language, no key is unused, a Chinese run prints no
English sentence, and every command's help ends with a real example."""

from __future__ import annotations

import re
import string
from pathlib import Path

import click
import pytest

from anquan_cli import labels
from anquan_cli.cli import cli
from helpers_cli import REPO, run

SRC = REPO / "src" / "anquan_cli"
CJK = re.compile(r"[\u4e00-\u9fff]")
# two English words in a row, once quoted data, options, file names and commands are taken out
ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,:;]+[A-Za-z]{2,})+\b")
NOT_PROSE = re.compile(
    r"\w+: (?:true|false)|'[^']*'|\"[^\"]*\"|`[^`]*`|--[a-z-]+|\[[^\]]*\]|\S+\.(?:yaml|txt|xlsx|json)|anquan(?: [a-z]+)?|[A-Z][A-Z_-]+|\S*/\S*"
)


def english_sentences(text: str) -> list[str]:
    return ENGLISH_SENTENCE.findall(NOT_PROSE.sub(" ", text))


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(labels._MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key: str) -> None:
    zh, en = labels._MESSAGES[key]
    assert zh.strip(), f"{key}: no Chinese"
    assert en.strip(), f"{key}: no English"
    assert CJK.search(zh), f"{key}: the Chinese is not Chinese: {zh!r}"
    assert zh != en
    assert fields(zh) == fields(en), key
    if key != "field_invalid":  # pydantic's own (English) words are its only content
        assert not english_sentences(zh), f"{key}: English in the Chinese text: {zh!r}"


def test_every_message_key_is_used() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if p.name != "labels.py")
    own = (SRC / "labels.py").read_text(encoding="utf-8")
    start = own.index("_MESSAGES: dict")
    source += own[:start] + own[own.index("\n}\n", start) :]  # labels.py itself, less the table
    commands = {f"help_{name}" for name in [*cli.commands, "cli"]}  # a command's help is looked up by its name
    unused = [k for k in labels._MESSAGES if k not in commands and f'"{k}"' not in source]
    assert unused == []


def test_every_click_text_mapped_is_one_click_has() -> None:
    """A click upgrade that rewords a message must not leave its translation dead."""
    click_source = "\n".join(p.read_text(encoding="utf-8") for p in Path(click.__file__).parent.glob("*.py"))
    missing = [msgid for msgid in labels._CLICK_ZH if repr(msgid)[1:-1].replace("\\'", "'") not in click_source]
    assert missing == []


def test_the_language_follows_the_option_then_the_environment() -> None:
    assert "用法" in run("list", "--help").stdout
    assert "Usage" in run("--lang", "en", "list", "--help").stdout
    assert "Usage" in run("list", "--help", env={"ANQUAN_LANG": "en"}).stdout
    assert "用法" in run("--lang", "zh", "list", "--help", env={"ANQUAN_LANG": "en"}).stdout


# Commands refused, outside a workspace or in one: each error in both languages.
FAILING = [
    ["list", "--dept", "不存在的局"],
    ["list", "--dept", "县"],
    ["show", "9.9.9"],
    ["list", "--section", "9"],
    ["list", "--clause", "9.9"],
    ["list", "--tag", "没有这个标签"],
    ["due", "--within", "abc"],
    ["list", "--direct"],
    ["due", "--undated", "--overdue"],
    ["lst"],
    ["list", "--dept"],
    ["list", "--sort", "nosuch"],
    ["update", "1.1.1"],
    ["export"],
    ["export", "--format", "json", "--remind-days", "3"],
    ["update", "1.1.3", "--dept", "应急局", "--status", "推进中"],
    ["progress", "--dept", "县安委办"],
    ["progress", "--by", "dept", "--section", "1"],
    ["history", "1.1.1", "--dept", "没有"],
    ["import", "nosuch.xlsx"],
    ["--lang", "fr", "list"],
]


@pytest.mark.parametrize("args", FAILING, ids=lambda a: " ".join(a))
def test_errors_speak_the_language_asked_for(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # not in a workspace
    zh = run(*args)
    assert zh.exit_code == 2, zh.output
    assert zh.stderr.strip()
    assert CJK.search(zh.stderr), zh.stderr
    assert english_sentences(zh.stderr) == [], zh.stderr
    if args[0] == "--lang":
        return
    en = run("--lang", "en", *args)
    assert en.exit_code == 2, en.output
    assert english_sentences(en.stderr), en.stderr
    assert "site-packages" not in zh.stderr + en.stderr


def test_a_data_problem_is_reported_in_chinese(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert run("init", str(ws)).exit_code == 0
    (ws / "tasks.yaml").write_text("notice: [\n", encoding="utf-8")
    result = run("--data", str(ws), "validate")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "anquan：数据中有1个问题"
    assert "YAML 语法错误" in result.stderr
    english = run("--lang", "en", "--data", str(ws), "validate")
    assert english.stderr.splitlines()[-1] == "anquan: 1 problem(s) in the data"


# ── --help ──

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", ["", *COMMANDS])
@pytest.mark.parametrize(("lang", "heading", "example"), [("zh", "用法:", "示例：anquan "), ("en", "Usage:", "Example: anquan ")])
def test_help_is_translated_and_ends_with_an_example(command: str, lang: str, heading: str, example: str) -> None:
    args = ["--lang", lang, *([command] if command else []), "--help"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(heading)
    assert "\n".join(line.strip() for line in text.splitlines() if line.strip()).count(example) == 1
    description = text.split("\n\n")[1:3]  # the command's own help: its text, then its example
    assert description[-1].strip().startswith(example.strip()), text
    if command:
        shown = re.search(r"(?:示例：|Example: )anquan (\S+)", description[-1])
        assert shown is not None
        assert shown.group(1) == command, "the example runs the command it documents"
    if lang == "zh":
        assert english_sentences(text) == [], text


def examples(lang: str) -> dict[str, list[str]]:
    marker = "示例：" if lang == "zh" else "Example: "
    found = {}
    for name in COMMANDS:
        help_text = labels._MESSAGES[f"help_{name}"][0 if lang == "zh" else 1]
        line = help_text.split(marker)[1]
        import shlex

        found[name] = shlex.split(line)[1:]
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_examples_run(lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example, in a workspace made by the init example: the ones that need a state that
    only other commands make (verify, reject: every unit done; import: a filled workbook) are
    checked to be refused for that reason, not for their wording."""
    monkeypatch.chdir(tmp_path)
    found = examples(lang)
    assert run("--lang", lang, *found["init"]).exit_code == 0
    monkeypatch.chdir(tmp_path / found["init"][1])
    order = ["update", "correct", "withdraw", "trigger", "card", "history", "list", "show", "due", "dept", "calendar", "progress", "summary", "validate"]
    order += ["notices", "export", "schema", "draft"]
    for name in order:
        result = run("--lang", lang, *found[name])
        assert result.exit_code == 0, (found[name], result.output)
    result = run("--lang", lang, *found["import"])
    assert result.exit_code == 0, (found["import"], result.output)  # the sheet the export example wrote, untouched
    for name in ("verify", "reject", "reopen"):  # nothing done, nothing verified in a new workspace
        result = run("--lang", "en", *found[name])
        assert result.exit_code == 2
        assert "已完成" in result.stderr or "verified" in result.stderr
    result = run("--lang", "en", *found["audit"])  # a workspace without people.yaml (nor git): the audit says so
    assert result.exit_code == 2
    assert "people.yaml" in result.stderr
    assert set(found) == {*order, "init", "import", "verify", "reject", "reopen", "audit"}
