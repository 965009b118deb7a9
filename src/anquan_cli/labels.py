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
        "请填写黄色列：状态（未启动、推进中、已完成）、完成百分比（0–100，小数四舍五入）、进展情况、佐证材料、填报日期（空着即按第2行的本表填报日期）；"
        "未填状态的行不导入。改好后交县安委办：anquan import 本文件.xlsx",
        "Fill in the yellow columns: status (not started, in progress, done), percent (0–100, fractions rounded), note, evidence, "
        "as-of date (empty: the sheet's as-of date in row 2); rows without a status are not imported. Then: anquan import this-file.xlsx",
    ),
    # ── the fill-in sheet's own date, prompts and import notices (export.py, sheet_import.py) ──
    "stated_date": ("本表填报日期", "Sheet as-of date"),
    "stated_date_hint": ("← 填报日期为空的行按此日期导入；可改。", "← rows with an empty as-of date are imported as of this day; change it if need be."),
    "prompt_status": ("未启动、推进中或已完成", "not started, in progress or done"),
    "prompt_percent": ("0到100的数；45.5导入时记为46；也可写50%", "a number from 0 to 100; 45.5 is recorded as 46; 50% works too"),
    "prompt_as_of_date": (
        "日期，如 2025-06-30、2025/6/30、6/30、6月底、2025年6月30日、下月底；空着即按本表填报日期",
        "a date such as 2025-06-30, 2025/6/30, 6/30, 6月底, 2025年6月30日, 下月底; empty: the sheet's as-of date",
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
    # ── dates and percents as typed (dates.py, percents.py) ──
    "date_unreadable": ("无法识别日期 {text!r}；可用写法：{forms}", "cannot read date {text!r}; accepted forms: {forms}"),
    "date_ambiguous": (
        "日期 {text!r} 有歧义（先日后月？哪一年？）：请写成 2025-06-30 或 2025年6月30日；可用写法：{forms}",
        "ambiguous date {text!r} (day first? which year?): write 2025-06-30 or 2025年6月30日; accepted forms: {forms}",
    ),
    "date_no_such_day": ("日期 {text!r} 不存在：没有这一天；可用写法：{forms}", "invalid date {text!r}: no such day; accepted forms: {forms}"),
    "date_no_month": ("日期 {text!r} 不存在：没有{month}月；可用写法：{forms}", "invalid date {text!r}: no month {month}; accepted forms: {forms}"),
    "percent_unreadable": (
        "{heading} {text!r} 不是0到100之间的数（可写 45、45.5 或 45%）",
        "{heading} {text!r} is not a number from 0 to 100 (type 45, 45.5 or 45%)",
    ),
    "percent_out_of_range": ("{heading} {text} 不在0到100之间", "{heading} {text} is not between 0 and 100"),
    "percent_rounded": ("注意：{heading} {text} 已四舍五入为 {value}", "note: {heading} {text} rounded to {value}"),
    # ── import: the file, its unit, its limits (workbooks.py, sheet_import.py) ──
    "import_not_regular": ("{file} 不是普通文件（是管道、设备或目录）：未读取", "{file} is not a regular file (a pipe, a device or a folder): not read"),
    "import_too_large": (
        "{file} 有 {size} 字节，超出工作台账的上限（{limit} MB）：未读取",
        "{file} is {size} bytes, more than a 工作台账 may be ({limit} MB): not read",
    ),
    "import_zip_members": (
        "{file} 含 {n} 个部件，超出上限 {limit}：不是 anquan 导出的工作台账",
        "{file} has {n} parts, more than {limit}: not a 工作台账 anquan exported",
    ),
    "import_zip_member": (
        "{file} 的部件 {member} 解压后 {size} 字节（压缩为 {packed} 字节），超出上限（{limit} MB、压缩比100倍）：未打开",
        "{file}: its part {member} unpacks to {size} bytes from {packed} (limits: {limit} MB, 100 times its packed size): not opened",
    ),
    "import_zip_total": (
        "{file} 解压后共 {size} 字节，超出上限（{limit} MB）：未打开",
        "{file} unpacks to {size} bytes in all, more than {limit} MB: not opened",
    ),
    "import_shared_strings": ("{file} 含 {n} 个共享字符串，超出上限 {limit}：未打开", "{file} has {n} shared strings, more than {limit}: not opened"),
    "import_sheet_too_big": (
        "{file}：工作表 {sheet} 用到 {corner} 单元格，超出上限（{rows} 行、{columns} 列）：未打开（请删去多余的行列，或重新导出）",
        "{file}: sheet {sheet} reaches cell {corner}, beyond the limits ({rows} rows, {columns} columns): not opened (delete the extra rows or export again)",
    ),
    "import_meta_altered": (
        "{file}：隐藏工作表 {sheet!r} 与其校验值不符（被改动过）：请用 anquan export --format xlsx --dept 单位 重新导出",
        "{file}: the hidden sheet {sheet!r} does not match its digest (it was edited): export again with anquan export --format xlsx --dept UNIT",
    ),
    "import_sheet_twice": (
        "{file}：隐藏工作表 {sheet_meta!r} 两次列出工作表 {sheet!r} 或其单位：拒绝导入",
        "{file}: the hidden sheet {sheet_meta!r} lists sheet {sheet!r} or its unit twice: refused",
    ),
    "import_sheet_copied": (
        "{file}：同一单位的填报表出现多次（{sheets}，复制过？）：请只保留一张",
        "{file}: one unit's fill-in sheet appears more than once ({sheets}; copied?): keep one",
    ),
    "import_other_unit": ("{file} 是为{unit}导出的，不能为{asked}导入", "{file} was exported for {unit}; it cannot report for {asked}"),
    "import_pick_unit": (
        "{file} 含全部{n}个单位的填报表：一个工作簿只为一个单位导入，请用 --dept 单位 指定",
        "{file} holds the fill-in sheets of all {n} units: one workbook imports for one unit only; choose it with --dept UNIT",
    ),
    "import_unit_absent": ("{file} 中没有{unit}的填报表", "{file} has no fill-in sheet for {unit}"),
    "import_other_sheets": (
        "其他{n}个单位的填报表未导入（只导入 --dept 指定的单位）。",
        "The other {n} units' sheets were not imported (only the --dept unit's).",
    ),
    "import_no_date": (
        "{heading}为空，本表填报日期（{where}）也为空：请填写日期（不会按导入当天记录）",
        "{heading} is empty and so is the sheet's as-of date ({where}): type a date (the import day is never assumed)",
    ),
    "import_cannot_read": ("无法读取 {file}：{reason}", "cannot read {file}: {reason}"),
    "import_not_a_workbook": (
        "{file}：不是可读取的 Excel 工作簿（.xlsx 或 .xls）（{reason}）",
        "{file}: not an Excel workbook (.xlsx or .xls) that can be read ({reason})",
    ),
    "import_no_meta": (
        "{file}：不是 anquan 为某单位导出的工作台账（缺少隐藏工作表 {sheet!r}）：请用 anquan export --format xlsx --dept 单位 -o 文件.xlsx 导出",
        "{file}: not a 工作台账 exported by anquan for a unit (its hidden sheet {sheet!r} is missing): "
        "export one with `anquan export --format xlsx --dept UNIT -o FILE.xlsx`",
    ),
    "import_other_version": (
        "{file}：由另一版本的 anquan 导出（工作簿格式 {version}）：请重新导出",
        "{file}: written by another version of anquan (workbook format {version}): export it again",
    ),
    "import_other_notice": ("{file}：是为通知 {number!r} 导出的，不是 {expected}", "{file}: exported for notice {number!r}, not {expected}"),
    "import_unknown_unit": (
        "{file}：工作表 {sheet!r} 属于单位 {unit!r}，本目录的 departments.yaml 中没有该单位",
        "{file}: sheet {sheet!r} belongs to unit {unit!r}, which is not in this catalogue's departments.yaml",
    ),
    "import_unit_not_reporting": (
        "{file}：工作表 {sheet!r} 属于{unit}，该单位不自行填报",
        "{file}: sheet {sheet!r} belongs to {unit}, which does not report itself",
    ),
    "import_no_fill_sheet": (
        "{file}：没有任何单位的填报表（全目录导出只有加 --unit-sheets 才有）",
        "{file}: no unit's fill-in sheet in this workbook (a whole-catalogue export has none unless --unit-sheets)",
    ),
    "import_sheet_missing": (
        "{file}：找不到工作表 {sheet!r}（已删除，或删去了其隐藏的标识列？）：请重新导出",
        "{file}: sheet {sheet!r} is missing (deleted, or its hidden key column removed?): export the sheet again",
    ),
    "import_no_column": ("{where}：缺少列 {headings}：请重新导出", "{where}: no column headed {headings}: export the sheet again"),
    "import_no_header": (
        "{where}：前{n}行中没有含“{heading}”的表头行：请重新导出",
        "{where}: no header row with {heading} in the first {n} rows: export the sheet again",
    ),
    "import_task_twice": ("任务 {task} 填了两次（{first} 和此处）", "task {task} is filled in twice ({first} and here)"),
    "import_no_status": (
        "{heading}为空，但填了{filled}：请选择状态，或清空该行",
        "{heading} is empty but {filled} is filled in: choose a status or clear the row",
    ),
    "import_formula": ("{cell} 是公式（{formula}）：请直接填写数值", "{cell} holds a formula ({formula}); type the value itself"),
    "import_no_task": ("{heading}为空", "{heading} is empty"),
    "import_task_not_exported": ("任务 {task} 不在导出的本表中（任务编号被改动？）", "task {task} was not in this sheet as exported (task id altered?)"),
    "import_title_mismatch": (
        "任务 {task} 是 {expected!r}，但该行的{heading}是 {title!r}（任务编号被改动？）",
        "task {task} is {expected!r}, but the row's {heading} is {title!r} (task id altered?)",
    ),
    "import_not_a_date": (
        "{heading} {text!r} 不是日期（请写 2025-06-30，或把单元格设为日期格式）",
        "{heading} {text!r} is not a date (type 2025-06-30 or format the cell as a date)",
    ),
    "import_refused_nothing_written": (
        "{of}行已填写，{n}行被拒绝；未写入任何记录（改正后重新导入，或用 --partial 只记录有效行）",
        "{n} of {of} filled rows refused; nothing written (correct them and import again, or use --partial to record the valid rows)",
    ),
    "import_refused_partial": ("{of}行已填写，{n}行被拒绝；已记录{recorded}条有效行", "{n} of {of} filled rows refused; {recorded} valid row(s) recorded"),
    "import_stated_date_bad": (
        "{heading}为空，而本表填报日期（{where}）无效：{problem}",
        "{heading} is empty and the sheet's as-of date ({where}) is unusable: {problem}",
    ),
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
