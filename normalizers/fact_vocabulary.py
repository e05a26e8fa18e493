"""The words of the narrative ("情况说明") as data: what each stated figure is called.

A stated figure is read as <label><filler><number><unit>: the label is matched against the text just
before the number (the longest label the text ends with wins, so 本年财政拨款收入 beats 财政拨款收入),
after removing filler words (为, 是, 支出 …) and period words (年初预算数 → budget, 全年预算数 →
adjusted_budget, 决算数 → current).
Logic lives in normalizers.facts; this module only lists words.
"""

from __future__ import annotations

import re

# --- fact names and the labels that name them ------------------------------------------------------
# fact -> labels (quotes removed, ASCII brackets turned full-width, as the text is normalised).
FACT_LABELS: dict[str, tuple[str, ...]] = {
    # 收入支出决算总体情况
    "income_total": ("收入总计",),
    "expenditure_total": ("支出总计",),
    "income_expenditure_total": ("收入支出总计", "收入支出总体", "收支总计", "收入支出决算总计"),
    # budgets: "占本年收入预算…%", "占本年支出预算18.24%" (支出预算 alone is the budget's total)
    "income_current_year": ("本年收入合计", "本年收入", "本年收入预算"),
    "non_fiscal_balance_used": ("使用非财政拨款结余", "使用非财政拨款结余（含专用结余）"),
    # budgets: "包括本年收入86,999.14万元，上年结转结余0万元"
    "carryover_begin": ("年初结转和结余", "上年结转结余", "上年结转和结余"),
    "expenditure_current_year": ("本年支出合计", "本年支出", "本年支出预算"),
    "surplus_distribution": ("结余分配",),
    "carryover_end": ("年末结转和结余", "年终结转结余"),  # budgets: "2．年终结转结余为0万元"
    # 收入决算 parts
    # "一般公共预算拨款收入", "政府性基金预算收入": a fund's appropriation (the fund word gives the fact
    # its fund; "本部门预算收入" is the whole department's, so no bare 预算收入)
    "fiscal_appropriation_income": (
        "财政拨款收入",
        "本年财政拨款收入",
        "拨款收入",
        "一般公共预算收入",
        "政府性基金预算收入",
        "国有资本经营预算收入",
    ),
    # budgets: funds the finance bureau's special account holds for the unit (教育收费 …)
    "special_account_income": ("财政专户管理资金收入", "财政专户管理资金"),
    "superior_subsidy_income": ("上级补助收入",),
    "business_income": ("事业收入",),
    "operating_income": ("经营收入",),
    "affiliated_remittance_income": ("附属单位上缴收入",),
    "other_income": ("其他收入",),
    # budgets: every income but the 财政拨款, as one figure ("（二）本年其他资金收入2938.74万元", Beijing;
    # "2．其他资金收入预算总计14.39万元" and "其他资金14.39万元，占0.06%", Jiangsu)
    "other_funds_income": ("其他资金收入", "本年其他资金收入", "其他资金收入预算总计", "其他资金"),
    # 支出决算 parts
    "basic_expenditure": ("基本支出",),
    "project_expenditure": ("项目支出",),
    "remittance_to_superior": ("上缴上级支出",),
    "operating_expenditure": ("经营支出",),
    "subsidy_to_affiliates": ("对附属单位补助支出",),
    # budgets (Jiangsu): spending held back for the year's unforeseen needs, beside 基本支出 and 项目支出
    "contingency_reserve": ("单位预留机动经费", "预留机动经费"),
    # 财政拨款收入支出决算总体情况
    "fiscal_appropriation_total": (
        "财政拨款收入支出总计",
        "财政拨款收入支出总体",
        "财政拨款收支总计",
        # budgets: "2017年度财政拨款收、支总预算20702.25万元" (Jiangsu), "财政拨款收支总预算"
        "财政拨款收支总预算",
    ),
    "fiscal_appropriation_income_total": ("财政拨款收入总计",),
    "fiscal_appropriation_expenditure_total": ("财政拨款支出总计",),
    "fiscal_appropriation_carryover_begin": ("年初财政拨款结转和结余",),
    "fiscal_appropriation_carryover_end": ("年末财政拨款结转和结余",),
    "fiscal_appropriation_expenditure": ("本年财政拨款支出",),
    # budgets: "财政拨款支出预算9628.22万元", "政府性基金拨款支出预算0万元" (the longest label wins, so
    # these keep the fund-specific figures away from 支出预算 = expenditure_total)
    "fiscal_appropriation_income_budget": ("财政拨款收入预算",),
    "fiscal_appropriation_expenditure_budget": ("财政拨款支出预算", "财政拨款预算支出"),
    "general_budget_expenditure_budget": (
        "一般公共预算拨款支出预算",
        "一般公共预算支出预算",
        "一般公共预算财政拨款支出预算",
    ),
    "government_fund_expenditure_budget": (
        "政府性基金拨款支出预算",
        "政府性基金预算拨款支出预算",
        "政府性基金预算支出预算",
    ),
    # "2026年度政府性基金预算支出75.00万元": the fund's spending, as general_budget_expenditure the
    # general budget's
    "government_fund_expenditure": (
        "政府性基金预算财政拨款支出",
        "政府性基金预算拨款支出",
        "政府性基金预算支出",
        "政府性基金拨款支出",
        "政府性基金预算当年拨款",
    ),
    "state_capital_expenditure": (
        "国有资本经营预算财政拨款支出",
        "国有资本经营预算拨款支出",
        "国有资本经营预算支出",
        "国有资本经营拨款支出",
        "国有资本经营预算当年拨款",
    ),
    "state_capital_expenditure_budget": (
        "国有资本经营预算拨款支出预算",
        "国有资本经营拨款支出预算",
        "国有资本经营预算支出预算",
    ),
    # 一般公共预算财政拨款
    "general_budget_expenditure": (
        "一般公共预算财政拨款支出",
        "一般公共预算拨款支出",
        "一般公共财政拨款支出",
        "一般公共预算支出",
        # Hangzhou, under "（五）一般公共预算当年拨款情况说明（详见表5）": "2026年一般公共预算当年拨款
        # 91,842.80万元，比上年执行数增加…" (the year's appropriation, all of it spent in a budget)
        "一般公共预算当年拨款",
    ),
    "general_budget_basic": ("一般公共预算财政拨款基本支出",),
    # Hangzhou, under "一般公共预算基本支出…，其中：": "人员支出58,486.35万元，主要包括：…", "日常公用支出…"
    "personnel_expenditure": ("人员经费", "人员支出"),
    "public_expenditure": ("公用经费", "日常公用支出"),
    # "三公" (quotes are removed before matching)
    "three_public_total": ("三公经费支出", "财政拨款三公经费支出", "三公经费财政拨款支出", "三公经费"),
    "three_public_overseas": ("因公出国（境）费", "因公出国（境）费用", "因公出国（境）经费"),
    "three_public_vehicle": (
        "公务用车购置及运行维护费",
        "公务用车购置及运行费",
        "公务用车购置和运行维护费",
        "公务用车购置和运行费",
    ),
    "three_public_vehicle_purchase": ("公务用车购置费", "公务用车购置"),  # "公务用车购置预算支出…"
    "three_public_vehicle_operation": ("公务用车运行维护费", "公务用车运行费"),
    "three_public_reception": ("公务接待费",),
    "vehicles_purchased": ("公务用车购置数",),
    "vehicle_fleet": ("公务用车保有量",),
    # 其他重要事项
    # budgets state each as the year's 预算 ("一般公共预算机关运行经费预算支出205.97万元", "政府采购预算
    # 总额7286.05万元，其中：政府采购货物预算…", "政府采购支出预算总额…，其中：拟采购货物支出…")
    # Beijing: "…机关运行经费财政拨款预算1698.15万元" (预算 the period word)
    "office_operation": (
        "机关运行经费",
        "机关运行经费预算",
        "机关运行经费财政拨款",
        "财政拨款运行经费",  # Chongqing, under "（一）机关运行经费。": "一般公共预算财政拨款运行经费…万元"
    ),
    "procurement_total": (
        "政府采购支出总额",
        "政府采购金额",
        "政府采购支出",
        "政府采购总额",
        "政府采购预算",
        "政府采购预算总额",
        "政府采购支出预算总额",
        "政府采购预算总金额",  # Jiangsu 2017: "我部门政府采购预算总金额为3742.4万元"
        "政府采购",  # Guangzhou: "本部门政府采购安排349.59万元" (安排 a filler)
    ),
    "procurement_goods": (
        "政府采购货物支出",
        "货物采购金额",
        "货物采购支出",
        "政府采购货物预算",
        "拟采购货物支出",
        # Jiangsu: "其中拟购买货物496.20万元；拟购买服务1278.50万元", "拟购买服务支出2,828.24万元"
        "拟购买货物",
        "拟购买货物支出",
        "政府采购货物类",  # Xi'an: "政府采购货物类预算448.08万元" (预算 the period word)
        "货物类采购",  # Guangzhou: "其中：货物类采购预算115.69万元"
    ),
    "procurement_works": (
        "政府采购工程支出",
        "工程采购金额",
        "工程采购支出",
        "政府采购工程预算",
        "拟采购工程支出",
        "拟购买工程",
        "拟购买工程支出",
        "政府采购工程类",
        "工程类采购",
    ),
    "procurement_services": (
        "政府采购服务支出",
        "服务采购金额",
        "服务采购支出",
        "政府采购服务预算",
        "拟采购服务支出",
        "拟购买服务",
        "拟购买服务支出",
        "政府采购服务类",
        "服务类采购",
    ),
    # 会议费 and 培训费, which budgets state beside the 三公 ("…一般公共预算拨款安排的会议费预算支出…")
    "meeting_expenses": ("会议费", "会议费预算"),
    "training_expenses": ("培训费", "培训费预算"),
    "procurement_sme": ("授予中小企业合同金额", "面向中小企业预留政府采购项目预算金额"),
    "procurement_small_micro": ("授予小微企业合同金额", "面向小微企业预留政府采购项目预算金额"),
    "fixed_assets": ("固定资产原值", "固定资产总额", "固定资产"),  # Guangzhou: "固定资产金额4,220.75万元"
    # 委托业务费: "一般公共预算安排委托业务费302.4万元" (Guangzhou), "委托业务费财政拨款预算为…" (Jiangsu),
    # "委托业务费预算总额…" (Fuzhou, Quanzhou), "委托业务费涉及财拨资金…" (Chongqing)
    "entrusted_services": (
        "委托业务费",
        "委托业务费财政拨款",
        "委托业务费预算总额",
        "委托业务费财政拨款预算总额",
        "委托业务费涉及财拨资金",
        "委托业务费涉及财政拨款资金",
    ),
    "building_area": ("房屋",),
    "vehicles": ("车辆", "共有车辆", "固定资产车辆"),
    "large_equipment": ("以上设备（不含车辆）", "以上设备"),
    # 预算绩效
    "performance_overall": ("整体支出绩效自评表",),
    "performance_projects": ("预算绩效评价项目", "绩效评价项目"),
    # 机构设置及人员情况
    "staff_total": ("实有人数",),
    "staff_active": ("在职人员",),
    "staff_retired_cadre": ("离休人员",),
    "staff_retired": ("退休人员",),
    "internal_units": ("下设",),
}

