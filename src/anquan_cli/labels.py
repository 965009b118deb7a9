"""Every word the tool prints that is not data: Chinese by default, English with --lang en."""

from __future__ import annotations

import re

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
    "via_rule_of": ("据“{quote}”（{notice}第{clause}条）", "by the rule “{quote}” ({notice}, clause {clause})"),
    "via_group": ("经{group}（本地配置）", "via {group} (local data)"),
    "overdue_days": ("逾期{n}天", "{n} days overdue"),
    "days_left_n": ("剩{n}天", "{n} days left"),
    "due_today": ("今日到期", "due today"),
    "firm": ("", ""),
    "strive": ("力争", "aim"),
    "within": ("{after}内", "within {after}"),
    "period_H1": ("上半年", "first half"),
    "period_of_year": ("{year}年{period}", "{period} {year}"),
    "period_quarter": ("第{n}季度", "Q{n}"),
    "period_month": ("{n}月", "month {n}"),
    "period_H2": ("下半年", "second half"),
    "kind_department": ("县直部门", "county department"),
    "kind_collective": ("乡镇集合", "townships collectively"),
    "kind_group": ("单位群组", "group of units"),
    "kind_township": ("乡镇", "township"),
    "kind_body": ("统筹机构", "coordinating body"),
    "kind_addressee": ("主送单位", "addressee"),
    "local": ("本地配置", "local data"),
    "part": ("分工", "Part"),
    "part_lead": ("牵头", "lead"),
    "part_responsible": ("责任", "responsible"),
    "part_assisting": ("配合", "assisting"),
    "part_pending": ("待分工", "to be divided"),
    "part_divided": ("已分工", "divided"),
    "plan_local": ("分工方案，本地配置", "分工方案, local data"),
    "plan_note": ("分工按分工方案《{title}》（本地配置，非通知原文）", "parts as the 分工方案 “{title}” sets them (local data, not the notice's words)"),
    "done_on_time": ("按期完成", "done on time"),
    "done_late": ("逾期完成{n}天", "done {n} days late"),
    "returned_reason": ("退回原因", "Sent back because"),
    "period": ("周期", "Period"),
    "replaces": ("（更正 {moment} 的记录）", " (replaces the entry of {moment})"),
    "entry_verify": ("已销号", "verified"),
    "entry_reject": ("退回", "sent back"),
    "entry_reopen": ("撤销销号", "reopened"),
    "entry_trigger": ("已触发", "event recorded"),
    "entry_withdraw": ("撤回", "withdrawn"),
    "entry_red_card": ("红牌警告", "red card"),
    "entry_yellow_card": ("黄牌警告", "yellow card"),
    "standing": ("常态化", "standing"),
    "example": ("示例，非本县决定", "an example, not the county's decision"),
    "occurrence_single": ("本任务", "the task"),
    "pending_units": ("；未完成：{units}", "; not done: {units}"),
    "returned_line": ("退回：{unit}（{date}）原因：{reason}", "sent back: {unit} ({date}), because: {reason}"),
    "inactive_line": ("未触发：县安委办记录相应情形后启动（anquan trigger）", "not triggered: starts once the office records the event (anquan trigger)"),
    "progress_as_of": ("进度（截至{date}）：", "Progress (as of {date}):"),
    "returned_in_dept": ("被退回的事项：", "Sent back:"),
    "breakdown_sheet": ("任务分解表", "Breakdown"),
    "breakdown_title": ("{number}任务分解表", "{number}: task breakdown"),
    "breakdown_hint": (
        "请在牵头单位、责任单位、配合单位三列填写单位名称（多个用“、”分隔），只能选通知为该任务点名的单位或其所列群组的成员；"
        "标“待分工”的群组请写明其成员。改好后交县安委办：anquan import 本文件.xlsx（写入 assignments.yaml，本地配置）",
        "Fill in the lead, responsible and assisting units (names separated by 、), chosen from the units the notice names for "
        "the task or the members of a group it names; for a group marked 待分工 name its members. Then: anquan import this-file.xlsx "
        "(writes assignments.yaml, local data)",
    ),
    "breakdown_seq": ("序号", "No."),
    "breakdown_task": ("任务编号", "Task"),
    "breakdown_title_col": ("任务", "Title"),
    "breakdown_text": ("原文", "Text"),
    "breakdown_lead": ("牵头单位", "Lead"),
    "breakdown_responsible": ("责任单位", "Responsible"),
    "breakdown_assisting": ("配合单位", "Assisting"),
    "breakdown_deadlines": ("完成时限", "Deadlines"),
    "plan_written": (
        "已写入分工方案（本地配置）：{path}，{n}项任务；尚待分工{pending}项",
        "分工方案 written (local data): {path}, {n} tasks; {pending} still 待分工",
    ),
    "pending_count": (
        "尚有{n}项任务涉及的群组单位待分工（见 anquan list --dept 群组名称；分工方案：assignments.yaml）。",
        "{n} tasks still have a group's part 待分工 (see anquan list --dept GROUP; the 分工方案: assignments.yaml).",
    ),
    "inactive": ("未触发", "not triggered"),
    # statuses
    "not_started": ("未启动", "not started"),
    "in_progress": ("推进中", "in progress"),
    "done": ("已完成", "done"),
    "verified": ("已销号", "verified"),
    "overdue": ("逾期", "overdue"),
    "tasks_n": ("事项数", "Items"),  # occurrences: each period of a recurring duty counts on its own
    "closed_share": ("完成率", "Completion"),
    "mean_percent": ("平均进度%", "Mean %"),
    "total": ("合计", "Total"),
    "rank": ("排名", "Rank"),
    "card": ("预警", "Warning"),
    "card_red": ("红色预警", "red"),
    "card_yellow": ("黄色预警", "yellow"),
    "unit_status": ("本单位状态", "Unit status"),
    "task_status": ("任务状态", "Task status"),
    "percent": ("完成百分比", "Percent"),
    "as_of_date": ("填报日期", "As of"),
    "note": ("进展情况", "Note"),
    "evidence": ("佐证材料", "Evidence"),
    "recorded_at": ("记录时间", "Recorded at"),
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
    # ── several notices in one workspace (notices.py, anquan notices) ──
    "source_notice": ("来源文件", "From notice"),
    "valid_notice": ("  {alias}（{number}）：{tasks}项任务、{clauses}个条款", "  {alias} ({number}): {tasks} tasks, {clauses} clauses"),
    "notice_alias": ("简称", "Alias"),
    "notice_number": ("文号", "Number"),
    "notice_title": ("标题", "Title"),
    "notice_date": ("成文日期", "Dated"),
    "notice_years": ("年度", "Years"),
    "notice_dir": ("目录", "Folder"),
    "notice_sections": ("部分", "Sections"),
    "notice_clauses": ("条", "Clauses"),
    "notice_tasks": ("任务", "Tasks"),
    "notices_of": ("本工作区跟踪的文件", "The notices this workspace tracks"),
    "notices_none": (
        "本工作区只跟踪这一份文件（没有 notices.yaml）；加入另一份：anquan draft 文件 --into 工作区 --alias 简称",
        "This workspace tracks this one notice (no notices.yaml); to add another: anquan draft FILE --into WORKSPACE --alias ALIAS",
    ),
    "notices_local": (
        "简称与目录为本地数据（notices.yaml），由县安委办确定；文号、标题与日期录自各文件原文。",
        "Aliases and folders are local data (notices.yaml), set by the office; numbers, titles and dates are the notices' own.",
    ),
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
    # ── supervision: the 分工方案, occurrences, recording ──
    "plan_task_or_clause": ("每一行须写 task（任务编号）或 clause（条款编号）之一", "each row names either a task or a clause"),
    "plan_unknown_task": ("没有任务 {task!r}", "no task {task!r}"),
    "plan_unknown_clause": ("没有条款 {clause!r}", "no clause {clause!r}"),
    "plan_duplicate": ("{what} 已在第{other}行分工", "{what} is already assigned in row {other}"),
    "plan_no_responsible": ("{what} 没有牵头单位或责任单位", "{what} is left with no lead or responsible unit"),
    "plan_unknown_unit": ("未知单位 {unit!r}（不在 departments.yaml 中）", "unknown unit {unit!r} (not in departments.yaml)"),
    "plan_group_unit": ("{name}是群组或集合，请写明其成员单位", "{name} is a group or collective: name its members"),
    "plan_unit_twice": ("{name}在这一行出现了两次", "{name} appears twice in this row"),
    "plan_not_eligible": (
        "{name}不在通知为任务 {task} 点名的单位及其所列群组的成员之中",
        "{name} is neither named by the notice for task {task} nor a member of a group it names",
    ),
    "entry_wrong_file": ("单位 {unit!r} 的记录写在了 {file_unit!r} 的文件中", "entry of unit {unit!r} in the file of {file_unit!r}"),
    "entry_unknown_task": ("未知任务 {task!r}", "unknown task {task!r}"),
    "entry_not_responsible": ("{name}不承担任务 {task}", "{name} is not responsible for task {task}"),
    "entry_withdraw_names_nothing": ("撤回记录须用 replaces 指明所撤回的记录", "a withdrawal must name the entry it withdraws (replaces)"),
    "entry_bad_update_status": ("进度记录不能设置状态 {status!r}", "an update cannot set status {status!r}"),
    "entry_status_percent": ("状态{status}与完成百分比{percent}矛盾：{why}", "status {status} with percent {percent}: {why}"),
    "entry_office_only": ("只有县安委办（{office}）可以记录 {kind}", "only {office} (县安委办) can record {kind}"),
    "clash_done": ("已完成即100%", "a done task is 100%"),
    "clash_not_started": ("未启动即0%", "a task not started is 0%"),
    "clash_in_progress": ("100%请报“已完成”", "report 已完成 instead"),
    "none": ("无", "none"),
    "date_in_future": ("日期 {date} 晚于今天（{today}）", "--date {date} is in the future (today is {today})"),
    "date_before_notice": ("日期 {date} 早于通知印发日期（{notice}）", "--date {date} is before the notice was issued ({notice})"),
    "no_such_period": ("任务 {task} 没有周期 {period!r}；可选：{known}", "task {task} has no period {period!r}; its periods: {known}"),
    "period_not_open": ("周期 {period} 自 {start} 起，{date} 时尚未开始", "period {period} opens on {start}, after {date}"),
    "not_triggered": (
        "任务 {task} 须由县安委办先记录触发事件（anquan trigger {task} --note ……）",
        "task {task} applies only once the office records the event (anquan trigger {task} --note ...)",
    ),
    "group_reports_through_members": ("{name}由其成员单位各自填报（如{members}）", "{name} reports through its members (e.g. {members})"),
    "not_responsible": ("{name}不承担任务 {task}；承担单位：{units}", "{name} is not responsible for task {task}; its units: {units}"),
    "locked": (
        "任务 {task}{period} 已于 {date} 销号，不再接受填报；如需更正，请县安委办先撤销销号（anquan reopen {task} --note 理由）",
        "task {task}{period} was verified (已销号) on {date} and takes no more reports: the office must reopen it first (anquan reopen {task} --note REASON)",
    ),
    "standing_never_done": (
        "任务 {task} 是常态化工作，没有“已完成”：请报“推进中”并写明本期进展",
        "task {task} is a standing duty and is never done: report 推进中 with this cycle's progress",
    ),
    "status_percent": ("状态{status}与 --percent {percent} 矛盾：{why}", "status {status} with --percent {percent}: {why}"),
    "no_such_entry": ("{name}在任务 {task} 上没有 {ref} 记录的进度", "{name} has no entry on task {task} recorded at {ref}"),
    "entry_ambiguous": (
        "{ref} 对应{name}在任务 {task} 上的多条记录：请写完整时间",
        "{ref} matches several entries of {name} on task {task}: give the full time",
    ),
    "nothing_to_correct": ("{name}在任务 {task} 上没有可更正或撤回的进度", "{name} has no entry on task {task} to correct or withdraw"),
    "standing_not_closed": ("任务 {task} 是常态化工作，不销号、不退回", "task {task} is a standing duty: it is neither verified nor sent back"),
    "reopen_not_verified": ("任务 {task}{period} 未销号，无需撤销", "task {task}{period} is not verified: nothing to reopen"),
    "reopen_needs_note": ("撤销销号须用 --note 写明理由", "reopen needs --note with the reason"),
    "trigger_not_contingent": (
        "任务 {task} 不是由事件触发的工作（类别：{kind}）",
        "task {task} is not triggered by an event (its kind: {kind})",
    ),
    "trigger_needs_note": ("记录触发事件须用 --note 写明事件", "trigger needs --note describing the event"),
    "which_period": ("任务 {task} 有多个周期（{keys}）：请用 --period 指明", "task {task} has several periods ({keys}): choose one with --period"),
    "already_verified": ("任务 {task}{period} 已销号", "task {task}{period} is already verified (已销号)"),
    "verify_pending_division": (
        "任务 {task} 尚待分工，没有须填报的单位：请先在 assignments.yaml 中分工",
        "task {task} is still 待分工 and has no reporting unit: assign it in assignments.yaml first",
    ),
    "verify_not_done": (
        "任务 {task}{period} 不能销号：尚有单位未报已完成（{pending}）",
        "task {task}{period} cannot be verified: not every unit reports 已完成 (pending: {pending})",
    ),
    "reject_needs_note": ("退回须用 --note 写明退回原因", "reject needs --note with the reason (退回原因)"),
    "reject_not_reporter": ("{name}不填报任务 {task}", "{name} does not report on task {task}"),
    "reject_nothing_done": ("任务 {task}{period}：{who}未报已完成，无可退回", "task {task}{period}: {who} reports no 已完成, nothing to reject"),
    "any_unit": ("任何单位", "no unit"),
    "breakdown_other_notice": ("{name}：不是 {number} 的任务分解表", "{name}: not a task breakdown of {number}"),
    "breakdown_no_header": ("{name}：找不到表头（任务编号）：请重新导出", "{name}: no header row (任务编号): export it again"),
    # ── the 调度通报 (bulletin/, supervision.py, reporting.py, warning_rules.py) ──
    "rule_needs": ("{rule} 规则须写明 {name}", "a {rule} rule needs {name}"),
    "rule_stray": ("{rule} 规则不用 {name}（会被忽略），请删去", "a {rule} rule takes no {name} (it would be ignored): remove it"),
    "rule_repeated_red": ("repeated（连续黄色预警升级）规则的 level 只能是 red", "a repeated rule (escalating yellows) must have level: red"),
    "rule_needs_cycle": ("unreported 规则需要先设置 reporting（报送周期）", "an unreported rule needs a reporting cycle (reporting:)"),
    "cycle_weekday": ("每周报送时 due_day 是星期几（1—7）", "for a weekly cycle due_day is a weekday (1–7)"),
    "issue_number_twice": ("第{number}期已在第{first}项登记", "issue {number} is already listed (item {first})"),
    "issue_dates_order": ("各期的日期应随期号递增", "issue dates must rise with their numbers"),
    "month_day": ("{month}月{day}日", "{month:02d}-{day:02d}"),
    "level_yellow": (
        "黄色预警",
        "yellow warning",
    ),
    "level_red": (
        "红色预警",
        "red warning",
    ),
    "warn_lag": (
        "{items}（规则：进度落后序时进度超过{points}个百分点为{level}）",
        "{items} (rule: more than {points} points behind the time-elapsed progress is a {level})",
    ),
    "warn_near_due": (
        "{items}（规则：时限前{days}天内进度低于{below}%为{level}）",
        "{items} (rule: under {below}% within {days} days of the time limit is a {level})",
    ),
    "warn_overdue": (
        "{items}（规则：超过时限{days}天及以上未完成为{level}）",
        "{items} (rule: a {level} when not done {days} days or more after the time limit)",
    ),
    "warn_unreported": (
        "连续{items}个报送周期未报送（规则：连续{cycles}个周期未报送为{level}）",
        "no report in the last {items} reporting cycles (rule: a {level} after {cycles} cycles missed in a row)",
    ),
    "warn_repeated": (
        "{items}报送截止日及今日均有预警（规则：连续{cycles}个报送周期有预警升级为{level}）",
        "warned on the due days of {items} and again now (rule: a warning in {cycles} reporting cycles in a row is raised to a {level})",
    ),
    "findings_more": (
        "{shown}等{n}个事项",
        "{shown} and others, {n} in all",
    ),
    "finding_lag": (
        "{task}进度{percent}%，序时进度{expected}%，落后{gap}个百分点",
        "{task} at {percent}% against {expected}% expected by now, {gap} points behind",
    ),
    "finding_near_due": ("{task}距时限{days}天，进度{percent}%", "{task} due in {days} days, at {percent}%"),
    "finding_overdue": ("{task}已逾期{days}天", "{task} overdue by {days} days"),
    "office_card_red": ("红牌警告", "red card"),
    "office_card_yellow": ("黄牌警告", "yellow card"),
    "b_date": ("{year}年{month}月{day}日", "{year}-{month:02d}-{day:02d}"),
    "b_title": ("关于{number}落实情况的调度通报", "Progress bulletin on {number}"),
    "b_issue": ("（第{number}期）", "(No. {number})"),
    "b_opening": (
        "按照《{title}》（{number}）要求，现将截至{date}落实情况通报如下。",
        "As required by “{title}” ({number}), this bulletin reports progress as of {date}.",
    ),
    "b_h_overall": ("一、总体情况", "1. Overall"),
    "b_h_good": ("二、进展较好", "2. Doing well"),
    "b_h_problems": ("三、存在问题", "3. Problems"),
    "b_h_next": ("四、下步工作要求", "4. Next steps"),
    "b_overall_scope": (
        "通知共{sections}个部分、{clauses}个条款、{tasks}项任务{scope}。",
        "The notice has {sections} sections, {clauses} clauses and {tasks} tasks{scope}. ",
    ),
    "b_overall_scope_many": (
        "{notices}份文件共{sections}个部分、{clauses}个条款、{tasks}项任务{scope}。",
        "The {notices} notices have {sections} sections, {clauses} clauses and {tasks} tasks{scope}. ",
    ),
    "b_scope_unit": ("，其中本单位承担{n}项", ", {n} of them this unit's"),
    "b_overall_counts": (
        "纳入进度统计的事项{items}个（各周期分别计），已完成{closed}个（{closed_share}，其中已销号{verified}个），"
        "推进中{in_progress}个（{in_progress_share}），未启动{not_started}个（{not_started_share}），逾期{overdue}个（{overdue_share}）；事项平均进度{mean}%。",
        "Items tracked (each period of a recurring duty on its own): {items}; done: {closed} ({closed_share}; closed: {verified}); "
        "in progress: {in_progress} ({in_progress_share}); not started: {not_started} ({not_started_share}); "
        "overdue: {overdue} ({overdue_share}); mean progress: {mean}%. ",
    ),
    "b_overall_schedule": (
        "有时限事项{items}个，达到序时进度{reached}个（{reached_share}），未达到{behind}个（{behind_share}）；序时进度平均{expected}%，实际平均进度{actual}%。",
        "Items with a time limit: {items}; on schedule: {reached} ({reached_share}); behind: {behind} ({behind_share}); "
        "time elapsed {expected}% on average, progress {actual}%. ",
    ),
    "b_overall_no_schedule": ("尚无已开始计时的有时限事项。", "No item with a time limit has started yet. "),
    "b_overall_standing": (
        "另有常态化工作{n}项，按报送情况评价，不计完成率。",
        "Standing duties, judged on reporting and not on completion: {n}. ",
    ),
    "b_overall_contingent": (
        "待触发事项{inactive}项（发生相应情形后启动），已触发{triggered}次。",
        "Contingent duties waiting for their event: {inactive}; events recorded: {triggered}. ",
    ),
    "b_overall_pending": (
        "尚有{n}项任务涉及的群组单位待分工，暂不计入各单位。",
        "Tasks with a group's part still to be divided (in no unit's figures yet): {n}. ",
    ),
    "b_overall_reporting": (
        "报送情况：第{n}个报送周期（{start}至{due}）应报送{owed}个单位，已报送{reported}个，未报送{missed}个。",
        "Reporting in cycle {n} ({start} to {due}): due from {owed} units; received from {reported}, missing from {missed}.",
    ),
    "b_overall_no_cycle": (
        "尚未设置报送周期（supervision.yaml），不统计未报送。",
        "No reporting cycle is set (supervision.yaml): missing reports are not counted.",
    ),
    "b_change": ("较上期（{date}）：", "Since the last bulletin ({date}): "),
    "b_change_closed": (
        "新完成事项{n}个（{items}）",
        "newly done: {n} ({items})",
    ),
    "b_change_closed_none": (
        "无新完成事项",
        "newly done: none",
    ),
    "b_change_overdue": (
        "新增逾期事项{n}个（{items}）",
        "newly overdue: {n} ({items})",
    ),
    "b_change_overdue_none": (
        "无新增逾期事项",
        "newly overdue: none",
    ),
    "b_change_warned": (
        "新增或升级预警单位{n}个（{units}）",
        "units newly warned or raised: {n} ({units})",
    ),
    "b_change_warned_none": (
        "无新增预警单位",
        "units newly warned: none",
    ),
    "b_change_lifted": (
        "解除预警单位{n}个（{units}）",
        "units no longer warned: {n} ({units})",
    ),
    "brief_is_text": ("--brief 只有纯文本，不能与 --format 同用", "--brief is plain text: leave out --format"),
    "docx_needs_output": ("Word 文档须用 -o 指定文件，如 -o 第3期.docx", "a Word document needs a file: -o FILE.docx"),
    "card_needs_unit_and_reason": ("红黄牌警告须写明对象单位（--dept）和原因（--note）", "a card needs the unit (--dept) and the reason (--note)"),
    "card_unit_not_on_task": ("红黄牌警告的对象须是任务 {task} 的责任单位（--dept）", "a card's unit (--dept) must be one that reports on {task}"),
    "cat_thresholds_moved": (
        "warnings（预警阈值）已不再使用：报送周期和预警规则在 supervision.yaml 中设置（本地配置），请删去这一段",
        "warnings (the 预警 thresholds) are no longer used: the reporting cycle and warning rules live in supervision.yaml (local data); remove this block",
    ),
    "issue_before_notice": ("通报日期{date}早于通知日期{notice}", "the issue's date {date} is before the notice's ({notice})"),
    "warn_unreported_one": (
        "上一报送周期未报送（规则：连续{cycles}个周期未报送为{level}）",
        "no report in the last reporting cycle (rule: a {level} after {cycles} cycles missed in a row)",
    ),
    "issue_number_taken": (
        "第{number}期已登记为{date}的通报（supervision.yaml），请用 --number 另定期号",
        "issue {number} is the bulletin of {date} (supervision.yaml): choose another with --number",
    ),
    "since_out_of_range": (
        "--since {since} 须在通知日期{notice}之后、截至日期{as_of}之前",
        "--since {since} must lie between the notice date {notice} and the as-of date {as_of}",
    ),
    "bulletin_before_notice": (
        "截至日期{as_of}早于通知日期{notice}，没有可通报的情况",
        "{as_of} is before the notice's date ({notice}): there is nothing to report",
    ),
    "b_local_rules": ("预警规则《{title}》", "the warning rules “{title}”"),
    "sup_line": (
        "督办设置《{title}》（supervision.yaml，本地配置）：{cycle}；预警规则{rules}条；已登记通报{issues}期。",
        "Supervision “{title}” (supervision.yaml, local data): {cycle}; {rules} warning rules; {issues} bulletins registered.",
    ),
    "sup_line_example": (
        "督办设置《{title}》（supervision.yaml，本地配置，默认或示例，请按本县决定修改）：{cycle}；预警规则{rules}条；已登记通报{issues}期。",
        "Supervision “{title}” (supervision.yaml, local data: a default or example, to be set as the county decides): "
        "{cycle}; {rules} warning rules; {issues} bulletins registered.",
    ),
    "sup_monthly": ("每月{day}日前报送", "reports due monthly by day {day}"),
    "sup_quarterly": ("每季度末月{day}日前报送", "reports due quarterly by day {day} of the quarter's last month"),
    "sup_weekly": ("每周第{day}天（星期一为第1天）前报送", "reports due weekly by day {day} of the week (1 is Monday)"),
    "sup_no_cycle": ("未设置报送周期", "no reporting cycle"),
    "percent_after_done": (
        "该单位上次对 {task} 报的是已完成：改报推进中请用 --percent 写明现在的进度",
        "the unit last reported {task} done: to report it in progress again, give the percent now with --percent",
    ),
    "names_grouped": (
        "{shown}等{n}个单位",
        "{shown} and others, {n} in all",
    ),
    "b_items_more": (
        "{shown}等{n}个",
        "{shown} and others, {n} in all",
    ),
    "b_good_units": (
        "{units}完成率在本类单位中居前，无预警，按期报送。",
        "Best completion in their list, with no warning and every report sent: {units}.",
    ),
    "b_good_none": (
        "本期暂无完成率居前且无预警、按期报送的单位。",
        "No unit has the best completion in its list with no warning and every report sent.",
    ),
    "b_highlights": ("工作亮点（摘自各单位报送）：", "Highlights (as the units reported them):"),
    "b_p_overdue": ("逾期未完成", "Overdue"),
    "b_overdue_item": (
        "{i}. {task}{title}：时限“{phrase}”（{due}），已逾期{days}天；",
        "{i}. {task}{title}: time limit “{phrase}” ({due}), {days} days overdue; ",
    ),
    "b_overdue_not_started": ("未启动的有{units}", "not started: {units}"),
    "b_overdue_in_progress": ("推进中的有{units}", "in progress: {units}"),
    "b_p_warned": ("预警单位", "Warnings"),
    "b_warned_level": (
        "{level}{n}个单位：{units}。",
        "Units with a {level} ({n}): {units}.",
    ),
    "b_p_unreported": ("未报送", "Missing reports"),
    "b_unreported": ("第{n}个报送周期（截至{due}）未报送的有{units}。", "In reporting cycle {n} (due {due}) nothing came from {units}."),
    "b_good_units_no_cycle": ("{units}完成率在本类单位中居前，无预警。", "Best completion in their list, with no warning: {units}."),
    "b_good_units_no_rules": ("{units}完成率在本类单位中居前。", "Best completion in their list: {units}."),
    "b_unit_reported": ("本单位第{n}个报送周期（{start}至{due}）已报送。", "This unit reported in cycle {n} ({start} to {due})."),
    "b_unit_unreported": ("本单位第{n}个报送周期（{start}至{due}）未报送。", "This unit sent no report in cycle {n} ({start} to {due})."),
    "b_next_report_unit": ("请你单位对照任务清单，于{date}前报送本期进展。", "Report your progress by {date}."),
    "b_change_cycle": ("与上一报送截止日（{date}）相比：", "Compared with the previous reporting due day ({date}): "),
    "b_p_returned": ("退回重报", "Sent back"),
    "b_returned_item": (
        "{i}. {task}{title}：{unit}于{date}被退回，原因：{reason}。",
        "{i}. {task}{title}: {unit}'s report was sent back on {date}; reason: {reason}.",
    ),
    "b_p_cards": ("红黄牌警告（县安委办决定）", "Red and yellow cards (decisions of the office)"),
    "b_card_item": (
        "县安委办于{date}对{unit}作出{level}（{task}），原因：{reason}。",
        "On {date} the office gave {unit} a {level} ({task}); reason: {reason}.",
    ),
    "b_p_pending": ("待分工", "To be divided"),
    "b_pending": (
        "{n}项任务涉及的{groups}尚未明确具体单位，请县安委办尽快印发分工方案。",
        "Tasks naming {groups} without saying which units: {n}. The office is asked to issue the 分工方案.",
    ),
    "b_group_count": ("{group}（{n}项）", "{group} ({n} tasks)"),
    "b_problems_none": ("本期未发现逾期、预警、未报送和退回情况。", "No overdue item, warning, missing report or sent-back report this time."),
    "b_next_report": (
        "请各单位对照任务清单，于{date}前报送本期进展。",
        "All units: report progress by {date}.",
    ),
    "b_next_report_no_cycle": (
        "请各单位对照任务清单，按时报送进展。",
        "All units: report progress on time.",
    ),
    "b_next_red": (
        "红色预警的{units}，请说明原因，制定整改措施，明确完成时限。",
        "{units} (red warning): explain the delay, set out the remedy and the date it will be done.",
    ),
    "b_next_yellow": (
        "黄色预警的{units}，请加快推进，确保按期完成。",
        "{units} (yellow warning): speed up and finish on time.",
    ),
    "b_next_unreported": (
        "未报送的{units}，请于下一报送截止日前补报。",
        "{units}: send the missing report before the next due day.",
    ),
    "b_next_coming": (
        "近{days}天到期事项{n}个：{items}，请相关单位确保按期完成。",
        "Due within {days} days ({n}): {items}. The units concerned: finish on time.",
    ),
    "b_next_closable": (
        "已完成待销号的{n}个事项，请县安委办组织核验销号。",
        "The office: check and close the items that are done ({n}).",
    ),
    "b_local": ("说明：本通报采用的{files}为本地配置，非通知原文。", "Note: {files} are local data, not the notice's words."),
    "b_local_plan": ("分工方案《{title}》", "the 分工方案 “{title}”"),
    "b_local_supervision": ("报送周期和预警规则《{title}》", "the reporting cycle and warning rules “{title}”"),
    "b_local_example": ("（示例）", " (an example)"),
    "b_local_aliases": ("任务编号所带的文件简称（{aliases}，notices.yaml）", "the notices' aliases in task ids ({aliases}; notices.yaml)"),
    "b_attachments": ("附件：1. 各单位推进情况排名\n　　　2. 任务落实台账", "Attachments: 1. Units ranked\n             2. Ledger of tasks"),
    "b_attachment": ("附件{n}", "Attachment {n}"),
    "b_ranking_title": ("各单位推进情况排名", "Units ranked"),
    "b_ranking_department": ("县直部门", "County departments"),
    "b_ranking_township": ("乡镇", "Townships"),
    "b_ledger_title": ("任务落实台账", "Ledger of tasks"),
    "b_none": ("无。", "None."),
    "b_rank_tied": ("{rank}（并列）", "{rank} (tied)"),
    "b_col_rank": ("排名", "Rank"),
    "b_col_unit": ("单位", "Unit"),
    "b_col_items": ("事项数", "Items"),
    "b_col_done": ("已完成", "Done"),
    "b_col_in_progress": ("推进中", "In progress"),
    "b_col_not_started": ("未启动", "Not started"),
    "b_col_overdue": ("逾期", "Overdue"),
    "b_col_share": ("完成率", "Completion"),
    "b_col_percent": ("平均进度", "Mean progress"),
    "b_col_missed": ("未报送（期）", "Cycles unreported"),
    "b_col_warning": ("预警", "Warning"),
    "b_col_seq": ("序号", "No."),
    "b_col_task": ("任务编号", "Task"),
    "b_col_title": ("任务", "Title"),
    "b_col_limit": ("时限", "Time limit"),
    "b_col_units": ("牵头、责任单位", "Lead and responsible units"),
    "b_col_status": ("状态", "Status"),
    "b_pending_group": ("{group}（待分工）", "{group} (to be divided)"),
    "b_status_not_started": ("未启动", "not started"),
    "b_status_in_progress": ("推进中", "in progress"),
    "b_status_done": ("已完成", "done"),
    "b_status_verified": ("已销号", "closed"),
    "b_status_standing": ("常态化", "standing"),
    "b_status_inactive": ("未触发", "not triggered"),
    "b_standing_reported": ("（上期{reported}/{owed}个单位报送）", " (last cycle: {reported} of {owed} units reported)"),
    "b_overdue_days": ("，逾期{days}天", ", {days} days overdue"),
    "b_late_days": ("（逾期完成{days}天）", " ({days} days late)"),
    "b_brief_head": (
        "【{number}调度通报第{issue}期】截至{date}：",
        "[{number} bulletin No. {issue}] As of {date}: ",
    ),
    "b_brief_counts": (
        "纳入统计事项{items}个，已完成{closed}个（{share}），逾期{overdue}个",
        "items tracked {items}, done {closed} ({share}), overdue {overdue}",
    ),
    "b_brief_schedule": (
        "有时限事项达到序时进度{reached}/{items}个",
        "on schedule {reached} of {items} time-limited items",
    ),
    "b_brief_unreported": (
        "第{n}个报送周期未报送：{units}",
        "no report in cycle {n}: {units}",
    ),
    "b_brief_next": (
        "请于{date}前报送进展",
        "next reports due {date}",
    ),
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
    "entry_date_before_notice": ("日期 {date} 早于通知印发日期（{notice}）", "date {date} is before the notice was issued ({notice})"),
    "entry_date_in_future": ("日期 {date} 晚于今天（{today}）", "date {date} is in the future (today is {today})"),
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
    # ── index: the first read of a large workspace (index.py) ──
    "index_catalogue": ("正在读取任务目录（首次读取，之后会快得多）…", "Reading the catalogue (the first time; later runs are much faster) …"),
    "index_progress": ("正在读取进度文件：{done}/{total} …", "Reading the progress files: {done} of {total} …"),
    # ── audit (people.yaml, anquan audit, --audited) ──
    "audit_no_git": ("无法运行 git（{error}）：审计需要 git 命令", "cannot run git ({error}): the audit needs the git command"),
    "audit_git_failed": ("git {command} 失败：{error}", "git {command} failed: {error}"),
    "audit_not_repository": (
        "{root} 不在可用的 git 仓库中（git：{error}）：审计检查的是 git 历史（先 `git init` 并提交）",
        "{root} is not in a usable git repository (git: {error}): the audit reads the git history (git init and commit first)",
    ),
    "audit_shallow": (
        "{root} 是浅克隆，历史不全，无法审计：先运行 `git fetch --unshallow`",
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
    # ── errors and notices of the CLI (keys) ──
    "error_prefix": ("anquan：错误：{text}", "anquan: error: {text}"),
    "data_problems": ("anquan：数据中有{n}个问题", "anquan: {n} problem(s) in the data"),
    "internal_error": ("anquan：内部错误：{kind}：{text}", "anquan: internal error: {kind}: {text}"),
    "goes_with": ("{option} 须与 {needs} 一起使用", "{option} goes with {needs}"),
    "cannot_combine": ("{option} 不能与 {others} 同时使用", "{option} cannot be combined with {others}"),
    "within_unreadable": (
        "无法识别 --within {text!r}：请用数字加 d、w、m 或 y，如 30d、2w、3m",
        "cannot read --within {text!r}: use a number and d, w, m or y, e.g. 30d, 2w, 3m",
    ),
    "not_reporting_dept": (
        "{name}不单独填报进度：它没有成员单位，请用 anquan progress 查看全县，或指定一个责任单位",
        "{name} does not report progress itself and has no members: see the whole county with anquan progress, or name a responsible unit",
    ),
    "not_reporting_group": (
        "{name}不单独填报进度：请指定其成员单位之一，如 {members}",
        "{name} does not report itself: name one of its members, e.g. {members}",
    ),
    "choose_format": (
        "请选择格式：--format json|csv|markdown|xlsx|ics（或用 -o 文件名，扩展名为其中之一）",
        "choose a format: --format json|csv|markdown|xlsx|ics (or -o FILE with one of those extensions)",
    ),
    "unit_sheets_needs": ("--unit-sheets 须与 --format xlsx 一起使用，且不带 --dept", "--unit-sheets goes with --format xlsx and no --dept"),
    "remind_days_needs": ("--remind-days 须与 --format ics 一起使用", "--remind-days goes with --format ics"),
    "binary_to_terminal": (
        "{fmt} 是二进制文件，不能输出到终端：请用 -o 文件名.{fmt} 写入文件（或重定向标准输出）",
        "{fmt} is a binary file, not for a terminal: write it with -o FILE.{fmt} (or redirect stdout)",
    ),
    "xlsx_not_reporting": (
        "{name}不单独填报：请为其成员单位之一导出填报表，或用 --unit-sheets",
        "{name} does not report itself: export a sheet for one of its members, or --unit-sheets",
    ),
    "cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "cannot_create": ("无法创建 {path}：{reason}", "cannot create {path}: {reason}"),
    "shipped_catalogue_notice": (
        "注意：当前不在工作区，显示的是随软件附带的任务目录，不含任何进度（进入工作区：anquan init 目录、cd 目录 或 --data 目录）",
        "note: not in a workspace: showing the shipped catalogue, without any progress (to get into one: anquan init DIR, cd DIR or --data DIR)",
    ),
    "list_more": ("{shown}等{n}个", "{shown} … ({n} in all)"),
    "table_paged": (
        "表格过宽，已分{pages}段显示（每段重复首列）；完整表格请用 --format csv，或 anquan export --format xlsx",
        "the table is too wide: shown in {pages} parts, each repeating the first column; for the whole table use --format csv, or anquan export --format xlsx",
    ),
    "duplicate_update": (
        "{unit}对任务{task}已有一条完全相同的记录（{date} 记录于 {recorded}）：未重复写入",
        "{unit} already has exactly this entry for task {task} (recorded {recorded} for {date}): not written again",
    ),
    # ── the workspace (keys) ──
    "not_in_workspace": (
        "当前不在工作区（没有 progress/ 文件夹的目录）：随软件附带的任务目录只读。请先 anquan init 目录 创建工作区，再 cd 目录 进入（或加 --data 目录）",
        "not in a workspace (a folder with a progress/ folder): the shipped catalogue is read-only. Create one with anquan init DIR, then cd DIR (or "
        "pass --data DIR)",
    ),
    "not_a_workspace": (
        "{path} 不是工作区（没有 progress/ 文件夹）：请先 anquan init 目录 创建工作区，再 cd 目录 进入（或加 --data 目录）",
        "{path} is not a workspace (no progress/ folder): create one with anquan init DIR, then cd DIR (or pass --data DIR)",
    ),
    "init_not_empty": ("{path} 已存在且不是空目录：请换一个新目录", "{path} exists and is not empty: choose a new directory"),
    "lock_timeout": (
        "{path} 正由另一个 anquan 写入（已等待其锁{seconds}秒）：未写入，请重试",
        "{path} is being written by another anquan (waited {seconds} s for its lock): nothing written, try again",
    ),
    "file_would_grow": (
        "{path} 将超过读取上限{limit}字节（超限文件不被读取）：未写入",
        "{path} would grow over the size limit of {limit} bytes, which readers refuse; nothing written",
    ),
    "progress_file_name": ("文件名 {unit!r} 不是单位标识；该文件已跳过", "file name {unit!r} is not a unit id; file skipped"),
    "progress_not_entry_line": ("不是记录行（记录行以“- {{…}}”开头）；已跳过", "not an entry line (entries are '- {{…}}' lines); skipped"),
    "line_skipped": ("{problem}；已跳过", "{problem}; skipped"),
    "entry_skipped": ("{problem}；该条已跳过", "{problem}; entry skipped"),
    "entry_not_unicode": (
        "{field} 含有不是有效 Unicode 的字符（{shown}，多因终端或文件编码不是 UTF-8）",
        "{field} holds characters that are not valid Unicode ({shown}; usually a terminal or file not in UTF-8)",
    ),
    # ── names, ids and dates typed on the command line (keys) ──
    "unit_empty": ("单位名称为空", "empty unit name"),
    "unit_ambiguous": (
        "单位 {query!r} 不唯一：可指 {shown}；请多输入几个字或用标识",
        "unit {query!r} is ambiguous: it matches {shown}; type more of the name or use the id",
    ),
    "unit_unknown": ("没有与 {query!r} 对应的单位{hint}", "no unit matches {query!r}{hint}"),
    "unit_hint_close": ("；是否指 {names}？", "; did you mean {names}?"),
    "unit_hint_list": ("；anquan dept 列出全部单位", "; `anquan dept` lists the units"),
    "task_unknown": (
        "没有任务 {task!r}（任务编号形如 5.3.2；anquan list 列出全部任务）",
        "no task {task!r} (task ids look like 5.3.2; `anquan list` shows them)",
    ),
    "section_unknown": ("没有第 {section!r} 部分：可选 {sections}", "no section {section!r}: sections are {sections}"),
    "clause_unknown": ("没有条款 {clause!r}（条款编号形如 5.3）", "no clause {clause!r} (clause ids look like 5.3)"),
    "tag_unknown": ("没有标签 {tag!r}；可用标签：{tags}", "no tag {tag!r}; tags: {tags}"),
    # ── reading files (keys) ──
    "file_too_large": ("文件有{size}字节，超过上限{limit}字节", "file is {size} bytes, over the limit of {limit}"),
    "file_over_limit": ("文件超过上限{limit}字节", "file is over the limit of {limit} bytes"),
    "file_unreadable": ("无法读取：{reason}", "cannot read: {reason}"),
    "file_not_regular": ("不是普通文件（是设备、管道或套接字）", "not a regular file (a device, a pipe or a socket)"),
    "file_nul_line": ("二进制数据（NUL 字节）；该行已跳过", "binary data (NUL byte); line skipped"),
    "file_not_utf8_line": ("不是 UTF-8 文本（字节 0x{byte}）；该行已跳过", "not UTF-8 text (byte 0x{byte}); line skipped"),
    "file_not_utf8": ("不是 UTF-8 文本（字节 0x{byte}）；请将文件另存为 UTF-8", "not UTF-8 text (byte 0x{byte}); save the file as UTF-8"),
    "file_gbk": (
        "文件是 GBK/GB18030 编码，不是 UTF-8；请转换，如 `iconv -f GB18030 -t UTF-8 {path} > tmp && mv tmp {path}`，或在编辑器中另存为 UTF-8",
        "file is GBK/GB18030-encoded, not UTF-8; convert it, e.g. `iconv -f GB18030 -t UTF-8 {path} > tmp && mv tmp {path}`, or save it as UTF-8 in the editor",
    ),
    "file_binary": ("二进制数据（NUL 字节）：不是文本文件", "binary data (NUL byte): not a text file"),
    "yaml_syntax": ("YAML 语法错误：{detail}", "YAML syntax: {detail}"),
    "yaml_invalid": ("YAML 无效", "invalid YAML"),
    "yaml_tab": ("制表符：请用空格缩进，不要用制表符", "tab character; indent with spaces, not tabs"),
    "yaml_bad_char": ("YAML 不允许字符 U+{code:04X}；请删除", "YAML does not allow the character U+{code:04X}; remove it"),
    "yaml_bad_char_unknown": ("有 YAML 不允许的字符；请删除", "a character YAML does not allow; remove it"),
    "yaml_empty": ("空文件：应为一个映射", "empty file: expected a mapping"),
    "yaml_top_level": ("顶层必须是映射，不能是{kind}", "top level must be a mapping, not {kind}"),
    "yaml_alias": ("不允许锚点和别名（*name）；请把值写出来", "anchors and aliases (*name) are not allowed; write the value out"),
    "yaml_tag": ("不允许标签 {tag!r}", "tag {tag!r} is not allowed"),
    "yaml_duplicate_key": ("重复的键 {name!r}（首次出现在第{line}行）", "duplicate key {name!r} (first at line {line})"),
    # a key that is not plain text (yamlfile)
    "yaml_plain_key": ("键必须是普通文字（不能用合并键 << 或复合键）", "keys must be plain text (no merge keys or complex keys)"),
    "field_unknown": ("未知字段", "unknown field"),
    "field_missing": ("缺少必填字段", "missing required field"),
    "field_date": ("日期 {value!r} 无效：请用 YYYY-MM-DD，且为真实日期", "invalid date {value!r}: use YYYY-MM-DD, a real calendar day"),
    "field_invalid": ("取值无效：{detail}", "{detail}"),
    "field_invalid_got": ("取值无效：{detail}（实际为 {value!r}）", "{detail} (got {value!r})"),
    "field_type": ("应为{expected}（实际为 {value!r}）", "should be {expected} (got {value!r})"),
    "type_string": ("文字", "text"),
    "type_int": ("整数", "a whole number"),
    "type_bool": ("true 或 false", "true or false"),
    "type_list": ("列表", "a list"),
    "type_mapping": ("映射", "a mapping"),
    "field_shape": ("格式不符：应为{shape}（实际为 {value!r}）", "should be {shape} (got {value!r})"),
    "shape_unit_id": (
        "小写字母开头、只含小写字母、数字和下划线的标识，如 yingji",
        "an id of lower-case letters, digits and _, starting with a letter, e.g. yingji",
    ),
    "shape_clause_id": ("条款编号，如 5.3", "a clause id such as 5.3"),
    "shape_task_id": ("任务编号，如 5.3.2", "a task id such as 5.3.2"),
    "shape_entry_task_id": (
        "任务编号，如 5.3.2，或带文件文号的 陵政发〔2025〕1号:5.3.2",
        "a task id such as 5.3.2, or qualified by its notice: 陵政发〔2025〕1号:5.3.2",
    ),
    "shape_section_id": ("部分的序号，如 5", "a section number such as 5"),
    "shape_within": ("时长，如 2h、5d、1w", "a duration such as 2h, 5d or 1w"),
    "shape_occurrence_key": ("周期或事件，如 2025H1、2025Q3、2025M05、2025 或 E1", "a period or event such as 2025H1, 2025Q3, 2025M05, 2025 or E1"),
    "shape_alias": ("不含冒号和空白、至多20字的简称，如 防汛", "an alias of at most 20 characters without colons or spaces, e.g. 防汛"),
    "shape_pattern": ("符合 {pattern} 的文字", "text matching {pattern}"),
    "field_empty": ("不得为空", "must not be empty"),
    "field_too_long": ("过长：至多{n}字（实际为 {value!r}）", "too long: at most {n} characters (got {value!r})"),
    "field_too_few": ("至少须有{n}项", "needs at least {n} items"),
    "field_at_least": ("不得小于 {bound}（实际为 {value!r}）", "must be at least {bound} (got {value!r})"),
    "field_at_most": ("不得大于 {bound}（实际为 {value!r}）", "must be at most {bound} (got {value!r})"),
    "field_choice": ("应为 {expected} 之一（实际为 {value!r}）", "should be one of {expected} (got {value!r})"),
    # ── the catalogue's checks (keys) ──
    "cat_duplicate_unit": ("重复的单位标识 {id!r}", "duplicate unit id {id!r}"),
    "cat_name_reused": ("名称 {name!r} 也被单位 {other!r} 使用", "name {name!r} is also used by unit {other!r}"),
    "cat_not_in_notice": ("{name!r} 未见于 notice.txt；请设 in_notice: false", "{name!r} is not named in notice.txt; set in_notice: false"),
    "cat_no_members": ("{kind}没有成员", "a {kind} has no members"),
    "cat_unknown_member": ("未知单位 {member!r}", "unknown unit {member!r}"),
    "cat_group_member": ("{member!r} 是群组：群组不能作为成员", "{member!r} is a group: groups cannot be members"),
    "cat_unknown_unit": ("未知单位 {id!r}（departments.yaml 中没有）", "unknown unit {id!r} (not in departments.yaml)"),
    "cat_not_in_notice_text": ("{value!r} 未见于 notice.txt", "{value!r} does not occur in notice.txt"),
    "cat_year_differs": ("年份 {year} 与日期的年份 {date_year} 不一致", "year {year} differs from the date's {date_year}"),
    "cat_duplicate_section": ("重复的部分编号 {id!r}", "duplicate section id {id!r}"),
    "cat_no_section": ("notice.txt 中没有第 {id} 部分", "notice.txt has no section {id}"),
    "cat_heading_differs": ("与 notice.txt 不一致：{stated!r}", "differs from notice.txt: {stated!r}"),
    "cat_section_missing": ("notice.txt 的第 {number} 部分缺失", "section {number} of notice.txt is missing"),
    "cat_duplicate_clause": ("重复的条款编号 {id!r}", "duplicate clause id {id!r}"),
    "cat_section_not_listed": ("第 {id} 部分不在 sections 中", "section {id} is not in sections"),
    "cat_no_clause": ("notice.txt 中没有条款 {id}", "notice.txt has no clause {id}"),
    "cat_duplicate_task": ("重复的任务编号 {id!r}", "duplicate task id {id!r}"),
    "cat_task_order": ("任务编号应依次为 {clause}.1、{clause}.2……：此处应为 {expected}", "task ids run {clause}.1, {clause}.2 …: expected {expected}"),
    "cat_clause_missing": ("notice.txt 的条款 {id} 缺失", "clause {id} of notice.txt is missing"),
    "cat_not_whole_line": ("不是该条款完整的责任分工句 {line!r}", "not the clause's whole responsibility line {line!r}"),
    "cat_role_ends": ("引文以 {worded!r} 结尾，而不是 {role!r}", "the quote ends in {worded!r}, not {role!r}"),
    "cat_role_none": ("引文没有以职责词结尾，而不是 {role!r}", "the quote does not end in a role, not {role!r}"),
    "cat_open": ("open 须恰在引文含“等部门”时为 true", "open must be true exactly when the quote says 等部门"),
    "cat_unit_not_quoted": ("引文中没有 {name!r}", "{name!r} is not named in the quote"),
    "cat_unit_omitted": ("引文点名了 {name!r}（{id}），但 units 中没有", "the quote names {name!r} ({id}) but units omit it"),
    "cat_unknown_tag": ("未知标签 {tag!r}（请先加入 tags:）", "unknown tag {tag!r} (add it to tags: first)"),
    "cat_date_before_notice": ("{date} 早于通知日期 {notice}", "{date} is before the notice date {notice}"),
    "cat_not_time_limit": ("{phrase!r} 不是时限（如 2025年6月底前、年底前）", "{phrase!r} is not a time limit (e.g. 2025年6月底前, 年底前)"),
    "cat_phrase_means": ("{phrase!r} 指 {meant}，不是 {date}", "{phrase!r} means {meant}, not {date}"),
    "cat_not_recurrence": ("{phrase!r} 不是周期（如 每半年、每年）", "{phrase!r} is not a recurrence (e.g. 每半年, 每年)"),
    "cat_not_verbatim": ("不是 notice.txt 该条款的原文", "not verbatim in this clause of notice.txt"),
    "cat_max_below_min": ("max 小于 min", "max is below min"),
    "cat_limit_unencoded": (
        "原文有时限 {limit!r}，但没有对应的 deadline 或 recurrence",
        "states the time limit {limit!r} but no deadline or recurrence encodes it",
    ),
    "cat_quote_not_in_text": ("{quote!r} 不在该任务原文中", "{quote!r} is not in the task's text"),
    "cat_quoted_twice": ("条款 {clause}：{segment!r}…… 被 {tasks} 重复引用", "clause {clause}: {segment!r}… is quoted by {tasks}"),
    "cat_unknown_clause": ("未知条款 {id!r}", "unknown clause {id!r}"),
    "cat_rule_not_in_line": ("不在条款 {clause} 的责任分工句中", "not in the responsibility line of clause {clause}"),
    "cat_rule_role": ("引文没有说 {said!r}", "the quote does not say {said!r}"),
    "cat_uncovered": ("条款 {clause}：没有任务引用 {segment!r}", "clause {clause}: no task quotes {segment!r}"),
    # ── reading a filled-in 工作台账 (keys) ──
    # ── --help: the group, every command and option (keys); each command's ends with an example ──
    "help_cli": (
        "anquan：把陵政发〔2025〕1号变成可跟踪的工作——谁负责什么、何时到期、进展如何。\n\n示例：anquan due --within 30d",
        "anquan: 陵政发〔2025〕1号 as tracked work — who owns what, what falls due when.\n\nExample: anquan due --within 30d",
    ),
    "help_opt_data": (
        "任务目录或工作区所在目录（tasks.yaml、departments.yaml、notice.txt）。环境变量：ANQUAN_DATA。默认：当前目录所在的工作区，否则为随软件附带的目录。",
        "Catalogue or workspace directory (tasks.yaml, departments.yaml, notice.txt). Env: ANQUAN_DATA. Default: the workspace around the working "
        "directory, else the shipped catalogue.",
    ),
    "help_opt_lang": ("标签、消息和帮助的语言。环境变量：ANQUAN_LANG。", "Language of labels, messages and help. Env: ANQUAN_LANG."),
    "help_opt_no_cache": (
        "每次重新读取所有文件，不使用也不写入缓存（缓存位于用户缓存目录或 ANQUAN_CACHE_DIR）。环境变量：ANQUAN_NO_CACHE。",
        "Read every file afresh; neither use nor write the cache (kept in the user cache dir, or ANQUAN_CACHE_DIR). Env: ANQUAN_NO_CACHE.",
    ),
    "help_opt_version": ("显示版本并退出。", "Show the version and exit."),
    "help_opt_format": ("输出格式（默认：终端上为表格，管道中为纯文本）。", "Output format (default: table on a terminal, plain otherwise)."),
    "help_opt_as_of": ("视为“今天”的日期（默认：今天）。", "The date that counts as today (default: today)."),
    "help_opt_dept_filter": ("只看该单位的任务（名称、简称或标识均可）。", "Only tasks of this unit (any name form)."),
    "help_opt_dept_due": ("只看该单位的时限。", "Only this unit's deadlines."),
    "help_opt_tag": ("只看带此标签的任务。", "Only tasks with this tag."),
    "help_validate": (
        "校验任务目录：结构、引用、原文引文、时限和覆盖率。\n\n示例：anquan validate --strict",
        "Check the catalogue: schema, references, verbatim quotes, time limits, coverage.\n\nExample: anquan validate --strict",
    ),
    "help_validate_strict": ("有警告（如无任务引用的原文句子）也失败（退出码 2）。", "Fail (exit 2) on warnings, such as notice sentences no task quotes."),
    "help_list": (
        "列出任务，可筛选和排序。\n\n示例：anquan list --dept 应急局 --section 5",
        "List tasks, filtered and sorted.\n\nExample: anquan list --dept 应急局 --section 5",
    ),
    "help_list_direct": ("与 --dept 连用：只看通知原文直接点名该单位的任务。", "With --dept: only tasks the notice names the unit for literally."),
    "help_list_section": ("只看第 N 部分（如 5；多份文件时可写 防汛:1）。", "Only section N (e.g. 5; with several notices, e.g. 防汛:1)."),
    "help_list_clause": ("只看条款 S.C，如 5.3。", "Only clause S.C, e.g. 5.3."),
    "help_list_has_deadline": ("只看有（或没有）明确时限的任务。", "Only tasks with (or without) a stated deadline."),
    "help_list_search": ("只看标题或原文包含 TEXT 的任务。", "Only tasks whose title or text contains TEXT."),
    "help_list_sort": ("排序方式。", "Sort order."),
    "help_show": (
        "完整显示一项任务（5.3.2）或整个条款（5.3）；在工作区中同时显示各期进度和退回原因。\n\n示例：anquan show 5.3.2",
        "Show one task (5.3.2) or a whole clause (5.3) in full; in a workspace, with each occurrence's progress and any 退回.\n\nExample: anquan show 5.3.2",
    ),
    "help_show_format": ("输出格式。", "Output format."),
    "help_due": (
        "按日期列出时限，每次到期一行。\n\n示例：anquan due --before 6月底 --dept 应急局",
        "List deadlines by date, one row per occurrence.\n\nExample: anquan due --before 6月底 --dept 应急局",
    ),
    "help_due_before": (
        "DATE 当天或之前的时限（2025-06-30、2025-06、6月底、上半年……）。",
        "Deadlines on or before DATE (2025-06-30, 2025-06, 6月底, 上半年 …).",
    ),
    "help_due_after": ("DATE 当天或之后的时限。", "Deadlines on or after DATE."),
    "help_due_within": ("从 --as-of 日期起 PERIOD 之内的时限（30d、2w、3m）。", "Deadlines from the as-of date to PERIOD later (30d, 2w, 3m)."),
    "help_due_overdue": ("只看已过期且未完成的时限。", "Only deadlines passed and not done."),
    "help_due_undated": ("改为列出没有明确时限的任务。", "List the tasks that state no deadline instead."),
    "help_dept": (
        "不带 NAME：列出所有单位及任务数。带 NAME：该单位的全部任务。\n\n示例：anquan dept 应急局",
        "Without NAME: every unit with counts. With NAME: that unit's duties.\n\nExample: anquan dept 应急局",
    ),
    "help_dept_direct": ("只看通知原文直接点名该单位的任务。", "Only duties the notice names the unit for literally."),
    "help_calendar": (
        "按月显示日历，到期日标为 [ ]，其后列出当月时限。\n\n示例：anquan calendar --month 2025-06",
        "Month grids with deadline days marked [ ], each followed by its deadlines.\n\nExample: anquan calendar --month 2025-06",
    ),
    "help_calendar_month": ("只看这个月（默认：所有有时限的月份）。", "Only this month (default: every month with deadlines)."),
    "help_init": (
        "创建工作区：复制一份任务目录，并建立空的 progress/ 文件夹。\n\n示例：anquan init 安全生产台账",
        "Create a workspace: a copy of the catalogue and an empty progress/ folder.\n\nExample: anquan init safety-ledger",
    ),
    "help_update": (
        "记录某单位对某项任务某一期的进展（追加到 progress/<单位>.yaml）；不写 --percent 时“推进中”沿用上次百分比。"
        "\n\n示例：anquan update 1.1.2 --dept 应急局 --status 已完成 --period 2025H1 --date 2025-06-20",
        "Record a unit's progress on one occurrence of a task (appended to progress/<unit>.yaml); without --percent, 推进中 keeps the last percent."
        "\n\nExample: anquan update 1.1.2 --dept yingji --status done --period 2025H1 --date 2025-06-20",
    ),
    "help_update_dept": ("填报单位（名称、简称或标识均可）。", "The reporting unit (any name form)."),
    "help_update_status": ("未启动 | 推进中 | 已完成（not_started | in_progress | done）。", "未启动 | 推进中 | 已完成 (not_started | in_progress | done)."),
    "help_update_percent": (
        "完成百分比，0–100（45、45.5→46、50%；不写时“推进中”沿用上次的百分比）。",
        "Completion percent, 0–100 (45, 45.5 → 46, 50%; default: 推进中 keeps the last one).",
    ),
    "help_update_note": ("进展情况。", "What was done (进展情况)."),
    "help_update_evidence": ("佐证材料（路径或网址）。", "Evidence (佐证材料): a path or URL."),
    "help_update_date": ("进展所截至的日期（默认：今天）。", "The day the progress is as of (default: today)."),
    "help_verify": (
        "县安委办：对各责任单位均报已完成的某一期核验销号（已销号）；销号后不再接受填报，除非撤销销号。"
        "\n\n示例：anquan verify 1.1.2 --period 2025H1 --date 2025-07-01",
        "县安委办: verify (销号) one occurrence that every reporting unit reports done; it then takes no reports until reopened."
        "\n\nExample: anquan verify 1.1.2 --period 2025H1 --date 2025-07-01",
    ),
    "help_verify_note": ("核验意见。", "The office's remarks (核验意见)."),
    "help_verify_date": ("核验日期（默认：今天）。", "Verification date (default: today)."),
    "help_reject": (
        "县安委办：退回某单位已报的“已完成”，该单位恢复为推进中，并能看到退回原因（不写 --dept 时退回所有已报完成的单位）。"
        "\n\n示例：anquan reject 5.3.2 --dept 应急局 --note 佐证材料不全",
        "县安委办: send back (退回) a unit's done report; it is 推进中 again and sees the reason (without --dept: every unit that reported done)."
        "\n\nExample: anquan reject 5.3.2 --dept yingji --note 'evidence missing'",
    ),
    "help_reject_note": ("退回原因（必填）。", "The reason (退回原因, required)."),
    "help_reject_date": ("作出决定的日期（默认：今天）。", "Date of the decision (default: today)."),
    "help_history": (
        "某项任务的全部进度记录，按时间顺序。\n\n示例：anquan history 1.1.3 --dept 应急局",
        "Every progress entry of a task, in order.\n\nExample: anquan history 1.1.3 --dept yingji",
    ),
    "help_history_dept": ("只看该单位的记录。", "Only this unit's entries."),
    "help_history_as_of": ("只看填报日期在该日期当天或之前的记录。", "Only entries as of this date or earlier."),
    "help_progress": (
        "进度表：按部分（默认）、按单位，或某部分的任务 × 单位矩阵。\n\n示例：anquan progress --by dept",
        "Progress tables: by section (default), by unit, or a task × unit matrix.\n\nExample: anquan progress --by dept",
    ),
    "help_progress_by": ("行：按部分（默认）或按单位。", "Rows: sections (the default) or units."),
    "help_progress_section": ("第 N 部分的任务 × 单位矩阵。", "A task × unit matrix for section N."),
    "help_progress_dept": ("某单位的任务及其本单位状态。", "One unit's tasks with its own status."),
    "help_summary": (
        "调度通报（期号、主送、总体情况、进展较好、存在问题、下步工作要求、附件、落款）：纯文本可直接粘贴，"
        "也可输出 Markdown、Word 文档（GB/T 9704 版式）或一段可发微信的简报。报送周期、预警规则、落款和期号取自 supervision.yaml（本地配置）。"
        "\n\n示例：anquan summary --as-of 2025-06-30 --format docx -o 第3期.docx",
        "The 调度通报 (issue number, addressees, overall, doing well, problems, next steps, attachments, signature): plain text to paste, "
        "Markdown, a Word document (GB/T 9704 layout) or a brief for WeChat. The reporting cycle, warning rules, issuer and numbering "
        "come from supervision.yaml (local data).\n\nExample: anquan summary --as-of 2025-06-30 --format docx -o no3.docx",
    ),
    "help_card": (
        "县安委办：对某单位作出红黄牌警告（通知2.3.1，对屡禁不止、责任悬空的），记明任务和原因。这是办公室的决定，"
        "与按规则计算的黄色、红色预警不同；调度通报“存在问题”中单列。\n\n示例：anquan card 2.3.1 --dept 住建局 --level yellow --note 整改不力",
        "县安委办: record a red or yellow card (红黄牌警告, notice 2.3.1) against a unit, with its task and reason. It is the office's "
        "decision, not a computed warning (预警); bulletins list it on its own.\n\nExample: anquan card 2.3.1 --dept 住建局 --level yellow --note 整改不力",
    ),
    "help_card_dept": ("受警告的单位。", "The unit carded."),
    "help_card_level": ("red（红牌）或 yellow（黄牌）。", "red or yellow."),
    "help_card_note": ("原因（必填）。", "The reason (required)."),
    "help_card_date": ("决定日期（默认今天）。", "The day of the decision (default: today)."),
    "help_summary_format": (
        "text（默认，制表符分隔的表格）、markdown 或 docx（Word，须 -o）。",
        "text (the default; tables separated by tabs), markdown, or docx (Word; needs -o).",
    ),
    "help_summary_brief": ("只输出一段简报（适合微信）。", "Only a short brief (fits one WeChat message)."),
    "help_summary_number": (
        "期号（默认：supervision.yaml 登记的各期之后的下一期）。",
        "The issue number (default: the one after the issues listed in supervision.yaml).",
    ),
    "help_summary_since": (
        "“较上期”的比较日期（默认：上一期的日期，或上一报送截止日）。",
        "The day to compare with (default: the previous issue's date, or the last reporting due day).",
    ),
    "help_summary_output": ("写入文件（docx 必须）。", "Write to this file (required for docx)."),
    "help_summary_dept": ("只看该单位的任务。", "Only this unit's tasks."),
    "help_summary_horizon": ("“近期到期事项”向后看的天数。", "Days ahead for 近期到期事项."),
    "help_export": (
        "导出任务及其状态：json、csv、markdown、xlsx（工作台账）或 ics（时限日历）。\n\n示例：anquan export --dept 应急局 -o 应急局.xlsx",
        "Export the tasks with their status: json, csv, markdown, xlsx (工作台账) or ics (deadlines).\n\nExample: anquan export --dept yingji -o yingji.xlsx",
    ),
    "help_export_format": (
        "输出格式（默认：按 -o 文件的扩展名）；breakdown：任务分解表（xlsx），供县安委办分工。",
        "Output format (default: from the -o file's extension); breakdown: the 任务分解表 (xlsx) for the office to divide the tasks.",
    ),
    "help_export_dept": ("只导出该单位的任务；xlsx：该单位填报、再导入的工作表。", "Only this unit's tasks; xlsx: the unit's own sheet to fill in and import."),
    "help_export_output": ("写入文件 FILE（要么完整写入，要么不写），而不是标准输出。", "Write FILE (whole or not at all) instead of stdout."),
    "help_export_unit_sheets": ("xlsx 且不带 --dept：为每个填报单位各加一张填报表。", "xlsx without --dept: add a fill-in sheet for every reporting unit."),
    "help_export_remind_days": (
        "ics：每个时限前 N 天提醒（默认：supervision.yaml 中 near_due 规则的天数，15）。",
        "ics: remind N days before each deadline (default: the days of supervision.yaml's near_due rule, 15).",
    ),
    "help_import": (
        "读回某单位填好的工作台账（.xlsx 或 .xls，由 anquan export --format xlsx --dept 单位 导出），记为进度记录；"
        "读回填好的任务分解表（导出格式 breakdown），写入分工方案 assignments.yaml。\n\n示例：anquan import 应急局.xlsx",
        "Read a unit's filled-in 工作台账 (.xlsx or .xls, from export --format xlsx --dept UNIT) back as progress entries; "
        "or a filled-in 任务分解表 (export --format breakdown) into the 分工方案, assignments.yaml.\n\nExample: anquan import yingji.xlsx",
    ),
    "help_import_partial": (
        "即使有的行被拒绝，也记录有效的行（退出码仍为 2）。",
        "Record the valid rows even if others are refused (the exit status is still 2).",
    ),
    "help_schema": (
        "tasks.yaml、departments.yaml、assignments.yaml、进度文件和 people.yaml 的 JSON Schema，供编辑器和其他工具使用。"
        "\n\n示例：anquan schema --output-dir schemas",
        "JSON Schemas of tasks.yaml, departments.yaml, assignments.yaml, progress files and people.yaml, for editors and other tools."
        "\n\nExample: anquan schema --output-dir schemas",
    ),
    "help_schema_output_dir": ("写入 Schema 的目录。", "Where to write the schemas."),
    "help_schema_print": ("只打印这一个 Schema，不写文件。", "Print this one schema instead of writing files."),
    "status_unknown": (
        "无法识别状态 {text!r}：请写 未启动、推进中 或 已完成（not_started、in_progress、done）",
        "unknown status {text!r}: use 未启动, 推进中 or 已完成 (not_started, in_progress, done)",
    ),
    # ── help of the supervision commands and options ──
    "help_opt_period": (
        "所针对的一期：2025H1、下半年、2025Q3、E1……（默认：--date 当天所在的一期）。",
        "The occurrence: 2025H1, 下半年, 2025Q3, E1 … (default: the one open at --date).",
    ),
    "help_correct": (
        "更正本单位的一条记录：追加一条替代它的新记录（两条都保留在 history 中）。"
        "\n\n示例：anquan correct 1.1.2 --dept 应急局 --period 2025H1 --status 推进中 --percent 40 --note 更正：误报已完成",
        "Correct a unit's own entry: a new entry that replaces it (both stay in history).\n\n"
        "Example: anquan correct 1.1.2 --dept yingji --period 2025H1 --status in_progress --percent 40 --note 'corrected'",
    ),
    "help_correct_entry": (
        "要更正的记录，按 history 显示的时间（默认：本单位最近一条）。",
        "The entry to correct, by the time history shows (default: the unit's latest).",
    ),
    "help_withdraw": (
        "撤回本单位误报的一条记录：它仍保留在文件和 history 中，但不再计入。\n\n示例：anquan withdraw 1.1.2 --dept 应急局 --period 2025H1 --note 误报",
        "Withdraw a unit's own mistaken entry: it stays in the file and in history, and no longer counts."
        "\n\nExample: anquan withdraw 1.1.2 --dept yingji --period 2025H1 --note mistaken",
    ),
    "help_withdraw_dept": ("该记录所属的单位（任意名称形式）。", "The unit whose entry it is (any name form)."),
    "help_withdraw_entry": (
        "要撤回的记录，按 history 显示的时间（默认：本单位最近一条）。",
        "The entry to withdraw, by the time history shows (default: the unit's latest).",
    ),
    "help_withdraw_note": ("撤回原因。", "Why (撤回原因)."),
    "help_withdraw_date": ("自哪天起不再计入（默认：今天）。", "From when the entry no longer counts (default: today)."),
    "help_reject_dept": ("只退回该单位（默认：退回所有已报已完成的单位）。", "Send back this unit only (default: every unit that reported done)."),
    "help_reopen": (
        "县安委办：撤销某一期的销号，使各单位可以重新填报（须写明理由）。\n\n示例：anquan reopen 1.1.2 --period 2025H1 --note 核查发现会议记录缺失",
        "县安委办: reopen (撤销销号) a verified occurrence, so that units can report on it again (with the reason).\n\n"
        "Example: anquan reopen 1.1.2 --period 2025H1 --note 'minutes missing'",
    ),
    "help_reopen_note": ("撤销理由（必填）。", "The reason (撤销理由, required)."),
    "help_reopen_date": ("作出决定的日期（默认：今天）。", "Date of the decision (default: today)."),
    "help_trigger": (
        "县安委办：记录启动某项事件触发类措施的情形（如 1.5.5 所说的事故），此后各单位才填报。"
        "\n\n示例：anquan trigger 1.5.5 --note 7月3日某企业发生一般生产安全事故 --date 2025-07-04",
        "县安委办: record the event that starts a contingent measure (e.g. an accident for 1.5.5); units report on it from then on.\n\n"
        "Example: anquan trigger 1.5.5 --note 'an accident on 3 July' --date 2025-07-04",
    ),
    "help_trigger_note": ("事件情况（必填）。", "The event (事件情况, required)."),
    "help_trigger_date": ("事件发生的日期（默认：今天）。", "The day of the event (default: today)."),
    "help_validate_audit": ("同时运行 anquan audit：按 people.yaml 核查 git 历史。", "Also run anquan audit: the git history against people.yaml."),
    "help_opt_audited": (
        "只计入通过 anquan audit 的记录（按 people.yaml 核查 git 历史）。",
        "Count only the entries that pass anquan audit (the git history checked against people.yaml).",
    ),
    "help_import_dept": (
        "导入哪个单位的填报表：含全部单位填报表的工作簿（--unit-sheets）必须指定。",
        "The unit whose sheet to import: required for a workbook with every unit's sheet (--unit-sheets).",
    ),
    "help_audit": (
        "按 people.yaml 核查工作区的 git 历史：谁写了什么、签名、只追加文件是否被改动；每个问题一行，有问题时退出码为 2。"
        "\n\n示例：anquan audit --since ORIG_HEAD",
        "Check the workspace's git history against people.yaml: who wrote what, signatures, append-only files; one line per finding, exit 2 when "
        "anything is found.\n\nExample: anquan audit --since ORIG_HEAD",
    ),
    "help_audit_since": (
        "只报告 COMMIT 之后的提交（如 ORIG_HEAD：上次 pull 带来的提交）。",
        "Report only commits that COMMIT does not contain (e.g. ORIG_HEAD: what the last pull brought).",
    ),
    "help_audit_format": ("输出格式。", "Output format."),
    # ── several notices in one workspace (notices.py, --notice, anquan notices) ──
    "notices_alias_twice": ("简称 {alias!r} 重复：每份文件的简称须唯一", "alias {alias!r} is given twice: each notice needs its own"),
    "notices_dir_outside": (
        "目录 {dir!r} 须为工作区内的相对路径（用 / 分隔，不含 ..，不在 progress/、schema/ 中）",
        "folder {dir!r} must be a relative path inside the workspace (separated by /, without .., outside progress/ and schema/)",
    ),
    "notices_dir_twice": ("目录 {dir!r} 重复列出", "folder {dir!r} is listed twice"),
    "notices_number_twice": (
        "文号 {number} 已属于简称 {other!r} 的文件：进度记录以文号区分文件，文号不得重复",
        "number {number} is already the notice {other!r}'s: progress entries tell notices apart by number, so numbers must differ",
    ),
    "notices_alias_is_number": (
        "简称 {alias!r} 是另一份文件（{other!r}）的文号：进度记录以文号区分文件，请另取简称",
        "alias {alias!r} is the number of another notice ({other!r}): progress entries name notices by number, so choose another alias",
    ),
    "notice_means_nothing": (
        "anquan {command} 不按文件区分，--notice 对它没有意义",
        "--notice means nothing to `anquan {command}`, which does not work one notice at a time",
    ),
    "entries_of_unlisted_notice": (
        "自此行起有{n}条记录属于 notices.yaml 未列出的文件 {number}（已不再跟踪），不计入",
        "{n} entries from this line on are about {number}, a notice notices.yaml no longer lists: not counted",
    ),
    "breakdown_one_notice": (
        "任务分解表按文件制作：本工作区有多份文件，请用 --notice 指定其中一份",
        "a 任务分解表 is made for one notice: this workspace has several, so choose one with --notice",
    ),
    "join_flow_list": (
        "{file} 的 {list} 列表写成了方括号（流式）形式，无法在其后追加：请改写为每项一行的“- ”列表后重试",
        "{file} writes its {list} list in flow style ([…]), which nothing can be appended to: write it one “- ” item a line and try again",
    ),
    "join_alias_taken": ("简称 {alias!r} 已有文件使用（见 anquan notices）", "the alias {alias!r} is taken (see `anquan notices`)"),
    "join_folder_exists": ("{path} 已存在：请用 --dir 另选文件夹", "{path} exists already: choose another folder with --dir"),
    "join_units_comment": ("由 anquan draft 从 {number} 加入的单位（待核对）", "units added by anquan draft from {number} (to be checked)"),
    "join_home_alias_listed": (
        "notices.yaml 已列出本工作区的文件：--home-alias 只用于加入第二份文件时，改简称请编辑 notices.yaml",
        "notices.yaml lists the workspace's notices already: --home-alias is for adding a second one; edit notices.yaml to rename",
    ),
    "join_written": (
        "已加入：{alias}（{number}）→ {folder}（{tasks}项任务；沿用工作区单位{matched}个，新增单位{added}个，待核对{reviews}项，见 anquan validate）",
        "Added: {alias} ({number}) → {folder} ({tasks} tasks; {matched} units of the workspace reused, {added} added, "
        "{reviews} to be checked: see anquan validate)",
    ),
    "draft_review_office_named": (
        "通知中的“{name}”即负责销号、退回的县安委办（anquan verify、reject 以此单位记录）；标识、简称、别名和类别由程序推定，请核对",
        "“{name}” in the notice is taken as 县安委办, the office that verifies and rejects (anquan verify and reject record as it); "
        "its id, short name, aliases and kind are inferred: check them",
    ),
    "help_draft_into": (
        "把起草的文件加入已有工作区（与其原有文件一并跟踪），而不是新建工作区；须同时给出 --alias。",
        "Add the drafted notice to an existing workspace (tracked beside its notices) instead of making a new one; needs --alias.",
    ),
    "help_draft_alias": (
        "加入工作区时该文件的简称，如 防汛（任务编号将写作 防汛:1.2.1）",
        "The notice's alias in the workspace, e.g. 防汛 (its ids become 防汛:1.2.1)",
    ),
    "help_draft_dir": (
        "加入工作区时存放该文件任务目录的文件夹；默认：notices/简称拼音",
        "Its folder in the workspace; default: notices/<the alias in pinyin>",
    ),
    "help_draft_home_alias": (
        "工作区原有文件的简称（首次加入第二份文件时）；默认：其文号",
        "The alias of the workspace's own notice (when a second is first added); default: its number",
    ),
    "notice_unknown": (
        "没有文件 {name!r}（本工作区的文件：{known}；anquan notices 列出全部）",
        "no notice {name!r} (this workspace has: {known}; `anquan notices` lists them)",
    ),
    "id_ambiguous": (
        "编号 {id!r} 在多份文件中都有：{ids}；请写明文件简称或文号，如 {example}，或加 --notice",
        "id {id!r} is in several notices: {ids}; qualify it with the notice's alias or number, e.g. {example}, or give --notice",
    ),
    "cat_span_excludes_year": (
        "年度范围 {first}—{last} 不成立：首年须不晚于末年，末年须不早于通知年度 {year}",
        "the span {first}–{last} cannot be: its first year must not follow its last, nor its last precede the notice's year {year}",
    ),
    "cat_span_not_quoted": ("原文未写明年份 {first} 与 {last}", "the quote does not state the years {first} and {last}"),
    "help_opt_notice": (
        "只看工作区中的一份文件（简称、文号或目录，见 anquan notices）；默认：全部文件。环境变量：ANQUAN_NOTICE。",
        "Only one notice of the workspace (its alias, number or folder: see `anquan notices`); default: every notice. Env: ANQUAN_NOTICE.",
    ),
    "help_notices": (
        "列出工作区跟踪的文件（notices.yaml）：简称、文号、标题、年度、目录与任务数。多份文件时，任务编号带文件简称，如 防汛:1.2.1。\n\n示例：anquan notices",
        "List the notices the workspace tracks (notices.yaml): alias, number, title, years, folder and task count. "
        "With several, task ids carry the notice's alias, e.g. 防汛:1.2.1.\n\nExample: anquan notices",
    ),
    # ── draft: a catalogue drafted from a notice (anquan draft, draft/, review marks in validate) ──
    "help_draft": (
        "从一份通知（.txt、Word .docx 或 PDF）起草任务目录工作区：引文均为原文，程序推定的值标为 review（待核对），"
        "由 anquan validate 列出；--explain 逐条说明读到了什么及其理由。\n\n示例：anquan draft notice.txt -o 草稿",
        "Draft a catalogue workspace from a notice (.txt, Word .docx or PDF): quotes verbatim, inferred values marked review "
        "(listed by anquan validate); --explain shows, clause by clause, what was read and why.\n\nExample: anquan draft notice.txt -o draft",
    ),
    "help_draft_output": ("要写入的工作区目录（须为空或不存在，除非 --force）。", "The workspace directory to write (empty or missing, unless --force)."),
    "help_draft_force": (
        "目录不为空时也写入：替换其中的 tasks.yaml、departments.yaml 和 notice.txt（progress/ 保留）。",
        "Write into a non-empty directory: replace its tasks.yaml, departments.yaml and notice.txt (progress/ is kept).",
    ),
    "help_draft_explain": ("逐条说明读到了什么、为何如此判断（不写文件）。", "Show, clause by clause, what was read and why (writes nothing)."),
    "draft_empty_clause": (
        "条款 {id} 只有标题和责任单位，没有可作为任务引用的句子：请在原文中补上内容后再起草",
        "clause {id} has a heading and units but no sentence a task could quote: complete it in the notice and draft again",
    ),
    "draft_dated_and_recurring": (
        "任务 {id} 的同一句中既有时限“{limit}”又有周期“{period}”：任务目录中一项任务只能是限时或周期性之一，未写入任何文件；"
        "请手工编码这一句（见 docs/catalogue-format.md）",
        "task {id} states both a time limit “{limit}” and a period “{period}” in one sentence: a catalogue task is dated or recurring, "
        "not both; nothing written (encode this sentence by hand, see docs/catalogue-format.md)",
    ),
    "draft_unencodable_limit": (
        "任务 {id} 的时限“{phrase}”无法定出日期（早于发文日期，或不是真实的日期）：不作猜测，未写入任何文件；请核对原文或手工编码这一句",
        "task {id}: the time limit “{phrase}” dates nothing (it is before the notice, or no real day): not guessed, nothing written; "
        "check the notice or encode this sentence by hand",
    ),
    "draft_needs_output": ("请用 -o 目录 指定要写入的工作区，或用 --explain 只查看", "name the workspace to write with -o DIR, or use --explain to look only"),
    "draft_unknown_kind": (
        "无法识别的通知文件类型 {suffix!r}：可用 .txt、.docx 或 .pdf（.doc、.wps 文件请在 WPS 或 Word 中另存为 .docx）",
        "unknown notice file type {suffix!r}: use .txt, .docx or .pdf (save a .doc or .wps file as .docx in WPS or Word)",
    ),
    "draft_unreadable": ("无法读取该 {kind} 文件：{reason}", "cannot read this {kind} file: {reason}"),
    "draft_not_text": ("不是 UTF-8 或 GB18030 文本；请另存为 UTF-8", "not UTF-8 or GB18030 text; save the file as UTF-8"),
    "draft_no_clauses": (
        "通知中没有找到编号的条款（一、（一）或 1. 2. 3.）：无法起草",
        "no numbered clauses found in the notice (一、, （一） or 1. 2. 3.): nothing to draft",
    ),
    "draft_not_empty": (
        "{path} 不为空：请换一个目录，或用 --force 替换其中的任务目录",
        "{path} is not empty: choose another directory, or use --force to replace its catalogue",
    ),
    "draft_not_loadable": (
        "起草结果未通过校验（程序缺陷或通知格式未能识别），未写入任何文件",
        "the draft does not pass validation (a bug, or a layout not recognised); nothing written",
    ),
    "draft_written": (
        "已起草：{path}（{clauses}个条款、{tasks}项任务、{units}个单位；待核对{reviews}项，见 anquan --data {path} validate）",
        "Drafted: {path} ({clauses} clauses, {tasks} tasks, {units} units; {reviews} marked for review, see anquan --data {path} validate)",
    ),
    "draft_review_unit": (
        "由名称推定：标识取简称的拼音（较长的取首字母），别名为简称的全拼和首字母，简称去掉“县”等前缀，类别为 {kind}；请核对",
        "inferred from the name: the id is the short name's pinyin (its initials when long), the aliases its full pinyin and initials, "
        "the short name drops 县 and the like, the kind is {kind}; check them",
    ),
    "draft_review_office": (
        "本地配置：负责销号、退回的县安委办（anquan verify、reject 以此单位记录）；如本县由其他单位承担，请修改",
        "local data: 县安委办, who verifies (销号) and rejects (anquan verify and reject record as this unit); change it if another office does",
    ),
    "draft_review_notice": (
        "发文单位和日期取自{where}；请核对",
        "the issuer and the date are taken from {where}; check them",
    ),
    "draft_where_signature": ("落款", "the signature"),
    "draft_where_title": ("标题（无落款）", "the title (no signature)"),
    "draft_where_none": ("无法从原文确定，填的是占位值", "nowhere in the text: placeholders"),
    "draft_review_task": ("程序推定：{reasons}", "inferred: {reasons}"),
    "draft_reason_title": ("标题为原文开头的摘要", "the title is the opening words of the text"),
    "draft_reason_kind": ("类别 {kind} 据“{quote}”推定", "kind {kind} read from “{quote}”"),
    "draft_reason_once": ("未见时限、周期、事件或常态化用语，按一次性任务记", "no time limit, period, event or standing word: a one-off"),
    "draft_reason_year": ("“{phrase}”未写年份，按发文年份 {year} 年计", "“{phrase}” names no year: the notice year {year}"),
    "draft_reason_working_days": ("“{quote}”的工作日按日计", "the working days of “{quote}” are recorded as days"),
    "draft_reason_targets": ("目标的数量、单位和等级由程序读出", "the targets' numbers, units and levels are read by the program"),
    "draft_review_heading": ("原文条款没有标题，此处为正文开头的摘要", "the clause states no heading: this is the opening words of its text"),
    "draft_review_rule": ("“{quote}”按适用于其后各条款理解", "“{quote}” read as applying to every later clause"),
    "draft_review_no_responsibility": (
        "条款未写责任单位：暂记为发文单位负责，请按实际补正",
        "the clause names no unit: recorded as the issuer's for now; correct it",
    ),
    "draft_skip_window": ("“{phrase}”是条件的时间范围，不是时限", "“{phrase}” bounds a condition, it is not a time limit"),
    "draft_skip_second_period": ("第二个周期“{phrase}”（已记录“{first}”）", "a second period “{phrase}” (“{first}” is recorded)"),
    "draft_skip_limit": (
        "“{phrase}”不是可定日期的时限（或早于发文日期）",
        "“{phrase}” is not a time limit that dates (or it is before the notice)",
    ),
    "draft_skip_time_word": ("“{phrase}”是时间用语，不是可定日期的时限", "“{phrase}” speaks of time but states no date"),
    "draft_explain_head": (
        "文号：{number}；标题：{title}；发文单位：{issuer}；日期：{date}",
        "Number: {number}; title: {title}; issuer: {issuer}; date: {date}",
    ),
    "draft_explain_clause": ("第{id}条 {heading}", "Clause {id} {heading}"),
    "draft_explain_units": (
        "  责任：“{quote}” → {form}：{units}；职责 {role}{open}",
        "  Units: “{quote}” → {form}: {units}; role {role}{open}",
    ),
    "draft_explain_open": ("（等部门：名单未列全）", " (等部门: the list is not complete)"),
    "draft_explain_none": ("  责任：原文未写", "  Units: none stated"),
    "draft_explain_rule": ("  规则：“{quote}” → 其后各条款均加上 {unit}", "  Rule: “{quote}” → {unit} added to every later clause"),
    "draft_explain_task": ("  任务{id}：{kind}（{why}）", "  Task {id}: {kind} ({why})"),
    "draft_explain_limit": ("    时限“{phrase}” → {date}{goal}", "    Time limit “{phrase}” → {date}{goal}"),
    "draft_explain_goal": ("（力争：目标，非硬性时限）", " (力争: a goal, not a firm limit)"),
    "draft_explain_period": ("    周期“{phrase}” → {every}", "    Period “{phrase}” → {every}"),
    "draft_explain_requirement": ("    时效“{quote}” → {within}", "    Duration “{quote}” → {within}"),
    "draft_explain_target": ("    目标“{quote}”", "    Target “{quote}”"),
    "draft_explain_skipped": ("    未记录：{why}", "    Not recorded: {why}"),
    "draft_form_role_word": ("按末尾职责词", "by the closing role word"),
    "draft_form_lead_assist": ("按“牵头……配合”", "by 牵头 … 配合"),
    "draft_form_with_assisting": ("按“……负责，……配合”", "by … 负责，… 配合"),
    "draft_form_part_lines": ("按“牵头单位：……；责任单位：……”", "by 牵头单位：…；责任单位：…"),
    "review_mark": ("待核对 {what}：{fields}（{reason}）", "to review {what}: {fields} ({reason})"),
    "review_count": (
        "待核对：{n}处程序推定的值（核对无误后删除该处 review）：",
        "To review: {n} values the program inferred (delete each review mark once checked):",
    ),
    "cat_parts_role": (
        "列出牵头或配合单位的责任行，职责应为 '牵头'（有牵头单位时）或引文中的职责词，而不是 {role!r}",
        "a line naming 牵头 or 配合 units has role '牵头' (with lead units) or the role word it says, not {role!r}",
    ),
    "cat_part_unworded": ("引文中没有“{word}”", "the quote does not say {word}"),
    "cat_part_not_listed": ("{id} 不在 units 中", "{id} is not among the units"),
}

