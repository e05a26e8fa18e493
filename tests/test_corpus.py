"""Real published documents from the shared corpus (skipped when DISCLOSURE_CORPUS is absent)."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, processed
from disclosure.normalizers.vocabulary import TABLE_KINDS
from disclosure.pipeline.evaluate_scoring import ItemKey, score_document
from disclosure.pipeline.evaluate_truth import read_truth

INVENTORY = DATA / "corpus_standard_tables.csv"


def expected_tables() -> dict[str, set[tuple[str, int]]]:
    """doc -> {(table_kind, first page)} read off the documents by hand (tests/data)."""
    expected: dict[str, set[tuple[str, int]]] = defaultdict(set)
    with INVENTORY.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kinds = expected[row["doc"]]
            if row["table_kind"] != "none":
                kinds.add((row["table_kind"], int(row["pages"].split(";")[0])))
    return expected


EXPECTED = expected_tables()


def corpus_file(corpus: Path, doc: str) -> Path:
    for folder in ("final", "budget"):
        path = corpus / folder / f"{doc}.pdf"
        if path.exists():
            return path
    raise FileNotFoundError(doc)


@pytest.mark.parametrize("doc", sorted(EXPECTED))
def test_standard_tables_classified_exactly(corpus: Path, doc: str) -> None:
    result = processed(corpus_file(corpus, doc))
    found = {(t.table_kind, t.pages[0]) for t in result.tables if t.table_kind in TABLE_KINDS}
    assert found == EXPECTED[doc]


def test_truth_file_recall_is_complete(corpus: Path) -> None:
    truth_dir = corpus.parent / "spec" / "truth"
    truth = read_truth(truth_dir / "d45e923176f9.lines.csv")
    result = processed(corpus / "final" / "d45e923176f9.pdf")
    items = [
        ItemKey(li.table_kind, li.side, li.code, li.item_name, li.measure, li.amount)
        for li in result.line_items
    ]
    score = score_document(truth, items)
    assert [(m.table_kind, m.item_name, m.measure, m.value_raw) for m in score.missing] == []
    assert score.found == 195


def test_putuo_finance_bureau_figures(corpus: Path) -> None:
    result = processed(corpus / "final" / "d45e923176f9.pdf")
    doc = result.document
    assert (doc.agency, doc.fiscal_year, doc.doc_kind) == ("上海市普陀区财政局", 2024, "final")

    def one(kind: str, measure: str, **keys: str) -> Decimal:
        found = [
            li.amount
            for li in result.line_items
            if li.table_kind == kind
            and li.measure == measure
            and all(getattr(li, k) == v for k, v in keys.items())
        ]
        assert len(found) == 1, found
        return found[0]

    assert one("income_expenditure_summary", "final", item_name="一般公共预算财政拨款收入") == Decimal(
        "29400500.00"
    )
    assert one("expenditure", "total", code="2010601") == Decimal("15118900.00")
    assert one("expenditure", "basic", code="2010601") == Decimal("15035200.00")
    assert one("expenditure", "project", code="2010601") == Decimal("83700.00")
    assert one("three_public", "budget", item_name="合计") == Decimal("9500.00")


def test_budget_in_yuan_with_unit_row_total(corpus: Path) -> None:
    # 上海市普陀区人民政府万里街道办事处 2024 budget: tables printed in 元, continued over 4 pages.
    result = processed(corpus / "budget" / "9cf8afd0f960.pdf")
    doc = result.document
    assert (doc.doc_kind, doc.fiscal_year) == ("budget", 2024)
    assert doc.agency == "上海市普陀区人民政府万里街道办事处"
    general = [t for t in result.tables if t.table_kind == "general_budget_expenditure"][0]
    assert general.unit == "元" and general.pages == [22, 23, 24, 25, 26]
    amounts = {
        (li.code, li.measure): li.amount for li in result.line_items if li.table_kind == "income" and li.code
    }
    assert amounts[("2013802", "total")] == Decimal("135200")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("corrupt-fec1a75496df.pdf", "truncated or corrupt PDF"),
        ("dummy-text.pdf", "not a PDF"),
        ("git-lfs-pointer.pdf", "Git LFS pointer"),
        ("hello.pdf", "not a PDF"),
        ("html-page-saved-as.pdf", "HTML page"),
        ("truncated-d45e923176f9.pdf", "truncated or corrupt PDF"),
    ],
)
def test_bad_corpus_files_fail_with_a_reason(corpus: Path, name: str, message: str) -> None:
    doc = processed(corpus / "bad" / name).document
    assert doc.status == "failed"
    assert message in doc.error
    assert "\n" not in doc.error


@pytest.mark.slow
@pytest.mark.ocr
def test_scanned_documents_are_reported_not_crashed(corpus: Path) -> None:
    doc = processed(corpus / "scanned" / "2835cde9d3d0.pdf").document
    assert doc.image_pages == 8 and doc.text_pages == 0
    mixed = processed(corpus / "scanned" / "14a2fb3edade.pdf").document
    # Scanned pages are read by OCR now (tests/test_ocr.py), so the mixed document is complete.
    assert mixed.status == "ok" and mixed.image_pages == 2 and mixed.text_pages == 4


def expected_documents() -> dict[str, dict[str, str]]:
    """doc -> its kind, scope, agency and year as printed in it (tests/data, checked by hand)."""
    with (DATA / "corpus_documents.csv").open(encoding="utf-8") as handle:
        return {row["doc"]: row for row in csv.DictReader(handle)}


EXPECTED_DOCUMENTS = expected_documents()


@pytest.mark.parametrize("doc", sorted(EXPECTED_DOCUMENTS))
def test_document_facts_from_content(corpus: Path, doc: str) -> None:
    expected = EXPECTED_DOCUMENTS[doc]
    got = processed(corpus_file(corpus, doc)).document
    assert got.doc_kind == expected["doc_kind"]
    assert (got.scope or "") == expected["scope"]
    assert (got.agency or "") == expected["agency"]
    assert str(got.fiscal_year or "") == expected["fiscal_year"]


@pytest.mark.parametrize(
    ("doc", "item", "measure", "yuan"),
    [
        # 三公 categories as columns, rows 预算数 / 决算数 (西安 2022 final, with 会议费 and 培训费)
        ("d504cbd6d86e", "合计", "budget", "5934600.00"),
        ("d504cbd6d86e", "合计", "final", "5875500.00"),
        ("d504cbd6d86e", "公务用车运行费", "final", "4509600.00"),
        ("d504cbd6d86e", "会议费", "final", "868100.00"),
        # categories under a year label, leaves 购置费 / 运行费 (普陀 万里街道 2024 budget)
        ("9cf8afd0f960", "公务用车购置费", "budget", "250000.00"),
        ("9cf8afd0f960", "公务用车运行费", "budget", "215600.00"),
        # 上年 / 当年 / 增减 groups (西安 2026 budget): the group decides the measure
        ("04febc962e5d", "培训费", "change", "-172400.00"),  # 230,000.00 - 402,400.00 元
    ],
)
def test_three_public_layouts(corpus: Path, doc: str, item: str, measure: str, yuan: str) -> None:
    result = processed(corpus_file(corpus, doc))
    amounts = [
        li.amount
        for li in result.line_items
        if li.table_kind == "three_public" and li.item_name == item and li.measure == measure
    ]
    assert Decimal(yuan) in amounts


@pytest.mark.parametrize(
    ("doc", "check_id", "expected", "actual", "page"),
    [
        # 福州 巡特警支队 2026: 20402 公安 prints 7,927.40 万元, its 项 rows add up to 7,608.16
        ("1881fe43526f", "expenditure.20402.equals_children.total", "79274000.00", "76081600.00", 10),
        # 苏州 自然资源和规划局 2026: the 一般公共预算支出表 合计 9,078.52 leaves out 类 222 (388.25)
        (
            "2792306063d2",
            "general_budget_expenditure.total_equals_classes.total",
            "90785200.00",
            "94667700.00",
            20,
        ),
        # 普陀 司法局 2026: 2040601 行政运行 prints the 款's 项目支出 64,840,547.00 again
        ("ad92f2d01b2a", "expenditure.row_parts.2040601", "14348853.34", "79189400.34", 11),
    ],
)
def test_budget_reconciliation_finds_printed_errors(
    corpus: Path, doc: str, check_id: str, expected: str, actual: str, page: int
) -> None:
    checks = {c.check_id: c for c in processed(corpus_file(corpus, doc)).checks}
    check = checks[check_id]
    assert check.status == "fail"
    assert (check.expected, check.actual) == (Decimal(expected), Decimal(actual))
    assert page in check.pages


def test_budgets_reconcile_where_the_print_is_right(corpus: Path) -> None:
    for doc in ("4b2b43b66e18", "9cf8afd0f960", "b06718491296", "ef2db536657d"):
        statuses = {c.status for c in processed(corpus_file(corpus, doc)).checks}
        assert "fail" not in statuses, doc
        assert "pass" in statuses, doc
    # 普陀 司法局's department edition: its tables reconcile; its narrative prints 43269.3万元 for the
    # year before's 3269.3 (p9, "增加17.62%") and copies 17.66 % to the next line (91.97 on 77.99)
    failed = {c.check_id for c in processed(corpus_file(corpus, "c8821d984a54")).checks if c.status == "fail"}
    assert failed == {
        "narrative.change_pct.general_budget_item.2040699",
        "narrative.change_pct.general_budget_item.2080506",
    }
    # 万里街道 2024 一般公共预算基本支出 (p29): 30101 基本工资 合计 5,873,551 = 人员经费 5,873,551 + 公用经费 0
    checks = {c.check_id: c for c in processed(corpus_file(corpus, "9cf8afd0f960")).checks}
    wages = checks["general_budget_basic_expenditure.row_parts.30101"]
    assert (wages.status, wages.expected, wages.actual) == ("pass", Decimal("5873551"), Decimal("5873551"))


def test_two_digit_codes_keep_their_zero(corpus: Path) -> None:
    # 万里街道 2024 prints 款 02 and 07 as "2" and "7" in the 基本支出 table
    codes = {li.code for li in processed(corpus_file(corpus, "9cf8afd0f960")).line_items if li.code}
    assert {"30102", "30107"} <= codes
    assert not {"3012", "3017"} & codes


def test_two_classification_schemes_on_one_row(corpus: Path) -> None:
    # 西安 2026 budget 表8: 部门经济科目 and 政府经济科目 side by side on each row
    items = [
        li
        for li in processed(corpus_file(corpus, "04febc962e5d")).line_items
        if li.table_kind == "general_budget_basic_expenditure"
        and li.code == "30101"
        and li.measure == "total"
    ]
    assert len(items) == 1
    item = items[0]
    assert (item.code_scheme, item.item_name) == ("economic", "基本工资")
    assert (item.alt_code, item.alt_code_scheme, item.alt_item_name) == (
        "50101",
        "government_economic",
        "工资奖金津补贴",
    )
    assert item.amount == Decimal("13846140.00")


def test_bracketed_codes_under_a_header_that_says_budget(corpus: Path) -> None:
    # 广州市商务局 2026 表6: one label column "部门预算支出经济科目" holding "[30101]基本工资", title after "表6"
    result = processed(corpus_file(corpus, "0a58e7a1c157"))
    table = next(t for t in result.tables if t.table_kind == "general_budget_basic_expenditure")
    assert table.title == "一般公共预算基本支出情况表（按经济分类科目）"
    items = {(li.code, li.item_name): li.amount for li in result.line_items if li.table_id == table.table_id}
    assert items[("30101", "基本工资")] == Decimal("18173400.00")
    assert items[(None, "合计")] == Decimal("163107300.00")


@pytest.mark.parametrize(
    ("doc", "fact", "value", "change"),
    [
        # 普陀 万里街道 2024 budget, page 6
        ("9cf8afd0f960", "income_total", "15621.11", None),
        ("9cf8afd0f960", "general_budget_expenditure_budget", "15621.11", "-876.75"),
        ("9cf8afd0f960", "government_fund_expenditure_budget", "0.00", "0"),
        # 湖州市财政局 2026 budget, page 7
        ("638d83aa857f", "expenditure_total", "6838.41", "-772.20"),
    ],
)
def test_budget_narrative_facts(corpus: Path, doc: str, fact: str, value: str, change: str | None) -> None:
    facts = [f for f in processed(corpus_file(corpus, doc)).facts if f.fact == fact]
    assert any(
        f.value == Decimal(value) and (change is None or f.change_value == Decimal(change)) for f in facts
    ), [(f.value, f.change_value) for f in facts]


def test_budget_figures_of_narrower_things_are_not_the_totals(corpus: Path) -> None:
    # 苏州 自然资源和规划局 2026: "“三公”经费支出预算32万元", "政府采购支出预算总额3,369.46万元"
    totals = {
        f.value
        for f in processed(corpus_file(corpus, "2792306063d2")).facts
        if f.fact in ("expenditure_total", "income_total")
    }
    assert totals == {Decimal("10022.32")}