# A label after one of these words names another scope's figure, which no fact holds: "财政拨款
# 基本支出预算12,889.17万元" is the 财政拨款 share of the 基本支出 (12,947.96万元 in the 支出总表), not the
# department's (Jiangsu, Suzhou budgets). Longer labels that hold the words (一般公共预算财政拨款基本
# 支出) are their own facts.
SCOPED_ELSEWHERE = {"basic_expenditure": ("财政拨款",), "project_expenditure": ("财政拨款",)}
# Labels sorted longest first, each with its fact: the first one a text ends with is the longest.
LABELS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        ((label, fact) for fact, labels in FACT_LABELS.items() for label in labels), key=lambda p: -len(p[0])
    )
)

# A money figure stated right after a counted thing ("房屋595.25平方米，价值112.76万元") is that thing's value.
VALUE_WORD = "价值"
AMOUNT_OF: dict[str, str] = {
    "building_area": "building_value",
    "vehicles": "vehicles_value",
    "performance_overall": "performance_overall_amount",
    "performance_projects": "performance_projects_amount",
}
# Facts that count things (辆, 台（套）, 人, 个, 平方米): a money figure is never one of them, nor is a
# count ever one of the money facts ("涉及预算项目支出13个" is no 项目支出; "购置公务用车5辆，预算136.48万元").
COUNTED_FACTS = frozenset(
    {
        "vehicles",
        "vehicles_by_use",
        "vehicles_purchased",
        "vehicles_purchased_by_use",
        "vehicle_fleet",
        "large_equipment",
        "large_equipment_purchased",
        "building_area",
        "performance_overall",
        "performance_projects",
        "staff_total",
        "staff_active",
        "staff_retired_cadre",
        "staff_retired",
        "internal_units",
    }
)
# Vehicles and equipment a sentence says are bought ("2026年单位预算安排购置车辆2辆，其中：执法执勤用车
# 2辆…；…购置单价100万元（含）以上设备0台（套）") are purchases, not what the agency holds — unless a
# holding word comes after the purchase word ("…购置费…。截至年底共有车辆16辆").
PURCHASE_WORD = "购置"
HOLDING_WORDS = ("共有", "保有", "截至", "截止", "现有")
PURCHASED: dict[str, str] = {
    "fixed_assets": "fixed_assets_purchased",  # "本年度拟购置固定资产19.3万元"
    "vehicles": "vehicles_purchased",
    "vehicles_by_use": "vehicles_purchased_by_use",
    "large_equipment": "large_equipment_purchased",
}
# Every fund's spending by use, listed after these words ("2.按支出用途分类，包括人员支出58,486.35万元，
# 占59.0%；日常公用支出12,237.94万元，占12.3%；项目支出…", Hangzhou): the 支出预算表's 基本支出 columns, not
# the general budget's that the same words name elsewhere.
BY_USE_LIST = "按支出用途分类"
BY_USE: dict[str, str] = {
    "personnel_expenditure": "expenditure_personnel",
    "public_expenditure": "expenditure_public",
}
# Vehicles are counted by use: any label ending so ("执法执勤用车0辆") is one use, the label its subject.
VEHICLE_USE_SUFFIX = "用车"
VEHICLE_UNIT = "辆"
VEHICLES_WORD = "车辆"  # a label ending in 车辆 counts all vehicles, not one use
VEHICLES_BY_USE = "vehicles_by_use"

