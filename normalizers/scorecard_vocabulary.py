"""The Chinese vocabulary of performance scorecards (绩效自评表 / 绩效目标表), as data.

normalizers/scorecards.py matches grids, labels, columns and printed values against these names and
never spells Chinese itself. Labels are compared with all whitespace removed.
"""

from __future__ import annotations

import re

# --- scorecard kinds, by title words (first match wins) -----------------------------------------

PROJECT_SELF_EVALUATION = "project_self_evaluation"
DEPARTMENT_SELF_EVALUATION = "department_self_evaluation"
PERFORMANCE_TARGET = "performance_target"

TITLE_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (DEPARTMENT_SELF_EVALUATION, ("部门整体支出绩效自评", "部门整体绩效自评", "整体支出绩效自评")),
    (PERFORMANCE_TARGET, ("绩效目标表", "绩效目标申报表")),
    (PROJECT_SELF_EVALUATION, ("绩效自评表", "绩效评价表")),
)
# A line above a grid is a scorecard title when it holds one of these and ends in 表.
TITLE_WORDS = ("绩效自评", "绩效目标", "绩效评价")
TITLE_ENDING = re.compile(r"表(?:[（(][^）)]*[）)])?$")
# A line with this is a sentence, not the first half of a wrapped title.
SENTENCE_STOP = "。"
# Without a 项目名称 label the title names the project: "知创大厦…建设费用项目绩效目标表".
TITLE_PROJECT_SUFFIX = re.compile(r"(?:项目)?(?:支出)?绩效(?:目标|自评|评价)表(?:[（(][^）)]*[）)])?$")
# A printed year line under the title: "（2023 年度）" -> 2023.
YEAR_LINE = re.compile(r"((?:19|20)\d{2})年度")

# --- labels of the header block ------------------------------------------------------------------

PROJECT_NAME_LABELS = (
    "项目名称",
    "专项名称",
    "项目名称（资金使用单位）",
    "专项（项目）名称",
    "专项(项目)名称",
    "转移支付名称",  # 专项转移支付绩效目标表 (Beijing 预算14表)
)
DEPARTMENT_NAME_LABELS = ("部门（单位）名称", "部门(单位)名称", "部门名称", "单位名称")
COMPETENT_DEPARTMENT_LABELS = ("主管部门", "市级主管部门")
# A department-wide scorecard (部门整体支出绩效目标表): its project_name is the department's name, from
# the 部门名称 label in the grid or the "单位名称：XX局" line above it.
DEPARTMENT_TITLE_WORDS = ("部门整体", "整体支出", "整体绩效", "整体预算")
DEPARTMENT_NAME_LINE = re.compile(r"(?:部门（单位）名称|部门\(单位\)名称|部门名称|单位名称)[:：]\s*(\S+)")
IMPLEMENTING_UNIT_LABELS = ("实施单位",)

# --- funds block -----------------------------------------------------------------------------------

# The cell that labels the funds block on its left ("项目资金（万元）", "专项资金情况（万元）").
FUNDS_BLOCK_WORDS = ("资金",)
# Funds line labels (after "其中：" and circled numbers are removed), by canonical line.
FUNDS_LINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "total",
        (
            "年度资金总额",
            "资金总额",
            "实施期资金总额",
            "金额合计",
            "合计",
            "总额",
            "资金总额合计",
            "年度预算资金总额",  # 政策和项目预算绩效目标表 (Yantai)
            "项目总额",  # the project-block grid's funds column (Beijing 预算12表)
            "预算支出总额",  # 部门整体支出绩效目标表 (Beijing 预算13表)
            "当年预算",  # 市级重点专项资金绩效目标表 (Chongqing)
            "年度金额",  # 专项转移支付绩效目标表 (Beijing 预算14表)
        ),
    ),
    (
        "fiscal_appropriation",
        ("当年财政拨款", "财政拨款", "财政资金小计", "财政拨款资金", "财政资金", "当年财政拨款预算金额"),
    ),
    ("carryover", ("上年结转资金", "上年结转", "结转资金")),
    ("other", ("其他资金", "其他资金小计")),
)
FUNDS_LINE_PREFIXES = re.compile(r"^(?:其中[:：]?|[①②③④⑤⑥⑦⑧⑨⑩]|\d+[.、])")
FUNDS_LINE_SUFFIXES = re.compile(r"[:：]$")

