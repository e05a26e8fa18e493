"""Row names and code groups the reconciliation checks (勾稽) look up, as data."""

from __future__ import annotations

TOTAL = "合计"
GRAND_TOTAL = "总计"
INCOME_SUBTOTAL = "本年收入合计"
EXPENDITURE_SUBTOTAL = "本年支出合计"
CARRYOVER_BEGIN = "年初结转和结余"
CARRYOVER_END = "年末结转和结余"
NON_FISCAL_BALANCE = "使用非财政拨款结余"
SURPLUS_DISTRIBUTION = "结余分配"
FA_CARRYOVER_BEGIN = "年初财政拨款结转和结余"
FA_CARRYOVER_END = "年末财政拨款结转和结余"
FISCAL_APPROPRIATION_WORD = "财政拨款"
OTHER_INCOME = "其他收入"
PERSONNEL_TOTAL = "人员经费合计"
PUBLIC_TOTAL = "公用经费合计"
# Economic classes that are 人员经费 (工资福利支出, 对个人和家庭的补助); the rest are 公用经费.
PERSONNEL_CLASSES = frozenset({"301", "303"})

# Row parts: a row's total column is the sum of these columns (by measure).
INCOME_PARTS = (
    "fiscal_appropriation",
    "superior_subsidy",
    "business_income",
    "operating_income",
    "affiliated_remittance",
    "other_income",
)
EXPENDITURE_PARTS = (
    "basic",
    "project",
    "remittance_to_superior",
    "operating_expenditure",
    "subsidy_to_affiliates",
    "contingency_reserve",
    "special_operations",
)
# Where a table splits 基本支出 into its halves without a 小计 column, the halves stand for it.
BASIC_HALVES = ("personnel", "public")

# 三公 table rows.
THREE_PUBLIC_TOTAL = "合计"
THREE_PUBLIC_OVERSEAS = "因公出国（境）费"
THREE_PUBLIC_VEHICLE = "公务用车购置及运行费"
THREE_PUBLIC_PURCHASE = "公务用车购置费"
THREE_PUBLIC_OPERATION = "公务用车运行费"
THREE_PUBLIC_RECEPTION = "公务接待费"
# 三公 rows and the basic-expenditure economic codes that are part of them (basic spending only, so
# the code's amount can be at most the 三公 figure, which also counts project spending).
THREE_PUBLIC_CODES = {
    THREE_PUBLIC_OVERSEAS: "30212",
    THREE_PUBLIC_RECEPTION: "30217",
    THREE_PUBLIC_OPERATION: "30231",
    THREE_PUBLIC_PURCHASE: "31013",
}

