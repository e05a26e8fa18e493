"""Performance-target layouts from the wide corpus: each case names the layout feature it shows.

Every figure asserted is printed on the page named; the point of each case is that the layout's
printed amounts land in scorecard fields (and so count as placed), with the right line, project and
indicator, and that nothing is guessed where the page does not say.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import processed
from disclosure.normalizers.records import DocumentResult, ScorecardFunds, ScorecardIndicator, ScorecardRecord


def cards(result: DocumentResult, project: str | None, page: int) -> list[ScorecardRecord]:
    return [c for c in result.scorecards if c.project_name == project and page in c.pages]


def card(result: DocumentResult, project: str | None, page: int) -> ScorecardRecord:
    found = cards(result, project, page)
    assert len(found) == 1, (project, page, [c.pages for c in found])
    return found[0]


def funds(result: DocumentResult, scorecard: ScorecardRecord) -> dict[str, ScorecardFunds]:
    """The scorecard's funds lines by their printed label."""
    lines = [f for f in result.scorecard_funds if f.scorecard_id == scorecard.scorecard_id]
    assert len({f.line_raw for f in lines}) == len(lines)
    return {f.line_raw: f for f in lines}


def indicators(result: DocumentResult, scorecard: ScorecardRecord) -> list[ScorecardIndicator]:
    return [i for i in result.scorecard_indicators if i.scorecard_id == scorecard.scorecard_id]


def indicator(result: DocumentResult, scorecard: ScorecardRecord, level3: str) -> ScorecardIndicator:
    found = [i for i in indicators(result, scorecard) if i.level3 == level3]
    assert len(found) == 1, (level3, found)
    return found[0]


def target(i: ScorecardIndicator) -> tuple[str | None, str | None, Decimal | None, str | None]:
    return (i.target_raw, i.target_op, i.target_value, i.target_unit)


def unplaced_in_grids(result: DocumentResult, page: int) -> list[str]:
    return [u.sample for u in result.unplaced_amounts if u.page == page and u.table_id is not None]


# --- the project-block grid: 项目名称 heads a column, one merged block of rows per project ----------


def test_project_block_grid_gives_one_scorecard_per_project(corpus: Path) -> None:
    # Beijing 预算12表项目支出绩效目标表, p17: 项目名称 | 项目总额 | 其中：财政资金 / 其他资金 | 绩效目标 |
    # 一级指标 … | 绩效指标性质 | 本年绩效指标值 | 绩效度量单位, the project cells merged over 10 rows.
    r = processed(corpus / "wide" / "0487706e5973.pdf")
    assert not [c for c in r.scorecards if c.project_name == "项目总额"]  # a header cell, never a name
    review = card(r, "11000022T000000455794-评审工作经费", 17)
    assert (review.kind, review.pages, review.title) == (
        "performance_target",
        [17],
        "预算12表项目支出绩效目标表",
    )
    assert review.goal_planned is not None and review.goal_planned.startswith("按时、保质完成2026年各项评审")
    lines = funds(r, review)
    assert (
        lines["项目总额"].line,
        lines["项目总额"].budget_initial_raw,
        lines["项目总额"].budget_initial,
    ) == (
        "total",
        "839.000000",
        Decimal("8390000"),
    )
    assert (lines["其中：/财政资金"].line, lines["其中：/财政资金"].budget_initial_raw) == (
        "fiscal_appropriation",
        "839.000000",
    )
    assert (lines["其中：/其他资金"].line, lines["其中：/其他资金"].budget_initial_raw) == ("other", None)
    assert len(indicators(r, review)) == 10
    # 指标性质 "≥" and 度量单位 "个" stand in columns of their own beside the value "420".
    count = indicator(r, review, "评审项目数量")
    assert (count.level1, count.level2, *target(count)) == (
        "产出指标",
        "数量指标",
        "420",
        ">=",
        Decimal("420"),
        "个",
    )
    fee = indicator(r, review, "单个5000万以下一般预算项目付费金额")
    assert target(fee) == ("1.5", "<=", Decimal("1.5"), "万元")
    qualitative = indicator(
        r, review, "提高财政资金使用效益，节约财政资金、规范项目预算申报、推动支出标准建设"
    )
    assert target(qualitative) == ("优", "text", None, None)  # 指标性质 定性
    assert unplaced_in_grids(r, 17) == []


def test_block_straddling_a_page_break(corpus: Path) -> None:
    # p17 rows 15-18 and p18 rows 0-3 belong to one project whose merged cells are drawn across the
    # break. The column rules run past both grids' last (first) horizontal rule: closed there
    # (extractors.open_ends), p17 ends with a blank 项目名称 cell and p18 starts with the same cell,
    # holding the name and the amounts (项目总额 and 其中：财政资金, 67.70 万元). One block over both.
    r = processed(corpus / "wide" / "0487706e5973.pdf")
    block = card(r, "11000022T000000456408-企业财务会计决算报表工作服务", 18)
    assert block.pages == [17, 18]
    assert [(f.line_raw, f.budget_initial_raw, f.page) for f in funds(r, block).values()] == [
        ("项目总额", "67.700000", 18),
        ("其中：/财政资金", "67.700000", 18),
        ("其中：/其他资金", None, 18),
    ]
    rows = indicators(r, block)
    assert [(i.page, i.level3) for i in (rows[0], rows[-1])] == [
        (17, "聘用注册会计师单位成本"),
        (18, "会审、技术服务人员"),
    ]
    assert target(rows[0]) == ("800", "<=", Decimal("800"), "元/天")
    assert len(rows) == 8


