"""Performance scorecards: the seed's eleven on the fixture, value parsing, checks, and corpus documents."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, GOOD_FIXTURES, processed
from disclosure.normalizers.checks.tolerance import points_status
from disclosure.normalizers.records import DocumentResult, ScorecardIndicator, ScorecardRecord
from disclosure.normalizers.scorecards import ParsedValue, parse_points, parse_rate, parse_value, split_level1
from disclosure.pipeline.evaluate_scorecards import (
    ScorecardFact,
    facts_of_records,
    score_scorecards,
    scorecard_matches,
)
from disclosure.pipeline.evaluate_scoring import match_each_once
from disclosure.pipeline.evaluate_truth import ScorecardTruthRow, read_scorecard_truth

SEED_SCORECARD_TRUTH = GOOD_FIXTURES / "urumqi_social_insurance_2023_final.scorecards.csv"
D504_TRUTH = DATA / "d504cbd6d86e.scorecards.csv"
# Ningde 2024 部门整体绩效自评表 (one page) and Putuo 商务委 2025 budget (prints no 绩效目标表).
F17E_TRUTH = DATA / "f17e3c9deb66.scorecards.csv"
B067_TRUTH = DATA / "b06718491296.scorecards.csv"
# Quanzhou 2026 budget: one 项目绩效目标表 (p.23), the project named by its title only.
D135_TRUTH = DATA / "135d334639c1.scorecards.csv"
# One-layout pages no corpus document shows (fixtures/build_layouts.py).
LAYOUTS = FIXTURES / "layouts"


def card(result: DocumentResult, project: str, page: int | None = None) -> ScorecardRecord:
    found = [
        c
        for c in result.scorecards
        if c.project_name == project and (page is None or page in c.pages)  # names repeat in d504
    ]
    assert len(found) == 1, (project, [c.pages for c in found])
    return found[0]


def indicator(result: DocumentResult, scorecard: ScorecardRecord, level3: str) -> ScorecardIndicator:
    found = [
        i
        for i in result.scorecard_indicators
        if i.scorecard_id == scorecard.scorecard_id and i.level3 == level3
    ]
    assert len(found) == 1, (level3, found)
    return found[0]


def funds(result: DocumentResult, scorecard: ScorecardRecord, line: str):
    found = [f for f in result.scorecard_funds if f.scorecard_id == scorecard.scorecard_id and f.line == line]
    assert len(found) == 1, (line, found)
    return found[0]


# --- the seed's eleven scorecards on the fixture ------------------------------------------------


def test_every_seed_scorecard_cell_is_found(seed_result: DocumentResult) -> None:
    truth = read_scorecard_truth(SEED_SCORECARD_TRUTH)
    r = seed_result
    score = score_scorecards(truth, facts_of_records(r.scorecards, r.scorecard_funds, r.scorecard_indicators))
    assert score.missing == []
    assert score.found == len(truth) == 551
    # Nothing invented: 11 scorecards, 91 indicators, three funds lines each.
    assert len(r.scorecards) == 11
    assert len(r.scorecard_indicators) == 91
    assert [f.line for f in r.scorecard_funds] == ["total", "fiscal_appropriation", "other"] * 11


def test_seed_retirees_scorecard_field_for_field(seed_result: DocumentResult) -> None:
    r = seed_result
    c = card(r, "1995年以前退休人员生活补助")
    assert (c.kind, c.pages, c.fiscal_year, c.title) == (
        "project_self_evaluation",
        [7],
        2023,
        "项目支出绩效自评表",
    )
    assert (c.competent_department, c.implementing_unit) == (
        "乌鲁木齐市人力资源和社会保障局",
        "乌鲁木齐市社会保险中心",
    )
    assert (c.total_weight, c.total_score, c.total_score_raw) == (Decimal("100"), Decimal("98.00"), "98.00分")
    assert c.goal_planned is not None and c.goal_planned.startswith("在补助资金到位后，按照待遇支付流程")
    total = funds(r, c, "total")
    assert (total.budget_initial, total.budget_full_year, total.executed) == (
        Decimal("23520000.00"),
        Decimal("23520000.00"),
        Decimal("21400000.00"),
    )
    assert (total.budget_initial_raw, total.execution_rate, total.weight, total.score) == (
        "2,352.00",
        Decimal("90.99"),
        Decimal("10"),
        Decimal("9.10"),
    )
    fiscal = funds(r, c, "fiscal_appropriation")
    assert (fiscal.line_raw, fiscal.weight, fiscal.weight_raw) == ("其中：当年财政拨款", None, "—")
    people = indicator(r, c, "补贴发放人数")
    assert (people.level1, people.level2, people.row, people.page) == ("产出指标", "数量指标", 1, 7)
    assert (people.target_op, people.target_value, people.target_unit) == (">=", Decimal("16000"), "人")
    assert (people.actual_raw, people.actual_op, people.actual_value) == ("=14390人", "=", Decimal("14390"))
    assert (people.weight, people.score) == (Decimal("10"), Decimal("8.90"))
    assert people.deviation_reason is not None and people.deviation_reason.startswith("1995年以前退休人员")
    timing = indicator(r, c, "补贴发放时效")
    assert (timing.target_op, timing.target_value, timing.target_raw) == ("text", None, "每月25日前")
    assert (c.check_scores, c.check_weights, c.check_execution_rate) == ("pass", "pass", "pass")


def test_continued_scorecard_carries_open_merged_cells(seed_result: DocumentResult) -> None:
    """综合业务费 breaks inside the 数量指标 group: page 29 opens in cells left open on page 28."""
    r = seed_result
    c = card(r, "综合业务费")
    assert c.pages == [28, 29]
    assert (c.total_score, c.n_indicators) == (Decimal("98.09"), 13)
    rent = indicator(r, c, "房屋租赁区域")  # first row of page 29, no header above it
    assert (rent.page, rent.level1, rent.level2) == (29, "产出指标", "数量指标")
    safety = indicator(r, c, "重大安全事故发生率")  # the next row opens 质量指标 under the open 产出指标
    assert (safety.page, safety.level1, safety.level2) == (29, "产出指标", "质量指标")
    mail = indicator(r, c, "各类邮寄数量")
    assert (mail.page, mail.target_value, mail.target_unit, mail.score) == (
        28,
        Decimal("5"),
        "万份",
        Decimal("3.27"),
    )
    office = card(r, "2023年社保经办机构业务经费")  # broken where the seed breaks it
    months = indicator(r, office, "聘用人员补助月数")
    assert (office.pages, months.page, months.level1, months.level2) == ([24, 25], 25, "产出指标", "数量指标")
    assert months.target_unit == "个月"


def test_two_scorecards_on_one_page(seed_result: DocumentResult) -> None:
    on_23 = [c.project_name for c in seed_result.scorecards if c.pages == [23]]
    assert on_23 == ["2023年伤残人员1-6月伤残津贴增资", "2023年特殊人员伤残津贴补助（罗文）"]


def test_seed_scores_add_up(seed_result: DocumentResult) -> None:
    checks = {(c.check_scores, c.check_weights, c.check_execution_rate) for c in seed_result.scorecards}
    assert checks == {("pass", "pass", "pass")}


def test_scorecard_grids_stay_unclassified_tables(seed_result: DocumentResult) -> None:
    assert seed_result.document.tables_found == 9
    assert all(li.table_kind != "unclassified" for li in seed_result.line_items)


# --- parsing values as written ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (">=16000 人", (">=", "16000", None, "人")),
        ("≥95%", (">=", "95", None, "%")),
        ("≧4次", (">=", "4", None, "次")),
        ("≤7386.02 元", ("<=", "7386.02", None, "元")),
        ("<=7386.02元", ("<=", "7386.02", None, "元")),
        ("大于95%", (">", "95", None, "%")),
        ("不低于90%", (">=", "90", None, "%")),
        ("不超过500万元", ("<=", "500", None, "万元")),
        ("低于2%", ("<", "2", None, "%")),
        ("=120 元/人", ("=", "120", None, "元/人")),
        ("=14390人", ("=", "14390", None, "人")),
        ("300-7386.2 元/月", ("range", "300", "7386.2", "元/月")),
        ("5166.99万元", ("=", "5166.99", None, "万元")),
        ("95%以上", (">=", "95", None, "%")),
        ("5年以上", (">=", "5", None, "年")),
        ("=24小时", ("=", "24", None, "小时")),
        ("346", ("=", "346", None, None)),
        ("2,711,880元", ("=", "2711880", None, "元")),
        ("每月 25 日前", ("text", None, None, None)),
        ("持续提升", ("text", None, None, None)),
        ("完全达到预期", ("text", None, None, None)),
        ("2022年完成", ("text", None, None, None)),
        ("2022.12", ("text", None, None, None)),
        # the measure's name before its comparison: the value is the comparison's
        ("年离职率低于2%", ("<", "2", None, "%")),
        ("满意度≥95%", (">=", "95", None, "%")),
        ("提出建议污染源数≥20家", (">=", "20", None, "家")),
        ("数据捕获率（传输率）≥95％（扣除停电、自然灾害）", (">=", "95", None, "%")),
        ("完成率100%", ("=", "100", None, "%")),  # a rate's name needs no comparison
        # ... but not a count per period, nor a change, nor any other name without a comparison
        ("每年≥20场", ("text", None, None, None)),
        ("每季度不少于1次", ("text", None, None, None)),
        ("较上年降低≥5%", ("text", None, None, None)),
        ("同比增长5%", ("text", None, None, None)),
        ("正常运行100%", ("text", None, None, None)),
        ("PM2.5年均浓度≤35微克每立方米", ("text", None, None, None)),  # digits in the name
        ("不少于全市跨境电商企业数的60%", ("text", None, None, None)),
        # the bound said twice; a unit with a sentence end, a note, or in brackets
        ("≥95%以上", (">=", "95", None, "%")),
        ("<95%以上", ("text", None, None, None)),
        ("≤25微克/立方米", ("<=", "25", None, "微克/立方米")),
        ("≤20个工作日", ("<=", "20", None, "个工作日")),
        ("不少于350个。", (">=", "350", None, "个")),
        ("12个（土壤污染状况初步调查）", ("=", "12", None, "个")),
        ("≥60000（条）", (">=", "60000", None, "条")),
        ("1.", ("text", None, None, None)),
        ("—", (None, None, None, None)),
        ("", (None, None, None, None)),
    ],
)
def test_values_parse_as_written(raw: str, expected: tuple[str | None, ...]) -> None:
    op, value, value_max, unit = expected
    assert parse_value(raw) == ParsedValue(
        op, Decimal(value) if value else None, Decimal(value_max) if value_max else None, unit
    )


def test_points_rates_and_level1_weights() -> None:
    assert parse_points("98.00 分") == Decimal("98.00")
    assert parse_points("9.10分") == Decimal("9.10")
    assert parse_points("—") is None and parse_points("--") is None
    assert parse_rate("90.99%") == Decimal("90.99") and parse_rate("88.75") == Decimal("88.75")
    assert split_level1("产出指标（50分）") == ("产出指标", Decimal("50"))
    assert split_level1("满意度指标10") == ("满意度指标", Decimal("10"))
    assert split_level1("效益指标") == ("效益指标", None)


def test_checks_are_recorded_outcomes() -> None:
    assert points_status(Decimal("98.00"), [Decimal("9.10"), Decimal("88.90")]) == ("pass", Decimal("0.00"))
    assert points_status(Decimal("90"), [Decimal("9.98"), Decimal("90")]) == ("fail", Decimal("-9.98"))
    assert points_status(Decimal("99.99"), [Decimal("99.95")]) == ("rounding", Decimal("0.04"))
    assert points_status(None, [Decimal("1")]) == ("skipped", None)
    assert points_status(Decimal("100"), [Decimal("1"), None]) == ("skipped", None)


# --- corpus documents ---------------------------------------------------------------------------


def test_d504_scorecards_found(corpus: Path) -> None:
    r = processed(corpus / "final" / "d504cbd6d86e.pdf")
    kinds = [c.kind for c in r.scorecards]
    # 87 项目支出绩效自评表 (pp. 55-141), the 专项资金绩效自评表 (p. 143) and the 部门整体 one (pp. 30-31).
    assert len(r.scorecards) == 89
    assert kinds.count("project_self_evaluation") == 88
    assert kinds.count("department_self_evaluation") == 1
    assert sorted(p for c in r.scorecards if c.kind == "project_self_evaluation" for p in c.pages) == [
        *range(55, 142),
        143,
    ]
    department = next(c for c in r.scorecards if c.kind == "department_self_evaluation")
    assert (department.pages, department.total_score, department.project_name) == (
        [30, 31],
        Decimal("99.5"),
        "西安市卫生健康委员会",
    )


def test_d504_blood_centre_scorecard(corpus: Path) -> None:
    r = processed(corpus / "final" / "d504cbd6d86e.pdf")
    c = card(r, "采供血人员经费项目")
    assert (c.implementing_unit, c.pages, c.total_weight, c.total_score) == (
        "西安市中心血站",
        [60],
        Decimal("100"),
        Decimal("99"),
    )
    total = funds(r, c, "total")
    assert (total.budget_full_year_raw, total.budget_full_year) == ("5166.99", Decimal("51669900.00"))
    assert total.budget_initial == Decimal("38000000")
    staff = indicator(r, c, "全站职工满意度")
    assert (staff.target_raw, staff.target_op, staff.target_value, staff.target_unit) == (
        "大于95%",
        ">",
        Decimal("95"),
        "%",
    )
    assert (staff.actual_raw, staff.weight, staff.score) == ("98%", Decimal("10"), Decimal("9"))
    assert (staff.level1, staff.level1_weight, staff.level2) == (
        "满意度指标",
        Decimal("10"),
        "服务对象满意度指标",
    )
    assert (c.check_scores, c.check_weights, c.check_execution_rate) == ("pass", "pass", "pass")


def test_d504_truth_file_recall_is_complete(corpus: Path) -> None:
    truth = read_scorecard_truth(D504_TRUTH)
    r = processed(corpus / "final" / "d504cbd6d86e.pdf")
    score = score_scorecards(truth, facts_of_records(r.scorecards, r.scorecard_funds, r.scorecard_indicators))
    assert score.missing == []
    assert score.found == 300


def extra_facts(truth: list[ScorecardTruthRow], facts: list[ScorecardFact]) -> list[ScorecardFact]:
    """The printed (non-blank) facts no truth row accounts for, each truth row used once."""
    printed = [f for f in facts if f.value.strip()]
    _, extra = match_each_once(printed, truth, lambda fact, row: scorecard_matches(row, fact))
    return extra


@pytest.mark.parametrize(
    ("path", "truth_file", "cells"),
    [
        # p1: labels clipped at the cell border ("一般性支出情|况", "服务对象满意|度"); the hidden last
        # glyph straddles the border and goes back to its label (extractors.overflow)
        ("final/f17e3c9deb66.pdf", F17E_TRUTH, 115),
        ("budget/b06718491296.pdf", B067_TRUTH, 0),
        ("budget/135d334639c1.pdf", D135_TRUTH, 10),
    ],
)
def test_truth_file_recall_and_no_extra_cells(corpus: Path, path: str, truth_file: Path, cells: int) -> None:
    truth = read_scorecard_truth(truth_file)
    r = processed(corpus / path)
    facts = facts_of_records(r.scorecards, r.scorecard_funds, r.scorecard_indicators)
    score = score_scorecards(truth, facts)
    assert score.missing == []
    assert score.found == len(truth) == cells
    assert extra_facts(truth, facts) == []


def test_department_self_evaluation_reads_each_task_row(corpus: Path) -> None:
    # d504cbd6d86e p30, 部门整体支出绩效自评表: under 年度主要任务完成情况, 17 task rows (任务名称 | 主要内容 |
    # 完成情况 | 全年预算数 总额 / 财政拨款 / 其他资金 | 全年执行数 … | 分值 | 执行率 | 得分), then 金额合计.
    # Each task gives three records of no canonical line, labelled by the task and the split as
    # printed; 分值, 执行率 and 得分 go with its 总额. The 金额合计 row holds the card's lines.
    r = processed(corpus / "final" / "d504cbd6d86e.pdf")
    lines = {f.line_raw: f for f in r.scorecard_funds if f.page == 30}
    preschool = lines["学前教育/总额"]
    assert (preschool.line, preschool.budget_full_year, preschool.executed) == (
        None,
        Decimal("12925500"),
        Decimal("12633300"),
    )
    assert (preschool.weight_raw, preschool.execution_rate, preschool.score_raw) == (
        "0.58",
        Decimal("97.74"),
        "0.58",
    )
    assert lines["学前教育/其他资金"].executed_raw == "80.74"
    assert len([f for f in lines.values() if f.line is None]) == 17 * 3
    total = lines["金额合计/总额"]
    assert (total.line, total.budget_full_year_raw, total.score_raw) == ("total", "2,495,142.55", "10")
    assert lines["金额合计/财政拨款"].line == "fiscal_appropriation"
    assert r.document.amount_cells_placed == r.document.amount_cells


def test_d504_printed_scores_that_do_not_add_up(corpus: Path) -> None:
    r = processed(corpus / "final" / "d504cbd6d86e.pdf")
    city = card(r, "中职免学费补助（市级资金）")  # printed total 90 leaves out the funds score 9.98
    assert (city.check_scores, city.scores_difference) == ("fail", Decimal("-9.98"))
    assert (city.check_weights, city.weights_difference) == ("fail", Decimal("-10"))
    child = card(r, "公共卫生事业发展资金", page=98)  # "上年结转资" / "金" wraps inside its cell
    assert funds(r, child, "carryover").line_raw == "上年结转资金"
    assert (funds(r, child, "total").weight_raw, child.check_weights) == (None, "fail")  # weight left blank
    optics = card(r, "医用光学仪器")  # execution rate printed 1000% for 7614.74 / 7614.74
    assert (optics.check_execution_rate, optics.execution_rate_difference) == ("fail", Decimal("900"))
    failing = {c.scorecard_id for c in r.scorecards if "fail" in (c.check_scores, c.check_weights)}
    assert len(failing) == 25
    # p139: 年度资金总额 全年预算数 printed 423 for 当年财政拨款 423 + 其他资金 3258.5 (年初预算数 adds up)
    laser = card(r, "医用激光仪器及设备")
    assert (laser.check_funds_lines, laser.funds_lines_difference) == ("fail", Decimal("-32585000"))
    assert [c.project_name for c in r.scorecards if c.check_funds_lines == "fail"] == ["医用激光仪器及设备"]
    assert len([c for c in r.scorecards if c.check_funds_lines == "pass"]) == 24


def test_department_and_target_kinds(corpus: Path) -> None:
    ningde = processed(corpus / "final" / "f17e3c9deb66.pdf")
    assert [(c.kind, c.project_name, c.total_score) for c in ningde.scorecards] == [
        ("department_self_evaluation", "127部门整体", Decimal("92.33"))
    ]
    total = funds(ningde, ningde.scorecards[0], "total")
    assert (total.budget_full_year, total.executed, total.execution_rate, total.score) == (
        Decimal("99997700.00"),
        Decimal("88747400.00"),
        Decimal("88.75"),
        Decimal("7"),
    )
    # 年中调整金额② | 小计③=①+② | … | 本年度结余金额⑥=③-④ | 资金结余率(%)⑦=⑥/③: every column has its field
    assert (total.budget_adjustment, total.balance, total.balance_rate, total.balance_rate_raw) == (
        Decimal("7902200.00"),
        Decimal("11250300.00"),
        Decimal("11.25"),
        "11.2500",
    )
    # the sub-lines under 财政资金小计 name no canonical line: each is kept under its printed label
    local = {f.line_raw: f for f in ningde.scorecard_funds}["③地方财政资金"]
    assert (local.line, local.budget_initial, local.budget_adjustment, local.executed) == (
        None,
        Decimal("92095500.00"),
        Decimal("7902200.00"),
        Decimal("88747400.00"),
    )
    assert ningde.document.amount_cells_placed == ningde.document.amount_cells == 96
    # 合计 prints 9999.77 万元 全年预算数, 财政资金小计 and 其他资金小计 0.00 each (its ③地方财政资金 holds it)
    ningde_card = ningde.scorecards[0]
    assert (ningde_card.check_funds_lines, ningde_card.funds_lines_difference) == (
        "fail",
        Decimal("99997700"),
    )
    guangzhou = processed(corpus / "budget" / "ff1c7dac4b74.pdf")
    assert len(guangzhou.scorecards) == 70
    assert {c.kind for c in guangzhou.scorecards} == {"performance_target"}
    hotline = card(guangzhou, "广州12345政务服务便民热线平台运营项目")
    assert funds(guangzhou, hotline, "total").budget_initial == Decimal("120000000.00")
    rate = indicator(guangzhou, hotline, "话务接通率")
    assert (rate.level1, rate.level2, rate.target_op, rate.target_value, rate.target_unit) == (
        "效益指标",
        "社会效益",
        ">=",
        Decimal("93"),
        "%",
    )


@pytest.mark.parametrize(
    ("path", "count", "kind"),
    [
        ("budget/04febc962e5d.pdf", 11, "performance_target"),
        ("budget/1881fe43526f.pdf", 6, "performance_target"),
        ("budget/135d334639c1.pdf", 1, "performance_target"),
        ("budget/b06718491296.pdf", 0, None),  # refers to the units' 绩效目标表, prints none
        ("final/d45e923176f9.pdf", 0, None),
    ],
)
def test_scorecards_per_corpus_document(corpus: Path, path: str, count: int, kind: str | None) -> None:
    result = processed(corpus / path)
    assert len(result.scorecards) == count
    assert {c.kind for c in result.scorecards} <= {kind}


def test_target_table_without_name_label_takes_the_title(corpus: Path) -> None:
    result = processed(corpus / "budget" / "135d334639c1.pdf")
    (target,) = result.scorecards
    assert (target.project_name, target.pages, target.goal_planned) == (
        "知创大厦泉州知识产权馆建设费用",
        [23],
        "2026年",
    )
    assert funds(result, target, "total").budget_initial == Decimal("2303800.00")
    quality = indicator(result, target, "项目工程质量")
    assert (quality.level1, quality.level2, quality.target_op, quality.target_value, quality.target_unit) == (
        "产出指标",
        "质量指标",
        "=",
        Decimal("0"),
        "起",
    )


# --- the 总分 row and what is a scorecard (issue 12) ----------------------------------------------


def test_total_row_read_by_the_header_columns() -> None:
    # fixtures/layouts/scorecard_total_row.pdf: the 总分 row is ruled apart from the indicator rows,
    # "总分 | 100 | 98" with the label over four columns, 100 under 实际完成值 and 98 under 分值 (得分 a
    # blank merged with 偏差原因). Read by position alone it gave total_weight 98, total_score null
    # and a failed weights check.
    r = processed(LAYOUTS / "scorecard_total_row.pdf")
    (c,) = r.scorecards
    assert (c.project_name, c.kind) == ("社区服务能力提升", "project_self_evaluation")
    assert (c.total_weight_raw, c.total_score_raw) == ("100", "98")
    assert (c.total_weight, c.total_score) == (Decimal("100"), Decimal("98"))
    assert (c.check_weights, c.check_scores) == ("pass", "pass")  # 30+30+30+10 = 100; 30+28+30+10 = 98
    assert [k.status for k in r.checks if k.check_id == f"scorecard.weights.{c.scorecard_id}"] == ["pass"]


def test_total_row_in_its_own_columns_still_read(seed_result: DocumentResult) -> None:
    # The seed prints "总分 | … | 100 | 98.00分" under 分值 / 得分: read as before, and no scorecard of
    # the seed fails its weights check.
    c = card(seed_result, "1995年以前退休人员生活补助")
    assert (c.total_weight_raw, c.total_score_raw) == ("100", "98.00分")
    assert not [s for s in seed_result.scorecards if s.check_weights == "fail"]


def test_narrative_tables_are_no_scorecards() -> None:
    # fixtures/layouts/narrative_indicator_tables.pdf: inside the 情况说明, "表1：项目年度绩效指标表"
    # (一级指标 | 二级指标 | 三级指标 | 指标值) and "表2：综合评价得分情况表" (一级指标 | 分值 | 得分): no
    # name, no header-block label, no scorecard title. Both were performance_target scorecards.
    r = processed(LAYOUTS / "narrative_indicator_tables.pdf")
    assert r.scorecards == []
    assert r.scorecard_indicators == []
    assert not [k for k in r.checks if k.scope == "scorecard"]


def test_values_printed_after_their_measures_name(corpus: Path) -> None:
    # Xi'an's blood centre restates the measure before the comparison (均大于95%, 人员满意度高于90%).
    r = processed(corpus / "final" / "d504cbd6d86e.pdf")
    row = indicator(r, card(r, "采供血业务经费（非政府采购部分）项目"), "献血者满意率和临床用血者满意率")
    assert (row.target_raw, row.target_op, row.target_value, row.target_unit) == (
        "均大于95%",
        ">",
        Decimal("95"),
        "%",
    )
    assert (row.actual_raw, row.actual_op, row.actual_value, row.actual_unit) == (
        "均大于93%",
        ">",
        Decimal("93"),
        "%",
    )


@pytest.mark.slow
def test_untitled_scorecard_with_header_block_labels_is_kept(corpus: Path) -> None:
    # Positive case: Xi'an 2019 专项资金绩效目标表, p61, second grid: no title above it, its 专项（项目）
    # 名称 label broken over two cells, but 主管部门 / 资金金额 / 总体目标 beside the 一级指标 columns.
    r = processed(corpus / "wide" / "225b0d00e2b8.pdf")
    (bole,) = [c for c in r.scorecards if c.pages == [61, 62]]
    rows = [i for i in r.scorecard_indicators if i.scorecard_id == bole.scorecard_id]
    assert (bole.kind, len(rows)) == ("performance_target", 9)
    assert (rows[0].page, rows[0].level3, rows[0].target_raw) == (61, "指标：伯乐奖补助", "按项目标准")


@pytest.mark.slow
def test_project_name_is_never_a_header_cell(corpus: Path) -> None:
    # Beijing 预算12表 prints 项目名称 as a column header with 项目总额 right of it; no scorecard of the
    # budget takes a header (项目总额, 绩效目标, 一级指标 …) as its project_name.
    from disclosure.normalizers.scorecards import is_header_text

    for doc in ("0487706e5973", "19894b8491d4", "2f257e97fa12"):
        r = processed(corpus / "wide" / f"{doc}.pdf")
        assert not [c.project_name for c in r.scorecards if c.project_name and is_header_text(c.project_name)]
    assert is_header_text("项目总额") and is_header_text("一级指标") and not is_header_text("评审工作经费")
