"""The Chinese words that say what a document is: its kind, scope, agency and fiscal year, as data.

normalizers.document matches these against a document's first lines and its tables' headers (the
harvester reads the kind and year words too).
"""

from __future__ import annotations

import re

FINAL_WORDS = ("决算",)
BUDGET_WORDS = ("预算",)
PERFORMANCE_WORDS = ("绩效自评", "绩效目标", "绩效评价")
# An official notice, not a disclosure: a document number (长财金指〔2025〕2号) or a title ending in
# 的通知 / 的批复 / 的公告 among its first lines.
NOTICE_MARKS = re.compile(r"〔\d{4}〕\d+号|的(通知|批复|公告|通报)")
# Phrases that only a budget or final-accounts disclosure uses of itself.
DISCLOSURE_PHRASES = (
    "部门预算",
    "单位预算",
    "部门决算",
    "单位决算",
    "部门综合预算",
    "预算公开",
    "决算公开",
    "预算情况说明",
    "决算情况说明",
)
UNIT_SCOPE_WORDS = ("单位决算", "单位预算")
DEPARTMENT_SCOPE_WORDS = ("部门决算", "部门预算", "部门综合预算")
AGENCY_LABEL = re.compile(
    r"(?:编制部门|编制单位|部门名称|单位名称|预算单位|部门)\s*[:：]\s*(?:\d+\s*[-－]\s*)?([^\s:：]{2,40}?)(?=\s|单位\s*[:：]|金额单位|$)"
)
# "北京市信访办公室部门2026年度部门预算": the agency may be followed by a redundant 部门.
COVER_AGENCY = re.compile(
    r"(?P<agency>[^\d]{2,40}?)(?:部门)?(?:[（(](?:汇总|本级)[)）])?年?度?(?:部门|单位)(?:综合)?(?:决算|预算)"
)
# A narrative sentence that opens with the agency and the year ("江苏省政协办公厅2019年度收入…").
STATEMENT_AGENCY = re.compile(r"^(?:附件\s*[:：]\s*)?(?P<agency>[^\d\s，。、：:（(]{4,30}?)\s*20\d{2}\s*年")
# A name given by a label (编制单位：X, 预算单位：X) needs no agency-like ending, only a plausible shape.
LABELLED_NAME = re.compile(r"^[^\d\s，。、；;]{4,40}$")
# "341-XX局" / "341001-XX中心": a 3-digit department or 6-digit unit code before the name (5- and
# 7-digit codes are 款/项 classification codes: "2100202-综合医院" is an item, not an agency).
AGENCY_CODE_PREFIX = re.compile(r"^\s*(?:\d{3}|\d{6})\s*[-－]\s*([^\s]{2,40})")
# The 部门名称 cell of a table row (部门整体支出绩效目标表), its name in the next cell.
AGENCY_NAME_CELL = re.compile(r"部门(?:（单位）)?名称\s+(\S{2,40})")
AGENCY_SUFFIXES = (
    "局",
    "委员会",
    "委",
    "厅",
    "办公室",
    "办公厅",
    "中心",
    "院",
    "部",
    "支队",
    "大队",
    "所",
    "站",
    "处",
    "会",
    "馆",
    "政府",
    "办事处",
    "检察院",
    "法院",
    "学校",
    "队",
)
PLACEHOLDER_AGENCY = re.compile(r"X{2,}|×{2,}|某某")
# "2026年度", "2026 年", and "2026（年度）" printed under a table title.
FISCAL_YEAR = re.compile(r"(20\d{2})\s*[（(]?\s*年\s*度?")