# Funds columns by header words, checked in this order (a header may hold several words).
FUNDS_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("budget_initial", ("年初预算数", "年初数预算", "年初部门预算", "年初预算")),
    ("execution_rate", ("执行率", "实现率")),
    ("budget_full_year", ("全年预算数", "全年预算", "小计③", "调整后预算")),
    ("executed", ("全年执行数", "全年执行", "拨付金额", "执行数")),
    ("weight", ("分值",)),
    ("score", ("得分",)),
    # 部门整体绩效自评表 (Fujian): 年中调整金额② | … | 本年度结余金额⑥=③-④ | 资金结余率(%)⑦=⑥/③. Last,
    # so that a header naming an earlier role keeps it; 结余率 before 结余金额.
    ("budget_adjustment", ("年中调整",)),
    ("balance_rate", ("结余率",)),
    ("balance", ("结余金额",)),
)
# Sub-columns of a department scorecard's funds header (全年预算数 / 总额 | 财政拨款 | 其他资金).
FUNDS_SUBCOLUMN_LINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("总额",)),
    ("fiscal_appropriation", ("财政拨款",)),
    ("other", ("其他资金",)),
)
# The column header of a department scorecard's 年度主要任务 rows (任务名称 | 主要内容 | … | amounts):
# each row is a task's budget and execution.
FUNDS_TASK_HEADER = "任务名称"
# A funds line printed beside the same line of another block: the annual block ("年度资金总额") holds the
# scorecard's lines, the implementation-period one ("实施期资金总额") is kept under its own label.
FUNDS_ANNUAL_WORD = "年度"
# A total split by sub-columns: "财政拨款 / 合计" is the fiscal appropriation line itself.
FUNDS_SPLIT_TOTAL = "total"
# Without a canonical line, an amount is a funds figure only when its label or column header names money.
FUNDS_MONEY_WORDS = ("资金", "预算", "金额", "拨款", "支出", "补助", "万元")
# An amount printed with its unit ("337770.89万元"): the unit printed in the cell scales it.
AMOUNT_WITH_UNIT = re.compile(r"^(?P<number>.+?)(?P<unit>千元|万元|元)$")
FUNDS_UNIT = re.compile(r"[（(](千元|万元|元)[）)]")
# Cells whose printed unit is the funds unit ("项目资金（万元）", "全年预算数（万元）").
FUNDS_UNIT_CELL_WORDS = ("资金", "预算", "金额")
UNIT_LINE = re.compile(r"单位[:：]\s*(千元|万元|元)")
DEFAULT_FUNDS_UNIT = "万元"

# --- goals -----------------------------------------------------------------------------------------

GOAL_PLANNED_LABELS = ("预期目标", "预期目标（年初设定）", "预期目标(年初设定)")
# A single goal label with the goal text to its right (绩效目标表: "年度目标 | 通过聘请法律顾问…").
GOAL_PLANNED_SINGLE_LABELS = (
    "年度目标",
    "年度总体目标",
    "绩效目标",
    "总体目标",
    "项目实施期目标",
    "整体绩效目标",
    "总体绩效目标",
    "当年绩效目标",
)
GOAL_ACTUAL_LABELS = ("实际完成情况", "目标实际完成情况")
# The block label on the left of the goal rows ("年度总体目标", "年度总体目标完成情况").
GOAL_BLOCK_WORDS = ("总体目标",)

# --- indicators ------------------------------------------------------------------------------------