# Figures of a sentence about another fund ("政府性基金预算财政拨款年初结转和结余…") are that fund's, not
# the whole department's: these facts get the fund as a prefix (and have no table counterpart here).
FUND_WORDS = (("政府性基金", "government_fund"), ("国有资本经营", "state_capital"))
# A bare 支出决算 speaks of the subject's final figure ("三公经费年初预算…，支出决算…"), but a balance
# has none: in "年初结转和结余…，收入决算…，支出决算…" it is the year's spending, no balance's figure.
SPENDING_PERIOD_WORDS = frozenset({"支出决算数", "支出决算"})
BALANCE_FACT_ENDINGS = ("carryover_begin", "carryover_end")
# Parts of spending stated in a sentence about the general budget ("一般公共预算财政拨款支出X万元，其中：
# 基本支出Y万元") are the general budget's parts, not the whole 支出决算表's.
GENERAL_BUDGET_FUND = "general_budget"
GENERAL_BUDGET_PARTS = {
    "basic_expenditure": "general_budget_basic",
    "project_expenditure": "general_budget_project",
    # "一般公共预算财政拨款收入X万元": the general budget's share of the 财政拨款 income
    "fiscal_appropriation_income": "general_budget_income",
}
# A sentence opening with 其中 lists the parts of the figure the sentence before it stated: when that
# was the general budget's spending, its 基本支出 / 项目支出 are the general budget's.
PARTS_OPENING = "其中"
GENERAL_BUDGET_WHOLES = frozenset({"general_budget_expenditure", "general_budget_expenditure_budget"})
FUND_SCOPED_FACTS = frozenset(
    {
        "carryover_begin",
        "carryover_end",
        "income_current_year",
        "expenditure_current_year",
        "fiscal_appropriation_income",
        "fiscal_appropriation_total",
        "fiscal_appropriation_carryover_begin",
        "fiscal_appropriation_carryover_end",
        "fiscal_appropriation_expenditure",
    }
)

