"""Truth files are read with their own small code, never with the normalizers they check."""

from __future__ import annotations

import ast
import inspect
from decimal import Decimal
from pathlib import Path

import pytest
from disclosure.normalizers.scorecard_vocabulary import FUNDS_LINES
from disclosure.pipeline import evaluate_truth, evaluate_vocabulary
from disclosure.pipeline.evaluate_scorecards import same_value
from disclosure.pipeline.evaluate_truth import (
    figure,
    funds_line_of_label,
    level1_name,
    read_scorecard_truth,
    read_truth,
    truth_amount,
)

LINES_HEADER = "doc_sha256,table_kind,side,code,item_name,measure,value,unit,page\n"
SCORECARD_HEADER = "doc_sha256,project_name,row_kind,level1,level2,level3,field,value,page\n"


@pytest.mark.parametrize("module", [evaluate_truth, evaluate_vocabulary])
def test_truth_reading_imports_nothing_from_the_code_under_test(module: object) -> None:
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [
        name for name in imported if name.startswith(("disclosure.normalizers", "disclosure.extractors"))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,940.05", Decimal("2940.05")),
        ("266.43", Decimal("266.43")),
        ("-12", Decimal("-12")),
        ("(12.00)", Decimal("-12.00")),
        (" 1,511.90 ", Decimal("1511.90")),
        ("0", Decimal("0")),
    ],
)
def test_written_figures_read_exactly(text: str, expected: Decimal) -> None:
    value = figure(text)
    assert value == expected and str(value) == str(expected)  # the written precision is kept


@pytest.mark.parametrize("text", ["-", "—", "", "1,23", "12,3456", "1e3", "12.", "abc"])
def test_anything_but_a_figure_is_none(text: str) -> None:
    assert figure(text) is None


def test_units_scale_to_yuan_and_an_unknown_unit_is_an_error() -> None:
    assert truth_amount("2,940.05", "万元") == Decimal("29400500")
    assert truth_amount("1.5", "千元") == Decimal("1500")
    assert truth_amount("7", "元") == Decimal("7")
    with pytest.raises(ValueError, match="unknown unit"):
        truth_amount("7", "亿元")


def test_read_truth_keeps_names_as_typed_without_whitespace(tmp_path: Path) -> None:
    path = tmp_path / "x.lines.csv"
    path.write_text(
        LINES_HEADER
        + 'abc,income,,,其他 收入,final,"1,000.50",万元,3\n'
        + "abc,income,,2080505,行政单位离退休,final,—,万元,3\n",
        encoding="utf-8",
    )
    [row] = read_truth(path)  # the dash cell holds no figure
    assert (row.item_name, row.amount, row.value_raw, row.page) == (
        "其他收入",
        Decimal("10005000"),
        "1,000.50",
        3,
    )


def test_read_truth_names_the_line_of_a_bad_unit(tmp_path: Path) -> None:
    path = tmp_path / "x.lines.csv"
    path.write_text(LINES_HEADER + "abc,income,,,合计,final,1,万 元,3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.lines\.csv:2: unknown unit"):
        read_truth(path)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("产出指标（50分）", "产出指标"),
        ("产出指标(50分)", "产出指标"),
        ("效益指标30分", "效益指标"),
        ("满意度指标10", "满意度指标"),
        ("满意度 指标", "满意度指标"),
        ("一般性支出情况", "一般性支出情况"),
    ],
)
def test_level1_names_lose_a_written_weight(written: str, name: str) -> None:
    assert level1_name(written) == name


def test_read_scorecard_truth_removes_whitespace_only(tmp_path: Path) -> None:
    path = tmp_path / "x.scorecards.csv"
    path.write_text(
        SCORECARD_HEADER + "abc,知创 大厦,indicator,产出指标（50分）,数量 指标,馆 数,target,=1 个,23\n",
        encoding="utf-8",
    )
    [row] = read_scorecard_truth(path)
    assert (row.project_name, row.level1, row.level2, row.level3) == (
        "知创大厦",
        "产出指标",
        "数量指标",
        "馆数",
    )
    assert row.value == "=1 个"  # values are compared later, as written


def test_truth_funds_lines_are_lines_the_dataset_names() -> None:
    canonical = {line for line, _ in FUNDS_LINES}
    assert set(evaluate_vocabulary.TRUTH_FUNDS_LINES.values()) <= canonical
    assert funds_line_of_label("年度资金 总额") == "total"
    assert funds_line_of_label("中央财政资金") is None


@pytest.mark.parametrize(
    ("truth", "printed", "same"),
    [
        ("9.10分", "9.1", True),
        ("9.10分", "9.10 分", True),
        ("90.99%", "90.99", True),
        ("2,352.00", "2352", True),
        ("≥95%", "≥ 95%", True),
        ("≥95%", "≥96%", False),
        ("10", "1", False),
    ],
)
def test_scorecard_values_compare_as_figures_or_as_text(truth: str, printed: str, same: bool) -> None:
    assert same_value(truth, printed) is same
