"""`anquan audit`, `validate --audit`, people.yaml in `validate` and `--audited`, through the CLI.

An honest workspace shared by the office and two liaisons in two clones, every commit signed
with its author's SSH key as people.yaml requires, several pulls with real merges: the audit
passes. One forged line makes it fail with the line named.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers_cli import REPO, run
from helpers_git import EXAMPLE_PEOPLE, Clones, Person, anquan, audit, commit, git, git_env, new_workspace, repository, ssh_key, write_people

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("ssh-keygen") is None, reason="needs git and ssh-keygen")


Shared = Clones


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Shared:
    tmp_path = tmp_path_factory.mktemp("honest")
    env = git_env(tmp_path)
    office = Person("李明", "liming@lingchuan.example", ssh_key=ssh_key(tmp_path, "liming"), units=["anweiban"])
    wang = Person("王芳", "wangfang@lingchuan.example", ssh_key=ssh_key(tmp_path, "wangfang"), units=["yingji"])
    zhang = Person("张伟", "zhangwei@lingchuan.example", ssh_key=ssh_key(tmp_path, "zhangwei"), units=["zhujian"])
    a, b = tmp_path / "office", tmp_path / "yingji"
    repository(env, a, office, [office, wang, zhang], signed=["anweiban", "yingji", "zhujian"])
    git(env, tmp_path, "clone", "-q", str(a), str(b))
    anquan(env, a, "update", "5.3.2", "--dept", "zhujian", "--status", "已完成", "--note", "不涉及煤矿")
    commit(env, a, "住建局：5.3.2", zhang, sign=True)
    anquan(env, b, "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "60")
    commit(env, b, "应急局：5.3.2", wang, sign=True)
    git(env, a, "pull", "-q", "--no-rebase", "--no-edit", str(b), "main", who=office, sign=True)  # a merge, signed by the office
    anquan(env, a, "reject", "5.3.2", "--note", "佐证材料不足")
    commit(env, a, "县安委办：退回 5.3.2", office, sign=True)
    anquan(env, b, "update", "1.1.3", "--dept", "yingji", "--status", "推进中", "--percent", "30")
    commit(env, b, "应急局：1.1.3", wang, sign=True)
    git(env, b, "pull", "-q", "--no-rebase", "--no-edit", str(a), "main", who=wang, sign=True)
    anquan(env, b, "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "80")
    commit(env, b, "应急局：5.3.2", wang, sign=True)
    git(env, a, "pull", "-q", "--no-rebase", "--no-edit", str(b), "main", who=office, sign=True)
    return Shared(env, a, b, office, wang, zhang)


@pytest.fixture
def honest(shared: Shared, tmp_path: Path) -> Shared:
    """A copy of the honest clones, free to change."""
    a, b = tmp_path / "office", tmp_path / "yingji"
    shutil.copytree(shared.office_clone, a, symlinks=True)
    shutil.copytree(shared.liaison_clone, b, symlinks=True)
    return Shared(shared.env, a, b, shared.office, shared.wang, shared.zhang)


def test_an_honest_history_passes(honest: Shared) -> None:
    code, out = audit(honest.env, honest.office_clone)
    assert code == 0, out
    assert out.splitlines() == [f"审计通过：{commits(honest)}个提交、5条进度记录，均符合 people.yaml（本地配置）。"]
    code, out = audit(honest.env, honest.liaison_clone)
    assert code == 0, out


def commits(shared: Shared) -> int:
    return int(git(shared.env, shared.office_clone, "rev-list", "--count", "HEAD"))


def test_audited_summary_equals_the_plain_one_when_the_history_is_honest(honest: Shared) -> None:
    for command in (["summary"], ["progress", "--by", "dept"]):
        plain = anquan(honest.env, honest.office_clone, *command)
        assert anquan(honest.env, honest.office_clone, *command, "--audited") == plain


def test_one_forged_line_fails_the_audit_with_its_commit_and_line(honest: Shared) -> None:
    b = honest.liaison_clone
    anquan(honest.env, b, "update", "5.3.2", "--dept", "xiaofang", "--status", "已完成")
    forged = commit(honest.env, b, "应急局", honest.wang, sign=True)
    code, out = audit(honest.env, b)
    assert code == 2
    assert out.splitlines() == [
        f"{forged[:7]} 王芳 <wangfang@lingchuan.example> progress/xiaofang.yaml:4: 为无权填报的单位县消防救援大队（xiaofang）写入记录",
        f"审计未通过：{commits(Shared(honest.env, b, b, honest.office, honest.wang, honest.zhang))}个提交中发现1处问题。",
    ]
    code, out = audit(honest.env, b, "--format", "json")
    assert code == 2
    record = json.loads(out)
    assert record["honest"] is False
    assert [(f["commit"], f["file"], f["line"], f["kind"]) for f in record["findings"]] == [(forged, "progress/xiaofang.yaml", 4, "foreign_unit")]
    # validate --audit: the files are valid, the history is not
    result = run("--no-cache", "--data", str(b), "validate", "--audit", env=dict(honest.env))
    assert result.exit_code == 2
    assert "校验通过" in result.stdout
    assert "progress/xiaofang.yaml:4:" in result.stdout
    # --audited leaves the forged report out, and says so on stderr
    result = run("--no-cache", "--data", str(b), "progress", "--dept", "消防", "--audited", "--format", "json", env=dict(honest.env))
    assert result.exit_code == 0, result.output
    assert next(r for r in json.loads(result.stdout) if r["task"] == "5.3.2")["unit_status"] == "not_started"
    assert "--audited" in result.stderr
    plain = run("--no-cache", "--data", str(b), "progress", "--dept", "消防", "--format", "json", env=dict(honest.env))
    assert next(r for r in json.loads(plain.stdout) if r["task"] == "5.3.2")["unit_status"] == "done"


def test_since_reports_only_what_the_last_pull_brought(honest: Shared) -> None:
    """A forgery the office has dealt with stays in the history; --since ORIG_HEAD audits the next pull alone."""
    a, b = honest.office_clone, honest.liaison_clone
    anquan(honest.env, b, "update", "5.3.2", "--dept", "xiaofang", "--status", "已完成")
    first = commit(honest.env, b, "应急局", honest.wang, sign=True)
    git(honest.env, a, "pull", "-q", "--no-rebase", "--no-edit", str(b), "main", who=honest.office)
    code, out = audit(honest.env, a, "--since", "ORIG_HEAD")
    assert code == 2
    assert first[:7] in out
    anquan(honest.env, b, "update", "1.1.3", "--dept", "yingji", "--status", "推进中", "--percent", "50")
    commit(honest.env, b, "应急局：1.1.3", honest.wang, sign=True)
    git(honest.env, a, "pull", "-q", "--no-rebase", "--no-edit", str(b), "main", who=honest.office)
    code, out = audit(honest.env, a, "--since", "ORIG_HEAD")
    assert (code, out.splitlines()) == (0, ["审计通过：1个提交、1条进度记录，均符合 people.yaml（本地配置）。"])
    code, out = audit(honest.env, a)  # the whole history still has the first forgery
    assert code == 2
    assert first[:7] in out
    code, out = audit(honest.env, a, "--since", "no-such-commit")
    assert code == 2
    assert "--since no-such-commit：不是本仓库的提交" in out


def test_english_output(honest: Shared) -> None:
    result = run("--no-cache", "--lang", "en", "--data", str(honest.office_clone), "audit", env=dict(honest.env))
    assert result.exit_code == 0
    assert result.stdout.startswith("Audit passed: ")


def test_audit_refuses_a_workspace_without_git_or_people(tmp_path: Path) -> None:
    env = git_env(tmp_path)
    ws = tmp_path / "ws"
    new_workspace(env, ws)
    result = run("--no-cache", "--data", str(ws), "audit", env=dict(env))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"anquan：错误：{ws} 中没有 people.yaml：请写一份（参见 docs/people.example.yaml），说明谁可以为哪个单位填报"]
    write_people(ws, [Person("李明", "liming@lingchuan.example", units=["anweiban"])])
    result = run("--no-cache", "--data", str(ws), "audit", env=dict(env))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"anquan：错误：{ws} 不在可用的 git 仓库中（git：fatal: not a git repository")
    assert line.endswith("）：审计检查的是 git 历史（先 `git init` 并提交）")


def test_validate_checks_people_yaml_against_the_units(tmp_path: Path) -> None:
    env = git_env(tmp_path)
    ws = tmp_path / "ws"
    new_workspace(env, ws)
    text = EXAMPLE_PEOPLE.read_text(encoding="utf-8")
    assert text.count("units: [zhujian]") == 1
    (ws / "people.yaml").write_text(text.replace("units: [zhujian]", "units: [zhujain]"), encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), start=1) if "units: [zhujian]" in x)
    column = text.splitlines()[line - 1].index("zhujian") + 1
    result = run("--no-cache", "--data", str(ws), "validate", env=dict(env))
    assert result.exit_code == 2
    assert f"people.yaml:{line}:{column}: people[2].units[0]: 未知单位 'zhujain'（departments.yaml 中没有）" in result.stderr
    assert "Traceback" not in result.output


def test_the_shipped_example_is_valid_and_labelled(tmp_path: Path) -> None:
    env = git_env(tmp_path)
    ws = tmp_path / "ws"
    new_workspace(env, ws)
    shutil.copyfile(EXAMPLE_PEOPLE, ws / "people.yaml")
    assert run("--no-cache", "--data", str(ws), "validate", env=dict(env)).exit_code == 0
    lines = EXAMPLE_PEOPLE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=schema/people.schema.json"
    assert "示例" in lines[1]
    assert any("本地配置" in x for x in lines[:5])
    assert (ws / "schema" / "people.schema.json").is_file()  # what the modeline points at, in a new workspace


def test_people_schema_accepts_the_example_and_refuses_an_unknown_field() -> None:
    import jsonschema
    import yaml

    schema = json.loads(run("schema", "--print", "people").stdout)
    example = yaml.safe_load(EXAMPLE_PEOPLE.read_text(encoding="utf-8"))
    jsonschema.validate(example, schema)
    example["people"][0]["role"] = "主任"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(example, schema)


def test_the_example_hook_runs_the_audit_after_a_merge(honest: Shared) -> None:
    """scripts/post-merge.audit, installed as the README says, reports a forged line after a pull."""
    hook = REPO / "scripts" / "post-merge.audit"
    a, b = honest.office_clone, honest.liaison_clone
    target = a / ".git" / "hooks" / "post-merge"
    shutil.copyfile(hook, target)
    target.chmod(0o755)
    anquan(honest.env, b, "update", "5.3.2", "--dept", "xiaofang", "--status", "已完成")
    forged = commit(honest.env, b, "应急局", honest.wang, sign=True)
    env = {**honest.env, "ANQUAN": f"{sys.executable} -m anquan_cli"}
    done = subprocess.run(
        ["git", "-c", "commit.gpgSign=false", "pull", "--no-rebase", "--no-edit", str(b), "main"],
        cwd=a,
        env={
            **env,
            "GIT_AUTHOR_NAME": "李明",
            "GIT_AUTHOR_EMAIL": honest.office.email,
            "GIT_COMMITTER_NAME": "李明",
            "GIT_COMMITTER_EMAIL": honest.office.email,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"{forged[:7]} 王芳 <wangfang@lingchuan.example> progress/xiaofang.yaml:4:" in done.stdout + done.stderr