# --- periods -------------------------------------------------------------------------------------
CURRENT, PREVIOUS, BUDGET = "current", "previous", "budget"
# Final accounts may state both the budget set at the start of the year (年初预算) and the budget as
# adjusted during it (全年预算 / 调整预算): two figures ("年初预算为0万元，全年预算为321.02万元"), as
# the line items' measures budget and adjusted_budget.
ADJUSTED_BUDGET = "adjusted_budget"
BUDGET_PERIODS = frozenset({BUDGET, ADJUSTED_BUDGET})
# Words right before a number that say which figure of the subject it is (longest first).
PERIOD_WORDS: tuple[tuple[str, str], ...] = (
    ("全年预算总额", ADJUSTED_BUDGET),
    ("年初预算数", BUDGET),
    ("全年预算数", ADJUSTED_BUDGET),
    ("调整预算数", ADJUSTED_BUDGET),
    ("年初预算", BUDGET),
    ("全年预算", ADJUSTED_BUDGET),
    ("预算数", BUDGET),
    ("预算", BUDGET),  # "2026年预算安排1.00万元" (安排 a filler)
    ("实际执行总额", CURRENT),
    ("全年执行数", CURRENT),
    ("支出决算数", CURRENT),
    ("支出决算", CURRENT),
    ("决算数", CURRENT),
    ("执行数", CURRENT),
    ("决算", CURRENT),
    ("上年决算数", PREVIOUS),
    ("上年数", PREVIOUS),
)

# A period word's stem that is only the year ("2026年预算数14.85万元"): the figure is the subject's,
# named by the heading or sentence before it ("（一）因公出国（境）费用。2026年预算数14.85万元").
YEAR_ONLY = re.compile(r"^(?:20\d{2}|19\d{2})年度?$")
# A heading or a sentence that is only a label names the subject of the figures after it; its
# enumerator and closing mark are not part of the label.
LABEL_ONLY_END = "。：:；;"

# --- the shape of a stated figure -----------------------------------------------------------------
NUMBER = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
UNITS = (
    "万元",
    "亿元",
    "千元",
    "元",
    "%",
    "％",
    "人次",
    "人",
    "辆",
    "个",
    "平方米",
    "台（套）",
    "台",
    "套",
    "批次",
)
FIGURE = re.compile(NUMBER + r"\s*(" + "|".join(re.escape(u) for u in UNITS) + ")")
MONEY_UNITS = frozenset({"万元", "亿元", "千元", "元"})
PERCENT_UNITS = frozenset({"%", "％"})
UNIT_YUAN = {"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}

# A threshold is no stated value: "单位价值100万元以上的设备", "100万元（含）以上设备", "超过50万元的项目".
# Words right after the figure (an optional "（含）" between) or right before it that make it one.
THRESHOLD_AFTER = re.compile(r"^\s*(?:（含）|\(含\))?\s*(?:及)?(?:以上|以下|以内|及以上|及以下)")
THRESHOLD_BEFORE = ("超过", "不足", "不超过", "不少于", "不低于")
# A sentence about another body than the reporting agency ("关停企业在职人员1376人", "下属单位…"):
# its figures are not the agency's. Joined to the agency ("本部门及下属单位") they are.
OTHER_ENTITY = re.compile(
    r"(?<![及和与、])(?:关停|关闭|破产|改制|脱钩|注销)企业|(?<![及和与、])下属(?:单位|企业)"
)
# A fund's part of the carry-over ("上年结转结余的一般公共预算收入0万元"): no fact has it, and it is
# not the fund's income of the year.
CARRYOVER_PART = re.compile(r"^(?:其中)?(?:上年|年初)?结转(?:和|及)?结余(?:资金)?的")
# Facts a sentence lists as parts of another whole, not the agency's own figures: after a whole
# (pattern, searched in the sentence before the figure), these facts are not read.
PARTS_OF_ANOTHER: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    # an economic class named with its code: "商品和服务支出（302）4464.76万元，其中：公用经费621.37万元"
    (re.compile(r"[（(](?:30|31|50|51)\d[)）]"), frozenset({"personnel_expenditure", "public_expenditure"})),
    # 机关运行经费's parts: "机关运行经费预算总计82万元，其中：办公经费…，公务接待费2万元…公务用车运行维护费12万元"
    (
        re.compile(r"机关运行经费[^。；;]*其中"),
        frozenset(
            {
                "three_public_reception",
                "three_public_vehicle_operation",
                "three_public_vehicle",
                "meeting_expenses",
                "training_expenses",
                "entrusted_services",
            }
        ),
    ),
    # the general budget's share of the procurement, after the whole's: "政府采购预算总额6,143.52万元：
    # 政府采购货物预算…；其中一般公共预算拨款政府采购2,521.44万元：政府采购货物预算2,020.44万元…"
    (
        re.compile(r"一般公共预算(?:拨款|财政拨款)?政府采购"),
        frozenset({"procurement_total", "procurement_goods", "procurement_works", "procurement_services"}),
    ),
)