def test_blocks_cut_by_the_page_beside_the_indicator_grid_keep_their_rows(corpus: Path) -> None:
    # pp. 17-43: where the page cuts a project's block, its frame (name, amounts, goal) is closed
    # along the indicator grid's rule (extractors.open_ends): every page's indicators land, under the
    # project whose block holds them. Before, a page whose grid ruled only the indicator columns was
    # left out (13 of the 27 pages) and its projects were cards without a name.
    r = processed(corpus / "wide" / "0487706e5973.pdf")
    targets = [c for c in r.scorecards if c.title == "预算12表项目支出绩效目标表"]
    assert all(c.project_name and c.project_name.startswith("110000") for c in targets)
    assert sorted({i.page for c in targets for i in indicators(r, c)}) == list(range(17, 44))
    # p18's last block goes on at p19's top, where its name and amounts are printed.
    closing = card(r, "11000022T000000456725-决算管理工作服务", 19)
    assert closing.pages == [18, 19] and len(indicators(r, closing)) == 14
    assert [(f.line, f.budget_initial_raw, f.page) for f in funds(r, closing).values()] == [
        ("total", "54.320000", 19),
        ("fiscal_appropriation", "54.320000", 19),
        ("other", None, 19),
    ]
    units = indicator(r, closing, "会审单位数")
    assert (units.page, units.level1, units.level2, *target(units)) == (
        19,
        "产出指标",
        "数量指标",
        "6741",
        ">=",
        Decimal("6741"),
        "家",
    )
    # A block from p22's foot over the whole of p23 to p24's top: one project, named on p23.
    accounting = card(r, "11000022T000000457215-会计管理业务服务", 23)
    assert accounting.pages == [22, 23, 24] and len(indicators(r, accounting)) == 15
    assert funds(r, accounting)["项目总额"].budget_initial == Decimal("374000")
    staff = indicator(r, accounting, "北京市行政事业单位内控报告编报服务驻场员工人数")
    assert (staff.page, *target(staff)) == (23, "1", ">=", Decimal("1"), "人")


def test_a_column_rule_left_out_beside_one_block_is_drawn_on(corpus: Path) -> None:
    # Beijing 水务局 预算12表 p136: for one project the rule between its merged 绩效目标 cell and its
    # indicator rows is left out; the rows' rules start at the column's place, which stops above
    # the block and starts again below it (extractors.open_ends draws it on across the gap). Before,
    # the goal and the rows' 一级指标 read as one cell, the level-1 name of all 13 indicators
    # ("满意度指标产出指标产出指标…通过为拦河闸闸门启闭机增设产出指标…").
    r = processed(corpus / "wide" / "19894b8491d4.pdf")
    project = card(r, "11000026T000003738919-水利工程运维类专项-三家店拦河闸应急启闭设备改造提升", 136)
    rows = indicators(r, project)
    assert [i.level1 for i in rows] == ["满意度指标"] + ["产出指标"] * 9 + ["成本指标"] * 2 + ["效益指标"]
    assert (rows[6].level2, rows[6].level3, *target(rows[6])) == (
        "数量指标",
        "可应急启闭闸门孔数",
        "2",
        "=",
        Decimal("2"),
        "个",
    )


def test_a_block_cut_by_the_page_goes_on_with_its_name_and_goal(corpus: Path) -> None:
    # Beijing 水务局 预算12表: where the page cuts a project's block, its name wraps over the cut
    # ("…-安全生产工" / "作经费", pp. 58-59) or begins at the foot ("11000023T000002068363-", p69)
    # and ends on the next page with the amounts ("城市供水行业监管项目 35.740600", p70). The part
    # without amounts goes on the block: one project, its whole name, its rows on both pages.
    r = processed(corpus / "wide" / "19894b8491d4.pdf")
    safety = card(r, "11000022T000001282014-安全生产工作经费", 58)
    assert (safety.pages, len(indicators(r, safety))) == ([58, 59], 9)
    assert funds(r, safety)["项目总额"].budget_initial_raw == "172.470853"
    supply = card(r, "11000023T000002068363-城市供水行业监管项目", 70)
    assert (supply.pages, len(indicators(r, supply))) == ([69, 70], 7)
    assert funds(r, supply)["项目总额"].budget_initial_raw == "35.740600"
    assert not [c for c in r.scorecards if c.project_name in ("作经费", "城市供水行业监管项目")]
    # p40: one 项目名称 cell over three funds blocks, the page cutting it at both ends, its column
    # (a single open rule beside the grid's side) closed along the grid's rules: the name printed
    # in its part on this page names all three.
    systems = cards(r, "11000021Y000000390843-信息系统运维类项目", 40)
    assert [funds(r, c)["项目总额"].budget_initial_raw for c in systems] == [
        "85.156800",
        "10.514756",
        "64.196166",
    ]
    # The goal cell cut likewise goes on (0487706e5973 pp. 17-18: "组织完成本市国" / "有企业…").
    finance = card(
        processed(corpus / "wide" / "0487706e5973.pdf"),
        "11000022T000000456408-企业财务会计决算报表工作服务",
        18,
    )
    assert (
        finance.goal_planned
        == "组织完成本市国有企业财务会计决算报告上报工作，决算报告相关数据供相关决策者参考。"
    )


