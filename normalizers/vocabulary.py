"""The Chinese vocabulary of disclosure documents, as data.

Everything the normalizers match against lives here: table titles, column headers, units,
enumeration prefixes, look-alike glyphs, the standard tables' names. Logic modules import these
names and never spell Chinese themselves. The words that tell a document's kind, scope, agency and
year are in normalizers.document_vocabulary; narrative, check and scorecard words in their own.
"""

from __future__ import annotations

import re

from disclosure.normalizers.kinds import TableKind

# --- table kinds -------------------------------------------------------------------------------

TABLE_KINDS = tuple(kind.value for kind in TableKind)  # the nine standard tables, in order
UNCLASSIFIED = "unclassified"
TWO_SIDED_KINDS = frozenset({"income_expenditure_summary", "fiscal_appropriation_summary"})

# The other tables budgets and final accounts print, by title words, first match wins. Their rows
# become line items too (with these kinds), so their amounts are placed; the standard checks do
# not apply to them. Performance targets and self-evaluations are left to the scorecard reader.
SCORECARD_TITLE_WORDS = ("绩效目标", "绩效自评", "绩效评价")
OTHER_TABLE_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("government_procurement", ("政府采购",)),
    ("purchased_services", ("购买服务",)),
    ("running_costs", ("机关运行经费",)),
    ("transfer_payments", ("转移支付",)),
    ("special_operations_expenditure", ("专项业务经费", "专项资金")),
    ("project_expenditure", ("项目支出", "项目预算", "项目明细")),
    ("carryover", ("上年结转", "结转资金", "结转结余")),
    ("asset_allocation", ("资产配置", "资产购置")),
    ("basic_expenditure_detail", ("基本支出",)),
    ("economic_classification", ("经济分类", "经济科目")),
    ("expenditure_detail", ("支出明细", "支出表", "支出情况表", "支出预算表", "支出决算表")),
    ("income_detail", ("收入明细", "收入表", "收入情况表")),
    ("training_and_meetings", ("培训费", "会议费")),
)
# A list-form 绩效目标表 (项目名称 | funds columns | 绩效目标 | 绩效指标): kind by its header, not its title.
PERFORMANCE_TARGET_LIST = "performance_target_list"
# A table comparing years, one row per year and a change row, the items its columns (年度 | 总收入支出
# | 专项业务费 | 基本支出 over rows 2021, 2022, 变化): kind by its header and first column, as it is
# printed in the narrative without a title of its own.
YEAR_COMPARISON = "year_comparison"
YEAR_COLUMN_HEADERS = frozenset({"年度", "年份"})
YEAR_ROW_LABEL = re.compile(r"^(\d{4})年?度?$")
CHANGE_ROW_LABELS = frozenset({"变化", "增减", "增减额", "增减变化", "增减变化情况", "比上年增减", "变动"})
OTHER_KINDS = frozenset([*(kind for kind, _ in OTHER_TABLE_KINDS), PERFORMANCE_TARGET_LIST, YEAR_COMPARISON])

# What a title says the table leaves out ("…明细表（按支出经济分类科目-不含上年结转）", Xi'an): its words
# name no kind, and without this the table would be a carry-over one.
EXCLUDED_PART = re.compile(r"[-－—]?(不含|不包含|不包括)[^）)]*")

# A title that mentions one of these is some other table (project lists, procurement, targets...).
NON_STANDARD_TITLE_WORDS = (
    "项目支出预算表",
    "项目支出表",
    "项目支出情况表",
    "项目支出绩效",
    "绩效目标",
    "绩效自评",
    "政府采购",
    "专项业务经费",
    "专项资金",
    "上年结转资金",
    "结转资金支出表",
    "培训费明细",
    "目录",
    "购买服务",
    "资产配置",
    "转移支付",
)
# 机关运行经费 tables are not standard unless they also carry the 三公 figures.
RUNNING_COSTS_WORD = "机关运行经费"