# Narrative fact -> (table kind, side, item name, measure) of its table counterpart.
FACT_CELLS: dict[str, tuple[str, str | None, str, str | None]] = {
    "income_total": ("income_expenditure_summary", "income", GRAND_TOTAL, None),
    "expenditure_total": ("income_expenditure_summary", "expenditure", GRAND_TOTAL, None),
    "income_expenditure_total": ("income_expenditure_summary", "income", GRAND_TOTAL, None),
    "income_current_year": ("income_expenditure_summary", "income", INCOME_SUBTOTAL, None),
    "carryover_begin": ("income_expenditure_summary", "income", CARRYOVER_BEGIN, None),
    "carryover_end": ("income_expenditure_summary", "expenditure", CARRYOVER_END, None),
    "expenditure_current_year": ("income_expenditure_summary", "expenditure", EXPENDITURE_SUBTOTAL, None),
    "fiscal_appropriation_income": ("income", None, TOTAL, "fiscal_appropriation"),
    "superior_subsidy_income": ("income", None, TOTAL, "superior_subsidy"),
    "special_account_income": ("income", None, TOTAL, "fiscal_special_account"),
    "business_income": ("income", None, TOTAL, "business_income"),
    "operating_income": ("income", None, TOTAL, "operating_income"),
    "affiliated_remittance_income": ("income", None, TOTAL, "affiliated_remittance"),
    "other_income": ("income", None, TOTAL, "other_income"),
    "basic_expenditure": ("expenditure", None, TOTAL, "basic"),
    "project_expenditure": ("expenditure", None, TOTAL, "project"),
    # every fund's spending by use (fact_vocabulary.BY_USE): the 支出预算表's 基本支出 columns
    "expenditure_personnel": ("expenditure", None, TOTAL, "personnel"),
    "expenditure_public": ("expenditure", None, TOTAL, "public"),
    "contingency_reserve": ("expenditure", None, TOTAL, "contingency_reserve"),
    "remittance_to_superior": ("expenditure", None, TOTAL, "remittance_to_superior"),
    "operating_expenditure": ("expenditure", None, TOTAL, "operating_expenditure"),
    "subsidy_to_affiliates": ("expenditure", None, TOTAL, "subsidy_to_affiliates"),
    "fiscal_appropriation_total": ("fiscal_appropriation_summary", "income", GRAND_TOTAL, None),
    "fiscal_appropriation_income_total": ("fiscal_appropriation_summary", "income", GRAND_TOTAL, None),
    "fiscal_appropriation_expenditure_total": (
        "fiscal_appropriation_summary",
        "expenditure",
        GRAND_TOTAL,
        "total",
    ),
    "fiscal_appropriation_carryover_begin": (
        "fiscal_appropriation_summary",
        "income",
        FA_CARRYOVER_BEGIN,
        None,
    ),
    "fiscal_appropriation_carryover_end": (
        "fiscal_appropriation_summary",
        "expenditure",
        FA_CARRYOVER_END,
        "total",
    ),
    "fiscal_appropriation_expenditure": (
        "fiscal_appropriation_summary",
        "expenditure",
        EXPENDITURE_SUBTOTAL,
        "total",
    ),
    "general_budget_expenditure": ("general_budget_expenditure", None, TOTAL, "total"),
    "general_budget_income": ("fiscal_appropriation_summary", "income", "一般公共预算财政拨款", None),
    "government_fund_fiscal_appropriation_income": (
        "fiscal_appropriation_summary",
        "income",
        "政府性基金预算财政拨款",
        None,
    ),
    "state_capital_fiscal_appropriation_income": (
        "fiscal_appropriation_summary",
        "income",
        "国有资本经营预算财政拨款",
        None,
    ),
    # The other funds' spending: their own table's 合计 row
    "government_fund_expenditure": ("government_fund", None, TOTAL, "total"),
    "state_capital_expenditure": ("state_capital", None, TOTAL, "total"),
    # The general budget's basic and project spending: its own table's 合计 row, 基本支出 / 项目支出
    # columns (never the 支出决算表's, which counts every fund).
    "general_budget_basic": ("general_budget_expenditure", None, TOTAL, "basic"),
    "general_budget_project": ("general_budget_expenditure", None, TOTAL, "project"),
    "personnel_expenditure": ("general_budget_basic_expenditure", None, PERSONNEL_TOTAL, None),
    "public_expenditure": ("general_budget_basic_expenditure", None, PUBLIC_TOTAL, None),
    "three_public_total": ("three_public", None, THREE_PUBLIC_TOTAL, None),
    "three_public_overseas": ("three_public", None, THREE_PUBLIC_OVERSEAS, None),
    "three_public_vehicle": ("three_public", None, THREE_PUBLIC_VEHICLE, None),
    "three_public_vehicle_purchase": ("three_public", None, THREE_PUBLIC_PURCHASE, None),
    "three_public_vehicle_operation": ("three_public", None, THREE_PUBLIC_OPERATION, None),
    "three_public_reception": ("three_public", None, THREE_PUBLIC_RECEPTION, None),
}
# Per-item facts whose subject is a classification code (or name path) of their fund's spending
# table: the general budget's, the government funds' (政府性基金) or the state capital's (国有资本经营).
FUNCTION_FACT_TABLES = {
    # every fund's 类/款/项 (fact_vocabulary.BY_FUNCTION_LIST, SPENDING_TOTAL_LEAD_IN)
    "expenditure_class": "expenditure",
    "expenditure_group": "expenditure",
    "expenditure_item": "expenditure",
    "general_budget_class": "general_budget_expenditure",
    "general_budget_group": "general_budget_expenditure",
    "general_budget_item": "general_budget_expenditure",
    "government_fund_class": "government_fund",
    "government_fund_group": "government_fund",
    "government_fund_item": "government_fund",
    "state_capital_class": "state_capital",
    "state_capital_group": "state_capital",
    "state_capital_item": "state_capital",
    # the 财政拨款's: the income table's 财政拨款 column (FUNCTION_FACT_MEASURES)
    "fiscal_appropriation_class": "income",
    "fiscal_appropriation_group": "income",
    "fiscal_appropriation_item": "income",
}
# The column a 类/款/项 fact is compared with, where it is not the table's 合计.
FUNCTION_FACT_MEASURES = {
    "fiscal_appropriation_class": "fiscal_appropriation",
    "fiscal_appropriation_group": "fiscal_appropriation",
    "fiscal_appropriation_item": "fiscal_appropriation",
}
FUNCTION_FACTS = frozenset(FUNCTION_FACT_TABLES)
FUNCTION_FACT_LEVELS = {
    "expenditure_class": 1,
    "expenditure_group": 2,
    "expenditure_item": 3,
    "general_budget_class": 1,
    "general_budget_group": 2,
    "general_budget_item": 3,
    "government_fund_class": 1,
    "government_fund_group": 2,
    "government_fund_item": 3,
    "state_capital_class": 1,
    "state_capital_group": 2,
    "state_capital_item": 3,
    "fiscal_appropriation_class": 1,
    "fiscal_appropriation_group": 2,
    "fiscal_appropriation_item": 3,
}
# Economic-class facts (subject: the code, 301 or 30101, 501 …) restate a row of the general
# budget's spending table by economic class.
ECONOMIC_FACTS = frozenset({"general_budget_economic_class", "general_budget_economic_item"})
ECONOMIC_FACT_TABLE = "economic_classification"
FUNCTION_CLASS_FACTS = frozenset(
    {
        "expenditure_class",
        "general_budget_class",
        "government_fund_class",
        "state_capital_class",
        "fiscal_appropriation_class",
    }
)
# The 三公 table prints budget and final as measures; other tables only the final figure. A 全年预算
# (adjusted_budget) is compared with a 全年预算数 column, else with the 预算数 one (PERIOD_FALLBACK):
# a table printing one budget column prints the year's whole budget under it.
PERIOD_MEASURES = {"budget": "budget", "adjusted_budget": "adjusted_budget", "current": "final"}
PERIOD_FALLBACK = {"adjusted_budget": "budget"}