def test_an_amount_wrapped_over_the_page_break_is_joined(corpus: Path) -> None:
    # Beijing 水务局 预算12表, pp. 98-99: the page cuts a block whose name and amounts both wrap over the
    # cut: "…-北京市京密引水管理处" / "水利工程日常维修养护费", "4,140.5681" / "31". The table prints six
    # decimals of 万元, so the parts are one amount, 4,140.568131, and one card (pp. 61-62 likewise:
    # "3,327.5954" / "37"). Both printed parts count as placed.
    r = processed(corpus / "wide" / "19894b8491d4.pdf")
    jingmi = card(r, "11000024Y000002891471-北京市京密引水管理处水利工程日常维修养护费", 98)
    assert (jingmi.pages, len(indicators(r, jingmi))) == ([98, 99], 18)
    total = funds(r, jingmi)["项目总额"]
    assert (total.budget_initial_raw, total.budget_initial, total.page) == (
        "4,140.568131",
        Decimal("41405681.31"),
        98,
    )
    miyun = [c for c in r.scorecards if c.project_name == "11000022Y000000430160-水利工程日常维修养护费"]
    assert [funds(r, c)["项目总额"].budget_initial_raw for c in miyun if 61 in c.pages] == [
        "1,353.144093",
        "3,327.595437",
    ]
    assert not [c for c in r.scorecards if c.project_name == "水利工程日常维修养护费"]
    placed = {u.sample for u in r.unplaced_amounts if u.page in (61, 62, 98, 99) and u.table_id}
    assert placed == set()


def test_a_name_cell_over_several_pages_names_the_blocks_of_all_its_parts(corpus: Path) -> None:
    # Beijing 水务局 预算12表, pp. 39-42: one 项目名称 cell runs over ten funds blocks and four pages;
    # its name is printed once, in its middle (p40's foot), its parts on pp. 39, 41 and 42 blank.
    # Each part at a page's top continues the part cut at the previous page's foot, so all ten
    # blocks are 信息系统运维类项目's; the cell that starts inside p42's grid is the next project's.
    r = processed(corpus / "wide" / "19894b8491d4.pdf")
    systems = [c for c in r.scorecards if c.project_name == "11000021Y000000390843-信息系统运维类项目"]
    assert [c.pages for c in systems] == [[39], [39], [40], [40], [40], [41], [41], [41, 42], [42], [42]]
    assert [funds(r, c)["项目总额"].budget_initial_raw for c in systems[:2]] == ["65.574000", "29.742252"]
    assert card(r, "11000022T000000391739-培训类项目", 42).pages == [42, 43]
    # p102: a cell starting inside the grid, blank there, named at p103's top (安保项目).
    guard = cards(r, "11000025T000003322006-安保项目", 102)
    assert [funds(r, c)["项目总额"].budget_initial_raw for c in guard] == ["363.870000"]
    assert [c for c in r.scorecards if c.project_name is None] == []


def test_continuation_grid_matched_by_position(corpus: Path) -> None:
    # p18's grid drops p17's empty border column (11 columns instead of 12): columns are matched by
    # position, so the funds and values of 财政监督业务服务 are read under the right headers.
    r = processed(corpus / "wide" / "0487706e5973.pdf")
    supervision = card(r, "11000022T000000456476-财政监督业务服务", 18)
    assert funds(r, supervision)["项目总额"].budget_initial == Decimal("3169769")
    days = indicator(r, supervision, "检查天数")
    assert (days.level1, days.level2, *target(days)) == (
        "产出指标",
        "数量指标",
        "300",
        ">=",
        Decimal("300"),
        "天",
    )


def test_one_project_cell_over_several_funds_blocks(corpus: Path) -> None:
    # Beijing 退役军人事务局 预算表12, p16: 培训类项目's name cell spans 18 rows over three funds
    # cells (9.574090, 192.145664, 34.100000), each with its own 绩效目标 and indicators.
    r = processed(corpus / "wide" / "2f257e97fa12.pdf")
    training = cards(r, "11000022T000000391739-培训类项目", 16)
    assert [funds(r, c)["项目总额"].budget_initial_raw for c in training] == [
        "9.574090",
        "192.145664",
        "34.100000",
    ]
    assert [c.goal_planned[:8] for c in training if c.goal_planned] == [
        "加强培训工作，培",
        "进一步加强培训工",
        "通过开展财务业务",
    ]
    systems = funds(r, card(r, "11000021Y000000390843-信息系统运维类项目", 16))
    assert [(f.line, f.budget_initial_raw) for f in systems.values()] == [
        ("total", "675.970000"),
        ("fiscal_appropriation", "435.970000"),
        ("other", "240.000000"),
    ]
    assert unplaced_in_grids(r, 16) == []


