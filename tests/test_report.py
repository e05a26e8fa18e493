"""`disclosure report`: self-contained HTML per document, opened in a real headless browser."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED_FIXTURE
from disclosure.outputs.report import document_html
from disclosure.pipeline.cli import EXIT_OK, EXIT_USAGE, main

SEED_ID = hashlib.sha256(SEED_FIXTURE.read_bytes()).hexdigest()
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
BROWSER_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def browser() -> str:
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if found is None:
        pytest.skip(
            "no headless browser: install Debian chromium (apt-get install -y chromium) to run this test"
        )
    return found


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM after the page loaded in headless chromium."""
    command = [browser(), *BROWSER_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def report_folder(out: Path, inputs: list[Path]) -> Path:
    """Ingest the inputs into `out` and write its reports (the command's default folder)."""
    assert main(["ingest", *map(str, inputs), "--out", str(out), "--quiet"]) == EXIT_OK
    assert main(["report", str(out)]) == EXIT_OK
    return out / "report"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset of the seed fixture, reported."""
    return report_folder(tmp_path_factory.mktemp("report-dataset"), [SEED_FIXTURE])


@pytest.fixture(scope="module")
def planted_reports(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    """A dataset of the seed fixture and the corpus copy with planted errors, reported."""
    planted = corpus / "final" / "6a2eb6044359.pdf"
    return report_folder(tmp_path_factory.mktemp("report-planted"), [SEED_FIXTURE, planted])


def test_index_and_seed_report_render_in_browser(reports: Path, tmp_path: Path) -> None:
    index = dump_dom(reports / "index.html", tmp_path / "profile-index")
    assert "urumqi_social_insurance_2023_final.pdf" in index
    seed = next(p for p in reports.glob("*.html") if p.name.startswith(SEED_ID[:12]))
    dom = dump_dom(seed, tmp_path / "profile-seed")
    assert "乌鲁木齐市社会保险中心 2023" in dom
    assert "No failed checks." in dom
    assert "rounding: 1" in dom
    assert "10938.34" in dom and "income_total" in dom  # the facts table
    assert "一般公共预算财政拨款基本支出决算表" in dom  # the tables found


def test_failed_checks_show_both_figures_with_page_crops(planted_reports: Path, tmp_path: Path) -> None:
    planted = planted_reports / "6a2eb604435934e74841b798cc9b764919a84ee1bade05adc07669d029a68e83.html"
    dom = dump_dom(planted, tmp_path / "profile-planted")
    failed = dom.split('id="failed"')[1].split("Other checks")[0]
    assert failed.count('class="check"') == 11
    block = failed.split('id="narrative.relation.general_budget_item.2101101"')[1].split('class="check"')[0]
    assert "1560.05" not in block and "62.29" in block and "60.99" in block
    assert block.count("data:image/png;base64,") == 2
    assert "page 21" in block


def test_missing_source_pdf_is_reported_not_fatal(tmp_path: Path) -> None:
    doc = dict.fromkeys(
        ("doc_id", "file_name", "doc_kind", "scope", "agency", "fiscal_year", "pages", "status", "error"),
        None,
    )
    doc.update(doc_id="ab" * 32, file_name="gone.pdf", source=str(tmp_path / "gone.pdf"))
    check = {
        "check_id": "text.x.current",
        "scope": "text_vs_table",
        "status": "fail",
        "expected": None,
        "actual": None,
        "difference": None,
        "pages": [3],
        "detail": "x",
        "regions": [{"role": "actual", "page": 3, "x0": 1.0, "top": 2.0, "x1": 3.0, "bottom": 4.0}],
    }
    page = document_html(doc, [], [], [check])
    assert "source PDF not available" in page and "gone.pdf" in page


def test_every_value_is_escaped(tmp_path: Path) -> None:
    doc = dict.fromkeys(("doc_kind", "scope", "fiscal_year", "pages", "status", "error"), None)
    doc.update(doc_id="cd" * 32, file_name='a"b.pdf', agency="<script>alert(1)</script> & 局", source=None)
    check = {
        "check_id": 'x"><img src=y>',
        "scope": "table",
        "status": "fail",
        "expected": Decimal("1234.50"),
        "actual": Decimal("0.50"),
        "difference": None,
        "pages": [1],
        "detail": "<b>not bold</b>",
        "regions": None,
    }
    page = document_html(doc, [], [], [check])
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 局" in page
    assert "<b>not bold</b>" not in page and "&lt;b&gt;not bold&lt;/b&gt;" in page
    assert 'id="x&#34;&gt;&lt;img src=y&gt;"' in page  # an attribute value cannot be closed by a value
    assert "1,234.5" in page and ">0.5<" in page  # decimals without trailing zeros
    assert "<td>a&#34;b.pdf</td>" in page


def test_report_of_unknown_document_is_a_usage_error(reports: Path) -> None:
    assert (
        main(["report", str(reports.parent), "--doc", "ffffffff", "--out", str(reports.parent / "r2")])
        == EXIT_USAGE
    )


def test_facts_and_checks_are_queryable_with_exact_decimals(reports: Path) -> None:
    from disclosure.outputs.dataset import connect

    con = connect(reports.parent)
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE facts)").fetchall())
    assert types["value"] == "DECIMAL(20,4)"
    value, page = con.execute(
        "SELECT value, page FROM facts WHERE fact = 'income_total' AND doc_id = ?", [SEED_ID]
    ).fetchone()
    assert (str(value), page) == ("10938.3400", 4)
    statuses = dict(
        con.execute(
            "SELECT status, count(*) FROM checks WHERE doc_id = ? GROUP BY status", [SEED_ID]
        ).fetchall()
    )
    assert statuses.get("fail", 0) == 0 and statuses["rounding"] == 1


def test_report_shows_completeness(reports: Path) -> None:
    page = (reports / f"{SEED_ID}.html").read_text(encoding="utf-8")
    assert "amounts placed 482 / 482 (100.00%)" in page
    assert "standard tables missing without explanation: none; part: complete" in page
