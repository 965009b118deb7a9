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
    # ── hardening: writes, limits, workspace discovery ──
    "write_link": (
        "{path} 是符号链接：anquan 不经由链接写入，未写入任何内容",
        "{path} is a symbolic link: anquan never writes through a link; nothing written",
    ),
    "write_special": (
        "{path} 不是普通文件（设备、管道或套接字）：未写入任何内容",
        "{path} is not a regular file (a device, a pipe or a socket): nothing written",
    ),
    "write_not_dir": ("{path} 不是文件夹：未写入任何内容", "{path} is not a directory: nothing written"),
    "write_failed": ("无法写入 {path}：{reason}；文件保持原样，未记录", "cannot write {path}: {reason}; the file is as it was, nothing recorded"),
    "write_own_file": (
        "{path} 是工作区自身的数据文件：导出不会覆盖它，请另选文件名",
        "{path} is one of the workspace's own data files: an export never overwrites it; choose another file name",
    ),
    "init_failed": ("无法创建工作区 {path}：{reason}；未留下任何文件", "cannot create the workspace {path}: {reason}; nothing was left behind"),
    "foreign_workspace": (
        "{path} 像是工作区，但属于其他用户（uid {owner}），与 git 一样不予使用：确认可信后用 --data {path} 指定",
        "{path} looks like a workspace but is owned by another user (uid {owner}), so it is not used (as git refuses "
        "such a repository): pass --data {path} if you trust it",
    ),
    "nesting_too_deep": (
        "嵌套超过{limit}层：anquan 的数据文件只需几层，请检查该值",
        "nested deeper than {limit} levels: anquan's files need only a few; check this value",
    ),
    "more_problems": ("…… 另有{n}个问题未列出", "… and {n} more problems"),
    "too_many_items": (
        "约有{n}个键和列表项，超过上限{limit}（最大的真实目录，5万项任务，约56万个）：解析前即拒绝",
        "about {n} keys and list items, over the limit of {limit} (the largest real catalogue, 50,000 tasks, has about 560,000): refused before parsing",
    ),
    "date_before_notice": ("日期 {date} 早于通知印发日期（{notice}）", "date {date} is before the notice was issued ({notice})"),
    "date_in_future": ("日期 {date} 晚于今天（{today}）", "date {date} is in the future (today is {today})"),
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