def test_block_grid_repeating_title_and_header_on_every_page(corpus: Path) -> None:
    # 首都绿化委员会办公室 预算12表, pp. 12-23: each page repeats the title and header; the pages are
    # one table, one scorecard per project.
    r = processed(corpus / "wide" / "320e70bba500.pdf")
    projects = [c for c in r.scorecards if c.title == "预算12表项目支出绩效目标表"]
    assert all(c.project_name and c.project_name.startswith("110000") for c in projects)
    nursery = card(r, "11000025T000003353495-保障性苗木储备", 13)
    assert funds(r, nursery)["项目总额"].budget_initial_raw == "300.000000"
    assert r.document.amount_cells_placed == r.document.amount_cells


# --- department-wide targets -------------------------------------------------------------------


def test_department_target_with_split_funds_header_and_packed_indicators(corpus: Path) -> None:
    # Beijing 预算13表部门整体支出绩效目标表, pp. 44-47: 预算支出总额 | 财政拨款 (合计 | 基本支出 | 项目支出)
    # | 其他资金 (…) over one row of amounts; indicators under 活动 | 绩效指标 (all three levels in one
    # cell: "产出指标数量指标财政评审项目数量") | 指标性质 | 指标值 | 度量单位.
    r = processed(corpus / "wide" / "0487706e5973.pdf")
    department = card(r, "北京市财政局", 44)
    assert (department.pages, department.kind) == ([44, 45, 46, 47], "performance_target")
    lines = funds(r, department)
    assert [(f.line, f.line_raw, f.budget_initial_raw) for f in lines.values()] == [
        ("total", "预算支出总额", "44,169.357532"),
        ("fiscal_appropriation", "财政拨款/合计", "44,169.357532"),
        (None, "财政拨款/基本支出", "28,016.258321"),
        (None, "财政拨款/项目支出", "16,153.099211"),
    ]
    reviews = indicator(r, department, "财政评审项目数量")
    assert (reviews.level1, reviews.level2, reviews.page, *target(reviews)) == (
        "产出指标",
        "数量指标",
        44,
        "420",
        ">=",
        Decimal("420"),
        "个",
    )
    assert unplaced_in_grids(r, 44) == []


def test_department_target_with_label_amount_pairs_and_tasks(corpus: Path) -> None:
    # Guangzhou 部门整体预算绩效目标申报表 (one page): "基本支出 | 58,118.59 | 财政拨款 | 92,008.68" (two
    # label and amount pairs per row) and 年度重点工作任务 rows with 拟投入的资金（万元）.
    r = processed(corpus / "wide" / "4273ff506073.pdf")
    (department,) = r.scorecards
    assert department.project_name == "广州市生态环境局"
    lines = funds(r, department)
    assert (lines["财政拨款"].line, lines["财政拨款"].budget_initial) == (
        "fiscal_appropriation",
        Decimal("920086800"),
    )
    assert (lines["其他资金"].line, lines["其他资金"].budget_initial_raw) == ("other", "1,577.77")
    assert (
        lines["基本支出/预算金额（万元）"].line,
        lines["基本支出/预算金额（万元）"].budget_initial_raw,
    ) == (
        None,
        "58,118.59",
    )
    task = lines["加强大气污染防治，做好应对气候变化/拟投入的资金（万元）"]
    assert (task.line, task.budget_initial) == (None, Decimal("23276700"))
    assert (r.document.amount_cells_placed, r.document.amount_cells) == (13, 13)


def test_department_target_with_task_rows(corpus: Path) -> None:
    # Xi'an 2019 部门整体支出绩效目标表, p33: 年度主要任务 rows under 预算金额（万元）/ 总额 | 财政拨款 |
    # 其他资金 and a 金额合计 row, which alone holds the scorecard's lines.
    r = processed(corpus / "wide" / "1598881bee42.pdf")
    department = card(r, "西安市安全生产监督管理局", 33)
    lines = funds(r, department)
    assert (lines["金额合计"].line, lines["金额合计"].budget_initial_raw) == ("total", "3,643.37")
    assert (lines["金额合计/财政拨款"].line, lines["金额合计/财政拨款"].budget_initial_raw) == (
        "fiscal_appropriation",
        "3,643.37",
    )
    task = lines["1.机关运行及人员保障/总额"]
    assert (task.line, task.budget_initial) == (None, Decimal("20223900"))
    # p39: the 专项资金整体支出绩效目标表 labels its name 专项（项目）名称 (the printed name, as printed).
    special = card(r, "西安市安全生产监督管理局", 39)
    assert funds(r, special)["实施期资金总额"].budget_initial_raw == "1620.98"
    assert r.document.amount_cells_placed == r.document.amount_cells


def test_department_name_from_the_line_above_the_grid(corpus: Path) -> None:
    # Chongqing 部门整体绩效目标表, p26: "单位名称:重庆市科学技术局" printed above the grid; indicators
    # under 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%) (no level columns).
    r = processed(corpus / "wide" / "129d7714f50b.pdf")
    department = card(r, "重庆市科学技术局", 26)
    contracts = indicator(r, department, "技术合同成交额")
    assert (*target(contracts), contracts.weight_raw) == ("950", ">=", Decimal("950"), "亿元", "15")