# click's own texts (its gettext message ids, English) in Chinese; English shows them as they are.
_CLICK_ZH: dict[str, str] = {
    "Usage:": "用法:",  # click adds the space and the other headings' colon
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Aborted!": "已中止。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "用 '{command} {option}' 查看帮助。",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想用其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的布尔值；可用：{states}",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "unknown error": "未知错误",
}

LANGS = ("zh", "en")

# Punctuation and layout of the two languages' sentences (separators, indents, numbering): the
# pieces messages are joined with, which carry no words of their own.
_FORMS: dict[str, tuple[str, str]] = {
    "b_brief_join": ("；", "; "),
    "b_brief_sign": ("——{issuer}", "— {issuer}"),
    "b_brief_warned": ("{level}：{units}", "{level}: {units}"),
    "b_change_level": ("{level}：{units}", "{level}: {units}"),
    "b_coming_item": ("{task}时限“{phrase}”（{date}）", "{task} (“{phrase}”, {date})"),
    "b_end": ("。", "."),
    "b_highlight": ("{i}. {unit}（{task}{title}）：{note}。", "{i}. {unit} ({task}{title}): {note}."),
    "b_indent": ("\u3000\u3000", ""),
    "b_recipients": ("{recipients}：", "To: {recipients}"),
    "b_step": ("{i}. {text}", "{i}. {text}"),
    "b_sub": ("（{n}）", "({n}) "),
    "b_title_unit": ("（{unit}）", " ({unit})"),
    "b_unit_percent": ("{unit}（{percent}%）", "{unit} ({percent}%)"),
    "b_warned_unit": ("{unit}：{reasons}。", "{unit}: {reasons}."),
    "list_sep": ("、", ", "),
    "notice_with_number": ("{alias}（{number}）", "{alias} ({number})"),
    "qualified_section": ("【{notice}】{label}", "[{notice}] {label}"),
    "notices_joined": ("、", ", "),
    "notices_joined_titles": ("》《", "; "),
    "list_sep2": ("；", "; "),
    "list_sep3": ("；", "; "),
}

