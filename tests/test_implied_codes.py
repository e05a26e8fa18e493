"""Codes printed one level per row: the parent parts come from the rows above (pure steps)."""

from __future__ import annotations

from disclosure.normalizers.line_items.implied_codes import fill_single_column, fill_split_parts


def test_split_columns_take_their_parents_from_the_rows_above() -> None:
    # 类 | 款 | 项 | name; a 合计 spanning the code columns starts afresh; a whole code merged
    # over the three columns counts once.
    rows = [
        ["合计", "合计", "合计", ""],
        ["205", "", "", "教育支出"],
        ["", "01", "", "教育管理事务"],
        ["", "", "01", "行政运行"],
        ["", "", "99", "其他"],
        ["", "02", "", "普通教育"],
        ["", "", "01", "学前教育"],
        ["208", "208", "208", "社会保障和就业支出"],
        ["", "05", "05", "行政事业单位养老支出"],
    ]
    fill_split_parts(rows, [0, 1, 2])
    codes = ["".join(row[:3]) for row in rows]
    assert codes == [
        "合计合计合计",
        "205",
        "20501",
        "2050101",
        "2050199",
        "20502",
        "2050201",
        "208208208",
        "2080505",
    ]


def test_a_row_without_a_known_class_is_left_as_printed() -> None:
    rows = [["", "01", "", "x"], ["", "", "01", "y"]]
    fill_split_parts(rows, [0, 1, 2])
    assert rows == [["", "01", "", "x"], ["", "", "01", "y"]]


def test_one_column_completes_a_kuan_confirmed_by_the_next_whole_code() -> None:
    rows = [["208"], ["05"], ["2080505"], ["99"], ["2089901"], ["210"], ["11"], ["221"]]
    fill_single_column(rows, 0)
    # 11 is followed by the next 类 (221), not by a 项 of 21011: left as printed
    assert [row[0] for row in rows] == ["208", "20805", "2080505", "20899", "2089901", "210", "11", "221"]