# --- labelled project targets --------------------------------------------------------------------


def test_key_fund_target_with_budget_split_by_level(corpus: Path) -> None:
    # Chongqing 市级重点专项资金绩效目标表, p27: 当年预算 | 109,703.00 | 市级支出 | 109,703.00 / 补助区县.
    r = processed(corpus / "wide" / "129d7714f50b.pdf")
    fund = card(r, "科技发展专项", 27)
    assert [(f.line, f.line_raw, f.budget_initial_raw) for f in funds(r, fund).values()] == [
        ("total", "当年预算", "109,703.00"),
        (None, "市级支出", "109,703.00"),
    ]
    rate = indicator(r, fund, "年度预算执行率")
    assert (*target(rate), rate.weight) == ("100", "=", Decimal("100"), "%", Decimal("10"))
    # p28 市级一般性项目绩效目标表: a project-block grid with one funds column.
    general = card(r, "科学事务管理", 28)
    (appropriation,) = funds(r, general).values()
    assert (appropriation.line, appropriation.budget_initial_raw) == ("fiscal_appropriation", "26,675.34")
    archive = indicator(r, general, "完成文书档案数字化量")
    assert (*target(archive), archive.weight_raw) == ("1.8", ">=", Decimal("1.8"), "万件", "15")
    assert r.document.amount_cells_placed == r.document.amount_cells
    # ba3f623fa089 p29 prints both halves: 市级支出 122,876.00 and 补助区县 89,901.00 (header "计量。单位").
    industry = processed(corpus / "wide" / "ba3f623fa089.pdf")
    special = card(industry, "市工业和信息化专项", 29)
    assert funds(industry, special)["补助区县"].budget_initial_raw == "89,901.00"
    software = indicator(industry, special, "全市软件和信息服务业产值规模")
    assert target(software) == ("5600", ">=", Decimal("5600"), "亿元")


def test_annual_block_beside_implementation_period_block(corpus: Path) -> None:
    # Xi'an 2022 专项资金总体绩效目标表, p70: 实施期资金总额 301800.00 | 年度资金总额 200000.00 side by
    # side; the year's block holds the scorecard's lines, the period's keeps its own labels.
    r = processed(corpus / "wide" / "1bb348cfd18e.pdf")
    housing = card(r, "公租房新建续建项目专项资金", 70)
    assert [(f.line, f.line_raw, f.budget_initial_raw) for f in funds(r, housing).values()] == [
        (None, "实施期资金总额：", "301800.00"),
        ("total", "年度资金总额：", "200000.00"),
        (None, "实施期资金总额：/其中：财政拨款", "301800.00"),
        ("fiscal_appropriation", "其中：财政拨款", "200000.00"),
        ("other", "其他资金", None),
    ]


def test_annual_budget_total_label(corpus: Path) -> None:
    # Yantai 政策和项目预算绩效目标表, p34: "年度预算资金总额：| 18.00" beside the 项目资金（万元） block label.
    r = processed(corpus / "wide" / "107303e1f27b.pdf")
    cars = card(r, "实施公车统管", 34)
    total = funds(r, cars)["年度预算资金总额："]
    assert (total.line, total.budget_initial) == ("total", Decimal("180000"))
    assert unplaced_in_grids(r, 34) == []


def test_amount_printed_with_its_unit(corpus: Path) -> None:
    # Xi'an 2022 部门预算专项业务经费绩效目标表, p93: "实施期资金总额：| 337770.89万元".
    r = processed(corpus / "wide" / "1c37dcb59b81.pdf")
    duty = card(r, "其他履职尽责专项业务费", 93)
    total = funds(r, duty)["实施期资金总额："]
    assert (total.line, total.budget_initial_raw, total.budget_initial) == (
        "total",
        "337770.89万元",
        Decimal("3377708900"),
    )


def test_funds_block_on_the_page_after_the_name(corpus: Path) -> None:
    # Fuzhou 项目绩效目标表, pp. 26-27: the funds block (资金总额 | 745.00 …) stands on the second page.
    r = processed(corpus / "wide" / "3eeafd201351.pdf")
    (subsidy,) = [c for c in r.scorecards if c.pages == [26, 27]]
    assert [(f.line, f.budget_initial_raw, f.page) for f in funds(r, subsidy).values()] == [
        ("total", "745.00", 27),
        ("fiscal_appropriation", "745.00", 27),
        ("other", "0.00", 27),
    ]


def test_budget_code_is_no_amount(corpus: Path) -> None:
    # Quanzhou 部门整体支出绩效目标表, p52: "部门预算编码 | 301" is a code; 项目支出 / 基本支出 are parts.
    r = processed(corpus / "wide" / "9c0366cc8337.pdf")
    police = card(r, "泉州市公安局", 52)
    assert [(f.line, f.line_raw, f.budget_initial_raw) for f in funds(r, police).values()] == [
        ("total", "资金总额", "81562.56"),
        (None, "项目支出", "29514.82"),
        (None, "基本支出", "52047.74"),
        ("other", "其他资金", "0.00"),
    ]


