"""Row labels: code and item name of a row within one column group, in one or two classification schemes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from disclosure.normalizers.layout import Column
from disclosure.normalizers.vocabulary import (
    ENUMERATION_PREFIX,
    FUSED_CODE,
    LABEL_COLONS,
    RADICAL_GLYPHS,
)
from disclosure.normalizers.whitespace import TEXTS_KEPT, squash

ECONOMIC_KINDS = frozenset({"general_budget_basic_expenditure"})


@dataclass
class RowLabel:
    """What a row is about, within one column group."""

    code: str | None
    item_name: str | None
    item_name_raw: str | None
    alt_code: str | None = None  # a second classification printed on the same row
    alt_item_name: str | None = None
    unit_code: str | None = None  # the row's 单位编码 / 部门编码 (an organisation, not a classification)


@lru_cache(maxsize=TEXTS_KEPT)
def normalise_item_name(raw: str) -> str:
    """Row label without whitespace, enumeration prefix or look-alike radical glyphs."""
    name = squash(raw).translate(RADICAL_GLYPHS)
    previous = None
    while previous != name:
        previous = name
        name = ENUMERATION_PREFIX.sub("", name, count=1)
    return name.rstrip(LABEL_COLONS)


def label_schemes(columns: list[Column]) -> list[list[Column]]:
    """The group's label columns split into (codes…, name) runs, one per classification scheme.

    A row usually has one scheme (类/款/项 code columns and a name); Beijing prints two side by side
    (部门经济科目编码/名称 and 政府经济科目编码/名称).
    """
    runs: list[list[Column]] = []
    current: list[Column] = []
    for column in columns:
        if column.role == "code":
            if current and (current[-1].role == "name" or other_classification(current[-1], column)):
                runs.append(current)
                current = []
            current.append(column)
        elif column.role == "name":
            current.append(column)
    if current:
        runs.append(current)
    return runs or [[]]


def fused_schemes(texts: list[str], columns: list[Column]) -> list[list[Column]] | None:
    """Name columns that each print a code fused to its name, as classifications side by side.

    Layout feature: Beijing's tables print their classifications side by side, each cell a code and
    its name ("50502-商品和服务支出" | "30201-办公费"; the 支出表 also the function first: "2040601-行政
    运行" | "50101-工资奖金津补贴" | "30101-基本工资"), with no code column. The row's label is the
    first; the last, the finest (部门经济分类), is its second classification (alt_code); a middle one
    (政府经济分类, which the last implies) is not part of any name."""
    if any(c.role == "code" for c in columns):
        return None
    names = [c for c in columns if c.role == "name"]
    if len(names) >= 2 and all(FUSED_CODE.match(squash(texts[c.index])) for c in names):
        return [[names[0]], [names[-1]]]
    return None


def other_classification(before: Column, column: Column) -> bool:
    """Does a code column start another classification than the code column before it?

    Layout feature: two classifications printed as code columns side by side, each split over
    类/款 under its own header (部门预算支出经济科目编码 | 政府预算支出经济科目编码, Xi'an's 政府采购
    预算表), with no name column between them. Parts of one code share their header
    (科目编码 / 类, 款, 项); parts printed without one (类 | 款 | 项) are one code too."""
    return (
        before.role == "code"
        and len(before.labels) > 1
        and len(column.labels) > 1
        and before.labels[0] != column.labels[0]
    )


# Function codes have 3, 5 or 7 digits, economic ones 3, 5 (or 7): a six-digit number in a code
# column is an organisation's code.
UNIT_CODE_DIGITS = 6


# A code part this long is a whole code (类 301, 款 30101), never a 2-digit 款/项 part.
MIN_FULL_CODE = 3


def merged_once(parts: list[str], min_length: int) -> list[str]:
    """Label parts with a merged cell's text kept once where it fills several label columns.

    A code or name cell spanning two label columns ("301" over 科目编码's two columns) repeats in
    each; an identical neighbour at least `min_length` long is that repetition (款 and 项 parts such
    as "05" | "05" are two digits and stay).
    """
    kept: list[str] = []
    for part in parts:
        if kept and part == kept[-1] and len(part) >= min_length:
            continue
        kept.append(part)
    return kept


def scheme_label(texts: list[str], columns: list[Column]) -> RowLabel:
    """Code and item name of a row in one classification scheme."""
    code_parts = merged_once(
        [squash(texts[c.index]) for c in columns if c.role == "code" and texts[c.index]], MIN_FULL_CODE
    )
    # 款 and 项 are two digits; spreadsheets exporting them as numbers drop the leading zero ("2" for 02).
    code_parts = [p.zfill(2) if i and len(p) == 1 and p.isdigit() else p for i, p in enumerate(code_parts)]
    names = merged_once([texts[c.index] for c in columns if c.role == "name" and texts[c.index].strip()], 1)
    raw_name = " ".join(n.strip() for n in names) if names else None
    code = "".join(code_parts) or None
    if code is not None and not code.isdigit():
        # Words in a code column (e.g. 合计 spanning the code cells) are the row's name.
        raw_name = raw_name or code
        code = re.sub(r"\D", "", code) or None
    if raw_name and code is None:
        fused = FUSED_CODE.match(squash(raw_name))
        if fused:
            code = re.sub(r"\D", "", fused.group(1))
            raw_name = fused.group(2)
    name = normalise_item_name(raw_name) if raw_name else None
    return RowLabel(code=code, item_name=name or None, item_name_raw=raw_name)


def organisation_name(texts: list[str], columns: list[Column]) -> str | None:
    """The unit or department a row is about, from its 单位名称 column (or words such as 合计 in its
    单位代码 column); never its code."""
    names = [texts[c.index].strip() for c in columns if c.role == "org_name" and texts[c.index].strip()]
    if not names:
        names = [
            texts[c.index].strip()
            for c in columns
            if c.role == "org_code" and texts[c.index].strip() and not squash(texts[c.index]).isdigit()
        ]
    return " ".join(dict.fromkeys(names)) if names else None


def organisation_code(texts: list[str], columns: list[Column]) -> str | None:
    """The 单位编码 / 部门编码 a row prints (digits only), if any."""
    codes = [
        squash(texts[c.index]) for c in columns if c.role == "org_code" and squash(texts[c.index]).isdigit()
    ]
    return codes[0] if codes else None


def row_label(texts: list[str], columns: list[Column]) -> RowLabel:
    """Code and item name of a row within one column group; a second scheme's code goes to alt_*.

    Organisation columns (单位代码 / 单位名称) are no classification: a row without any other name
    is named by its unit.
    """
    schemes = fused_schemes(texts, columns) or label_schemes(columns)
    label = scheme_label(texts, schemes[0])
    if len(schemes) > 1:
        alt = scheme_label(texts, schemes[1])
        if label.code is None and label.item_name is None and alt.code is None:
            # A row whose only label stands in the second scheme's name column, without a code (合计
            # printed under 政府经济科目名称): that is the row's own label, not a second classification.
            label.item_name, label.item_name_raw = alt.item_name, alt.item_name_raw
        elif alt.item_name != label.item_name or alt.code != label.code:
            label.alt_code, label.alt_item_name = alt.code, alt.item_name
    if label.item_name is None:
        organisation = organisation_name(texts, columns)
        if organisation:
            label.item_name, label.item_name_raw = normalise_item_name(organisation) or None, organisation
    label.unit_code = organisation_code(texts, columns)
    if label.code is not None and len(label.code) == UNIT_CODE_DIGITS and label.unit_code is None:
        # A 单位编码 printed in the code column (125001 above the unit's rows of function codes): no
        # classification has six digits.
        label.code, label.unit_code = None, label.code
    return label


def code_scheme_of(code: str | None, kind: str) -> str | None:
    """function (2xx 类/款/项), economic (部门预算支出经济分类, 3xx) or government_economic (政府预算
    支出经济分类, 5xx)."""
    if not code:
        return None
    if code[0] == "5":
        return "government_economic"
    if kind in ECONOMIC_KINDS or code[0] == "3":
        return "economic"
    if code[0] == "2":
        return "function"
    return None
