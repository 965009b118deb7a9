"""Write a valid anquan workspace of a given size, for benchmarks.

    python benchmarks/make_workspace.py --tasks 20000 --units 100 --progress 200000 [--seed 1] OUT_DIR

OUT_DIR gets what `anquan init` makes (tasks.yaml, departments.yaml, notice.txt, progress/,
.gitattributes, .gitignore) plus K progress entries, and passes `anquan --data OUT_DIR validate`:

- notice.txt: a county notice in the shipped one's layout (number, title, addressees, preface,
  sections 一、…, clauses （一）heading。body（…负责）, closing lines). Bodies are sentences built
  from safety-work phrases; each ends in 。 or ；, so that each is one segment.
- tasks.yaml: every segment quoted verbatim by exactly one task (about 1 task in 10 quotes two
  consecutive segments). About 12% of tasks state a deadline (2025年6月底前, 2025年9月15日前,
  年底前 …, spread from April to December; some state two) and 4% a recurrence (每半年, 每季度,
  每年, 每月), each encoded; some state a target (至少开展2次…).
- departments.yaml: M units: 县人民政府 (the issuer), 县安委办 (the office, local), 各乡镇人民政府
  (a collective of 2 townships), 县安委会有关成员单位 (a group of 3 departments) and M − 6
  departments with realistic names (县应急局, 县住建局 …; past the list of real names, 县第N工作专班).
- Each clause's closing line names 1–6 departments (or the group and up to 3 more); the
  1.1 clause states the rule 以下均需各乡镇人民政府负责, so every later clause also binds the
  2 townships. A task thus has 3–8 reporting units. 县应急局 is named in about 15% of clauses
  at every size, so its duties scale with the task count (the benchmarks use it for `dept`).
- progress/<unit>.yaml: K update entries in the exact format `anquan update` appends (header
  lines, then one JSON object per line), drawn uniformly over the (task, reporting unit) pairs,
  dated uniformly from the notice date to 2025-12-31; a pair's percent only grows with the date.

Everything follows from --seed: the same arguments give the same bytes. The script imports
nothing from anquan_cli, so it keeps working while the package is refactored.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import math
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

NOTICE_NUMBER = "陵政发〔2025〕1号"
NOTICE_TITLE = "陵川县人民政府关于做好2025年安全生产工作的通知"
NOTICE_DATE = dt.date(2025, 4, 7)
YEAR = 2025
LAST_DAY = dt.date(2025, 12, 31)
MIN_UNITS = 10
MAX_NUMBER = 99  # sections and clauses are numbered 一 … 九十九
DIGITS = "一二三四五六七八九"

TAGS = [
    "责任体系", "监管执法", "企业主体责任", "全员责任", "追责问责", "应急管理体制", "工作机制", "督导检查",
    "专项整治", "煤矿", "非煤矿山", "危化", "化工园区", "冶金工贸", "消防", "建筑施工", "建筑保温材料", "电动自行车",
    "燃气", "道路交通", "动火作业", "应急预案", "应急队伍", "应急装备", "应急物资", "应急通信", "应急避难场所",
    "应急演练", "救灾救助", "森林防火", "防汛", "地震", "地质灾害", "自然灾害", "信息化", "标准化", "安全工程",
    "水库", "电梯", "警示教育", "宣传教育", "培训考核", "校园", "人员密集场所", "监测预警", "社会共治",
]  # fmt: skip

# (topic as the text names it, its tag)
TOPICS = [
    ("煤矿", "煤矿"), ("非煤矿山", "非煤矿山"), ("危险化学品", "危化"), ("化工园区", "化工园区"), ("冶金工贸", "冶金工贸"),
    ("消防", "消防"), ("建筑施工", "建筑施工"), ("建筑保温材料", "建筑保温材料"), ("电动自行车", "电动自行车"),
    ("城镇燃气", "燃气"), ("道路交通", "道路交通"), ("动火作业", "动火作业"), ("森林防火", "森林防火"), ("防汛", "防汛"),
    ("地震", "地震"), ("地质灾害", "地质灾害"), ("水库", "水库"), ("电梯", "电梯"), ("校园", "校园"),
    ("人员密集场所", "人员密集场所"), ("自然灾害", "自然灾害"), ("应急物资", "应急物资"), ("应急通信", "应急通信"),
    ("应急避难场所", "应急避难场所"), ("应急救援队伍", "应急队伍"), ("应急装备", "应急装备"), ("粉尘涉爆", "冶金工贸"),
    ("有限空间", "冶金工贸"), ("特种设备", "电梯"), ("旅游景区", "人员密集场所"), ("农村自建房", "建筑施工"),
    ("烟花爆竹", "危化"), ("油气管道", "燃气"), ("长大桥隧", "道路交通"), ("“两客一危”车辆", "道路交通"),
    ("“九小场所”", "消防"), ("养老机构", "人员密集场所"), ("医疗机构", "人员密集场所"), ("文物建筑", "消防"),
    ("仓储物流", "专项整治"),
]  # fmt: skip

# (the work, its tag)
WORKS = [
    ("安全隐患排查整治", "专项整治"), ("风险辨识评估", "监测预警"), ("监测预警系统建设", "监测预警"),
    ("应急预案修订", "应急预案"), ("安全生产标准化创建", "标准化"), ("执法检查", "监管执法"),
    ("专项督导检查", "督导检查"), ("从业人员培训考核", "培训考核"), ("警示教育", "警示教育"),
    ("宣传教育活动", "宣传教育"), ("信息化平台建设", "信息化"), ("应急演练", "应急演练"), ("安全工程治理", "安全工程"),
    ("责任清单制定", "责任体系"), ("企业主体责任落实", "企业主体责任"), ("全员安全生产责任制落实", "全员责任"),
    ("事故调查处理", "追责问责"), ("联合执法", "监管执法"), ("应急物资储备", "应急物资"), ("网格化管理", "社会共治"),
    ("举报奖励制度落实", "社会共治"), ("协调联动机制建设", "工作机制"), ("问题整改销号", "督导检查"),
]  # fmt: skip

ADVERBS = ["持续", "全面", "深入", "扎实", "切实", "积极", "认真", "进一步", "常态化", "因地制宜", "严格", "着力"]
VERBS = ["开展", "推进", "加强", "深化", "落实", "组织", "强化", "规范", "完善"]
GOALS = [
    "提升本质安全水平", "防范化解重大安全风险", "坚决遏制较大事故", "形成闭环管理", "确保责任落实到位", "压实属地管理责任",
    "提升应急处置能力", "做到早发现、早报告、早处置", "推动问题隐患动态清零", "实现风险分级管控", "筑牢安全生产人民防线",
    "守牢安全底线", "提高监管执法效能", "增强全民安全意识", "夯实基层安全基础",
]  # fmt: skip
ELABORATIONS = [
    "对发现的问题建立台账、限时整改", "实行清单化管理、闭环式推进", "做到查处一起、警示一片", "确保不留盲区、不留死角",
    "推动形成齐抓共管的工作格局", "对整改不力的严肃追责问责", "及时总结推广典型经验做法", "定期通报工作进展情况",
]  # fmt: skip
HEADING_VERBS = ["加强", "深化", "强化", "推进", "规范", "健全", "完善", "压实", "狠抓", "严格"]
HEADING_NOUNS = ["安全监管", "专项整治", "风险防控", "隐患治理", "责任落实", "应急准备", "能力建设", "基础建设", "监测预警", "督导检查"]
SECTION_FIRST = [
    "提高政治站位", "严格防范措施", "深化专项整治", "强化应急准备", "加强基础建设", "强化宣传教育", "健全责任体系",
    "狠抓隐患治理", "夯实基层基础", "推进科技兴安", "严格执法检查", "突出重点领域",
]  # fmt: skip
SECTION_SECOND = [
    "扣紧压实安全责任链条", "健全安全风险防控机制", "严控重点领域安全风险", "提高事故灾害处置能力", "提升应急管理综合水平",
    "抓好安全生产素质提升", "筑牢安全生产基层防线", "推动安全治理模式转型", "守牢守稳安全发展底线",
]  # fmt: skip
NOTES = [
    "已完成{topic}隐患排查，发现问题{n}处，已整改{m}处",
    "组织召开专题会议，部署{topic}工作",
    "制定工作方案，明确责任人和完成时限",
    "开展{topic}专项检查{n}次，下达整改通知{m}份",
    "已上报{topic}工作台账",
    "组织培训{n}场，参训{m}人次",
]

# Real county units past the fixed ones, in this order: (id, full name). No name is part of another.
DEPARTMENTS = [
    ("yingji", "县应急局"), ("zhujian", "县住建局"), ("jiaotong", "县交通局"), ("shuiwu", "县水务局"), ("fagai", "县发改局"),
    ("xiaofang", "县消防救援大队"), ("ziranziyuan", "县自然资源局"), ("linye", "县林业局"), ("nongye", "县农业农村局"),
    ("qixiang", "县气象局"), ("caizheng", "县财政局"), ("gongan", "县公安局"), ("jiaoke", "县教育科技局"), ("weijian", "县卫健局"),
    ("shichang", "县市场监管局"), ("shengtai", "县生态环境局"), ("gongxin", "县工信局"), ("shangwu", "县商务局"),
    ("wenlv", "县文旅局"), ("minzheng", "县民政局"), ("renshe", "县人社局"), ("sifa", "县司法局"), ("tongji", "县统计局"),
    ("yibao", "县医保局"), ("tuijunren", "县退役军人事务局"), ("shenpi", "县行政审批局"), ("nengyuan", "县能源局"),
    ("chengguan", "县城市管理局"), ("shenji", "县审计局"), ("xinfang", "县信访局"), ("jiguan", "县机关事务中心"),
    ("xuanchuan", "县委宣传部"), ("zuzhi", "县委组织部"), ("zhengfa", "县委政法委"), ("jiwei", "县纪委监委"),
    ("tongzhan", "县委统战部"), ("zonggonghui", "县总工会"), ("tuanxianwei", "团县委"), ("fulian", "县妇联"), ("kexie", "县科协"),
    ("rongmeiti", "县融媒体中心"), ("gongdian", "县供电公司"), ("yidong", "县移动公司"), ("liantong", "县联通公司"),
    ("dianxin", "县电信公司"), ("youzheng", "县邮政公司"), ("shiyou", "县石油公司"), ("gonglu", "县公路段"),
    ("jiaojing", "县公安交警大队"), ("renwu", "县人武部"), ("hongshizi", "县红十字会"), ("fangzhen", "县防震减灾中心"),
    ("shuiwen", "县水文站"), ("nongji", "县农机服务中心"), ("xumu", "县畜牧兽医中心"), ("meitan", "县煤炭事务中心"),
    ("kaifaqu", "县经济技术开发区管委会"), ("jingqu", "王莽岭景区管委会"), ("zhengwu", "县政务服务中心"),
    ("renfang", "县人防办"), ("gongjijin", "县住房公积金中心"), ("shuiwuju", "县税务局"), ("jinrong", "县金融服务中心"),
    ("liangchu", "县粮食和物资储备中心"), ("gongxiaoshe", "县供销社"), ("huanwei", "县环卫中心"), ("yuanlin", "县园林绿化中心"),
    ("zhijian", "县质量安全监督站"), ("jianyan", "县检验检测中心"), ("tezhong", "县特种设备检验所"),
    ("yancao", "县烟草专卖局"), ("wenwu", "县文物保护中心"), ("tiyu", "县体育中心"), ("jikong", "县疾控中心"),
    ("renminyiyuan", "县人民医院"), ("zhongyiyuan", "县中医院"), ("jijiu", "县急救中心"), ("senlinxiaofang", "县森林消防大队"),
    ("gongjiao", "县公交公司"), ("keyunzhan", "县汽车客运站"), ("linchang", "县国有林场"), ("shuiku", "县水库管理站"),
    ("guanqu", "县灌区管理站"), ("dizhi", "县地质勘查队"), ("gongshanglian", "县工商联"), ("danganguan", "县档案馆"),
    ("chengtou", "县城投公司"), ("gongshui", "县供水公司"), ("reli", "县热力公司"), ("ranqi", "县燃气公司"),
    ("jiaotou", "县交投公司"), ("lvtou", "县文旅集团"), ("yinhang", "县农商银行"), ("baoxian", "县人保财险公司"),
    ("kanchasheji", "县建筑设计院"),
]  # fmt: skip
TOWNSHIPS = [("chongwen", "崇文镇", "140524100"), ("liyi", "礼义镇", "140524101")]
GROUP_ID, GROUP_NAME = "anweihui_members", "县安委会有关成员单位"
COLLECTIVE_ID, COLLECTIVE_NAME = "xiangzhen", "各乡镇人民政府"
RULE_QUOTE = "以下均需各乡镇人民政府负责，不再一一列出"
LEAD_SHARE = 0.15  # 县应急局 is named in this share of clauses


@dataclass
class Unit:
    id: str
    name: str
    kind: str
    in_notice: bool = True
    members: list[str] | None = None
    division_code: str | None = None
    short_name: str | None = None

    @property
    def short(self) -> str:
        if self.short_name:
            return self.short_name
        return self.name[1:] if self.name.startswith("县") and not self.name.startswith("县委") else self.name


@dataclass
class Task:
    id: str
    title: str
    text: str
    tags: list[str]
    deadlines: list[tuple[dt.date, str]] = field(default_factory=list)
    recurrence: tuple[str, str] | None = None  # (every, phrase)
    targets: list[tuple[str, int, str]] = field(default_factory=list)  # (quote, min, unit)


@dataclass
class Clause:
    id: str
    heading: str
    quote: str  # the responsibility line as the catalogue encodes it
    line: str  # the whole text inside the closing （）
    role: str
    units: list[str]
    open: bool
    tasks: list[Task]
    reporting: list[str]  # departments and townships that report on its tasks


def chinese_numeral(n: int) -> str:
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones - 1]
    return ("" if tens == 1 else DIGITS[tens - 1]) + "十" + (DIGITS[ones - 1] if ones else "")


def month_end(month: int) -> dt.date:
    return dt.date(YEAR, month, calendar.monthrange(YEAR, month)[1])


# ── units ──


def make_units(count: int) -> tuple[list[Unit], list[Unit]]:
    """All units in file order, and the departments among them (县应急局 first)."""
    n_departments = count - 4 - len(TOWNSHIPS)
    departments = [Unit(uid, name, "department") for uid, name in DEPARTMENTS[:n_departments]]
    for n in range(len(departments) + 1, n_departments + 1):
        departments.append(Unit(f"zhuanban{n}", f"县第{n}工作专班", "department"))
    townships = [Unit(uid, name, "township", in_notice=False, division_code=code) for uid, name, code in TOWNSHIPS]
    if len({d.short for d in departments}) != len(departments):
        raise AssertionError("two departments share a short name")
    fixed = [
        Unit(GROUP_ID, GROUP_NAME, "group", members=[d.id for d in departments[1:4]], short_name="安委会成员单位"),
        Unit(COLLECTIVE_ID, COLLECTIVE_NAME, "collective", members=[t.id for t in townships], short_name="各乡镇"),
        Unit("zhengfu", "县人民政府", "body", short_name="县政府"),
        Unit("anweiban", "县安委办", "body", in_notice=False),
    ]
    return [*departments, *fixed, *townships], departments


# ── text ──


class Writer:
    """Sentences, tasks and clauses, all drawn from one seeded generator."""

    def __init__(self, rng: random.Random, departments: list[Unit], townships: list[str]) -> None:
        self.rng = rng
        self.departments = departments
        self.townships = townships
        self.group_members = departments[1:4]

    def deadline_phrase(self) -> tuple[dt.date, str]:
        r = self.rng.random()
        if r < 0.15:
            return LAST_DAY, "年底前"
        month = self.rng.randint(4, 12)
        if r < 0.35:
            day = self.rng.choice((10, 15, 20) if month > 4 else (15, 20))
            return dt.date(YEAR, month, day), f"{YEAR}年{month}月{day}日前"
        return month_end(month), f"{YEAR}年{month}月底前"

    def sentence(self, topic: tuple[str, str]) -> tuple[str, Task]:
        """One segment and the task that quotes it (id and title filled in later)."""
        rng = self.rng
        name, topic_tag = topic
        work, work_tag = rng.choice(WORKS)
        tags = [topic_tag] if topic_tag == work_tag else [topic_tag, work_tag]
        task = Task("", f"{name}{work}".replace("“", "").replace("”", "")[:20], "", tags)
        end = "；" if rng.random() < 0.08 else "。"
        kind = rng.random()
        if kind < 0.12:  # a stated deadline, sometimes two
            date, phrase = self.deadline_phrase()
            if rng.random() < 0.15 and date.month < 11:
                later = month_end(rng.randint(date.month + 1, 12))
                later_phrase = f"{YEAR}年{later.month}月底前"
                text = f"{phrase}完成{name}{work}摸底排查，{later_phrase}完成问题整改{end}"
                task.deadlines = [(date, phrase), (later, later_phrase)]
            else:
                form = rng.randrange(3)
                if form == 0:
                    text = f"{phrase}完成{name}{work}{end}"
                elif form == 1:
                    text = f"{phrase}，{rng.choice(VERBS)}{name}{work}并形成工作台账{end}"
                else:
                    text = f"力争{phrase}实现{name}{work}全覆盖，{rng.choice(GOALS)}{end}"
                task.deadlines = [(date, phrase)]
            task.title = ("完成" + task.title)[:20]
        elif kind < 0.16:  # a recurrence with a target
            every, phrase = rng.choice((("half_year", "每半年"), ("half_year", "每半年"), ("quarter", "每季度"), ("year", "每年"), ("month", "每月")))
            n = rng.randint(1, 3)
            quote = f"至少开展{n}次{name}{work}"
            text = f"{phrase}{quote}，{rng.choice(GOALS)}{end}"
            task.recurrence = (every, phrase)
            task.targets = [(quote, n, "次")]
        elif kind < 0.22:  # a target
            n = rng.randint(2, 30)
            quote = f"至少建成{n}个{name}示范点"
            text = f"{rng.choice(ADVERBS)}{rng.choice(VERBS)}{name}{work}，{quote}{end}"
            task.targets = [(quote, n, "个")]
        else:
            form = rng.randrange(4)
            if form == 0:
                text = f"{rng.choice(ADVERBS)}{rng.choice(VERBS)}{name}{work}，{rng.choice(GOALS)}{end}"
            elif form == 1:
                text = f"聚焦{name}重点环节，{rng.choice(VERBS)}{work}，{rng.choice(GOALS)}{end}"
            elif form == 2:
                text = f"各有关部门要{rng.choice(ADVERBS)}{rng.choice(VERBS)}{name}{work}，{rng.choice(GOALS)}{end}"
            else:
                text = f"{rng.choice(VERBS)}{name}{work}工作机制，{rng.choice(ELABORATIONS)}{end}"
        task.text = text
        return text, task

    def clause_tasks(self, count: int) -> tuple[str, list[Task]]:
        """The heading and `count` tasks of one clause; no segment occurs inside another."""
        rng = self.rng
        topic = rng.choice(TOPICS)
        heading = f"{rng.choice(HEADING_VERBS)}{topic[0]}{rng.choice(HEADING_NOUNS)}"
        segments: list[str] = []
        tasks: list[Task] = []
        while len(tasks) < count:
            text, task = self.sentence(topic if rng.random() < 0.5 else rng.choice(TOPICS))
            parts = [text]
            if rng.random() < 0.1:  # a second sentence that only elaborates the first: one measure
                parts.append(f"{rng.choice(ELABORATIONS)}，{rng.choice(GOALS)}。")
            if len(parts) == 2 and (parts[0] in parts[1] or parts[1] in parts[0]):
                continue
            if any(p in s or s in p for p in parts for s in segments):
                continue
            segments.extend(parts)
            task.text = "".join(parts)
            tasks.append(task)
        return heading, tasks

    def responsibility(self, first: bool) -> tuple[str, str, str, list[str], bool, list[str]]:
        """(quote, whole line, role, named unit ids, open, reporting unit ids) of a clause."""
        rng = self.rng
        lead, others = self.departments[0], self.departments[1:]
        if first:
            named = [GROUP_ID, COLLECTIVE_ID]
            quote = f"{GROUP_NAME}和{COLLECTIVE_NAME}负责"
            reporting = [m.id for m in self.group_members]
            return quote, f"{quote}。{RULE_QUOTE}", "负责", named, False, reporting + self.townships
        use_group = rng.random() < 0.2
        room = 3 if use_group else 6
        with_lead = rng.random() < LEAD_SHARE
        k = min(len(others), max(0, rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6)) - with_lead), room - with_lead)
        if not use_group and not with_lead:
            k = max(k, 1)
        chosen = rng.sample(others, k)
        departments = [lead, *chosen] if with_lead else chosen
        rng.shuffle(departments)
        named_units = ([GROUP_ID] if use_group else []) + [d.id for d in departments]
        names = ([GROUP_NAME] if use_group else []) + [d.name for d in departments]
        r = rng.random()
        if r < 0.55:
            role, open_list = "负责", False
        elif r < 0.85:
            role, open_list = "分工负责", len(names) > 1 and rng.random() < 0.7
        else:
            role, open_list = "指导督促落实", False
        quote = "、".join(names) + ("等部门" if open_list else "") + role
        reporting = [d.id for d in departments]
        if use_group:
            reporting += [m.id for m in self.group_members if m.id not in reporting]
        return quote, quote, role, named_units, open_list, reporting + self.townships


def task_counts(total: int, rng: random.Random) -> list[int]:
    """Tasks per clause: 2–9 (more when there are too many tasks for 99 × 99 clauses)."""
    mean = max(5.5, total / (MAX_NUMBER * MAX_NUMBER * 0.95))
    low, high = max(1, round(mean * 0.35)), max(2, round(mean * 1.65))
    counts = []
    remaining = total
    while remaining > 0:
        c = min(remaining, rng.randint(low, high))
        counts.append(c)
        remaining -= c
    return counts


def layout(n_clauses: int) -> list[int]:
    """Clauses per section: 6 sections like the notice when small, else up to 99 of about 50."""
    n_sections = min(MAX_NUMBER, max(1, min(6, n_clauses), math.ceil(n_clauses / 50)))
    per = [n_clauses // n_sections + (1 if i < n_clauses % n_sections else 0) for i in range(n_sections)]
    if per[0] > MAX_NUMBER:
        raise SystemExit("too many tasks: at most 99 sections of 99 clauses")
    return per


# ── files ──


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def notice_text(sections: list[tuple[str, list[Clause]]]) -> str:
    lines = [
        NOTICE_NUMBER,
        NOTICE_TITLE,
        "各乡镇人民政府、示范区管委会，县直各单位：",
        "2025年，全县安全生产工作要深入贯彻习近平总书记关于安全生产重要论述，统筹发展和安全，严格责任、严格措施、严格监管，"
        "有效防范化解重大安全风险，坚决遏制重特大事故，守牢守稳安全底线。",
    ]
    for s, (heading, clauses) in enumerate(sections, start=1):
        lines.append(f"{chinese_numeral(s)}、{heading}")
        for c, clause in enumerate(clauses, start=1):
            body = "".join(t.text for t in clause.tasks)
            lines.append(f"（{chinese_numeral(c)}）{clause.heading}。{body}（{clause.line}）")
    lines += ["陵川县人民政府", "2025年4月7日", "（此件公开发布）", "陵川县人民政府办公室2025年4月7日印发"]
    return "\n".join(lines) + "\n"


def tasks_yaml(sections: list[tuple[str, list[Clause]]]) -> str:
    out = [
        "# 基准测试用的任务目录：由 benchmarks/make_workspace.py 生成，逐字引用同目录 notice.txt。",
        "notice:",
        f"  number: {q(NOTICE_NUMBER)}",
        f"  title: {q(NOTICE_TITLE)}",
        "  issuer: zhengfu",
        f"  date: {NOTICE_DATE.isoformat()}",
        f"  year: {YEAR}",
        "rules:",
        "  - id: xiangzhen_rule",
        f"    quote: {q(RULE_QUOTE)}",
        '    stated_in: "1.1"',
        f"    unit: {COLLECTIVE_ID}",
        "    role: 负责",
        "    applies_to: following_clauses",
        f"tags: [{', '.join(TAGS)}]",
        "sections:",
    ]
    for s, (heading, _) in enumerate(sections, start=1):
        out.append(f'  - {{id: "{s}", heading: {q(heading)}}}')
    out.append("clauses:")
    for _, clauses in sections:
        for clause in clauses:
            out += [
                f'  - id: "{clause.id}"',
                f"    heading: {q(clause.heading)}",
                "    responsibility:",
                f"      quote: {q(clause.quote)}",
                f"      role: {clause.role}",
                f"      units: [{', '.join(clause.units)}]",
                f"      open: {'true' if clause.open else 'false'}",
                "    tasks:",
            ]
            for task in clause.tasks:
                out += [
                    f'      - id: "{task.id}"',
                    f"        title: {q(task.title)}",
                    f"        text: {q(task.text)}",
                    f"        tags: [{', '.join(task.tags)}]",
                ]
                if task.deadlines:
                    out.append("        deadlines:")
                    # 力争 makes a time limit a goal (firm: false), as the loader checks
                    out += [
                        f"          - {{date: {date.isoformat()}, phrase: {q(phrase)}" + (", firm: false" if f"力争{phrase}" in task.text else "") + "}"
                        for date, phrase in task.deadlines
                    ]
                if task.recurrence:
                    out.append(f"        recurrence: {{every: {task.recurrence[0]}, phrase: {q(task.recurrence[1])}}}")
                if task.targets:
                    out.append("        targets:")
                    out += [f"          - {{quote: {q(quote)}, firm: true, min: {n}, unit: {unit}}}" for quote, n, unit in task.targets]
    return "\n".join(out) + "\n"


def departments_yaml(units: list[Unit]) -> str:
    out = ["# 基准测试用的单位名单：由 benchmarks/make_workspace.py 生成。", "units:"]
    for u in units:
        fields = [f"id: {u.id}", f"name: {q(u.name)}", f"short: {q(u.short)}", "aliases: []", f"kind: {u.kind}", f"in_notice: {str(u.in_notice).lower()}"]
        if u.members is not None:
            fields.append(f"members: [{', '.join(u.members)}]")
        if u.division_code:
            fields.append(f'division_code: "{u.division_code}"')
        out.append(f"  - {{{', '.join(fields)}}}")
    return "\n".join(out) + "\n"


def progress_files(rng: random.Random, clauses: list[Clause], units: dict[str, Unit], count: int) -> dict[str, list[str]]:
    """unit id → its progress file's lines (header included), entries in date order."""
    pairs = [(task.id, unit) for clause in clauses for task in clause.tasks for unit in clause.reporting]
    span = (LAST_DAY - NOTICE_DATE).days
    days = [(NOTICE_DATE + dt.timedelta(days=d)).isoformat() for d in range(span + 1)]
    by_unit: dict[str, list[tuple[int, int, str]]] = {}
    picks = rng.choices(range(len(pairs)), k=count)
    offsets = rng.choices(range(span + 1), k=count)
    for i, (pick, offset) in enumerate(zip(picks, offsets, strict=True)):
        task_id, unit = pairs[pick]
        speed = 0.6 + (pick * 7919 % 141) / 100  # per pair, 0.6–2.0: percent grows with the date
        percent = min(100, int(offset / span * speed * 100 + 0.5))
        if percent >= 100:
            status, percent = "已完成", 100
        elif percent < 5:
            status, percent = "未启动", 0
        else:
            status, percent = "推进中", percent - percent % 5
        record = f'{{"task": "{task_id}", "unit": "{unit}", "kind": "update", "status": "{status}", "percent": {percent}, "date": "{days[offset]}"'
        if status != "未启动":
            topic = TOPICS[pick % len(TOPICS)][0]
            n = rng.randint(1, 20)
            record += f', "note": {q(NOTES[i % len(NOTES)].format(topic=topic, n=n, m=rng.randint(0, n)))}'
            if rng.random() < 0.2:
                record += f', "evidence": "材料/{YEAR}/{task_id}-{unit}.pdf"'
        seconds = rng.randrange(8 * 3600, 19 * 3600)
        clock = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        record += f', "recorded_at": "{days[offset]}T{clock}+08:00"}}'
        by_unit.setdefault(unit, []).append((offset, seconds, "- " + record + "\n"))
    files = {}
    for unit_id in sorted(by_unit):
        entries = sorted(by_unit[unit_id])
        header = f"# {units[unit_id].name} 进度记录：由 anquan 逐条追加，一行一条，请勿改动已有行。\nunit: {unit_id}\nentries:\n"
        files[unit_id] = [header, *(line for _, _, line in entries)]
    return files


