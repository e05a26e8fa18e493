"""A disclosure published as two files: the narrative part and the tables part, linked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from disclosure.normalizers.parts import PartSummary, link_parts
from disclosure.outputs.dataset import connect
from disclosure.outputs.report import write_reports
from disclosure.pipeline.cli import main


def part(doc_id: str, kind: str, agency: str | None, *totals: str) -> PartSummary:
    return PartSummary(doc_id, kind, "budget", 2026, agency, frozenset(Decimal(t) for t in totals))


def test_parts_link_by_agency_else_by_the_totals_they_share() -> None:
    narrative = part("n1", "narrative", "北京市水务局", "10484757300")
    by_figures = part("t1", "tables", None, "10484757300", "9926191760.95")
    other = part("t2", "tables", None, "2138950300")
    links = link_parts([narrative, by_figures, other])
    assert [(link.doc_id, link.linked_doc_id, link.basis, link.agency) for link in links] == [
        ("n1", "t1", "figures", "北京市水务局"),
        ("t1", "n1", "figures", "北京市水务局"),
    ]
    named = part("t3", "tables", "北京市水务局")
    assert link_parts([narrative, named, by_figures])[0].linked_doc_id == "t3"  # the agency decides
    # two tables parts equally good: no guess
    assert link_parts([narrative, by_figures, part("t4", "tables", None, "10484757300")]) == []
    # another year is another disclosure
    assert link_parts([narrative, PartSummary("t5", "tables", "budget", 2025, None, by_figures.totals)]) == []


@pytest.mark.slow
def test_beijing_narrative_and_tables_files_are_one_disclosure(corpus: Path, tmp_path: Path) -> None:
    """北京市水务局 2026: 附件1 情况说明 (116f55d82c56) and 附件2 报表 (19894b8491d4, whose only
    agency is the 部门名称 row of its 预算13表); the narrative's 收入总计 1,048,475.73 万元 is the
    报表's 1,048,475.725671 万元."""
    out = tmp_path / "out"
    files = [corpus / "wide/116f55d82c56.pdf", corpus / "wide/19894b8491d4.pdf"]
    main(["ingest", *map(str, files), "--out", str(out), "--quiet", "--workers", "0"])
    con = connect(out)
    parts = dict(con.execute("SELECT substr(doc_id, 1, 12), part FROM documents").fetchall())
    assert parts == {"116f55d82c56": "narrative", "19894b8491d4": "tables"}
    links = con.execute(
        "SELECT substr(doc_id, 1, 12), substr(linked_doc_id, 1, 12), basis, agency, figures_found "
        "FROM document_links ORDER BY doc_id"
    ).fetchall()
    # both name the agency now, so they are linked by it (and their figures agree)
    assert links == [
        ("116f55d82c56", "19894b8491d4", "agency", "北京市水务局", 1),
        ("19894b8491d4", "116f55d82c56", "agency", "北京市水务局", 1),
    ]
    # its agency comes from the 部门名称 row, not from 2100202-综合医院 rows (items, not agencies)
    agency = con.execute("SELECT agency FROM documents WHERE doc_id LIKE '19894b8491d4%'").fetchone()[0]
    assert agency == "北京市水务局"
    # the narrative's figures are checked against the 报表's tables (linked_checks): its own file
    # has none to check them with
    checks = {
        check_id: (status, expected, actual, linked[:12])
        for check_id, status, expected, actual, linked in con.execute(
            "SELECT check_id, status, expected, actual, linked_doc_id FROM linked_checks"
        ).fetchall()
    }
    assert len(checks) == 25
    assert {status for status, *_ in checks.values()} == {"pass", "rounding"}
    # "（三）年终结转结余资金23668.55万元。" (资金 a filler word) against the 报表's 23,668.553886 万元
    assert checks["text.carryover_end.current"][:3] == (
        "rounding",
        Decimal("236685538.8600"),
        Decimal("236685500.0000"),
    )
    # 1,048,475.73 万元 stated, 1,048,475.725671 万元 printed: within the text's 0.01 万元
    assert checks["text.income_total.current"] == (
        "rounding",
        Decimal("10484757256.7100"),
        Decimal("10484757300.0000"),
        "19894b8491d4",
    )
    assert checks["text.three_public_overseas.current"][:3] == (
        "pass",
        Decimal("1282500"),
        Decimal("1282500"),
    )


def test_a_narrative_file_is_checked_against_the_tables_file_of_its_disclosure(
    corpus: Path, tmp_path: Path
) -> None:
    """江苏省委办公厅 2019: the 情况说明 (818fcfd65d47) and the 报表 (1ac93479a5f5) are two files.
    Every figure of the narrative that has a table counterpart is checked against the other file's
    table (linked_checks), e.g. 基本支出 11,700.63 万元 against the 支出预算总表's 合计 row, and
    人员经费 against the Σ of 301 and 303 in the 基本支出 table."""
    out = tmp_path / "out"
    files = [corpus / "budget/818fcfd65d47.pdf", corpus / "budget/1ac93479a5f5.pdf"]
    main(["ingest", *map(str, files), "--out", str(out), "--quiet", "--workers", "0"])
    con = connect(out)
    rows = con.execute(
        "SELECT check_id, status, expected, actual, tables, substr(linked_doc_id, 1, 12) FROM linked_checks "
        "WHERE doc_id LIKE '818fcfd65d47%'"
    ).fetchall()
    checks = {check_id: rest for check_id, *rest in rows}
    assert len(checks) == 26
    assert {status for status, *_ in checks.values()} == {"pass"}
    assert checks["text.basic_expenditure.current"] == [
        "pass",
        Decimal("117006300.0000"),
        Decimal("117006300.0000"),
        ["1ac93479a5f5-t003"],
        "1ac93479a5f5",
    ]
    assert checks["text.personnel_expenditure.current"][:3] == [
        "pass",
        Decimal("94677200"),
        Decimal("94677200"),
    ]
    # 单位预留机动经费 against the 支出预算总表's column of that name
    assert checks["text.contingency_reserve.current"][:3] == [
        "pass",
        Decimal("29382100.0000"),
        Decimal("29382100.0000"),
    ]
    # the narrative file's own checks still say it prints no tables
    own = con.execute(
        "SELECT status FROM checks WHERE doc_id LIKE '818fcfd65d47%' AND check_id = 'text.basic_expenditure.current'"
    ).fetchone()
    assert own == ("skipped",)
    # its report lists them under the tables file, and counts them with its own
    (page,) = [
        p for p in write_reports(out, tmp_path / "report", doc="818fcfd65d47") if p.name != "index.html"
    ]
    html = page.read_text(encoding="utf-8")
    assert "Other checks against the tables file 1ac93479a5f5 (26)" in html
    own_passes = con.execute(
        "SELECT count(*) FROM checks WHERE doc_id LIKE '818fcfd65d47%' AND status = 'pass'"
    ).fetchone()[0]
    assert f">pass: {own_passes + 26}<" in html