def test_labelled_continuation_matched_by_position(corpus: Path) -> None:
    # Xi'an 2022 部门预算专项业务经费绩效目标表, p64 continues p63 with one column fewer: matched by
    # position, "8万元" is the target of 指标2 (it was read as its level-3 name before).
    r = processed(corpus / "wide" / "41cd3dcb9588.pdf")
    consulting = card(r, "委托咨询业务", 64)
    audit = indicator(r, consulting, "指标2：中央服务业专项资金--供应链体系建设项目审计、绩效评价和验收费用")
    assert (audit.page, *target(audit)) == (64, "8万元", "=", Decimal("8"), "万元")


def test_merged_level_cells_left_open_at_a_page_break(corpus: Path) -> None:
    # Same scorecard: 产出指标 runs from the header to the foot of p63 and 成本指标 from p63's last
    # row onto p64's first four; neither has a closing rule, so the grids hold no cell for them and
    # their labels print as plain text in their columns. Every row carries them across the break.
    r = processed(corpus / "wide" / "41cd3dcb9588.pdf")
    consulting = card(r, "委托咨询业务", 64)
    rows = indicators(r, consulting)
    assert len(rows) == 40
    first = indicator(r, consulting, "指标1：评审次数")
    assert (first.page, first.level1, first.level2) == (63, "产出指标", "数量指标")
    review = indicator(r, consulting, "指标1：评审、审计费用")  # p63's last row: 成本指标 prints on p64
    assert (review.page, review.level1, review.level2, review.target_raw) == (
        63,
        "产出指标",
        "成本指标",
        "61.5万元",
    )
    audit = indicator(r, consulting, "指标2：中央服务业专项资金--供应链体系建设项目审计、绩效评价和验收费用")
    assert (audit.page, audit.level1, audit.level2) == (64, "产出指标", "成本指标")
    parallel = indicator(r, consulting, "指标5：汽车平行进口、二手车出口企业资质和专项资金项目评审费")
    assert (parallel.level1, parallel.level2, parallel.target_raw) == ("产出指标", "成本指标", "3.5万元")
    trade = indicator(r, consulting, "指标1：外贸进出口额")  # the next block closes on the page: as before
    assert (trade.level1, trade.level2) == ("效益指标", "经济效益指标")
    assert [i for i in rows if i.level1 is None or i.level2 is None] == []


def test_level_cell_cut_by_two_page_breaks_labels_its_rows_on_all_three_pages(corpus: Path) -> None:
    # Xi'an 2019 专项业务经费绩效目标表, pp. 40-42: the 产出指标 cell runs from p40's first row to the
    # 成本指标 rows on p42, its label printed on p41 only; its column (one column of merged cells
    # beside the indicator grid) is closed at each break along the grid's rule. Then the 效益指标
    # cell begins at p42's 经济效益指标 row and runs past the page's foot, its label printed on p43:
    # the rows at p42's foot take 效益指标, the rows above them 产出指标.
    r = processed(corpus / "wide" / "1598881bee42.pdf")
    rows = [i for i in r.scorecard_indicators if i.page in (40, 41, 42)]
    output = {i.level2 for i in rows if i.level1 == "产出指标"}
    assert output == {"数量指标", "质量指标", "时效指标", "成本指标"}
    assert len([i for i in rows if i.level1 == "产出指标"]) == 56
    economic = [i for i in rows if i.level2 == "经济效益指标"]
    assert [(i.page, i.level1, i.target_raw) for i in economic] == [(42, "效益指标", "减少经济损失")]
    assert [i for i in r.scorecard_indicators if i.level1 is None] == []


def test_level_label_split_by_a_page_break(corpus: Path) -> None:
    # Xi'an 部门预算专项业务经费绩效目标表, pp. 52-53: the 效益指标 cell is open across the break and its
    # label, stacked one character a line, prints "效" at p52's foot and "益 / 指 / 标" at p53's top.
    r = processed(corpus / "wide" / "627c16eab5a5.pdf")
    info = card(r, "中小企业、民营经济综合服务信息费", 53)
    foot = indicator(r, info, "指标1：提高中小企业信息平台发展服务能力")
    social = indicator(r, info, "指标1：提高本单位社会影响力，提高发展服务能力")
    assert (foot.page, foot.level1) == (52, "效益指标")
    assert (social.page, social.level1, social.level2) == (53, "效益指标", "社会效益指标")
    # pp. 54-55: a new 效益指标 cell whose top rule is drawn on p54 only: not joined to p54's 产出指标.
    repair = card(r, "女生公寓维修", 55)
    cost = indicator(r, repair, "指标2：女生公寓卫生间修缮工程")
    lifetime = indicator(r, repair, "指标1：女生公寓维修改造后可持续使用年限")
    assert (cost.page, cost.level1, cost.level2) == (54, "产出指标", "成本指标")
    assert (lifetime.page, lifetime.level1, lifetime.level2) == (55, "效益指标", "可持续影响指标")