# (kind, pattern) in priority order: the first pattern that matches a title decides its kind.
TITLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("three_public", re.compile(r"三公")),
    ("government_fund", re.compile(r"政府性基金")),
    ("state_capital", re.compile(r"国有资本经营")),
    (
        "general_budget_basic_expenditure",
        re.compile(r"(一般公共预算|公共财政).*基本支出(?!.*功能)|^(?!.*财政拨款).*基本支出.*经济分类"),
    ),
    (
        "general_budget_expenditure",
        re.compile(r"(一般公共预算|公共财政)(?!.*(经济分类|经济科目|项目支出|基本支出)).*支出"),
    ),
    ("fiscal_appropriation_summary", re.compile(r"财政拨款收(入)?(支出|支).*(总表|总体情况表)")),
    ("income_expenditure_summary", re.compile(r"收(入)?(支出|支).*(总表|总体情况表)|收支预算表")),
    ("income", re.compile(r"收入(决算|预算|预算总|总|总体情况)表")),
    ("expenditure", re.compile(r"支出(决算|预算|预算总|总|总体情况)表")),
)
# Words that make a title some narrower table than the all-funds income / expenditure tables.
NARROWER_TABLE_WORDS = ("财政拨款", "一般公共预算", "基本支出", "项目支出", "经济", "明细", "功能")
BROAD_KINDS = frozenset({"income", "expenditure", "income_expenditure_summary"})

# A line is a title candidate only if it ends like a table title.
TITLE_WORD = "表"  # in every TITLE_LINE match: a text without it need not be searched
TITLE_LINE = re.compile(TITLE_WORD + r"\s*(（[^）]*）|\([^)]*\))?\s*$")
TABLE_NUMBER_PREFIX = re.compile(
    # "表八一般公共预算…": the numeral stops before the 一 of 一般
    r"^\s*(公开\s*\d+\s*表|表\s*(\d+|[一二三四五六七八九十]+(?!般))(-\d+)?\s*[:：]?|[一二三四五六七八九十]+\s*[、.．])\s*"
)
YEAR_PREFIX = re.compile(r"^\s*(\d{4})\s*年度?\s*")

# --- units -------------------------------------------------------------------------------------

UNIT_LABEL = re.compile(r"(?:金额)?单位\s*[:：]?\s*(万元|千元|元)")
UNIT_ALONE = re.compile(r"(?:^|\s)(万元|千元|元)\s*$")
UNIT_SCALE = {"元": 1, "千元": 1000, "万元": 10000}
# A figure the text states with its unit ("支出1,899.90万元").
STATED_AMOUNT = re.compile(r"(\d[\d,，]*(?:\.\d+)?)(万元|千元|元)")

# --- columns -----------------------------------------------------------------------------------

LINE_NUMBER_LABELS = ("行次", "栏次", "序号")
# Placeholders printed in the label cells of a row of column numbers ("** | ** | 1 | 2 | 3").
NUMBERING_FILLERS = frozenset({"*", "**", "***", "—", "--"})
# Heads a column of serial numbers (1, 2, 3 … one per row), never a row of column numbers.
SERIAL_NUMBER_LABELS = frozenset({"序号"})
CODE_LEAF_LABELS = frozenset({"类", "款", "项"})
CODE_LABEL_WORDS = ("编码", "代码", "科目编号")
# Headers of columns that name the reporting unit or department of a row (单位代码 113001, 单位名称):
# an organisation, not a classification code or item.
ORGANISATION_CODE_WORDS = ("单位代码", "部门代码", "单位编码", "部门编码", "单位编号", "部门编号")
ORGANISATION_NAME_WORDS = ("单位名称", "部门名称", "部门（单位）名称")
NAME_LEAF_LABELS = frozenset(
    {
        "项目",
        "项目名称",
        "科目名称",
        "科目",
        "功能分类科目名称",
        "经济分类科目名称",
        "单位名称",
        "收入项目",
        "支出项目",
        *YEAR_COLUMN_HEADERS,  # a year-comparison table's rows are named by their year
    }
)

