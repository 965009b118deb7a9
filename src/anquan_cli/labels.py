"""Every word the tool prints that is not data: Chinese by default, English with --lang en."""

from __future__ import annotations

_LABELS: dict[str, tuple[str, str]] = {
    # columns
    "task": ("任务编号", "Task"),
    "clause": ("条款", "Clause"),
    "section": ("部分", "Section"),
    "title": ("任务", "Title"),
    "text": ("原文", "Text"),
    "units": ("责任单位", "Units"),
    "unit": ("单位", "Unit"),
    "role": ("职责", "Role"),
    "via": ("责任来源", "Source"),
    "deadline": ("完成时限", "Deadline"),
    "deadlines": ("完成时限", "Deadlines"),
    "due": ("截止日期", "Due"),
    "days_left": ("剩余天数", "Days left"),
    "phrase": ("原文时限", "Notice wording"),
    "status": ("状态", "Status"),
    "targets": ("目标", "Targets"),
    "requirements": ("时效要求", "Requirements"),
    "tags": ("标签", "Tags"),
    "kind": ("类别", "Kind"),
    "id": ("标识", "Id"),
    "name": ("名称", "Name"),
    "short": ("简称", "Short name"),
    "members": ("成员（本地配置）", "Members (local data)"),
    "clauses_direct": ("点名条款", "Clauses named"),
    "tasks_direct": ("点名任务", "Tasks named"),
    "tasks_rule": ("乡镇规则任务", "Tasks by 乡镇 rule"),
    "tasks_group": ("经群组任务", "Tasks via group"),
    "deadline_count": ("时限", "Deadlines"),
    "next_deadline": ("最近时限", "Next deadline"),
    "heading": ("标题", "Heading"),
    "notice": ("通知", "Notice"),
    "responsibility": ("责任分工", "Responsibility"),
    "open_list": ("（原文为“等部门”，名单未尽）", "(the notice says 等部门: the list is not exhaustive)"),
    # values
    "via_direct": ("通知点名", "named by the notice"),
    "via_rule": ("据“{quote}”（第{clause}条）", "by the rule “{quote}” (clause {clause})"),
    "via_group": ("经{group}（本地配置）", "via {group} (local data)"),
    "overdue_days": ("逾期{n}天", "{n} days overdue"),
    "days_left_n": ("剩{n}天", "{n} days left"),
    "due_today": ("今日到期", "due today"),
    "firm": ("", ""),
    "strive": ("力争", "aim"),
    "within": ("{after}内", "within {after}"),
    "period_H1": ("上半年", "first half"),
    "period_H2": ("下半年", "second half"),
    "kind_department": ("县直部门", "county department"),
    "kind_collective": ("乡镇集合", "townships collectively"),
    "kind_group": ("单位群组", "group of units"),
    "kind_township": ("乡镇", "township"),
    "kind_body": ("统筹机构", "coordinating body"),
    "kind_addressee": ("主送单位", "addressee"),
    "local": ("本地配置", "local data"),
    # statuses
    "not_started": ("未启动", "not started"),
    "in_progress": ("推进中", "in progress"),
    "done": ("已完成", "done"),
    "verified": ("已销号", "verified"),
    "overdue": ("逾期", "overdue"),
    "tasks_n": ("任务数", "Tasks"),
    "closed_share": ("完成率", "Done"),
    "mean_percent": ("平均进度%", "Mean %"),
    "total": ("合计", "Total"),
    "rank": ("排名", "Rank"),
    "card": ("预警", "Warning"),
    "card_red": ("红牌", "red"),
    "card_yellow": ("黄牌", "yellow"),
    "unit_status": ("本单位状态", "Unit status"),
    "task_status": ("任务状态", "Task status"),
    "percent": ("完成百分比", "Percent"),
    "as_of_date": ("填报日期", "As of"),
    "note": ("进展情况", "Note"),
    "evidence": ("佐证材料", "Evidence"),
    "recorded_at": ("记录时间", "Recorded at"),
    "rejected": ("退回", "rejected"),
    "no_history": ("（该任务尚无进度记录）", "(no progress recorded for this task)"),
    "recorded": ("已记录：{unit} {task} {status} → {path}", "Recorded: {unit} {task} {status} → {path}"),
    "init_done": (
        "已创建工作区 {path}。\n下一步：\n  cd {path}\n  git init && git add . && git commit -m 初始化   # 可选：各单位通过 git 协同\n"
        "  anquan update 1.1.3 --dept 应急局 --status 推进中 --percent 30 --note ……\n  anquan progress\n  anquan summary",
        "Workspace created at {path}.\nNext steps:\n  cd {path}\n  git init && git add . && git commit -m init   # optional: share with git\n"
        "  anquan update 1.1.3 --dept yingji --status in_progress --percent 30 --note ...\n  anquan progress\n  anquan summary",
    ),
    "skipped_warning": ("警告：", "warning: "),
    # messages
    "empty": ("（无符合条件的记录）", "(nothing matches)"),
    "valid": ("校验通过：{tasks}项任务、{clauses}个条款、{units}个单位，无问题。", "Valid: {tasks} tasks, {clauses} clauses, {units} units, no problems."),
    "coverage": ("原文覆盖：正文{segments}句，已引用{covered}句（{percent}）。", "Coverage: {covered} of the body's {segments} sentences quoted ({percent})."),
    "progress_valid": ("进度记录：{entries}条，均有效。", "Progress: {entries} entries, all valid."),
    "uncovered": ("未引用：", "Not quoted:"),
    "warnings": ("警告{n}条：", "{n} warnings:"),
    "problems": ("发现{n}个问题。", "{n} problems found."),
    "month_title": ("{year}年{month}月", "{year}-{month:02d}"),
    "weekdays": ("一 二 三 四 五 六 日", "Mo Tu We Th Fr Sa Su"),
    "no_deadlines_month": ("本月无时限。", "No deadlines this month."),
    "duties_of": ("{name}的任务", "Duties of {name}"),
    # ── kinds of duty (anquan show) ──
    "duty_kind": ("类型", "Kind"),
    "duty_kind_dated": ("限时完成", "dated"),
    "duty_kind_recurring": ("周期性", "recurring"),
    "duty_kind_standing": ("常态化", "standing"),
    "duty_kind_contingent": ("事件触发", "contingent"),
    "duty_kind_once": ("无时限一次性", "undated one-off"),
    "duty_from": ("（据“{quote}”）", " (from “{quote}”)"),
    "duty_derived": ("（据时限推定）", " (inferred from the time limits)"),
    "duty_note": ("类型说明", "Kind note"),
    # exports (anquan export), the Excel round trip (anquan import) and anquan schema
    "sheet_ledger": ("工作台账", "Ledger"),
    "sheet_summary": ("汇总", "Summary"),
    "ledger_title": ("{number}工作台账（{scope}截至{date}）", "{number} ledger ({scope}as of {date})"),
    "fill_hint": (
        "请填写黄色列：状态（未启动、推进中、已完成）、完成百分比（0–100）、进展情况、佐证材料、填报日期（默认当天）；未填状态的行不导入。"
        "改好后交县安委办：anquan import 本文件.xlsx",
        "Fill in the yellow columns: status (not started, in progress, done), percent (0–100), note, evidence, as-of date (default: today); "
        "rows without a status are not imported. Then: anquan import this-file.xlsx",
    ),
    "md_title": ("{number}任务分工（{scope}截至{date}）", "{number}: tasks and units ({scope}as of {date})"),
    "seq": ("序号", "No."),
    "key_task": ("重点任务", "Task"),
    "progress_col": ("进展情况", "Progress"),
    "average": ("平均进度", "average"),
    "last_percent": ("已报进度%", "Reported %"),
    "last_date": ("上次填报", "Last reported"),
    "last_note": ("上次进展", "Last note"),
    "sections_table": ("分部分统计", "By section"),
    "units_table": ("分单位统计", "By unit"),
    "exported": ("已导出：{path}", "Exported: {path}"),
    "schema_written": ("已写入：{path}", "Written: {path}"),
    "import_recorded": ("已记录：{where} {task} {status} {percent}% {date}", "Recorded: {where} {task} {status} {percent}% {date}"),
    "import_duplicate": ("已有相同记录，跳过：{where} {task}", "Already recorded, skipped: {where} {task}"),
    "import_done": ("导入完成：{unit} {n}条 → {path}", "Imported: {unit}, {n} entries → {path}"),
    "import_blank": ("未填状态的{n}行未导入。", "{n} rows without a status were not imported."),
    "import_nothing": ("没有填写状态的行：未写入任何记录。", "No row has a status: nothing written."),
}