# Indicator columns by header words (compared after removing whitespace), checked in this order.
INDICATOR_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("level3", ("三级指标", "指标内容", "指标名称")),
    ("reason", ("偏差原因",)),
    ("actual", ("实际完成值", "实际完成情况", "完成值")),
    # 指标性质 (≥ ≤ ＝ 定性) and 度量单位 / 计量单位 printed in columns of their own beside 指标值.
    ("op", ("指标性质",)),
    ("unit", ("度量单位", "计量单位")),
    # The implementation-period value beside 年度指标值: the target only when no annual column is printed.
    ("target_period", ("实施周期指标值", "实施期指标值")),
    ("target", ("年度指标值", "指标值", "目标值")),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
)
# An indicator name numbered by the card ("指标2：作业次数", "3、…", "(1)…").
INDICATOR_NUMBER = re.compile(r"^(指标\s*\d+|\d+\s*[、.．：:]|[（(]\d+[)）])")
# A blank form's unfilled cells print only these ("......" under 三级指标).
PLACEHOLDER_MARKS = ".…·。、 "
# The level columns' own header words: never a row's level label.
LEVEL_HEADER_WORDS = frozenset(
    word for role, words in INDICATOR_COLUMNS if role in ("level1", "level2", "level3") for word in words
)
# Stray punctuation inside a column header ("计量。单位"), removed before its words are matched.
HEADER_NOISE = str.maketrans("", "", "。")
# The row that carries the indicator column headers has one of these.
INDICATOR_HEADER_WORDS = ("一级指标",)
# ... or, without level columns, an indicator name column and a value column (指标名称 | … | 指标值),
# or one column packing all three levels ("产出指标数量指标财政评审项目数量", headed 绩效指标).
PACKED_INDICATOR_HEADERS = ("绩效指标",)
LEVEL1_NAMES = ("产出指标", "效益指标", "成本指标", "满意度指标")
# Level labels end so ("产出指标", "社会效益指标"); one that does not is a fragment ("效" at a page foot).
LEVEL_LABEL_SUFFIX = "指标"
PACKED_LEVEL2 = re.compile(r"^(.{1,12}?指标)")
# Signs of the 指标性质 column; 定性 marks a qualitative value.
OP_COLUMN_SIGNS: tuple[tuple[str, str], ...] = (
    ("≥", ">="),
    ("≧", ">="),
    (">=", ">="),
    ("≤", "<="),
    ("≦", "<="),
    ("<=", "<="),
    ("＞", ">"),
    (">", ">"),
    ("＜", "<"),
    ("<", "<"),
    ("＝", "="),
    ("=", "="),
)
QUALITATIVE_OP = "定性"
# A level-1 label may carry its weight: "产出指标（50分）".
LEVEL1_WEIGHT = re.compile(r"^(?P<label>.*?指标)[（(]?(?P<weight>\d+(?:\.\d+)?)分?[）)]?$")
# The closing row of the grid.
TOTAL_LABELS = ("总分", "合计", "总计", "总分值")
TOTAL_PREFIX = "总分"

# Labels of a scorecard's header block: beside indicator columns they make a grid a scorecard even
# without a title or a readable name label.
CARD_BLOCK_LABELS = frozenset(
    PROJECT_NAME_LABELS
    + DEPARTMENT_NAME_LABELS
    + COMPETENT_DEPARTMENT_LABELS
    + IMPLEMENTING_UNIT_LABELS
    + GOAL_PLANNED_LABELS
    + GOAL_PLANNED_SINGLE_LABELS
    + GOAL_ACTUAL_LABELS
    + GOAL_BLOCK_WORDS
)

# --- the project-block grid of 项目支出绩效目标表 (one merged block of rows per project) ------------

# The header row names the project column (and the funds, goal and indicator columns) instead of
# labelling one project: "项目名称 | 项目总额 | 其中：财政资金 | … | 绩效目标 | 一级指标 | …".
BLOCK_PROJECT_HEADER = "项目名称"
BLOCK_GOAL_HEADERS = ("绩效目标", "当年绩效目标", "年度绩效目标", "年度目标")

# --- the list form of 项目支出绩效目标表 (one project per row, indicators packed in text) ----------