def generate(out: Path, n_tasks: int, n_units: int, n_entries: int, seed: int) -> dict[str, int]:
    if n_units < MIN_UNITS:
        raise SystemExit(f"--units must be at least {MIN_UNITS}")
    if n_tasks < 1 or n_entries < 0:
        raise SystemExit("--tasks must be at least 1 and --progress at least 0")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise SystemExit(f"{out} exists and is not empty: choose a new directory")
    rng = random.Random(seed)
    units, departments = make_units(n_units)
    writer = Writer(rng, departments, [t[0] for t in TOWNSHIPS])
    counts = task_counts(n_tasks, rng)
    per_section = layout(len(counts))
    sections: list[tuple[str, list[Clause]]] = []
    all_clauses: list[Clause] = []
    counts_iter = iter(counts)
    for s, n_clauses in enumerate(per_section, start=1):
        heading = f"{SECTION_FIRST[(s - 1) % len(SECTION_FIRST)]}，{SECTION_SECOND[(s * 7) % len(SECTION_SECOND)]}"
        clauses = []
        for c in range(1, n_clauses + 1):
            clause_heading, tasks = writer.clause_tasks(next(counts_iter))
            quote, line, role, named, open_list, reporting = writer.responsibility(first=(s, c) == (1, 1))
            for n, task in enumerate(tasks, start=1):
                task.id = f"{s}.{c}.{n}"
            clause = Clause(f"{s}.{c}", clause_heading, quote, line, role, named, open_list, tasks, reporting)
            clauses.append(clause)
        all_clauses += clauses
        sections.append((heading, clauses))
    named_anywhere = {u for clause in all_clauses for u in clause.units}
    for unit in units:
        if unit.kind == "department":
            unit.in_notice = unit.id in named_anywhere
    files = progress_files(rng, all_clauses, {u.id: u for u in units}, n_entries)

    out.mkdir(parents=True, exist_ok=True)
    (out / "notice.txt").write_text(notice_text(sections), encoding="utf-8")
    (out / "tasks.yaml").write_text(tasks_yaml(sections), encoding="utf-8")
    (out / "departments.yaml").write_text(departments_yaml(units), encoding="utf-8")
    (out / "progress").mkdir()
    (out / "progress" / ".gitkeep").write_text("", encoding="utf-8")
    (out / ".gitattributes").write_text("# 进度文件只追加：合并时保留双方新增的行\nprogress/*.yaml merge=union\n", encoding="utf-8")
    (out / ".gitignore").write_text("progress/*.lock\n", encoding="utf-8")
    for unit_id, lines in files.items():
        (out / "progress" / f"{unit_id}.yaml").write_text("".join(lines), encoding="utf-8")
    return {"tasks": n_tasks, "clauses": len(all_clauses), "sections": len(sections), "units": len(units), "entries": n_entries}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a valid anquan workspace of a given size, for benchmarks.")
    parser.add_argument("--tasks", type=int, required=True, metavar="N", help="number of tasks")
    parser.add_argument("--units", type=int, required=True, metavar="M", help=f"number of units in departments.yaml (at least {MIN_UNITS})")
    parser.add_argument("--progress", type=int, required=True, metavar="K", help="number of progress entries")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1): the same arguments give the same bytes")
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="a new or empty directory")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    made = generate(args.out, args.tasks, args.units, args.progress, args.seed)
    elapsed = time.perf_counter() - started
    print(
        f"{args.out}: {made['tasks']} tasks in {made['sections']} sections and {made['clauses']} clauses, "
        f"{made['units']} units, {made['entries']} progress entries ({elapsed:.1f} s)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