def test_level1_column_whose_header_is_left_blank(corpus: Path) -> None:
    # Xi'an 2022 部门整体支出绩效目标表 (表15), pp. 56-59: the indicator header prints "| 二级指标 | 指标内容 |
    # 指标值", the first level column's header cell blank; the cell under it prints 产出指标. Its merged
    # cells run over the page breaks (产出指标 from p56 to p58, 效益指标 from p58 to p59).
    r = processed(corpus / "wide" / "627c16eab5a5.pdf")
    rows = [i for i in r.scorecard_indicators if i.page in (56, 57, 58, 59)]
    assert len(rows) == 69 and [i for i in rows if i.level1 is None] == []
    whole = card(r, "西安市工业和信息化局", 56)
    pay = indicator(r, whole, "指标1：人员工资支付率")
    assert (pay.page, pay.level1, pay.level2, pay.target_raw) == (56, "产出指标", "数量指标", "100%")
    fees = indicator(r, whole, "指标8：设备购置费")
    assert (fees.page, fees.level1, fees.level2) == (58, "产出指标", "成本指标")
    carbon = indicator(r, whole, "指标3：碳达峰、碳中和")
    assert (carbon.page, carbon.level1, carbon.level2) == (59, "效益指标", "可持续影响指标")
    users = indicator(r, whole, "指标8：用户满意度")
    assert (users.page, users.level1, users.level2) == (59, "满意度指标", "服务对象满意度指标")
    assert [i for i in r.scorecard_indicators if i.level1 is None] == []


def test_a_target_list_keeps_its_total_and_unit_rows_and_names_each_projects_unit(corpus: Path) -> None:
    # Layout: a list-form 项目支出绩效目标表 under 项目名称（资金使用单位） | 总计： | 财政拨款 | 财政专户拨款 |
    # 其他资金 | 绩效目标 | 绩效指标, one grid per page. Between the projects stand rows without indicators:
    # 合计： and each 资金使用单位 with its subtotal. The list is a table of amounts (kind
    # performance_target_list, every funds row a line item, header and label colons dropped), and a
    # unit row names the implementing unit of the projects below it, across page breaks.
    result = processed(corpus / "wide/7168026ded9b.pdf")
    items = {
        (i.page, i.item_name, i.measure): i.amount
        for i in result.line_items
        if i.table_kind == "performance_target_list"
    }
    assert items[(1, "合计", "total")] == Decimal("373678600")
    assert items[(1, "合计", "other_funds")] == Decimal("15777700")
    assert items[(1, "广州市生态环境局", "fiscal_appropriation")] == Decimal("128878600")
    assert items[(23, "广州市固体废物管理中心", "total")] == Decimal("1633900")
    document = result.document
    assert (document.amount_cells, document.amount_cells_placed) == (695, 695)
    assert len(result.scorecards) == 300 and all(card.implementing_unit for card in result.scorecards)
    cards = {card.project_name: card for card in result.scorecards}  # names repeat under other units
    assert cards["民安大厦物业管理费"].implementing_unit == "广州市固体废物管理中心"  # p23, unit on p23
    assert cards["广州市固体废物管理中心2026—2027年信息化运维项目"].implementing_unit == (
        "广州市固体废物管理中心"  # p26: the unit named on p23, carried over the breaks
    )
    assert cards["广州市美丽河湖保护与建设项目管理技术支撑项目"].implementing_unit == "广州市生态环境局"


def test_a_target_list_unpacks_each_projects_indicators(corpus: Path) -> None:
    # The same list's 绩效指标 cell packs a project's indicators as "1.1－产出指标，11－数量指标，name；
    # 实施周期指标值：X，年度指标值：Y；2、…" (full-width comma and dash, where the parser knew only
    # "1、1-产出指标；11-数量指标；name；…"): each is a row of its own under its level-1 and level-2
    # names, its target the year's (年度指标值). Every project of the 140 pages has its indicators.
    result = processed(corpus / "wide/7168026ded9b.pdf")
    assert all(card.n_indicators for card in result.scorecards)
    assert len(result.scorecard_indicators) == 1771
    assert {i.level1 for i in result.scorecard_indicators} == {
        "产出指标",
        "效益指标",
        "成本指标",
        "满意度指标",
    }
    card = next(
        c for c in result.scorecards if c.project_name == "广州市镇（街）园区环保监督检查员经费（增城区）"
    )
    rows = indicators(result, card)
    assert (card.pages, len(rows)) == ([5], 6)
    assert [(i.level1, i.level2, i.level3, i.target_raw) for i in rows[:2]] == [
        ("产出指标", "数量指标", "项目专职环保员数量", "≦核定人数"),
        ("产出指标", "质量指标", "环境应急事件响应率", "100%"),
    ]
    complaints = indicator(result, card, "环保信访投诉办结率")
    assert (complaints.level2, *target(complaints)) == ("社会效益", "≥90%", ">=", Decimal("90"), "%")
    # the year's target printed blank ("年度指标值：" then the next item's number): no target
    review = [i for i in result.scorecard_indicators if i.page == 92 and i.level3 == "总结报告通过专家评审"]
    assert [(i.target_raw, i.level2) for i in review] == [(None, "质量指标")]