# Budgets: the narrative's figures of the year ("current") and its 预算数 ("budget") are both the
# year's budget, the budget column of every table.
BUDGET_PERIOD_MEASURES = {"budget": "budget", "adjusted_budget": "budget", "current": "budget"}
# Budget tables print 人员经费 and 公用经费 as columns of the 基本支出 table's 合计 row, not as rows.
BUDGET_FACT_CELLS: dict[str, tuple[str, str | None, str, str | None]] = {
    **FACT_CELLS,
    "personnel_expenditure": ("general_budget_basic_expenditure", None, TOTAL, "personnel"),
    "public_expenditure": ("general_budget_basic_expenditure", None, TOTAL, "public"),
    # a fund's income: the summary's row of that fund ("一般公共预算拨款收入", "一般公共预算", "政府性
    # 基金预算资金": the name begins with the fund's), else the income table's column of it
    "general_budget_income": ("income_expenditure_summary", "income", "一般公共预算", None),
    "government_fund_fiscal_appropriation_income": (
        "income_expenditure_summary",
        "income",
        "政府性基金",
        None,
    ),
    "state_capital_fiscal_appropriation_income": (
        "income_expenditure_summary",
        "income",
        "国有资本经营",
        None,
    ),
}
# Where a budget's table of BUDGET_FACT_CELLS prints no row of the fact, the cell it may be in instead.
BUDGET_FACT_SECOND_CELLS: dict[str, tuple[str, str | None, str, str | None]] = {
    # budgets print the funds as columns of the income table (一般公共预算拨款收入)
    "general_budget_income": ("income", None, TOTAL, "general_budget"),
    "government_fund_fiscal_appropriation_income": ("income", None, TOTAL, "government_fund"),
    "state_capital_fiscal_appropriation_income": ("income", None, TOTAL, "state_capital"),
    "special_account_income": ("income_expenditure_summary", "income", "财政专户管理资金", None),
    # a general-budget table printing no 基本支出 column (Jiangsu's, by function): the 基本支出 table's
    # 合计 row, its first amount
    "general_budget_basic": ("general_budget_basic_expenditure", None, TOTAL, None),
    # a fund's table printed as 收入 | 支出 sides (Xi'an's 政府性基金收支表): its spending side's total
    "government_fund_expenditure": ("government_fund", "expenditure", EXPENDITURE_SUBTOTAL, None),
    "state_capital_expenditure": ("state_capital", "expenditure", EXPENDITURE_SUBTOTAL, None),
}
# Where a budget's 基本支出 table prints neither column, its 人员经费 is the sum of the personnel
# classes (PERSONNEL_CLASSES: True) and its 公用经费 of the others (False).
BASIC_HALF_CLASSES = {"personnel_expenditure": True, "public_expenditure": False}
# A column a table may leave out, printing the columns it splits into: by what names those columns
# ("fund": a column's fund, else its measure; "measure") and which they are. A budget's income table
# may print the funds' columns (一般公共预算 / 政府性基金 / 国有资本经营 拨款) and no 财政拨款 column; an
# expenditure table 人员经费 and 公用经费 and no 基本支出 column.
COLUMN_PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "fiscal_appropriation": ("fund", ("general_budget", "government_fund", "state_capital")),
    "basic": ("measure", BASIC_HALVES),
}
# A budget's narrative lists its 类 for the general budget or for every fund (its section says which,
# the sentence does not): the tables whose rows it may restate, in this order.
BUDGET_FUNCTION_TABLES = ("general_budget_expenditure", "expenditure")
# Every fund's 类/款/项 (expenditure_class …): the 支出预算表's rows; where it prints none of them (its
# 合计 row alone, Jiangsu), the general budget's, which are every fund's where nothing else is spent.
EVERY_FUND_FUNCTION_TABLES = ("expenditure", "general_budget_expenditure")
# A budget summary's grand total row by side, as templates name it, most specific first (a year
# without carryover prints 收入合计 / 支出合计, or 合计, as its last row).
BUDGET_GRAND_TOTALS: dict[str, tuple[str, ...]] = {
    "income": (GRAND_TOTAL, "收入总计", "收入合计", TOTAL),
    "expenditure": (GRAND_TOTAL, "支出总计", "支出合计", TOTAL),
}
# A budget summary's carry-over goes by its template's names ("上年结转结余" in Hangzhou's 收支预算总表).
BUDGET_CARRYOVER_BEGIN = (CARRYOVER_BEGIN, "上年结转结余", "上年结转和结余", "上年结转")
BUDGET_CARRYOVER_END = (CARRYOVER_END, "年终结转结余", "年末结转结余")

