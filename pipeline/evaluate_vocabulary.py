"""The truth-file format's own words (spec/truth-format.md).

Kept apart from normalizers' vocabulary on purpose: truth files are read without the code they
check, so that a wrong entry there cannot make a wrong reading look right.
"""

from __future__ import annotations

import re
from decimal import Decimal

# lines.csv `unit`: the unit stated for the table.
TRUTH_UNIT_SCALE: dict[str, Decimal] = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000)}
# scorecards.csv values written with a unit that is not part of the number: "9.10分", "90.99%".
NUMBER_SUFFIXES = ("分", "%")
# A level-1 indicator name written with its weight: "产出指标（50分）", "产出指标50分", "满意度指标10".
LEVEL1_WEIGHT_SUFFIX = re.compile(r"[（(]?\d+(?:\.\d+)?分?[）)]?$")
# scorecards.csv funds rows: level3 is the funds line as printed; the dataset names the line.
TRUTH_FUNDS_LINES: dict[str, str] = {
    "年度资金总额": "total",
    "资金总额": "total",
    "金额合计": "total",
    "合计": "total",
    "当年财政拨款": "fiscal_appropriation",
    "财政拨款": "fiscal_appropriation",
    "财政资金小计": "fiscal_appropriation",
    "上年结转资金": "carryover",
    "其他资金": "other",
    "其他资金小计": "other",
}