def test_targets_with_a_name_or_a_long_unit(corpus: Path) -> None:
    # Guangzhou prints units outside the short list (微克/立方米, 个工作日); Xi'an's meteorological
    # card prints its measure before the comparison (满意度≥95%).
    r = processed(corpus / "wide" / "7168026ded9b.pdf")
    row = indicator(r, card(r, "机动车排放监督管理数据巡查保障工作经费", 28), "验收完成时间")
    assert (row.target_op, row.target_value, row.target_unit) == ("<=", Decimal("20"), "个工作日")
    row = indicator(r, card(r, "广州市全运会环境空气质量提升保障方案研究", 17), "细颗粒物（PM2.5）年均浓度")
    assert (row.target_op, row.target_value, row.target_unit) == ("<=", Decimal("25"), "微克/立方米")
    r = processed(corpus / "wide" / "5d77663c3523.pdf")
    row = indicator(r, card(r, "其他履职经费", 31), "指标2：决策气象服务满意度")
    assert (row.target_raw, row.target_op, row.target_value, row.target_unit) == (
        "满意度≥95%",
        ">=",
        Decimal("95"),
        "%",
    )


def test_the_header_row_repeated_atop_the_next_page_is_no_indicator(corpus: Path) -> None:
    # Beijing 预算14表 (19894b8491d4 pp153-155): each page repeats "一级指标 | 二级指标 | 三级指标 | 指标值".
    # The repeat is no indicator row, and no level label: p153's 数量指标 rows are under the 产出指标 cell
    # that p154 labels; p154's 社会效益指标 rows at the foot and p155's rows above 满意度指标 are under a
    # 效益 cell whose label neither page prints, so their 一级指标 stays empty (not the 满意度指标 below).
    result = processed(corpus / "wide/19894b8491d4.pdf")
    rows = [i for i in result.scorecard_indicators if i.page in (153, 154, 155)]
    assert not [i for i in rows if i.level1 == "一级指标" or i.level3 == "三级指标"]
    by_name = {(i.page, i.level3): (i.level1, i.level2) for i in rows}
    assert by_name[(153, "指标1：大中型水库农转非移民补贴资金发放人数")] == ("产出指标", "数量指标")
    assert by_name[(154, "指标3：生产生活用水控制在市级指标以内")] == (None, "社会效益指标")
    assert by_name[(155, "指标5：节水用水增效利用试点项目节水率")] == (None, "社会效益指标")
    assert by_name[(155, "指标1：受益群众满意度")] == ("满意度指标", "服务对象满意度指标")
    # Chongqing's department targets repeat "指标名称 | 指标值" atop a continuation page (0d1282d352e7 p27)
    chongqing = processed(corpus / "budget/0d1282d352e7.pdf")
    assert not [i for i in chongqing.scorecard_indicators if i.level3 == "指标名称"]
    assert [
        i.target_raw for i in chongqing.scorecard_indicators if i.level3 == "新增限额以上商贸市场主体数量"
    ] == ["2000"]


def test_a_blank_forms_placeholder_rows_are_no_indicators(corpus: Path) -> None:
    # Yantai 2026 p52: the 专项资金总体绩效目标表 is printed as a blank form, its 三级指标 cells "......";
    # the 11 rows under 一级/二级指标 name no indicator and give no value.
    result = processed(corpus / "wide/300855efd7b0.pdf")
    blank = [c for c in result.scorecards if 52 in c.pages]
    assert len(blank) == 1
    assert indicators(result, blank[0]) == []
    assert not [i for i in result.scorecard_indicators if (i.level3 or "").strip(".…") == ""]


def test_a_name_wrapped_past_its_cells_rule_continues_the_indicator_above(corpus: Path) -> None:
    # Xi'an 2022 p31: "指标2：做好抗旱减灾、森林防火及治污减霾工" / "作" — the last line of the name sits below
    # the cell's rule, in a row of its own that prints no value; the card numbers its indicators and the
    # line carries no number: it ends the name above, no indicator of its own.
    result = processed(corpus / "wide/5d77663c3523.pdf")
    names = [i.level3 for i in result.scorecard_indicators if i.page == 31]
    assert "指标2：做好抗旱减灾、森林防火及治污减霾工作" in names
    assert "指标1：降低森林火险等级，增加水源地生态涵养" in names
    assert "作" not in names and "养" not in names
    assert len(names) == 32


def test_a_cells_text_its_clip_hides_stays_with_its_block(corpus: Path) -> None:
    # Beijing 预算12表 (19894b8491d4): a block's name or goal too long for its cell wraps onto lines
    # drawn below the cell's rule and hidden by its clip. They began the next block's name
    # ("统运维类项11000024Y…", p94) and goal ("设管理水平。通过开展…", p44); they now end their own.
    cards = {c.scorecard_id: c for c in processed(corpus / "wide/19894b8491d4.pdf").scorecards}
    assert (
        cards["19894b8491d4-s134"].project_name
        == "11000024Y000002890218-北京市十三陵水库管理处信息系统运维类项目"
    )
    assert (cards["19894b8491d4-s016"].goal_planned or "").endswith("提高生态清洁小流域建设管理水平。")
    assert (cards["19894b8491d4-s017"].goal_planned or "").startswith("通过开展年度水土流失动态监测")