# Messages: errors, refusals and notices, raised deep in the core as well as printed by the
# CLI. Each is (zh, en) with str.format fields; `message` picks the language the CLI set.
_MESSAGES: dict[str, tuple[str, str]] = {
    # ── kinds of duty (catalogue checks, checks.py) ──
    "duty_quote_missing": (
        "{kind}类任务须有 quote：引用其所据的通知原文",
        "a {kind} duty needs a quote: the notice's words it is read from",
    ),
    "duty_dated_without_deadline": ("kind 为 dated，但任务没有 deadlines", "kind dated needs a deadline (deadlines:)"),
    "duty_deadline_not_dated": (
        "任务有时限“{phrase}”，kind 应为 dated，而不是 {kind}（力争的时限另标 firm: false）",
        "the task has the time limit '{phrase}': its kind is dated, not {kind} (mark a 力争 time limit firm: false)",
    ),
    "duty_recurring_without_recurrence": ("kind 为 recurring，但任务没有 recurrence", "kind recurring needs a recurrence (recurrence:)"),
    "duty_recurrence_not_recurring": (
        "任务有周期“{phrase}”，kind 应为 recurring，而不是 {kind}",
        "the task recurs '{phrase}': its kind is recurring, not {kind}",
    ),
    "duty_once_with_deadline": (
        "kind 为 once（无时限一次性），但任务有时限“{phrase}”",
        "kind once is an undated one-off, but the task has the time limit '{phrase}'",
    ),
    "deadline_goal_unworded": (
        "firm: false，但原文在“{phrase}”处没有“力争”",
        "firm: false, but the text does not say 力争 with '{phrase}'",
    ),
    "deadline_strive_firm": (
        "原文在“{phrase}”处写有“力争”：时限是争取的目标，应标 firm: false",
        "the text says 力争 with '{phrase}': the time limit is a goal, mark it firm: false",
    ),
    "goal_not_in_notice": ("“{quote}”不是 notice.txt 的原文", "'{quote}' does not occur in notice.txt"),
    # ── audit (people.yaml, anquan audit, --audited) ──
    "audit_no_git": ("无法运行 git（{error}）：审计需要 git 命令", "cannot run git ({error}): the audit needs the git command"),
    "audit_git_failed": ("git {command} 失败：{error}", "git {command} failed: {error}"),
    "audit_not_repository": (
        "{root} 不在可用的 git 仓库中（git：{error}）：审计检查的是 git 历史（先 git init 并提交）",
        "{root} is not in a usable git repository (git: {error}): the audit reads the git history (git init and commit first)",
    ),
    "audit_shallow": (
        "{root} 是浅克隆，历史不全，无法审计：先运行 git fetch --unshallow",
        "{root} is a shallow clone: the history is incomplete; run git fetch --unshallow first",
    ),
    "audit_no_commits": ("{root} 的 git 仓库还没有提交，无可审计", "{root}: the git repository has no commits yet, nothing to audit"),
    "audit_worktree": ("工作区", "worktree"),
    "audit_symlink": ("以符号链接提交的文件", "file committed as a symbolic link"),
    "audit_removed": ("只追加的进度文件中有一行被改动或删除：{text}", "a line of an append-only progress file was changed or removed: {text}"),
    "audit_config": ("非县安委办人员改动本地配置", "local configuration changed by someone not of the office"),
    "audit_office_action": ("非县安委办人员写入县安委办操作（{kind}）", "office action ({kind}) written by someone not of the office"),
    "audit_foreign_unit": ("为无权填报的单位{unit}写入记录", "entry written for unit {unit}, which the author may not write for"),
    "audit_unknown_author": ("作者不在 people.yaml 中，却为{unit}写入记录", "entry written for {unit} by an author people.yaml does not list"),
    "audit_unit_mismatch": ("记录的单位 {unit} 与文件所属单位 {file_unit} 不符", "entry of unit {unit} in the file of {file_unit}"),
    "audit_backdated": (
        "倒填日期：填报日期 {date} 早于文件中已有记录的最晚记录时间 {recorded} 超过 {days} 天",
        "backdated: dated {date}, more than {days} days before the latest recorded_at already in the file ({recorded})",
    ),
    "audit_unsigned": ("该单位要求签名提交，此提交未签名", "unsigned commit, where the unit requires signed commits"),
    "audit_signature_unknown_author": ("作者不在 people.yaml 中，签名无从核对", "the author is not in people.yaml: the signature cannot be matched"),
    "audit_signature_not_listed": (
        "签名所用密钥 {signing_key} 不是 people.yaml 为作者登记的密钥",
        "signed with key {signing_key}, which people.yaml does not list for the author",
    ),
    "audit_signature_bad": ("签名无效或无法核验（git 状态 {status}）", "bad or uncheckable signature (git status {status})"),
    "audit_uncommitted": ("未提交的新增行：提交后才纳入审计", "line not committed yet: audited once committed"),
    "audit_untracked": ("未纳入 git 的进度文件：提交后才纳入审计", "progress file not in git yet: audited once committed"),
    "audit_left_out": (
        "--audited：只计入通过审计的记录（审计发现{findings}处问题，{uncommitted}行未提交；详见 anquan audit）",
        "--audited: only entries that pass the audit count ({findings} findings, {uncommitted} uncommitted lines; see anquan audit)",
    ),
    "audit_passed": (
        "审计通过：{commits}个提交、{entries}条进度记录，均符合 people.yaml（本地配置）。",
        "Audit passed: {commits} commits, {entries} progress entries, all as people.yaml (local data) allows.",
    ),
    "audit_failed": ("审计未通过：{commits}个提交中发现{findings}处问题。", "Audit failed: {findings} findings in {commits} commits."),
    "audit_notices": ("另有{n}行未提交，未纳入审计。", "{n} more lines are not committed and were not audited."),
    "audit_unknown_revision": ("--since {revision}：不是本仓库的提交", "--since {revision}: not a commit of this repository"),
    "people_unknown_unit": ("未知单位 {unit!r}（departments.yaml 中没有）", "unknown unit {unit!r} (not in departments.yaml)"),
    "people_duplicate_email": (
        "邮箱 {email!r} 已在第{line}行登记：一个邮箱只对应一人",
        "email {email!r} is already listed (line {line}): one email, one person",
    ),
    "people_no_office": (
        "没有县安委办（{office}）人员：无人能销号、退回或修改配置",
        "nobody is of the office ({office}): nobody could verify, reject or change the configuration",
    ),
    "people_missing": (
        "{root} 中没有 people.yaml：请写一份（参见 docs/people.example.yaml），说明谁可以为哪个单位填报",
        "no people.yaml in {root}: write one (see docs/people.example.yaml) to say who may write for which unit",
    ),
}

LANGS = ("zh", "en")
_language = {"index": 0}


def set_language(lang: str) -> None:
    """The language of `message`: set once by the CLI from --lang (or ANQUAN_LANG)."""
    _language["index"] = 1 if lang == "en" else 0


def message(key: str, **values: object) -> str:
    """One message (see _MESSAGES) in the current language, its fields filled in."""
    text = _MESSAGES[key][_language["index"]]
    return text.format(**values) if values else text


def message_keys() -> list[str]:
    return list(_MESSAGES)


class Labels:
    def __init__(self, lang: str = "zh") -> None:
        self.index = 1 if lang == "en" else 0
        self.lang = "en" if lang == "en" else "zh"

    def __call__(self, key: str, **values: object) -> str:
        text = _LABELS[key][self.index]
        return text.format(**values) if values else text