_language = {"index": 0}


def set_language(lang: str) -> None:
    """The language of `message`: set once by the CLI from --lang (or ANQUAN_LANG)."""
    _language["index"] = 1 if lang == "en" else 0


def language() -> str:
    """The language `message` speaks now: "zh" or "en"."""
    return LANGS[_language["index"]]


def click_text(english: str) -> str:
    """click's own words (usage errors, help headings) in the current language: click marks
    them for gettext; this maps them without a gettext catalogue."""
    if _language["index"] == 1:
        return english
    return _CLICK_ZH.get(english, english)


def click_ntext(singular: str, plural: str, n: int) -> str:
    return click_text(singular if n == 1 else plural)


_ONE = re.compile(r"(?<![\d.])1 (day|item|unit|cycle|event|task|point|issue|section|clause|entr)(s|ies)\b")


def message(key: str, **values: object) -> str:
    """One message (see _MESSAGES) in the current language, its fields filled in. In English a
    count of one takes the singular (1 day, 1 unit, 1 entry): the templates are written for the plural."""
    text = _MESSAGES[key][_language["index"]].format(**values)
    if _language["index"] == 1 and "1 " in text:
        text = _ONE.sub(lambda m: "1 " + m.group(1) + ("y" if m.group(2) == "ies" else ""), text)
    return text


