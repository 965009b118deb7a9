"""Shared fixtures: the shipped catalogue, a scratch copy of it, and a text editor for data files."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

Edit = Callable[[Path, str, str], tuple[int, int]]


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty cache directory of its own, never the user's real one."""
    path = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("ANQUAN_CACHE_DIR", str(path))
    return path


@pytest.fixture(autouse=True)
def core_messages_in_english() -> Iterator[None]:
    """Tests that call the core directly read its messages in English (the CLI sets the
    language itself, from --lang or ANQUAN_LANG, on every run)."""
    from anquan_cli import labels

    labels.set_language("en")
    yield
    labels.set_language("en")


@pytest.fixture
def shipped() -> Path:
    """The repository's data/ directory (tasks.yaml, departments.yaml, notice.txt). Never write to it."""
    return REPO / "data"


@pytest.fixture
def workdir(shipped: Path, tmp_path: Path) -> Path:
    """A copy of data/ in tmp_path, free to mutate."""
    return Path(shutil.copytree(shipped, tmp_path / "data"))


@pytest.fixture
def edit() -> Edit:
    """`edit(path, old, new)`: replace the one occurrence of `old` in a text file by `new`.

    Returns the (line, column), 1-based, where `new` starts, for asserting on reported positions.
    Fails when `old` does not occur exactly once, so that a test cannot silently edit nothing.
    """

    def replace_once(path: Path, old: str, new: str) -> tuple[int, int]:
        text = path.read_text(encoding="utf-8")
        count = text.count(old)
        assert count == 1, f"{old!r} occurs {count} times in {path}, expected once"
        start = text.index(old)
        path.write_text(text.replace(old, new), encoding="utf-8", newline="")
        return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1

    return replace_once
