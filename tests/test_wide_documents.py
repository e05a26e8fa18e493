"""Document facts on templates from the wide corpus: each case names the layout feature it shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import processed


@pytest.mark.parametrize(
    ("name", "doc_kind", "agency", "year"),
    [
        # cover "北京市信访办公室部门2026年度部门预算": a redundant 部门 after the agency
        ("wide/0712b170dd43.pdf", "budget", "北京市信访办公室", 2026),
        # "预算单位：上海市花卉良种试验场": a labelled name with no agency-like ending
        ("wide/2f80c7f2468b.pdf", "budget", "上海市花卉良种试验场", 2026),
        # the cover title is an image ("-1-" only); the narrative opens with "江苏省政协办公厅2019年度…"
        ("wide/4588cbbcbd3f.pdf", "budget", "江苏省政协办公厅", 2019),
        # a 法治政府建设报告 and a statistics bulletin mention 预算 in their bodies: not disclosures
        ("wide/b9e6393858fc.pdf", "other", None, 2025),
        ("wide/46c4e64f1981.pdf", "other", None, 2026),
    ],
)
def test_document_facts_on_wide_templates(
    corpus: Path, name: str, doc_kind: str, agency: str | None, year: int
) -> None:
    document = processed(corpus / name).document
    assert (document.doc_kind, document.agency, document.fiscal_year) == (doc_kind, agency, year)