# What separates one stated figure's words from the previous one's.
CLAUSE_BREAK = re.compile(r"[，,；;：:。、]")
SENTENCE_END = re.compile(r"。")
# Filler between a label and its number, removed (repeatedly) from the end of the label text.
FILLER_SUFFIXES = ("为", "是", "共计", "共", "达", "合计金额", "金额", "支出", "均为", "的", "安排", "资金")
# Endings where a filler word is meant: "事业收入支出226.50万元" is spending paid from 事业收入, not
# that income.
NOT_FILLER: dict[str, tuple[str, ...]] = {"支出": ("收入支出",)}
TRAILING_NOTE = re.compile(r"（[^（）]*）$")
# Budgets state their totals as "<agency / year>收入预算 X 万元": generic words that name the total only
# when what precedes them is the agency, the year or punctuation — not a qualifier ("三公经费支出预算",
# "基本支出预算", "政府采购支出预算总额" are other figures).
BUDGET_TOTAL_LABELS: tuple[tuple[str, str], ...] = (
    # the fiscal-appropriation totals first: they end with the generic words
    ("财政拨款收入预算总计", "fiscal_appropriation_income_total"),
    ("财政拨款收入预算总额", "fiscal_appropriation_income_total"),
    ("财政拨款支出预算总计", "fiscal_appropriation_expenditure_total"),
    ("财政拨款支出预算总额", "fiscal_appropriation_expenditure_total"),
    ("收入预算总计", "income_total"),
    ("收入预算总额", "income_total"),
    ("收入预算合计", "income_total"),  # Suzhou: "…2026年收入预算合计64,090.74万元，包括本年收入…"
    ("收入预算", "income_total"),
    ("支出预算总计", "expenditure_total"),
    ("支出预算总额", "expenditure_total"),
    ("支出预算合计", "expenditure_total"),
    ("支出预算", "expenditure_total"),
    # the words the other way round: "2022年本部门预算收入58124.29万元 … 本部门预算收入较上年增加…"
    ("预算收入", "income_total"),
    ("预算支出", "expenditure_total"),
)
# A bare total after the paragraph has named the fiscal-appropriation one ("财政拨款收入预算总计 X 万元，
# …。支出预算总计 X 万元"): the same scope's other total.
SCOPED_TOTALS: dict[tuple[str, str], str] = {
    ("fiscal_appropriation_income_total", "expenditure_total"): "fiscal_appropriation_expenditure_total",
    ("fiscal_appropriation_expenditure_total", "income_total"): "fiscal_appropriation_income_total",
}
BUDGET_TOTAL_MAY_FOLLOW = frozenset("年度局会室心院队部门位处站所排）)，,、：:")

# A character of a name (what a change's words name, beside brackets and punctuation).
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
LEADING_WORDS = re.compile(r"^(其中|包括|主要是|分别是|分别为)")

# Year-on-year change: "比上年（决算）增加 X 万元，增长 Y%", "与上年相比，减少…，下降…".
INCREASE_WORDS = ("净增加", "增加", "增长", "上升", "提高", "增幅")
DECREASE_WORDS = ("净减少", "减少", "下降", "降低", "降幅")  # "与上年相比减少134万元，降幅6.6%"
# "与上年持平", "较上年无变化", "较上年无增减": no change. Said after a stated change ("增加0.12万元，与上年
# 基本持平") it is a judgement of that change, which stands.
FLAT_WORDS = ("持平", "无变化", "无增减", "未发生变化")
# A comparison with the year before's figure: "与上年预算数", "比2025年年初预算数", "较上年".
COMPARED_WITH_YEAR_BEFORE = r"(?:与|比|较)(?:上年|去年|上一年|\d{4}年)度?(?:年初)?(?:预算数?|决算数?|执行数)?"
# The same as the year before's figure ("与上年预算数相同", Wuxi; "与上年预算数相等", Jiangsu): no change.
# (Only with the year named: "决算数与预算数相等" compares the budget.)
SAME_AS_YEAR_BEFORE = re.compile(COMPARED_WITH_YEAR_BEFORE + r"(?:相同|相等|一致)$")
# The aspect particle a change word may take before its figure ("与上年相比减少了1237.7万元").
COMPLETED_CHANGE = "了"
COMPARISON_SUFFIX = re.compile(
    r"(与|比|较)(上年度?|上一年度?|\d{4}年度?)(决算数?|同期)?(相比|比较)?$|与(上年|\d{4}年度?)(决算数?)?相比$"
)
COMPARISON_ONLY = re.compile(r"^(与|比|较)")
# The year before's figure, named by the comparison before the change ("收入预算9626.78万元，比2025年
# 年初预算数9819.98万元减少193.20万元", "较2025年预算198.27万元增加3.6万元"): the `previous` figure of
# the fact just stated.
PREVIOUS_FIGURE = re.compile(
    "^" + COMPARED_WITH_YEAR_BEFORE + r"(?:为|的)?$"
    r"|^（?去年(?:预算数?|决算数?)(?:为|是)?$"  # "增加50,000万元（去年预算数为0万元，无法计算增减比率）"
    # in the next sentence, before the rate: "…行政运行（项）1434.89万元。…2025年当年预算执行数为1690.69万元，
    # 2026年预算安排1434.89万元，比2025年预算执行数减少…%" (Shanghai district budgets)
    r"|^(?:上年|\d{4}年度?)当年预算执行数(?:为|是)?$"
)
# A change word before a fact's name ("较上年增加了培训费0.20万元"): the last change word, the name
# after it (group 2). No fact label holds a change word.
CHANGE_BEFORE_NAME = re.compile(
    r"^.*(" + "|".join(INCREASE_WORDS + DECREASE_WORDS) + r")" + COMPLETED_CHANGE + r"?(.+)$"
)
SHARE_PREFIX = re.compile(r"^占(.*?)的?$")
# Brackets after QUOTES has made them full-width. A percentage in brackets right after a change is
# that change's rate ("较上年减少0.03万元（0.5%）"); a list of parts in brackets after a figure is its.
BRACKET_OPEN, BRACKET_CLOSE = "（", "）"
# A budget variance rate, right before its figure: "预决算差异率 3.17%", "差异率为-6.50%" (a final below
# its budget prints the rate with a minus sign, group 1).
VARIANCE_RATE = re.compile(r"差异率(?:为|是)?\s*([-－−])?\s*$")