LIST_PROJECT_HEADER = "项目名称"
# A project list's first column may be headed just 项目; 指标 heads an indicator column.
LIST_PROJECT_HEADER_WORD = "项目"
INDICATOR_WORD = "指标"
LIST_GOAL_HEADER = "绩效目标"
LIST_INDICATOR_HEADER = "绩效指标"
LIST_FUNDS_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("总计", "合计")),
    ("fiscal_appropriation", ("财政拨款",)),
    ("other", ("其他资金",)),
)
LIST_SKIPPED_ROWS = ("合计", "总计")
# "项目名称（资金使用单位）": the list names each unit on a row of its own above its projects.
LIST_UNIT_HEADER_WORD = "单位"
# A packed indicator: its number, the level-1 and level-2 names with their codes, its name, the
# period's and the year's target, in either punctuation:
#   "1、1-产出指标；11-数量指标；会议活动保障次数；实施周期指标值:每年≥20场；年度指标值:每年≥20场。"
#   "1.1－产出指标，11－数量指标，聘用人员数量；实施周期指标值：≦19人，年度指标值：≦19人；"
# An item starts at its number ("1、", "2.") where a level-1 code follows ("1－产出指标"), after the
# previous item's end (or the empty target label an item may end with).
LIST_INDICATOR_ITEM = re.compile(r"(?:^|(?<=[。；;，,：:]))\s*\d+\s*[、.．]\s*(?=\d+\s*[-－—])")
LIST_HEAD_SEPARATOR = re.compile(r"[，,；;]")  # between the two levels and the name
LIST_CODE_PREFIX = re.compile(r"^\d+\s*[-－—]\s*")
LIST_TARGET_LABEL = re.compile(r"[，,；;。]?\s*(实施周期指标值|年度指标值)\s*[:：]")
LIST_ANNUAL_TARGET = "年度指标值"
LIST_ITEM_END = "。；;，, "

# --- printed values --------------------------------------------------------------------------------

# Comparison words and signs at the start of a value, longest first; "range" is decided by a dash.
VALUE_OPERATORS: tuple[tuple[str, str], ...] = (
    ("大于等于", ">="),
    ("小于等于", "<="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("不高于", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("不超过", "<="),
    ("至少", ">="),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("多于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("等于", "="),
    (">=", ">="),
    ("<=", "<="),
    ("≥", ">="),
    ("≧", ">="),
    ("≤", "<="),
    ("≦", "<="),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
)
# Words after the number that make it a bound: "95%以上" -> >= 95.
VALUE_SUFFIX_OPERATORS: tuple[tuple[str, str], ...] = (
    ("及以上", ">="),
    ("以上", ">="),
    ("及以下", "<="),
    ("以下", "<="),
)
# Full-width and look-alike signs folded before parsing.
VALUE_FOLD = str.maketrans(
    {
        "＞": ">",
        "＜": "<",
        "＝": "=",
        "％": "%",
        "．": ".",
        "，": ",",
        "－": "-",
        "—": "-",
        "～": "-",
        "~": "-",
    }
)
# A unit is a short run of unit characters after the number ("人", "万元", "元/人", "%", "个月"); any other
# word ("2022年完成") makes the value text.
VALUE_UNIT = re.compile(
    r"^[%‰/A-Za-z㎡人次元万亿千百个月日天年周季小时分钟秒件套台辆所家条份期场项批床张册本篇户间座处名位吨公里米平方立微克"
    r"美亩例颗支盒只种类门组栋楼层架艘株棵头匹起宗笔部字页站副则工作每]{1,8}$"
)
# What may follow a unit and is not part of it: a sentence's end ("10个。") and a note in brackets
# ("≥60000（条）" is the unit in brackets; "12个（场）", "95%（扣除停电…）" a unit and its note).
VALUE_UNIT_END = "。.；;，,"
VALUE_UNIT_NOTE = re.compile(r"^(.*?)[（(][^（()）]*[）)]$")
# A value printed after its measure's name, "满意度≥95%", "提出建议污染源数≥20家": the name is set
# apart by a comparison, and holds no digits. A name with one of these words makes the number a count
# per period ("每年≥20场", "每季度不少于1次") or a change ("较上年降低≥5%"), which value and unit would
# not say: such values stay text.
VALUE_NAME_QUALIFIERS = ("每", "增长", "增加", "提高", "提升", "降低", "下降", "减", "同比", "环比", "较")
# A rate's name printed before its value without a comparison, "完成率100%", "满意度95%": the value is
# the rate (a name of any other kind, "同比增长5%", "正常运行100%", says more than the number).
VALUE_RATE_LABEL = re.compile(r"^\D{1,12}[率度]$")
# A date written with dots or dashes ("2022.12", "2023-06-30") is text, not a number.
DATE_LIKE = re.compile(r"^(?:19|20)\d{2}[./-]\d{1,2}(?:[./-]\d{1,2})?$")
# Cells that print a dash or similar instead of a value.
PLACEHOLDERS = frozenset({"—", "-", "--", "——", "－", "/", "－－", "-—", "— —"})
# Scores are sometimes written with their unit: "98.00 分".
SCORE_UNIT = "分"
PERCENT = "%"