def shortened(items: list[str], limit: int, more: str, sep: str, *, total: int | None = None) -> str:
    """Items joined with `sep`, all of them up to `limit`, else the first `limit` and, through
    message `more` (fields shown, n), how many there are in all (`total`, when the caller passes
    only the first ones)."""
    count = len(items) if total is None else total
    shown = sep.join(items[:limit])
    return message(more, shown=shown, n=count) if count > limit else shown


def name_list(names: list[str], limit: int = 8) -> str:
    """Names in a message, the first `limit` of them, saying how many there are."""
    return shortened(names, limit, "list_more", "、")  # unit names are Chinese data, in either language


def form(key: str, **values: object) -> str:
    """A piece of punctuation or layout (see _FORMS) in the current language, its fields filled in."""
    return _FORMS[key][_language["index"]].format(**values)


def forms(key: str) -> tuple[str, ...]:
    """A piece of punctuation or layout in every language: what a file written in either holds."""
    return _FORMS[key]


def grouped_names(names: list[str], limit: int) -> str:
    """Names in a bulletin: all of them up to `limit`, else the first `limit` and 等N个单位."""
    return shortened(names, limit, "names_grouped", form("list_sep"))


_NUMERALS = "零一二三四五六七八九"


def numeral(n: int) -> str:
    """A heading's number: 一, 十二 … in Chinese (n < 100), the digits in English."""
    if _language["index"] == 1 or not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _NUMERALS[tens]) + "十" if tens else "") + (_NUMERALS[ones] if ones else "")


def message_keys() -> list[str]:
    return list(_MESSAGES)


class Labels:
    def __init__(self, lang: str = "zh") -> None:
        self.index = 1 if lang == "en" else 0
        self.lang = "en" if lang == "en" else "zh"

    def __call__(self, key: str, **values: object) -> str:
        text = _LABELS[key][self.index]
        return text.format(**values) if values else text