# What a share ("占 X%") is of, when the sentence does not say.
DEFAULT_SHARE_BASE: dict[str, str] = {
    "fiscal_appropriation_income": "income_current_year",
    "superior_subsidy_income": "income_current_year",
    "special_account_income": "income_current_year",
    "business_income": "income_current_year",
    "operating_income": "income_current_year",
    "affiliated_remittance_income": "income_current_year",
    "other_income": "income_current_year",
    "other_funds_income": "income_current_year",
    "basic_expenditure": "expenditure_current_year",
    "project_expenditure": "expenditure_current_year",
    "expenditure_personnel": "expenditure_current_year",
    "expenditure_public": "expenditure_current_year",
    "contingency_reserve": "expenditure_current_year",
    "remittance_to_superior": "expenditure_current_year",
    "operating_expenditure": "expenditure_current_year",
    "subsidy_to_affiliates": "expenditure_current_year",
    "general_budget_class": "general_budget_expenditure",
    "government_fund_class": "government_fund_expenditure",
    "state_capital_class": "state_capital_expenditure",
    "three_public_overseas": "three_public_total",
    "three_public_vehicle": "three_public_total",
    "three_public_reception": "three_public_total",
    "procurement_sme": "procurement_total",
    "procurement_small_micro": "procurement_total",
}
# Wholes the narrative splits into parts that make them up in full (government procurement is goods,
# works and services): whole fact -> its part facts (checks.narrative_arithmetic.check_parts).
NARRATIVE_PARTS: dict[str, tuple[str, ...]] = {
    "procurement_total": ("procurement_goods", "procurement_works", "procurement_services"),
}
# Performance self-evaluation tables (their score checks belong to the scorecards issue).
SCORECARD_TITLE_WORD = "自评"

# Fiscal appropriations other than the general budget, as the fiscal summary's income rows name them.
OTHER_FUND_WORDS = ("政府性基金", "国有资本经营")
# The summary's grand totals (本年 + carry-over and what else it lists below the current-year total).
INCOME_GRAND_TOTALS = ("收入总计", "收入合计")
EXPENDITURE_GRAND_TOTALS = ("支出总计", "支出合计")
# A header group over parts of a part ("其中/事业单位经营支出"); "其中：基本支出" as a leaf is a part.
OF_WHICH = "其中/"

# A scorecard's funds lines: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金 (canonical line names).
FUNDS_TOTAL_LINE = "total"
FUNDS_LINES_WHAT = "年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金"  # the check's detail text
FUNDS_PART_LINES = ("fiscal_appropriation", "carryover", "other")
# The funds columns that line totals are checked in, with the header they stand for (detail text).
FUNDS_CHECKED_COLUMNS = (
    ("budget_initial", "年初预算数"),
    ("budget_full_year", "全年预算数"),
    ("executed", "全年执行数"),
)