# Header label -> measure. Matched against the leaf header label (whitespace removed), exact first,
# then by containment in this order.
MEASURE_EXACT: dict[str, str] = {
    "决算数": "final",
    "决算": "final",
    "本年决算数": "final",
    "预算数": "budget",
    "年初预算数": "budget",
    "预算": "budget",
    "本年预算": "budget",
    "调整预算数": "adjusted_budget",
    "全年预算数": "adjusted_budget",
    "全年预算": "adjusted_budget",
    "合计": "total",
    "小计": "total",
    "总计": "total",
    "本年收入合计": "total",
    "本年支出合计": "total",
    "收入合计": "total",
    "支出合计": "total",
    "财政拨款收入": "fiscal_appropriation",
    "财政拨款": "fiscal_appropriation",
    "上级补助收入": "superior_subsidy",
    "事业收入": "business_income",
    "经营收入": "operating_income",
    "事业单位经营收入": "operating_income",
    "附属单位上缴收入": "affiliated_remittance",
    "其他收入": "other_income",
    "基本支出": "basic",
    "项目支出": "project",
    "上缴上级支出": "remittance_to_superior",
    "经营支出": "operating_expenditure",
    "事业单位经营支出": "operating_expenditure",
    "对附属单位补助支出": "subsidy_to_affiliates",
    "人员经费": "personnel",
    "人员支出": "personnel",
    "日常公用支出": "public",
    "单位预留机动经费": "contingency_reserve",
    "专项业务经费": "special_operations",
    "专项业务经费支出": "special_operations",
    "人员经费支出": "personnel",
    "公用经费": "public",
    "公用经费支出": "public",
    "一般公共预算财政拨款": "general_budget",
    "一般公共预算": "general_budget",
    "一般公共预算拨款": "general_budget",
    "一般公共预算拨款收入": "general_budget",
    "政府性基金预算财政拨款": "government_fund",
    "政府性基金预算": "government_fund",
    "政府性基金预算拨款": "government_fund",
    "政府性基金": "government_fund",
    "国有资本经营预算财政拨款": "state_capital",
    "国有资本经营预算": "state_capital",
    "国有资本经营预算拨款": "state_capital",
    "年初结转和结余": "carryover_begin",
    "上年结转": "carryover_begin",
    "上年结转结余": "carryover_begin",
    "本年收入": "income",
    "本年支出": "expenditure",
    "年末结转和结余": "carryover_end",
    "财政专户管理资金": "fiscal_special_account",
    "财政专户管理资金收入": "fiscal_special_account",
    "用事业基金弥补收支差额": "business_fund_offset",
    "结余分配": "surplus_distribution",
    "其他资金": "other_funds",
    # Not money: how many (procurement quantities, staff, vehicles); amount stays null.
    "数量": "quantity",
    "采购数量": "quantity",
    "单价": "unit_price",
}
# Measures that count things rather than money: their line items keep amount_raw, amount null.
NON_MONEY_MEASURES = frozenset({"quantity"})
MEASURE_CONTAINS: tuple[tuple[str, str], ...] = (
    ("决算", "final"),
    ("调整预算", "adjusted_budget"),
    ("全年预算", "adjusted_budget"),
    ("年初结转", "carryover_begin"),
    ("年末结转", "carryover_end"),
    ("上年结转", "carryover_begin"),
    # 上年实户资金余额: the balance left in the unit's own (real) account, brought forward
    ("实户资金余额", "account_balance_begin"),
    ("人员经费", "personnel"),
    ("人员支出", "personnel"),
    ("预留机动", "contingency_reserve"),
    ("公用经费", "public"),
    ("机关运行经费", "running_costs"),
    ("一般公共预算", "general_budget"),
    ("政府性基金", "government_fund"),
    ("国有资本经营", "state_capital"),
    ("财政专户", "fiscal_special_account"),
    ("上级补助", "superior_subsidy"),
    ("附属单位上缴", "affiliated_remittance"),
    ("对附属单位补助", "subsidy_to_affiliates"),
    ("上缴上级", "remittance_to_superior"),
    ("经营支出", "operating_expenditure"),
    ("经营收入", "operating_income"),
    ("事业收入", "business_income"),
    ("其他收入", "other_income"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("财政拨款", "fiscal_appropriation"),
    ("合计", "total"),
    ("小计", "total"),
    ("预算", "budget"),
    ("数量", "quantity"),
)
# Fund sources a column may name besides its measure (line_items.fund).
FUND_WORDS: tuple[tuple[str, str], ...] = (
    ("一般公共预算", "general_budget"),
    ("公共财政", "general_budget"),
    ("政府性基金", "government_fund"),
    ("国有资本经营", "state_capital"),
    ("财政专户", "fiscal_special_account"),
)
SUBTOTAL_LABELS = frozenset({"小计", "合计"})
# Amount headers that only say "amount": their measure is the document's own (final or budget).
GENERIC_AMOUNT_LABELS = frozenset({"金额", "数额", "本年数", "本年金额"})
# Words that make any header an amount of the document's own measure when nothing more specific
# is named ("项目金额", "预算金额（万元）").
GENERIC_AMOUNT_WORDS = ("金额", "数额", "资金")
# A header ending in one of these names an expense line ("培训费", "因公出国（境）费", "其他支出"):
# the column holds its amounts, even when every printed figure is a bare integer like a code.
EXPENSE_HEADER_ENDINGS = ("费", "支出")
# Header labels that head a group of columns even when drawn over only the first of them
# ("其中" over 事业单位经营支出 | 上缴上级支出 | …): never the first line of a wrapped label.
GROUP_LABELS = frozenset({"其中", "其中："})
# A label printed with a trailing colon ("合计：", "总计：") is the same label.
LABEL_COLONS = ":："
# Side groups of the two-sided summary tables.
SIDE_LABELS = {"收入": "income", "支出": "expenditure"}

# --- three_public ("三公") categories, as the truth files name them -----------------------------

THREE_PUBLIC_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("因公出国", "因公出国（境）费"),
    ("购置及运行", "公务用车购置及运行费"),
    ("车购置", "公务用车购置费"),
    ("车运行", "公务用车运行费"),
    # Under a 公务用车购置及运行费 group the leaves may say only 购置费 / 运行费.
    ("购置费", "公务用车购置费"),
    ("运行费", "公务用车运行费"),
    ("运行维护费", "公务用车运行费"),
    ("公务接待", "公务接待费"),
    ("合计", "合计"),
    ("总计", "合计"),
)

