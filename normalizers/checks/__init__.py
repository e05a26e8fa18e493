"""Reconciliation checks (勾稽) and consistency checks of one document.

Scopes: `table` (sums inside one table: table_rules, three_public), `cross_table` (the same figure
in two tables: cross_table_rules, its pairs a data table), `text_vs_table` (a narrative fact against
its table cell: narrative_rules), `document` (completeness, agency and year consistency,
placeholders, the narrative's own arithmetic and comparison words: document_rules) and `scorecard`
(scorecard_rules, computed while the scorecards are built). Every status is decided by one model,
tolerance: no difference is `pass`, a difference within the rounding of the printed figures is
`rounding`, more is `fail`. run_checks runs the rules a document's kind gets.
"""

from disclosure.normalizers.checks.context import CheckContext, Scope
from disclosure.normalizers.checks.narrative_rules import table_counterpart
from disclosure.normalizers.checks.run import run_checks
from disclosure.normalizers.checks.tolerance import Figure, Status

__all__ = ["CheckContext", "Figure", "Scope", "Status", "run_checks", "table_counterpart"]
