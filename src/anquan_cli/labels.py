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
    "closed_share": ("完成率", "Completion"),
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
    "cannot_read": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "cannot_create": ("无法创建 {path}：{reason}", "cannot create {path}: {reason}"),
    "import_refused_nothing": (
        "已填写的{total}行中有{refused}行被拒绝；未写入任何记录（改正后重新导入，或用 --partial 先记录有效的行）",
        "{refused} of {total} filled rows refused; nothing written (correct them and import again, or use --partial to record the valid rows)",
    ),
    "import_refused_partial": (
        "已填写的{total}行中有{refused}行被拒绝；已记录有效的{valid}行",
        "{refused} of {total} filled rows refused; {valid} valid row(s) recorded",
    ),
    "shipped_catalogue_notice": (
        "注意：当前不在工作区，显示的是随软件附带的任务目录，不含任何进度（进入工作区：anquan init 目录、cd 目录 或 --data 目录）",
        "note: not in a workspace: showing the shipped catalogue, without any progress (to get into one: anquan init DIR, cd DIR or --data DIR)",
    ),
    "list_more": ("{shown}等{n}个", "{shown} and {n} more"),
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
    "date_future": ("--date {date} 晚于今天（今天是 {today}）", "--date {date} is in the future (today is {today})"),
    "date_before_notice": ("--date {date} 早于通知印发日期（{notice}）", "--date {date} is before the notice was issued ({notice})"),
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
    "date_no_day": ("日期 {text!r} 无效：没有这一天", "invalid date {text!r}: no such day"),
    "date_no_month": ("日期 {text!r} 无效：没有{month}月", "invalid date {text!r}: no month {month}"),
    "date_unreadable": ("无法识别日期 {text!r}；可用写法：{forms}", "cannot read date {text!r}; accepted forms: {forms}"),
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
    "sheet_task_twice": ("任务 {task} 填了两次（{first} 和此处）", "task {task} is filled in twice ({first} and here)"),
    "sheet_too_large": ("{name}：{size}字节，作为工作台账过大（上限 {limit} MB）", "{name}: {size} bytes is too large for a 工作台账 (limit {limit} MB)"),
    "sheet_unreadable": ("{name}：不是可读取的 Excel 工作簿（.xlsx）（{reason}）", "{name}: not an Excel workbook (.xlsx) that can be read ({reason})"),
    "sheet_export_hint": (
        "导出方法：anquan export --format xlsx --dept 单位 -o 文件.xlsx",
        "export one with `anquan export --format xlsx --dept UNIT -o FILE.xlsx`",
    ),
    "sheet_no_meta": (
        "{name}：不是 anquan 为某单位导出的工作台账（缺少隐藏工作表 {meta!r}）：{hint}",
        "{name}: not a 工作台账 exported by anquan for a unit (its hidden sheet {meta!r} is missing): {hint}",
    ),
    "sheet_meta_altered": ("{name}：隐藏工作表 {meta!r} 被改动过：{hint}", "{name}: the hidden sheet {meta!r} was altered: {hint}"),
    "sheet_other_version": (
        "{name}：由另一版本的 anquan 写出（工作簿格式 {version}）；{hint}",
        "{name}: written by another version of anquan (workbook format {version}); {hint}",
    ),
    "sheet_other_notice": ("{name}：是为通知 {number!r} 导出的，不是 {expected}", "{name}: exported for notice {number!r}, not {expected}"),
    "sheet_whose": (
        "{name}：隐藏工作表 {meta!r} 没有说明工作表 {title!r} 属于哪个单位：{hint}",
        "{name}: the hidden sheet {meta!r} does not say whose sheet {title!r} is: {hint}",
    ),
    "sheet_unit_unknown": (
        "{name}：工作表 {title!r} 属于单位 {unit!r}，而本目录的 departments.yaml 中没有该单位",
        "{name}: sheet {title!r} belongs to unit {unit!r}, which is not in this catalogue's departments.yaml",
    ),
    "sheet_unit_not_reporting": (
        "{name}：工作表 {title!r} 属于{unit}，该单位不单独填报",
        "{name}: sheet {title!r} belongs to {unit}, which does not report itself",
    ),
    "sheet_missing": ("{name}：{unit}的工作表 {title!r} 不见了（被改名或删除？）", "{name}: sheet {title!r} of {unit} is missing (renamed or deleted?)"),
    "sheet_none": (
        "{name}：工作簿中没有单位填报表（整体导出时须加 --unit-sheets）：{hint}",
        "{name}: no unit's fill-in sheet in this workbook (a whole-catalogue export has none unless --unit-sheets): {hint}",
    ),
    "sheet_no_column": ("{where}：没有标题为 {headings} 的列：请重新导出", "{where}: no column headed {headings}: export the sheet again"),
    "sheet_no_header": (
        "{where}：前{rows}行中没有含“{task}”的标题行：请重新导出",
        "{where}: no header row with {task} in the first {rows} rows: export the sheet again",
    ),
    "sheet_status_empty": (
        "{status}为空，但已填写{filled}：请选择状态或清空该行",
        "{status} is empty but {filled} is filled in: choose a status or clear the row",
    ),
    "sheet_formula": ("{cell} 是公式（{formula}）；请直接填写数值", "{cell} holds a formula ({formula}); type the value itself"),
    "sheet_task_empty": ("{heading}为空", "{heading} is empty"),
    "sheet_task_not_exported": ("任务 {task} 不在导出的表中（任务编号被改动？）", "task {task} was not in this sheet as exported (task id altered?)"),
    "sheet_title_differs": (
        "任务 {task} 是 {expected!r}，但该行的{heading}是 {title!r}（任务编号被改动？）",
        "task {task} is {expected!r}, but the row's {heading} is {title!r} (task id altered?)",
    ),
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
    "help_list_section": ("只看第 N 部分（1–6）。", "Only section N (1–6)."),
    "help_list_clause": ("只看条款 S.C，如 5.3。", "Only clause S.C, e.g. 5.3."),
    "help_list_has_deadline": ("只看有（或没有）明确时限的任务。", "Only tasks with (or without) a stated deadline."),
    "help_list_search": ("只看标题或原文包含 TEXT 的任务。", "Only tasks whose title or text contains TEXT."),
    "help_list_sort": ("排序方式。", "Sort order."),
    "help_show": (
        "完整显示一项任务（5.3.2）或整个条款（5.3）。\n\n示例：anquan show 5.3.2",
        "Show one task (5.3.2) or a whole clause (5.3) in full.\n\nExample: anquan show 5.3.2",
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
        "记录某单位某项任务的进展（追加到 progress/<单位>.yaml）。\n\n示例：anquan update 1.1.3 --dept 应急局 --status 推进中 --percent 30 --note 已召开专题会",
        "Record a unit's progress on a task (appended to progress/<unit>.yaml).\n\nExample: anquan update 1.1.3 --dept yingji --status in_progress "
        "--percent 30 --note 'meeting held'",
    ),
    "help_update_dept": ("填报单位（名称、简称或标识均可）。", "The reporting unit (any name form)."),
    "help_update_status": ("未启动 | 推进中 | 已完成（not_started | in_progress | done）。", "未启动 | 推进中 | 已完成 (not_started | in_progress | done)."),
    "help_update_percent": ("完成百分比，0–100。", "Completion percent, 0–100."),
    "help_update_note": ("进展情况。", "What was done (进展情况)."),
    "help_update_evidence": ("佐证材料（路径或网址）。", "Evidence (佐证材料): a path or URL."),
    "help_update_date": ("进展所截至的日期（默认：今天）。", "The day the progress is as of (default: today)."),
    "help_verify": (
        "县安委办：对各单位均报已完成的任务核验销号（已销号）。\n\n示例：anquan verify 1.1.3 --note 材料齐全",
        "县安委办: verify a task every unit reports done (已销号).\n\nExample: anquan verify 1.1.3 --note 'evidence complete'",
    ),
    "help_verify_note": ("核验意见。", "The office's remarks (核验意见)."),
    "help_verify_date": ("核验日期（默认：今天）。", "Verification date (default: today)."),
    "help_reject": (
        "县安委办：退回任务，已报已完成的单位恢复为推进中。\n\n示例：anquan reject 1.1.3 --note 佐证材料不全",
        "县安委办: send a task back (退回): units that reported done are 推进中 again.\n\nExample: anquan reject 1.1.3 --note 'evidence missing'",
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
        "调度通报：纯文本（或 Markdown），可直接粘贴进文件。\n\n示例：anquan summary --as-of 2025-06-30",
        "The 调度通报: plain text (or Markdown) ready to paste into a document.\n\nExample: anquan summary --as-of 2025-06-30",
    ),
    "help_summary_dept": ("只看该单位的任务。", "Only this unit's tasks."),
    "help_summary_horizon": ("“近期到期事项”向后看的天数。", "Days ahead for 近期到期事项."),
    "help_export": (
        "导出任务及其状态：json、csv、markdown、xlsx（工作台账）或 ics（时限日历）。\n\n示例：anquan export --dept 应急局 -o 应急局.xlsx",
        "Export the tasks with their status: json, csv, markdown, xlsx (工作台账) or ics (deadlines).\n\nExample: anquan export --dept yingji -o yingji.xlsx",
    ),
    "help_export_format": ("输出格式（默认：按 -o 文件的扩展名）。", "Output format (default: from the -o file's extension)."),
    "help_export_dept": ("只导出该单位的任务；xlsx：该单位填报、再导入的工作表。", "Only this unit's tasks; xlsx: the unit's own sheet to fill in and import."),
    "help_export_output": ("写入文件 FILE（要么完整写入，要么不写），而不是标准输出。", "Write FILE (whole or not at all) instead of stdout."),
    "help_export_unit_sheets": ("xlsx 且不带 --dept：为每个填报单位各加一张填报表。", "xlsx without --dept: add a fill-in sheet for every reporting unit."),
    "help_export_remind_days": (
        "ics：每个时限前 N 天提醒（默认：warnings.yellow_days）。",
        "ics: remind N days before each deadline (default: warnings.yellow_days).",
    ),
    "help_import": (
        "读回某单位填好的工作台账（由 anquan export --format xlsx --dept 单位 导出），记为进度记录。\n\n示例：anquan import 应急局.xlsx",
        "Read a unit's filled-in 工作台账 (from export --format xlsx --dept UNIT) back as progress entries.\n\nExample: anquan import yingji.xlsx",
    ),
    "help_import_partial": (
        "即使有的行被拒绝，也记录有效的行（退出码仍为 2）。",
        "Record the valid rows even if others are refused (the exit status is still 2).",
    ),
    "help_schema": (
        "tasks.yaml、departments.yaml 和进度文件的 JSON Schema，供编辑器和其他工具使用。\n\n示例：anquan schema --output-dir schemas",
        "JSON Schemas of tasks.yaml, departments.yaml and progress files, for editors and other tools.\n\nExample: anquan schema --output-dir schemas",
    ),
    "help_schema_output_dir": ("写入 Schema 的目录。", "Where to write the schemas."),
    "help_schema_print": ("只打印这一个 Schema，不写文件。", "Print this one schema instead of writing files."),
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


def message(key: str, **values: object) -> str:
    """One message (see _MESSAGES) in the current language, its fields filled in."""
    return _MESSAGES[key][_language["index"]].format(**values)


def name_list(names: list[str], limit: int = 8) -> str:
    """Names joined with 、, the first `limit` of them, saying how many more there are."""
    shown = "、".join(names[:limit])
    return message("list_more", shown=shown, n=len(names) - limit) if len(names) > limit else shown


def message_keys() -> list[str]:
    return list(_MESSAGES)


class Labels:
    def __init__(self, lang: str = "zh") -> None:
        self.index = 1 if lang == "en" else 0
        self.lang = "en" if lang == "en" else "zh"

    def __call__(self, key: str, **values: object) -> str:
        text = _LABELS[key][self.index]
        return text.format(**values) if values else text