# The reason: "主要原因是：…", "决算数小于预算数的主要原因：…".
# A reason given in a sentence that speaks of the budget explains the budget-vs-final difference.
BUDGET_WORD = "预算"
FINAL_WORD = "决算"
GENERAL_BUDGET_WORD = "一般公共预算"
# The general budget as sentences name it ("2022 年本部门一般公共财政拨款支出 1899.9 万元，其中基本支出…").
GENERAL_BUDGET_NAMES = (GENERAL_BUDGET_WORD, "一般公共财政")
# A change of the general budget named bare ("2022年一般公共预算较上年增加406.39万元") is its spending's.
GENERAL_BUDGET_SPENDING = "general_budget_expenditure"
# A bare 原因 needs its verb ("较上年增加55.15万元，原因是新增军转干部"), or it is no start.
REASON_START = re.compile(
    r"(?:的)?主要原因(?:是|为|在于)?\s*[:：，,]?\s*|(?:的)?原因(?:是|为|在于)\s*[:：]?\s*"
)
# What a reason does not end with: the sentence's stop, or the separator before the next item of a
# list the sentence splitter broke at ("…支出减少；" before "（5）…").
REASON_END = "。；;，,"
# Budget-vs-final words ("决算数小于预算数"): what the sentence claims about the two figures.
RELATION_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"决算数?(大于|高于|超过)(年初)?预算数?"), "above"),
    (re.compile(r"决算数?(小于|低于|少于)(年初)?预算数?"), "below"),
    (re.compile(r"决算数?(等于|与(年初)?预算数?相等|与(年初)?预算数?一致)(年初)?(预算数?)?"), "equal"),
    (re.compile(r"决算数?与(年初)?预算数?基本持平"), "about_equal"),
    (re.compile(r"决算数?与(年初)?预算数?持平"), "equal"),
    (re.compile(r"预决算无差异"), "equal"),
)

