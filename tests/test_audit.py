"""`anquan audit` on real git repositories: every forgery of issue 16 found with its commit and
line, an honest history with several authors, clones, merges and signatures passing.

The scripted forgery: the office's clone (A) and 王芳's (B, the 应急局 liaison, who signs with
an SSH key as people.yaml requires for 应急局). In B 王芳 records for another unit, marks every
unit of a task done and verifies it (a verify line in anweiban.yaml), deletes the office's 退回
line and 张伟's entry, backdates a report, edits a membership list, commits unsigned and writes
an entry of another unit into her own file. Meanwhile 张伟 goes on reporting in A, and the
office pulls B into A: a real merge with merge=union, after which the deletions survive.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest

from anquan_cli import audit, progress
from anquan_cli.catalogue import load_catalogue
from anquan_cli.errors import WorkspaceError
from anquan_cli.models import ProgressEntry
from anquan_cli.status import rollup
from helpers_git import Clones, Person, anquan, commit, git, git_env, gpg_key, head, line_number, new_workspace, remove_line, repository, ssh_key, write_people

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("ssh-keygen") is None, reason="needs git and ssh-keygen")

TODAY = dt.date.today().isoformat()


@contextmanager
def environment(env: dict[str, str]) -> Iterator[None]:
    """The git environment for the core functions, which run git as a child process."""
    with mock.patch.dict(os.environ, env, clear=True):
        yield


def findings(env: dict[str, str], clone: Path) -> list[audit.Finding]:
    with environment(env):
        return audit.run_audit(clone, load_catalogue(clone)).findings


def where(found: list[audit.Finding]) -> set[tuple[str, str, int, str]]:
    return {(f.commit, f.file, f.line, f.kind) for f in found}


@dataclass
class Forgery(Clones):
    commits: dict[str, str]
    lines: dict[str, int]


@pytest.fixture(scope="module")
def forgery(tmp_path_factory: pytest.TempPathFactory) -> Forgery:
    tmp = tmp_path_factory.mktemp("forgery")
    env = git_env(tmp)
    keys = tmp / "keys"
    keys.mkdir()
    office = Person("李明", "liming@lingchuan.example", units=["anweiban"])
    wang = Person("王芳", "wangfang@lingchuan.example", ssh_key=ssh_key(keys, "wangfang"), units=["yingji"])
    zhang = Person("张伟", "zhangwei@lingchuan.example", units=["zhujian"])
    a, b = tmp / "A", tmp / "B"
    c: dict[str, str] = {}
    n: dict[str, int] = {}
    repository(env, a, office, [office, wang, zhang], signed=["yingji"])
    c["init"] = head(env, a)
    anquan(env, a, "update", "5.3.2", "--dept", "zhujian", "--status", "已完成", "--note", "不涉及煤矿")
    c["zhang1"] = commit(env, a, "住建局：5.3.2 已完成", zhang)
    anquan(env, a, "update", "5.2.1", "--dept", "zhujian", "--status", "推进中", "--percent", "40")
    c["zhang2"] = commit(env, a, "住建局：5.2.1", zhang)
    anquan(env, a, "reject", "5.3.2", "--note", "佐证材料不足")
    c["reject"] = commit(env, a, "县安委办：退回 5.3.2", office)

    git(env, tmp, "clone", "-q", str(a), str(b))
    anquan(env, b, "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "60")
    c["wang1"] = commit(env, b, "应急局：5.3.2", wang, sign=True)
    # 1. recording for another unit
    anquan(env, b, "update", "5.3.2", "--dept", "xiaofang", "--status", "已完成")
    c["other_unit"] = commit(env, b, "应急局：5.3.2", wang, sign=True)
    # 2. every unit of 4.2.1 done, then verified (销号) by the liaison: a verify line in anweiban.yaml
    cat = load_catalogue(b)
    for unit in cat.tasks["4.2.1"].reporters:
        anquan(env, b, "update", "4.2.1", "--dept", unit, "--status", "已完成")
    anquan(env, b, "verify", "4.2.1")
    n["verify"] = line_number(b / "progress" / "anweiban.yaml", '"verify"')
    c["verify"] = commit(env, b, "4.2.1 全部完成", wang, sign=True)
    # 3. the office's 退回 line and 张伟's entry deleted
    n["reject"] = remove_line(b / "progress" / "anweiban.yaml", '"reject"')
    n["zhang1"] = remove_line(b / "progress" / "zhujian.yaml", '"5.3.2"')
    c["delete"] = commit(env, b, "整理", wang, sign=True)
    # 4. a backdated report, after entries recorded today
    anquan(env, b, "update", "1.1.3", "--dept", "yingji", "--status", "推进中", "--percent", "30", "--date", "2025-06-01")
    n["backdated"] = line_number(b / "progress" / "yingji.yaml", '"1.1.3"')
    c["backdated"] = commit(env, b, "应急局：1.1.3", wang, sign=True)
    # 5. a membership list edited: 应急局 leaves 县安委会有关成员单位
    departments = b / "departments.yaml"
    text = departments.read_text(encoding="utf-8")
    assert text.count("zhujian, yingji, xiaofang,") == 1
    departments.write_text(text.replace("zhujian, yingji, xiaofang,", "zhujian, xiaofang,"), encoding="utf-8")
    n["members"] = line_number(departments, "zhujian, xiaofang,")
    c["members"] = commit(env, b, "成员名单", wang, sign=True)
    # 6. unsigned, where 应急局 requires signed commits
    anquan(env, b, "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "70")
    n["unsigned"] = len((b / "progress" / "yingji.yaml").read_text(encoding="utf-8").splitlines())
    c["unsigned"] = commit(env, b, "应急局：5.3.2", wang)
    # 7. an entry of 住建局 in 应急局's file
    entry = ProgressEntry(
        task="5.2.1", unit="zhujian", status="已完成", percent=100, date=dt.date.today(), recorded_at=dt.datetime.now().astimezone().replace(microsecond=0)
    )
    with (b / "progress" / "yingji.yaml").open("a", encoding="utf-8") as f:
        f.write(progress.entry_line(entry))
    n["mismatch"] = len((b / "progress" / "yingji.yaml").read_text(encoding="utf-8").splitlines())
    c["mismatch"] = commit(env, b, "应急局：补录", wang, sign=True)

    # meanwhile in A: 张伟 reports again, away from the line 王芳 deleted, so the deletion survives the merge
    anquan(env, a, "update", "5.2.1", "--dept", "zhujian", "--status", "已完成")
    c["zhang3"] = commit(env, a, "住建局：5.2.1 已完成", zhang)
    git(env, a, "pull", "-q", "--no-rebase", "--no-edit", str(b), "main", who=office)
    c["merge"] = head(env, a)
    return Forgery(env, a, b, office, wang, zhang, c, n)


def test_the_pull_is_a_merge_and_the_deletions_survive_it(forgery: Forgery) -> None:
    a = forgery.office_clone
    parents = git(forgery.env, a, "rev-list", "--parents", "-n", "1", "HEAD").split()
    assert len(parents) == 3  # a real merge
    assert '"reject"' not in (a / "progress" / "anweiban.yaml").read_text(encoding="utf-8")
    assert '"5.3.2"' not in (a / "progress" / "zhujian.yaml").read_text(encoding="utf-8")
    assert '"5.2.1"' in (a / "progress" / "zhujian.yaml").read_text(encoding="utf-8")


def test_recording_for_another_unit_is_found(forgery: Forgery) -> None:
    found = findings(forgery.env, forgery.office_clone)
    assert (forgery.commits["other_unit"], "progress/xiaofang.yaml", 4, "foreign_unit") in where(found)
    # the liaison's "every unit done" for 4.2.1: one finding per unit that is not hers
    cat = load_catalogue(forgery.office_clone)
    others = [u for u in cat.tasks["4.2.1"].reporters if u != "yingji"]
    at_verify = {f.file for f in found if f.commit == forgery.commits["verify"] and f.kind == "foreign_unit"}
    assert at_verify == {f"progress/{u}.yaml" for u in others}


def test_a_liaisons_verify_line_is_found(forgery: Forgery) -> None:
    found = findings(forgery.env, forgery.office_clone)
    assert (forgery.commits["verify"], "progress/anweiban.yaml", forgery.lines["verify"], "office_action") in where(found)
    (verify,) = [f for f in found if f.kind == "office_action"]
    assert verify.author == "王芳 <wangfang@lingchuan.example>"
    assert "verify" in verify.message


def test_deleting_the_offices_reject_and_another_units_entry_is_found(forgery: Forgery) -> None:
    found = findings(forgery.env, forgery.office_clone)
    assert (forgery.commits["delete"], "progress/anweiban.yaml", forgery.lines["reject"], "removed") in where(found)
    assert (forgery.commits["delete"], "progress/zhujian.yaml", forgery.lines["zhang1"], "removed") in where(found)
    assert [f.kind for f in found if f.commit == forgery.commits["delete"]] == ["removed", "removed"]


def test_a_backdated_report_is_found(forgery: Forgery) -> None:
    found = findings(forgery.env, forgery.office_clone)
    assert (forgery.commits["backdated"], "progress/yingji.yaml", forgery.lines["backdated"], "backdated") in where(found)
    (backdated,) = [f for f in found if f.kind == "backdated"]
    assert "2025-06-01" in backdated.message


def test_editing_a_membership_list_is_found(forgery: Forgery) -> None:
    found = findings(forgery.env, forgery.office_clone)
    assert (forgery.commits["members"], "departments.yaml", forgery.lines["members"], "config") in where(found)


def test_an_unsigned_commit_where_signatures_are_required_is_found(forgery: Forgery) -> None:
    found = findings(forgery.env, forgery.office_clone)
    assert (forgery.commits["unsigned"], "progress/yingji.yaml", forgery.lines["unsigned"], "unsigned") in where(found)
    # her signed commits pass the signature check
    assert [f.commit for f in found if f.kind == "unsigned"] == [forgery.commits["unsigned"]]


def test_an_entry_of_another_unit_in_ones_own_file_is_found(forgery: Forgery) -> None:
    found = findings(forgery.env, forgery.office_clone)
    assert (forgery.commits["mismatch"], "progress/yingji.yaml", forgery.lines["mismatch"], "unit_mismatch") in where(found)


def test_honest_commits_and_the_offices_merge_have_no_findings(forgery: Forgery) -> None:
    found = findings(forgery.env, forgery.office_clone)
    honest = {forgery.commits[k] for k in ("init", "zhang1", "zhang2", "reject", "wang1", "zhang3", "merge")}
    assert [f for f in found if f.commit in honest] == []
    # and nothing else: each finding belongs to one of the forgeries above
    forged = {forgery.commits[k] for k in ("other_unit", "verify", "delete", "backdated", "members", "unsigned", "mismatch")}
    assert {f.commit for f in found} == forged


def test_audited_progress_counts_what_passed_and_restores_what_was_deleted(forgery: Forgery) -> None:
    a = forgery.office_clone
    cat = load_catalogue(a)
    with environment(forgery.env):
        audited = audit.audited_progress(a, cat)
    plain = progress.load_progress(a, cat)
    day = dt.date.today()
    assert rollup(cat, plain, day)["4.2.1"].closed  # what the forger made of it
    assert rollup(cat, audited, day)["4.2.1"].status == "in_progress"  # only 应急局's own report counts
    kinds = [(e.unit, e.task, e.kind) for e in audited.entries]
    assert ("anweiban", "5.3.2", "reject") in kinds  # the deleted 退回 counts again
    assert ("zhujian", "5.3.2", "update") in kinds  # and so does 张伟's deleted report
    assert ("xiaofang", "5.3.2", "update") not in kinds
    assert ("anweiban", "4.2.1", "verify") not in kinds
    assert not [e for e in audited.entries if e.task == "1.1.3"]  # backdated
    assert len(audited.warnings) == 1


def test_a_merge_that_drops_a_line_itself_is_found(tmp_path: Path) -> None:
    """A deletion made in the merge commit (an "evil merge"), and a merge that keeps only its own side (-s ours)."""
    env = git_env(tmp_path)
    office = Person("李明", "liming@lingchuan.example", units=["anweiban"])
    wang = Person("王芳", "wangfang@lingchuan.example", units=["yingji"])
    a, b = tmp_path / "A", tmp_path / "B"
    repository(env, a, office, [office, wang])
    anquan(env, a, "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "10")
    commit(env, a, "应急局", wang)
    git(env, tmp_path, "clone", "-q", str(a), str(b))
    anquan(env, a, "update", "1.1.3", "--dept", "yingji", "--status", "推进中", "--percent", "20")
    commit(env, a, "应急局 1.1.3", wang)
    anquan(env, b, "update", "4.1.4", "--dept", "yingji", "--status", "推进中", "--percent", "30")
    commit(env, b, "应急局 4.1.4", wang)
    # 王芳 pulls, and in the merge itself removes the line with 5.3.2
    git(env, b, "pull", "-q", "--no-rebase", "--no-commit", str(a), "main", who=wang, check=False)
    yingji = b / "progress" / "yingji.yaml"
    number = remove_line(yingji, '"5.3.2"')
    evil = commit(env, b, "合并", wang)
    # the office takes B with -s ours: 王芳's 4.1.4 line (only in B) is dropped by the office's merge
    git(env, a, "fetch", "-q", str(b), "main")
    git(env, a, "merge", "-q", "-s", "ours", "--no-edit", "FETCH_HEAD", who=office)
    ours = head(env, a)
    found = where(findings(env, a))
    assert (evil, "progress/yingji.yaml", number, "removed") in found
    dropped = [f for f in found if f[0] == ours]
    assert [(f[1], f[3]) for f in dropped] == [("progress/yingji.yaml", "removed")]
    assert len(found) == 2


def test_a_deleted_progress_file_and_a_symlink_are_found(tmp_path: Path) -> None:
    env = git_env(tmp_path)
    office = Person("李明", "liming@lingchuan.example", units=["anweiban"])
    wang = Person("王芳", "wangfang@lingchuan.example", units=["yingji", "xiaofang"])
    a = tmp_path / "A"
    repository(env, a, office, [office, wang])
    anquan(env, a, "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "10")
    commit(env, a, "应急局", wang)
    (a / "progress" / "yingji.yaml").unlink()
    deleted = commit(env, a, "删除", wang)
    (a / "progress" / "xiaofang.yaml").symlink_to("../../outside.txt")
    linked = commit(env, a, "链接", wang)
    found = where(findings(env, a))
    assert {(c, f, k) for c, f, _, k in found if c == deleted} == {(deleted, "progress/yingji.yaml", "removed")}
    assert (linked, "progress/xiaofang.yaml", 0, "symlink") in found


def test_uncommitted_changes_removals_fail_additions_are_noted(tmp_path: Path) -> None:
    env = git_env(tmp_path)
    office = Person("李明", "liming@lingchuan.example", units=["anweiban"])
    a = tmp_path / "A"
    repository(env, a, office, [office])
    anquan(env, a, "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "10")
    anquan(env, a, "update", "5.3.2", "--dept", "zhujian", "--status", "推进中", "--percent", "10")
    commit(env, a, "记录", office)
    anquan(env, a, "update", "1.1.3", "--dept", "yingji", "--status", "推进中", "--percent", "10")
    anquan(env, a, "update", "5.3.2", "--dept", "xiaofang", "--status", "推进中", "--percent", "10")  # a new, untracked file
    number = remove_line(a / "progress" / "zhujian.yaml", '"5.3.2"')
    with environment(env):
        result = audit.run_audit(a, load_catalogue(a))
    assert where(result.findings) == {("", "progress/zhujian.yaml", number, "removed")}
    assert {(n.file, n.line) for n in result.notices} == {("progress/yingji.yaml", 5), ("progress/xiaofang.yaml", 0)}


def test_a_workspace_in_a_folder_of_its_repository(tmp_path: Path) -> None:
    env = git_env(tmp_path)
    office = Person("李明", "liming@lingchuan.example", units=["anweiban"])
    wang = Person("王芳", "wangfang@lingchuan.example", units=["yingji"])
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "README.txt").write_text("其他文件\n", encoding="utf-8")
    ws = repo / "anquan"
    new_workspace(env, ws)
    write_people(ws, [office, wang])
    git(env, repo, "init", "-q", "-b", "main")
    commit(env, repo, "初始化", office)
    (repo / "README.txt").write_text("王芳改了工作区以外的文件\n", encoding="utf-8")  # not the workspace's: not audited
    anquan(env, ws, "update", "5.3.2", "--dept", "zhujian", "--status", "推进中", "--percent", "10")
    forged = commit(env, repo, "住建局", wang)
    assert where(findings(env, ws)) == {(forged, "progress/zhujian.yaml", 4, "foreign_unit")}


def test_the_audit_refuses_what_is_not_a_repository(tmp_path: Path) -> None:
    env = git_env(tmp_path)
    a = tmp_path / "A"
    new_workspace(env, a)
    write_people(a, [Person("李明", "liming@lingchuan.example", units=["anweiban"])])
    with environment(env), pytest.raises(WorkspaceError, match="git"):
        audit.run_audit(a, load_catalogue(a))
    git(env, a, "init", "-q")
    with environment(env), pytest.raises(WorkspaceError, match="提交"):
        audit.run_audit(a, load_catalogue(a))
    with environment({**env, "PATH": str(tmp_path / "nowhere")}), pytest.raises(WorkspaceError, match="git"):
        audit.run_audit(a, load_catalogue(a))


def test_gpg_signatures(tmp_path: Path) -> None:
    """A commit signed with the author's listed GPG key passes; one signed with an unlisted key does not."""
    env = git_env(tmp_path)
    listed = gpg_key(env, "王芳 <wangfang@lingchuan.example>")
    other = gpg_key(env, "别人 <other@lingchuan.example>")
    if listed is None or other is None:
        pytest.skip("gpg cannot make keys here")
    office = Person("李明", "liming@lingchuan.example", units=["anweiban"])
    wang = Person("王芳", "wangfang@lingchuan.example", gpg_key=listed, units=["yingji"])
    a = tmp_path / "A"
    repository(env, a, office, [office, wang], signed=["yingji"])
    anquan(env, a, "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "10")
    commit(env, a, "应急局", wang, sign=True)
    anquan(env, a, "update", "1.1.3", "--dept", "yingji", "--status", "推进中", "--percent", "10")
    impostor = Person(wang.name, wang.email, gpg_key=other)
    forged = commit(env, a, "应急局", impostor, sign=True)
    assert where(findings(env, a)) == {(forged, "progress/yingji.yaml", 5, "unsigned")}


def test_ssh_signature_by_another_persons_key(tmp_path: Path) -> None:
    """Signed, but with 张伟's key while committing as 王芳: not her signature."""
    env = git_env(tmp_path)
    office = Person("李明", "liming@lingchuan.example", units=["anweiban"])
    wang = Person("王芳", "wangfang@lingchuan.example", ssh_key=ssh_key(tmp_path, "wang"), units=["yingji"])
    zhang = Person("张伟", "zhangwei@lingchuan.example", ssh_key=ssh_key(tmp_path, "zhang"), units=["zhujian"])
    a = tmp_path / "A"
    repository(env, a, office, [office, wang, zhang], signed=["yingji", "zhujian"])
    anquan(env, a, "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "10")
    forged = commit(env, a, "应急局", Person(wang.name, wang.email, ssh_key=zhang.ssh_key), sign=True)
    anquan(env, a, "update", "5.3.2", "--dept", "zhujian", "--status", "推进中", "--percent", "10")
    commit(env, a, "住建局", zhang, sign=True)
    (finding,) = findings(env, a)
    assert (finding.commit, finding.file, finding.kind) == (forged, "progress/yingji.yaml", "unsigned")


def test_an_author_people_yaml_does_not_list_and_a_hostile_line(tmp_path: Path) -> None:
    """Someone not in people.yaml writes for a unit; a line nested deeper than any parser recurses is judged, not a crash."""
    env = git_env(tmp_path)
    office = Person("李明", "liming@lingchuan.example", units=["anweiban"])
    stranger = Person("陌生人", "stranger@example.org")
    a = tmp_path / "A"
    repository(env, a, office, [office])
    anquan(env, a, "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "10")
    with (a / "progress" / "yingji.yaml").open("a", encoding="utf-8") as f:
        f.write("- " + "[" * 100_000 + "]" * 100_000 + "\n")
    forged = commit(env, a, "应急局", stranger)
    found = findings(env, a)
    assert where(found) == {(forged, "progress/yingji.yaml", 4, "foreign_unit"), (forged, "progress/yingji.yaml", 5, "foreign_unit")}
    assert all("people.yaml" in f.message for f in found)