# Other columns printed beside the 三公 categories in the same table.
THREE_PUBLIC_COMPANIONS = ("会议费", "培训费", "机关运行经费", "行政经费")
THREE_PUBLIC_WORD = "三公"
# A column or row header that is a table's total ("合计" in one table, "总计" in another).
TOTAL_HEADERS = ("合计", "总计")
THREE_PUBLIC_GRAND_TOTAL = "三公经费及其他合计"  # the table's 合计 when 会议费, 培训费 … stand beside 三公
# What a 三公 column or row says about its figures: (word, measure), checked in this order.
# A 三公 block headed by a year: "2021年" (also "22002211年年", every glyph printed twice).
YEAR_LABEL = re.compile(r"(\d{4}|\d{8})年")
# Period words that name no particular year: a year heading ("2021年") decides before them.
GENERIC_PERIOD_WORDS = frozenset({"预算", "当年"})
THREE_PUBLIC_PERIODS: tuple[tuple[str, str], ...] = (
    ("决算", "final"),
    ("调整预算", "adjusted_budget"),
    ("全年预算", "adjusted_budget"),
    ("增减", "change"),
    ("上年", "previous_year"),
    ("预算", "budget"),
    ("当年", "budget"),
)
# Header cells inside a grid that name the agency or unit are not column labels.
HEADER_NOTE = re.compile(r"^(编制部门|编制单位|部门名称|单位名称|金额单位|部门|单位)\s*[:：]")

# --- row labels --------------------------------------------------------------------------------