# 一般公共预算 items named by class / 款 / 项: "社会保障和就业支出（类）…（款）…（项）".
# A name may hold its own brackets ("中医（民族）医院"), never （类）/（款）/（项）.
FUNCTION_NAME = r"((?:[^，。；：（）]|（(?![类款项]）)[^（）]{1,10}）)+?)"
# Every FUNCTION_ITEM match holds this mark: text without it is not searched (the lazy name
# pattern tries every start of the text, for every clause of the narrative).
FUNCTION_CLASS_MARK = "（类）"
FUNCTION_ITEM = re.compile(
    FUNCTION_NAME
    + re.escape(FUNCTION_CLASS_MARK)
    + r"(?:"
    + FUNCTION_NAME
    + r"（款）)?(?:"
    + FUNCTION_NAME
    + r"（项）)?"
)
# Templates that leave out the 类 name the 款 and 项 ("住房改革支出（款）购房补贴（项）支出343.52万元")
# or the 项 alone; each pattern is searched only in text holding its mark. A path from the 款 has
# no 类 name (None in its place), one of the 项 alone neither 类 nor 款.
FUNCTION_GROUP_MARK, FUNCTION_ITEM_MARK = "（款）", "（项）"
FUNCTION_MARKS = (FUNCTION_CLASS_MARK, FUNCTION_GROUP_MARK, FUNCTION_ITEM_MARK)
# A 类/款/项 name may hold list marks ("公诉、审判、侦查、执行等检察监督支出（项）1,895万元"): its clause
# is cut at the other breaks only.
NAME_CLAUSE_BREAK = re.compile(r"[，,；;：:。]")
# Shanghai budgets name each 科目 of the 财政拨款's spending in quotes, by its 类 or by its path from
# the 类 joined with dashes ("1.“社会保障和就业支出”科目710万元", "1.“一般公共服务支出-政府办公厅（室）及
# 相关机构事务-行政运行”科目1,202.95万元"); the quotes are dropped before a sentence is read.
SUBJECT_ACCOUNT = re.compile(r"^([^，。；：]+?支出(?:-[^，。；：-]+){0,2})科目$")
FUNCTION_PATH_SEPARATOR = "-"
FUNCTION_PATH_FROM_GROUP = re.compile(FUNCTION_NAME + r"（款）(?:" + FUNCTION_NAME + r"（项）)?")
FUNCTION_PATH_ITEM_ONLY = re.compile(FUNCTION_NAME + r"（项）")
# Others print the item's code beside its name: after it in brackets ("（8）事业单位医疗（2101102）
# 173.88万元") or before it ("（四）2080505-机关事业单位基本养老保险缴费支出101.94万元"). Function
# codes are 3, 5 or 7 digits from 2 (201 … 2299999); economic ones begin with 3 or 5 (302, 50501).
FUNCTION_CODE = r"(2\d{2}(?:\d{2}){0,2})"
FUNCTION_CODE_AFTER_NAME = re.compile(r"[\u4e00-\u9fff）][（(]" + FUNCTION_CODE + r"[)）](?:支出)?(?:为)?$")
FUNCTION_CODE_BEFORE_NAME = re.compile(r"^" + FUNCTION_CODE + r"\s*[-－—]\s*[\u4e00-\u9fff]")
FUNCTION_LEVEL_OF_DIGITS = {3: 1, 5: 2, 7: 3}
# Economic classes are named with their code after the name, in lists of the general budget's
# spending by economic class ("其中：工资福利支出（301）9963.32万元，较上年减少…", "机关资本性支出（一）
# （503）1428.4万元", Xi'an): 部门预算支出经济分类 codes 301…399, 政府预算支出经济分类 codes 501…599;
# a 类 has 3 digits, a 款 5.
ECONOMIC_CODE_AFTER_NAME = re.compile(r"[\u4e00-\u9fff）][（(]([35]\d{2}(?:\d{2})?)[)）](?:支出)?(?:为)?$")
ECONOMIC_FACTS_BY_DIGITS = {3: "general_budget_economic_class", 5: "general_budget_economic_item"}
# The classification's names end in 支出 ("一般公共服务支出"); the narrative often drops it.
FUNCTION_NAME_SUFFIX = "支出"
FUNCTION_FACTS = {1: "general_budget_class", 2: "general_budget_group", 3: "general_budget_item"}
# The spending of every fund by 类, listed after these words with each 类 named alone ("（二）支出预算：
# 2026年年初预算数…。按支出功能分类，包括一般公共服务支出5,183万元，教育支出7.09万元…", Chongqing; "1.按
# 支出功能分类，包括…", Hangzhou): the 支出预算表's rows, whose names give the codes.
BY_FUNCTION_LIST = "按支出功能分类"
# A table's total row, which names no 类.
TOTAL_ROW = "合计"
EXPENDITURE_CLASS = "expenditure_class"
# What such a list breaks down: the year's spending total (fact, subject, period).
SPENDING_TOTAL_KEY = ("expenditure_total", None, "current")
# Items of another fund's spending are that fund's: a section headed "三、政府性基金预算拨款支出情况"
# lists its 项 ("（一）2296002-用于社会福利的彩票公益金支出75.00万元"), or the item's own sentence names
# the fund ("国有资本经营预算支出（类）…").
OTHER_FUNDS = ("government_fund", "state_capital")
# A paragraph leading into a list of the 财政拨款's spending ("财政拨款支出主要内容如下：", Shanghai) makes
# the 类/款/项 after it, up to the next heading, the 财政拨款's: every fund's appropriation together.
FISCAL_SPENDING_LEAD_IN = re.compile(r"^财政拨款支出[^。]*[：:]$")
FISCAL_APPROPRIATION_FUND = "fiscal_appropriation"
# "（二）支出预算总计17996.68万元。包括：1．公共安全（类）支出13656.34万元…" (Jiangsu budgets): the 类/款/项
# listed after the total, up to the next heading, are every fund's spending (the 支出预算表's rows), not
# the general budget's; a 类 may be named alone there ("2．社会保障和就业支出1608.51万元").
SPENDING_TOTAL_LEAD_IN = re.compile(r"支出预算总计[^。]*。\s*包括[：:]")
EVERY_FUND = "every_fund"
FUND_FUNCTION_FACTS: dict[str, dict[str, str]] = {
    EVERY_FUND: {
        "general_budget_class": "expenditure_class",
        "general_budget_group": "expenditure_group",
        "general_budget_item": "expenditure_item",
    },
    FISCAL_APPROPRIATION_FUND: {
        "general_budget_class": "fiscal_appropriation_class",
        "general_budget_group": "fiscal_appropriation_group",
        "general_budget_item": "fiscal_appropriation_item",
    },
    "government_fund": {
        "general_budget_class": "government_fund_class",
        "general_budget_group": "government_fund_group",
        "general_budget_item": "government_fund_item",
    },
    "state_capital": {
        "general_budget_class": "state_capital_class",
        "general_budget_group": "state_capital_group",
        "general_budget_item": "state_capital_item",
    },
}
ITEM_ENUMERATION = re.compile(
    r"^\s*(?:\d+\s*[、.．]|（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+、)\s*"
)

