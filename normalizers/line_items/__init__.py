"""Turn a recognised logical table into canonical rows: tables, line_items and cells.

Steps: grid.data_rows_of (each part's data rows mapped onto the first part's columns, or, for a part
continuing the table to the right, its columns added to the rows before it) -> layout.flatten
(header paths and column roles) -> labels.row_label (code and item name per column group; row_rules
for rows that print none) -> column_measures -> build.line_items_of (amount cells -> LineItem
records, each pointing back to its page, grid row and column).
"""

from disclosure.normalizers.line_items.build import build_table
from disclosure.normalizers.line_items.labels import normalise_item_name, row_label

__all__ = ["build_table", "normalise_item_name", "row_label"]