ENUMERATION_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)][、.．]?|\d+[、.．](?!\d)|其中[:：])"
)
# Codes fused to names: "2120101-行政运行", "[30226]劳务费", "30104 其他社会保障缴费". The 类 is one
# of a national scheme's (收入 101–110, 功能 2xx, 部门经济 3xx, 政府经济 5xx): a number of another
# ("12333聘用人员经费", "12345政府公共服务热线运行经费": service hotlines) is part of the name.
FUSED_CODE = re.compile(r"^\[?((?:1[01]\d|[235]\d\d)(?:\s?\d{2}){0,2})\]?\s*[-－—、.．]?\s*(\D.*)$")
PLACEHOLDER_AMOUNTS = frozenset({"-", "--", "—", "——", "－", "/", "…", "*", "x", "X"})
TOTAL_ROW_LABELS = frozenset({"合计", "总计", "本年收入合计", "本年支出合计"})
# Words of a total row's label: a line item on an unlabelled row is expected only under these.
TOTAL_WORDS = ("总计", "合计")
# The name given to the one row of a table that prints no row labels at all: its total.
UNLABELLED_TOTAL_NAME = "合计"

# Look-alike CJK radical glyphs that some PDF generators emit instead of the normal characters.
RADICAL_GLYPHS = str.maketrans(
    {
        "⻔": "门",
        "⻋": "车",
        "⻓": "长",
        "⻅": "见",
        "⻜": "飞",
        "⻢": "马",
        "⻛": "风",
        "⻝": "食",
        "⻰": "龙",
        "⻥": "鱼",
        "⻉": "贝",
        "⻚": "页",
        "⻩": "黄",
        "⻄": "西",
        "⻮": "齿",
        "⻆": "角",
        "⻘": "青",
        "⻬": "齐",
        "⾦": "金",
        "⾏": "行",
        "⾼": "高",
        "⼈": "人",
        "⼊": "入",
        "⼯": "工",
        "⼤": "大",
        "⼩": "小",
        "⽀": "支",
        "⽂": "文",
        "⽅": "方",
        "⽇": "日",
        "⽉": "月",
        "⽔": "水",
        "⽣": "生",
        "⽤": "用",
        "⽬": "目",
        "⾝": "身",
        "⾯": "面",
        "⽹": "网",
        "⼀": "一",
        "⼆": "二",
        "⼗": "十",
        "⼴": "广",
        "⼒": "力",
        "⼝": "口",
        "⼟": "土",
        "⼠": "士",
        "⼦": "子",
        "⼼": "心",
        "⽓": "气",
        "⽕": "火",
        "⽥": "田",
        "⽩": "白",
        "⽯": "石",
        "⽰": "示",
        "⽶": "米",
        "⾃": "自",
        "⾄": "至",
        "⾔": "言",
        "⾛": "走",
        "⾜": "足",
        "⾞": "车",
        "⾨": "门",
        "⾸": "首",
    }
)

# --- completeness ------------------------------------------------------------------------------

# How the text names each standard table when it explains why the table is missing or empty.
STANDARD_TABLE_NAMES: dict[str, tuple[str, ...]] = {
    "income_expenditure_summary": ("收入支出决算总表", "收支总表", "收支预算总表", "收入支出预算总表"),
    "income": ("收入决算表", "收入预算表"),
    "expenditure": ("支出决算表", "支出预算表"),
    "fiscal_appropriation_summary": ("财政拨款收入支出", "财政拨款收支"),
    "general_budget_expenditure": ("一般公共预算财政拨款支出", "一般公共预算支出"),
    "general_budget_basic_expenditure": ("基本支出",),
    "three_public": ("三公",),
    "government_fund": ("政府性基金",),
    "state_capital": ("国有资本经营",),
}
# Words that, beside a table's name, say the document has nothing to print in it.
ABSENCE_WORDS = ("无", "没有", "未安排", "不涉及", "为空", "空表", "为0", "为零")

# Punctuation that ends a clause or a sentence: a line printing one is narrative, never a table
# row (a row's label prints none).
CLAUSE_PUNCTUATION = re.compile(r"[，；。]")