# Performance-target coverage: how many projects have 绩效目标 and the money they involve
# ("编报绩效目标的项目共16个，涉及项目预算资金13,415.00万元", Shanghai; "涉及预算项目9个，预算资金29636万元",
# Yantai; "本部门共32个项目纳入绩效目标管理，涉及财政性资金合计57,195万元", Suzhou; "共计31个一级项目，
# 涉及资金28,506.17万元", Hangzhou; a final account's "编报绩效目标的2024年度项目1个，涉及预算金额175.52万元").
# Read in sentences naming 绩效目标; the amount is the next clause's.
PERFORMANCE_TARGET_WORD = "绩效目标"
PERFORMANCE_TARGET_PROJECTS = re.compile(
    r"项目(?:支出)?(?:共计?)?(\d+)\s*个|共计?(\d+)\s*个(?:一级)?(?:预算)?项目"
)
PERFORMANCE_TARGET_AMOUNT = re.compile(
    r"^[^，,。；;\d]*[，,]\s*(?:涉及)?[^，,。；;\d]{0,12}(?:资金|金额)(?:合计)?(?:为)?\s*(\d[\d,]*(?:\.\d+)?)\s*万元"
)
# Every project under 绩效目标, no count stated: "2026年项目支出均实行了绩效目标管理，涉及一般公共预算财政拨款
# 148,941.8万元" (Chongqing): the amount alone.
ALL_PROJECTS_UNDER_TARGETS = re.compile(
    r"项目支出(?:均|全部)?实行了?绩效目标管理[，,]\s*涉及[^，,。；;\d]{0,16}?(\d[\d,]*(?:\.\d+)?)\s*万元"
)
PERFORMANCE_TARGET_FACTS = ("performance_target_projects", "performance_target_amount")
# The 财政拨款 part of the money such a sentence states, right after it ("…预算资金2043.17万元，其中财政
# 拨款2035.67万元", Yantai).
FISCAL_PART = re.compile(r"^[，,]\s*其中[：:]?\s*财政拨款(?:资金)?(?:为)?\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
PERFORMANCE_TARGET_FISCAL_FACT = "performance_target_fiscal_amount"
# Projects a budget plans to evaluate in depth, and the money they involve ("拟对信访业务工作经费等1个项目
# 开展部门重点绩效评价，涉及预算资金75万元，其中财政拨款75万元", Yantai; the count left out where one project
# is named: "拟对市级重大科技创新平台项目开展…").
KEY_EVALUATION_WORD = "重点绩效评价"
KEY_EVALUATION = re.compile(
    r"拟对[^。；;]*?(?:(\d+)\s*个项目)?开展[^。；;，,]*重点绩效评价[，,]\s*涉及[^，,。；;\d]{0,12}?"
    r"(\d[\d,]*(?:\.\d+)?)\s*万元"
)
KEY_EVALUATION_FACTS = ("key_evaluation_projects", "key_evaluation_amount", "key_evaluation_fiscal_amount")
PROJECT_COUNT_UNIT, PERFORMANCE_TARGET_AMOUNT_UNIT = "个", "万元"

# --- paragraphs ----------------------------------------------------------------------------------
HEADING_START = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\s*[、.．](?!\d))"
)
PAGE_NUMBER_LINE = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")
# Pairs written with a list mark between them that name one figure: "财政拨款收、支总预算" is the
# 收支 total, not a list of 收 and 支总预算 (the 、 would end the label's clause).
JOINED_PAIRS = (("收、支", "收支"),)
# Level marks holding the level's own digits of the code ("公共安全支出（204类）司法（06款）行政运行（01项）
# 1434.89万元", Shanghai district budgets): a path from the 类 is read with bare marks and the code its
# digits make printed after it ("…行政运行（项）（2040601）"), which names the item even where the 类
# was renamed since ("医疗卫生与计划生育支出（210类）…", 卫生健康支出 in the table); any other coded mark
# is read bare, its names giving the item.
CODED_PATH = re.compile(r"（(2\d{2})类）(?:([^，。；：]*?)（(\d{2})款）(?:([^，。；：]*?)（(\d{2})项）)?)?")
CODED_LEVEL_MARK = re.compile(r"（\d{1,3}([类款项])）")
# Labels listed before one figure they share ("2022年度收入总计、支出总计均为2,480,372.7万元，与上年相比收入
# 总计、支出总计均增加789,183.4万元", Xi'an final accounts): each label states that figure, read as if
# written out one by one; a comparison right before the list stays before it.
JOINT_FIGURE = re.compile(
    r"(?P<compared>(?:与|比|较)(?:上年度?|上一年度?|\d{4}年度?)(?:决算数?|同期)?(?:相比|比较)?)?"
    r"(?P<names>[^，。；：、,;:]+(?:、[^，。；：、,;:]+)+)均(?P<verb>为|是|增加|减少|增长|下降)?"
    r"(?P<figure>" + NUMBER + r"\s*(?:万元|亿元|千元|元))"
)
QUOTES = str.maketrans({"“": None, "”": None, '"': None, "‘": None, "’": None, "(": "（", ")": "）"})

# --- document-level consistency ------------------------------------------------------------------
# Part headings that name the agency and year: "第二部分 上海市普陀区财政局2024年度部门决算表".
PART_HEADING = re.compile(
    r"^第[一二三四五六七八九十]+部分\s*(.+?)\s*(20\d{2})\s*年度?\s*(部门|单位)?(决算|预算)"
)
AGENCY_LABEL_LINE = re.compile(r"(?:编制|填报)(?:单位|部门)\s*[:：]\s*(\S{2,40}?)(?=单位[:：]|\s|$)")
SENTENCE_AGENCY_YEAR = re.compile(r"^(\S{2,40}?)(20\d{2})\s*年度")
AS_OF_DATE = re.compile(r"截[至止]\s*(20\d{2})\s*年\s*12\s*月\s*31\s*日")
PREVIOUS_YEAR_MENTION = re.compile(r"(?:与|比|较)\s*(20\d{2})\s*年度?(?:相比)?")
PLACEHOLDER_NAME = re.compile(
    r"(?:X{2,}|Ｘ{2,}|×{2,}|x{2,}|某某)(?:局|委|办|中心|部门|单位|厅|院|所|会|站|处)"
)

# A standard table that is absent but whose emptiness the narrative explains ("…决算表为空表",
# "无政府性基金预算财政拨款收入和支出").
ABSENCE_EXPLAINED: dict[str, tuple[str, ...]] = {
    "government_fund": ("无政府性基金", "政府性基金预算财政拨款收入支出决算表为空表"),
    "state_capital": ("无国有资本经营", "国有资本经营预算财政拨款收入支出决算表为空表"),
    "three_public": ("无“三公”经费", "无三公经费", "“三公”经费支出决算表为空表"),
}
TABLE_NAMES_ZH: dict[str, str] = {
    "income_expenditure_summary": "收入支出决算总表",
    "income": "收入决算表",
    "expenditure": "支出决算表",
    "fiscal_appropriation_summary": "财政拨款收入支出决算总表",
    "general_budget_expenditure": "一般公共预算财政拨款支出决算表",
    "general_budget_basic_expenditure": "一般公共预算财政拨款基本支出决算表",
    "three_public": "财政拨款“三公”经费支出决算表",
    "government_fund": "政府性基金预算财政拨款收入支出决算表",
    "state_capital": "国有资本经营预算财政拨款收入支出决算表",
}
