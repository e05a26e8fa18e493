"""Performance scorecards (绩效自评表, 绩效目标表): ruled grids -> scorecard, funds and indicator records.

Steps: find (which page grids are scorecards, by their title and labels; continuation grids join
the open scorecard) -> read the card in its form: grid_form (header labels, the funds block of
funds, goals, indicator rows of indicators, with merged level-1/level-2 cells carried down by the
grid's ruling lines), list_form (项目支出绩效目标表 with one project per row, indicators packed in
one text cell) or block_form (项目名称 heading a column, one merged block of rows per project,
continued over many pages) -> build (the records, and the checks of normalizers.checks.scorecard_rules:
do the printed scores, weights and execution rate add up; recorded, never raised). values parses
printed values; cells holds the grid helpers every form shares. Continuation grids are matched to
the header's columns by position.
"""

from disclosure.normalizers.scorecards.build import ScorecardSet, build_scorecards
from disclosure.normalizers.scorecards.funds import funds_line
from disclosure.normalizers.scorecards.grid_form import is_header_text
from disclosure.normalizers.scorecards.indicators import split_level1
from disclosure.normalizers.scorecards.values import ParsedValue, parse_points, parse_rate, parse_value

__all__ = [
    "ParsedValue",
    "ScorecardSet",
    "build_scorecards",
    "funds_line",
    "is_header_text",
    "parse_points",
    "parse_rate",
    "parse_value",
    "split_level1",
]
