"""Narrative facts: the figures a disclosure states in prose, as rows.

"2023年度收入总计10,938.34万元" becomes fact income_total, period current, value 10938.34, unit 万元;
"比上年决算增加219.39万元，增长6.04%，主要原因是：…" fills change_value, change_pct and reason of the
figure it follows. Each sentence is read clause by clause (clauses end at ，；：、), keeping a small
state per paragraph: the subject (the fact or 类/款/项 item last named) and the rows touched last.
The words are in normalizers.fact_vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure.extractors.records import PageContent
from disclosure.normalizers import fact_vocabulary as fv
from disclosure.normalizers.fact_labels import (
    filler_variants,
    function_name_key,
    function_subject,
    label_of,
)
from disclosure.normalizers.kinds import DocKind, TableKind
from disclosure.normalizers.narrative import (
    Paragraph,
    Sentence,
    build_paragraphs,
    is_heading,
    split_sentences,
)
from disclosure.normalizers.records import FactRecord, LineItem

# An unnamed figure's words, and a change's, name the same thing only when at least this long.
MIN_UNNAMED_CHARS = 2
# A change right after this many parts listed after 其中 is the whole's, not the last part's.
MIN_LISTED_PARTS = 2
# A part printed to the cent may differ from its exact share by half a cent, its whole too.
PART_ROUNDING = Decimal("0.01")


@dataclass
class FactState:
    """What a paragraph has said so far: its subject and the rows it touched last."""

    subject: tuple[str, str | None] | None = None
    last_row: int | None = None  # last row given a figure, a change or a share
    last_change_row: int | None = None
    # The words of figures the paragraph stated under no known label ("专项业务经费支出1715.97万元").
    unnamed: list[str] = field(default_factory=list)
    # The paragraph's last sentence naming a purchase or a holding spoke of buying (is_purchase).
    buying: bool = False
    # The fund whose spending the paragraph's section is about (a key of fv.FUND_FUNCTION_FACTS: another
    # fund, the 财政拨款, or every fund), and the fact its heading, or a clause or sentence of the
    # paragraph that is only a label, is the label of (sections, label_alone, inline_heading): a figure
    # named by a year alone ("2026年预算数…") is that fact's.
    section_fund: str | None = None
    section_subject: tuple[str, str | None] | None = None
    # A list of parts after 其中 in the stretch being read: the row of the whole stated before it
    # (None when no row holds it) and how many parts it states (None when no list is open).
    list_whole: int | None = None
    list_parts: int | None = None
    # What of the whole's figure its parts have not stated yet (None when unknown). A list whose parts
    # add up to the whole is complete: a change opening the next stretch ("X万元，其中：A…、B…。比上年
    # 减少…") is then the whole's, however many parts it had (list_closed). One still short of the
    # whole goes on in the next sentence ("…其中：工资福利支出（301）…。较上年减少…" is 301's).
    list_left: Decimal | None = None
    list_closed: bool = False
    # The row of a figure a bracket opened right after ("公务用车购置及运行维护费210.95万元（公务用车
    # 购置费…；公务用车运行维护费…。）比上年减少95.5万元"): a change right after the bracket closes is its.
    bracketed_whole: int | None = None


@dataclass
class FactBuilder:
    """Collects fact rows for one document, merging repeated statements of the same figure."""

    doc_id: str
    function_items: list[LineItem] = field(default_factory=list)
    # The 支出预算表's (支出总表's) 类 rows, whose names give the codes of a list of every fund's
    # spending by 类 (class_named); all its rows where it prints no codes; the general budget's 类 rows
    # where it prints its 合计 alone.
    class_items: list[LineItem] = field(default_factory=list)
    budget: bool = False  # a budget document: its 预算数 are the year's (current) figures
    rows: list[FactRecord] = field(default_factory=list)
    row_paragraph: list[int] = field(default_factory=list)
    # What the words of a clause name, by words (and unit): the same clauses are asked again and
    # again (each figure's words, each bare clause, each segment's look for a labelled figure).
    labels_read: dict[tuple[str, str | None], tuple[str, str | None] | None] = field(
        default_factory=dict, repr=False
    )
    functions_read: dict[str, tuple[str, str | None] | None] = field(default_factory=dict, repr=False)

    # --- rows ------------------------------------------------------------------------------------

    def row_for(
        self,
        fact: str,
        subject: str | None,
        period: str,
        value: Decimal | None,
        unit: str | None,
        where: Sentence,
    ) -> int:
        """The row for this figure: an earlier row saying the same thing, or a new one."""
        for index, row in enumerate(self.rows):
            if (row.fact, row.subject, row.period) != (fact, subject, period):
                continue
            same_paragraph = self.row_paragraph[index] == where.paragraph
            if value is None and same_paragraph:
                return index
            if row.value is None and same_paragraph:
                row.value, row.unit = value, unit
                return index
            if value is not None and row.value == value and row.unit == unit:
                return index
        self.rows.append(
            FactRecord(
                doc_id=self.doc_id,
                fact=fact,
                subject=subject,
                period=period,
                value=value,
                unit=unit,
                change_value=None,
                change_pct=None,
                share_pct=None,
                share_of=None,
                relation=None,
                reason=None,
                sentence=where.text,
                page=where.page,
                x0=where.box[0],
                top=where.box[1],
                x1=where.box[2],
                bottom=where.box[3],
            )
        )
        self.row_paragraph.append(where.paragraph)
        return len(self.rows) - 1

    def label_of(self, words: str, unit: str | None = None) -> tuple[str, str | None] | None:
        """(fact, subject) named by the words before a figure, or None (see normalizers.fact_labels)."""
        key = (words, unit)
        if key not in self.labels_read:
            self.labels_read[key] = label_of(words, self.function_items, unit)
        return self.labels_read[key]

    def class_named(self, words: str) -> str | None:
        """The code of the 类 the words name by its name alone ("一般公共服务支出"), as the
        document's 支出预算表 prints it; the name where the table prints names without codes (Hangzhou);
        None when no row, or more than one, has that name."""
        key = function_name_key(fv.ITEM_ENUMERATION.sub("", fv.LEADING_WORDS.sub("", words)))
        named = [item for item in self.class_items if function_name_key(item.item_name or "") == key]
        found = {item.code or item.item_name for item in named}
        return found.pop() if len(found) == 1 else None

    def function_subject(self, words: str) -> tuple[str, str | None] | None:
        """The 类/款/项 item a text names, as (fact, code or name path)."""
        if words not in self.functions_read:
            self.functions_read[words] = function_subject(words, self.function_items)
        return self.functions_read[words]


# Each label's fact, for a text that is a label and nothing else (label_alone).
LABEL_FACTS = dict(fv.LABELS)
# Every label with its fact, for the head of a label naming a section's subject (names_section_subject).
SUBJECT_LABELS = fv.LABELS + fv.BUDGET_TOTAL_LABELS
# The endings read_percent and read_figure strip, as tuples made once.
CHANGE_WORDS = fv.INCREASE_WORDS + fv.DECREASE_WORDS
PERIOD_ENDINGS = tuple(word for word, _ in fv.PERIOD_WORDS)
PERIOD_OF_WORD = dict(fv.PERIOD_WORDS)


def strip_end(words: str, endings: tuple[str, ...]) -> tuple[str, str | None]:
    """Words without the first of the endings they end with, and that ending."""
    for ending in endings:
        if words.endswith(ending):
            return words[: -len(ending)], ending
    return words, None


def change_ending(words: str) -> tuple[str, str | None]:
    """Words without the change word they end with ("…相比增加", "…相比减少了": the aspect particle
    after it too), and that word; the words as they are and None when they end with none."""
    rest, change = strip_end(words, CHANGE_WORDS)
    if change is None and words.endswith(fv.COMPLETED_CHANGE):
        rest, change = strip_end(words[: -len(fv.COMPLETED_CHANGE)], CHANGE_WORDS)
        if change is None:
            return words, None
    return rest, change


def change_of(words: str) -> tuple[str, str | None]:
    """The words naming what changed, without the comparison ("与上年相比"), and the change word
    they end with ("…与上年相比增加" → …, 增加); the words as they are and None when they end with none."""
    rest, change = change_ending(words)
    return (fv.COMPARISON_SUFFIX.sub("", rest.strip()), change) if change else (words, None)


def names_after_change(builder: FactBuilder, words: str) -> bool:
    """Do the words put a change word before the name of a fact ("较上年增加了培训费")? The figure
    after them is no value of that fact; whose change it is, the words do not say for sure (a
    sub-unit's, in 41cd3dcb9588 p31, inside the reason for the agency's own change)."""
    match = fv.CHANGE_BEFORE_NAME.match(words)
    return bool(match and builder.label_of(match.group(2)))


def number_of(match: object) -> Decimal:
    """The Decimal of a FIGURE match (thousands separators removed)."""
    integer, fraction = match.group(1), match.group(2) or ""  # type: ignore[attr-defined]
    return Decimal(integer.replace(",", "") + fraction)


def clause_words(text: str) -> str:
    """The last clause of a stretch of text (what directly precedes a figure); a 类/款/项 name whole,
    with the list marks inside it ("公诉、审判、侦查、执行等检察监督支出（项）")."""
    parts = fv.CLAUSE_BREAK.split(text)
    words = parts[-1].strip() if parts else ""
    if any(mark in words for mark in fv.FUNCTION_MARKS):
        return fv.NAME_CLAUSE_BREAK.split(text)[-1].strip().lstrip("、")
    return words


def has_labelled_figure(builder: FactBuilder, text: str) -> bool:
    """True when a stretch of text states a figure, or its change, under a known label (a new
    statement, not a reason: "…，原因是…；公务接待费较上年降低1.17万元")."""
    previous = 0
    for match in fv.FIGURE.finditer(text):
        words = clause_words(text[previous : match.start()])
        previous = match.end()
        if builder.label_of(words, match.group(3)):
            return True
        subject, change = change_of(words)
        if change and subject and builder.label_of(subject):
            return True
    return False


@dataclass
class Stretch:
    """What one stretch of a sentence has read so far (read_clauses)."""

    rows: set[int] = field(default_factory=set)  # the rows its figures went to
    change_word: str | None = None  # the change word of the figure read just before, if any
    last_amount: Decimal | None = None  # the last amount it stated (not a change)
    # The figure just before is none of ours: a part of another (part_of_another) or one under a
    # name no label knows (FactState.unnamed).
    foreign: bool = False


@dataclass(frozen=True)
class StatedFigure:
    """An amount or count of a stretch, with what its text says around it."""

    words: str  # the clause before it
    value: Decimal
    unit: str
    fund: str | None  # the fund its clause, the stretch's topic or the sentence names
    purchase: bool  # the text before it speaks of buying (speaks_of_buying)
    bracket_after: bool  # a bracket opens right after it
    # it is listed after fv.BY_FUNCTION_LIST, in a section of every fund's spending
    # (fv.SPENDING_TOTAL_LEAD_IN) or as a part of the spending total: a 类 named alone is every fund's
    by_function: bool = False
    by_use: bool = False  # it is listed after fv.BY_USE_LIST: every fund's spending by use


def read_clauses(
    builder: FactBuilder,
    state: FactState,
    text: str,
    where: Sentence,
    sentence_fund: str | None = None,
    said: str = "",
) -> None:
    """Turn the figures of one stretch of sentence text (no reason in it) into rows; `sentence_fund`:
    the fund the whole sentence speaks of, where the words before a figure name none; `said`: the
    sentence's text read before this stretch.

    A figure's fund is the one its own clause names, else the one the stretch names before its first
    figure (its topic: "政府性基金预算财政拨款年初结转和结余…，年末结转和结余…"). A fund named in one
    item of a list is that item's only: in "一般公共预算拨款收入…、政府性基金预算拨款收入…、上年结转结余…"
    the carry-over is the whole department's."""
    previous = 0
    first = fv.FIGURE.search(text)
    topic = text[: first.start()] if first else text
    stretch = Stretch()
    if not said and opens_with_change(text):
        close_class_list(builder, state)
    state.list_closed = list_complete(state) and opens_with_change(text)
    if not state.list_closed:
        state.list_whole = state.list_parts = state.list_left = None
    for match in fv.FIGURE.finditer(text):
        before = text[previous : match.start()]
        previous = match.end()
        change_just_read, stretch.change_word = stretch.change_word, None
        for clause in fv.CLAUSE_BREAK.split(before)[:-1]:
            read_bare_clause(builder, state, clause.strip(), where)
        words = clause_words(before)
        if opens_parts(before, words):  # "X万元，其中A…、B…": the parts of the figure read before
            state.list_whole = state.last_row if state.last_row in stretch.rows else None
            state.list_parts, state.list_left = 0, stretch.last_amount
        if is_threshold(words, text[match.end() :]) or fv.OTHER_ENTITY.search(text[: match.start()]):
            continue  # a bound ("100万元以上的设备") or another body's figure: not the agency's value
        if fv.CARRYOVER_PART.match(words):
            # a fund's part of the carry-over, no figure of the year: its share or change is its own
            state.last_row = state.last_change_row = None
            continue
        foreign_before, stretch.foreign = stretch.foreign, False
        if part_of_another(builder, said + text[: match.start()], words):
            stretch.foreign = True  # a part of another figure ("商品和服务支出（302）…其中：公用经费…")
            continue
        value, unit = number_of(match), match.group(3)
        if unit in fv.PERCENT_UNITS:
            read_rate(builder, state, words, value, change_just_read)
            continue
        figure = StatedFigure(
            words=words,
            value=value,
            unit=unit,
            fund=named_fund(words) or named_fund(topic) or sentence_fund,
            purchase=speaks_of_buying(state, said + text[: match.start()]),
            bracket_after=text.startswith(fv.BRACKET_OPEN, match.end()),
            by_function=fv.BY_FUNCTION_LIST in said + text[: match.start()]
            or state.section_fund == fv.EVERY_FUND
            or lists_spending_total(builder, state),
            by_use=fv.BY_USE_LIST in said + text[: match.start()],
        )
        read_amount(builder, state, stretch, figure, where, foreign_before)
    for clause in fv.CLAUSE_BREAK.split(text[previous:]):
        read_bare_clause(builder, state, clause.strip(), where)


def lists_spending_total(builder: FactBuilder, state: FactState) -> bool:
    """Is the open list the parts of the year's spending total ("（二）支出预算：2026年年初预算数
    19,230.18万元，其中：一般公共服务支出15,958.96万元，教育支出…", Chongqing), whose 类 are every fund's?"""
    return state.list_whole is not None and builder.rows[state.list_whole].fact == fv.SPENDING_TOTAL_KEY[0]


def close_class_list(builder: FactBuilder, state: FactState) -> None:
    """A sentence opening with a change of nothing named, after a list of every fund's spending by
    类, states the change of the spending the list breaks down ("…按支出功能分类，包括…住房保障支出
    662.86万元。比2025年增加2,734.52万元，…"): that total's row is the last figure read."""
    if state.last_row is None:
        return
    last = builder.rows[state.last_row]
    if last.fact != fv.EXPENDITURE_CLASS or fv.BY_FUNCTION_LIST not in last.sentence:
        return  # not a list (a 类 of its own paragraph: "2．社会保障和就业支出…。与上年相比增加…" is its)
    total = next(
        (
            i
            for i in range(len(builder.rows) - 1, -1, -1)
            if figure_key(builder.rows[i]) == fv.SPENDING_TOTAL_KEY
        ),
        None,
    )
    state.last_row = total
    state.subject = (fv.SPENDING_TOTAL_KEY[0], None) if total is not None else None


def read_rate(
    builder: FactBuilder, state: FactState, words: str, value: Decimal, change_just_read: str | None
) -> None:
    """A percentage: in brackets right after a change, that change's rate ("减少0.03万元（0.5%）");
    else a share, a change rate or a variance rate (read_percent)."""
    if change_just_read and words == fv.BRACKET_OPEN and state.last_change_row is not None:
        rate = -value if change_just_read in fv.DECREASE_WORDS else value
        builder.rows[state.last_change_row].change_pct = rate
    else:
        read_percent(builder, state, words, value)


def read_amount(
    builder: FactBuilder,
    state: FactState,
    stretch: Stretch,
    figure: StatedFigure,
    where: Sentence,
    foreign_before: bool,
) -> None:
    """An amount or count: read_figure, with what the stretch and the open list keep track of
    around it (whose change comes next, the parts stated, the bracket opened)."""
    words, value, unit = figure.words, figure.value, figure.unit
    row_before = state.last_row
    named, stretch.change_word = change_of(words)
    changed = stretch.change_word is not None
    if changed and foreign_before and not named and not (list_owns_change(state) or list_complete(state)):
        # "…其中：公用经费621.37万元,较上年减少147.08万元", "专项业务经费100013.32万元，较上年减少
        # 2237万元": the change of the figure just stated, which is no fact of ours
        state.subject = state.last_row = state.last_change_row = None
        return
    if changed and words.startswith(fv.BRACKET_CLOSE) and state.bracketed_whole is not None:
        state.last_row, state.list_parts = state.bracketed_whole, None
    unnamed_before = len(state.unnamed)
    read_figure(builder, state, figure, where)
    # a figure under a name no label knows (not the year before's figure a comparison names,
    # "比2025年年初预算数9819.98万元"), or a bare one after such a figure ("人员经费138.06万元，
    # 124.13万元，较上年增加…": two columns of one row)
    unnamed = len(state.unnamed) > unnamed_before and not fv.COMPARISON_ONLY.match(words)
    stretch.foreign = unnamed or (foreign_before and not words and not changed)
    if state.last_row is not None and state.last_row != row_before:
        stretch.rows.add(state.last_row)
    if figure.bracket_after:
        state.bracketed_whole = state.last_row if state.last_row != row_before else None
    if changed:
        return
    if unit in fv.MONEY_UNITS:
        stretch.last_amount = value
    if state.list_parts is not None:
        state.list_parts += 1  # a part stated, read or not
        if state.list_left is not None and unit in fv.MONEY_UNITS:
            state.list_left -= value


def list_owns_change(state: FactState) -> bool:
    """Is an unnamed change now the open list's whole's: after two or more parts, or opening the
    stretch after a complete list (list_closed)?"""
    return bool(state.list_parts) and ((state.list_parts or 0) >= MIN_LISTED_PARTS or state.list_closed)


def list_complete(state: FactState) -> bool:
    """Have the parts of the open list stated all of the whole's figure (to a cent of 万元 a part)?"""
    return (
        bool(state.list_parts)
        and state.list_left is not None
        and abs(state.list_left) <= (PART_ROUNDING * (state.list_parts or 0))
    )


def opens_with_change(text: str) -> bool:
    """Does a stretch's first figure state a change of no named figure ("比上年减少32.61万元，…")?"""
    first = fv.FIGURE.search(text)
    if first is None:
        return False
    rest, change = change_of(clause_words(text[: first.start()]))
    return change is not None and not rest


def opens_parts(before: str, words: str) -> bool:
    """Do a figure's words open a list of parts ("其中一般公共预算拨款支出", or "其中：" before them)?"""
    head = before[: len(before) - len(words)].rstrip()
    return words.startswith(fv.PARTS_OPENING) or head.rstrip("：:，,").endswith(fv.PARTS_OPENING)


def named_fund(text: str) -> str | None:
    """The fund a text names (fv.FUND_WORDS, else the general budget), or None."""
    fund = next((name for word, name in fv.FUND_WORDS if word in text), None)
    if fund is None and any(name in text for name in fv.GENERAL_BUDGET_NAMES):
        return fv.GENERAL_BUDGET_FUND
    return fund


def is_balance(subject: tuple[str, str | None] | None) -> bool:
    """Is the subject a balance carried over (年初 / 年末结转和结余, of any fund)?"""
    return subject is not None and subject[0].endswith(fv.BALANCE_FACT_ENDINGS)


def is_purchase(before: str) -> bool:
    """Does the text before a figure speak of buying (a purchase word after every holding word)?"""
    bought = before.rfind(fv.PURCHASE_WORD)
    return bought >= 0 and bought > max(before.rfind(word) for word in fv.HOLDING_WORDS)


def names_holding_or_purchase(text: str) -> bool:
    """Does the text speak of buying or of holding at all (fv.PURCHASE_WORD, fv.HOLDING_WORDS)?"""
    return fv.PURCHASE_WORD in text or any(word in text for word in fv.HOLDING_WORDS)


def speaks_of_buying(state: FactState, before: str) -> bool:
    """is_purchase of the sentence so far; when it names neither buying nor holding, what the
    paragraph's last sentence that did spoke of ("…安排购置车辆0辆，其中…。单位价值100万元（含）以上
    设备0台（套）。": the equipment is bought too)."""
    return is_purchase(before) if names_holding_or_purchase(before) else state.buying


def part_of_another(builder: FactBuilder, before: str, words: str) -> bool:
    """Do the words name a figure that the sentence so far (`before`) makes a part of another one
    (fv.PARTS_OF_ANOTHER: a fact listed after a whole it belongs to)?"""
    scoped = [facts for whole, facts in fv.PARTS_OF_ANOTHER if whole.search(before)]
    if not scoped:
        return False
    label = builder.label_of(fv.LEADING_WORDS.sub("", words))
    return label is not None and any(label[0] in facts for facts in scoped)


def is_threshold(words: str, after: str) -> bool:
    """Does the figure bound a class of things ("单位价值100万元以上", "超过50万元") rather than state one?"""
    return bool(fv.THRESHOLD_AFTER.match(after)) or words.endswith(fv.THRESHOLD_BEFORE)


def read_bare_clause(builder: FactBuilder, state: FactState, clause: str, where: Sentence) -> None:
    """A clause without a figure can still name the subject ("收入支出总体与上年相比") or say 持平."""
    if not clause:
        return
    function = builder.function_subject(clause)
    if function:
        state.subject = in_fund(function, named_fund(clause), state)
        return
    heading = inline_heading(builder, clause)
    if heading:
        # "（一）收入预算：2026年年初预算数168,441.81万元": the figures its year alone names are its
        state.subject = state.section_subject = heading
        return
    same = fv.SAME_AS_YEAR_BEFORE.search(clause)
    flat_word = same.group(0) if same else next((w for w in fv.FLAT_WORDS if clause.endswith(w)), "")
    flat = bool(flat_word) and not any(p.search(clause) for p, _ in fv.RELATION_PATTERNS)
    words = clause[: -len(flat_word)] if flat else clause
    compared = fv.COMPARISON_SUFFIX.search(words)
    if not (flat or compared):
        return
    words = fv.COMPARISON_SUFFIX.sub("", words)
    label = builder.label_of(words) if words else None
    if label:
        state.subject = label
    if flat and state.subject:
        # the figure just read, though an earlier paragraph stated it first (its row is that one)
        index = state.last_row
        if index is None or figure_key(builder.rows[index]) != (*state.subject, fv.CURRENT):
            index = builder.row_for(state.subject[0], state.subject[1], fv.CURRENT, None, None, where)
        row = builder.rows[index]
        if row.change_value is None and row.change_pct is None:
            row.change_value = row.change_pct = Decimal("0")
        state.last_row = state.last_change_row = index


def inline_heading(builder: FactBuilder, clause: str) -> tuple[str, str | None] | None:
    """The fact an enumerated clause without a figure names, when it is nothing but its label: a
    heading run into its paragraph ("（一）收入预算：…", "（二）支出预算：…"); else None."""
    words = fv.ITEM_ENUMERATION.sub("", clause)
    if words == clause or not words:
        return None
    return builder.label_of(words)


def figure_key(row: FactRecord) -> tuple[str, str | None, str]:
    """What a row is the figure of: its fact, subject and period."""
    return (row.fact, row.subject, row.period)


def read_percent(builder: FactBuilder, state: FactState, words: str, value: Decimal) -> None:
    """A percentage is a share ("占…%"), a change ("增长…%") or a budget variance rate."""
    share = fv.SHARE_PREFIX.match(words)
    if share and state.last_row is not None:
        row = builder.rows[state.last_row]
        if row.share_pct is None:
            row.share_pct = value
            base = builder.label_of(share.group(1)) if share.group(1) else None
            row.share_of = base[0] if base else None
        return
    _, change = change_ending(words)
    if change:
        target = state.last_change_row if state.last_change_row is not None else state.last_row
        if target is not None:
            builder.rows[target].change_pct = -value if change in fv.DECREASE_WORDS else value
        return
    rate = fv.VARIANCE_RATE.search(words)
    if rate:
        budget_row = subject_row(builder, state, fv.BUDGET_PERIODS)  # the budget figure just stated
        if budget_row is not None:
            builder.rows[budget_row].change_pct = -value if rate.group(1) else value


def read_figure(builder: FactBuilder, state: FactState, figure: StatedFigure, where: Sentence) -> None:
    """A stated amount or count: a change ("增加 X 万元") or a figure of a named or implied subject
    (the figure's `purchase`: the text before it speaks of buying, is_purchase; `by_function`: it
    stands in a list of every fund's spending, where a 类 named alone is that fund's 类; `by_use`: it
    stands in a list of every fund's spending by use)."""
    words, value, unit, fund = figure.words, figure.value, figure.unit, figure.fund
    rest, change = change_of(words)
    if not change and names_after_change(builder, words):
        return  # "较上年增加了培训费0.20万元": no value of 培训费, and maybe not its own change
    if change:
        label = builder.label_of(rest) if rest and not fv.COMPARISON_ONLY.match(rest) else None
        if label is None and names_section_subject(rest, state.section_subject):
            label = state.section_subject  # "（一）收入预算：…。收入比2025年减少…"
        if label is None and rest.endswith(fv.GENERAL_BUDGET_NAMES):
            label = (fv.GENERAL_BUDGET_SPENDING, None)  # "2022年一般公共预算较上年增加…": its spending
        elif label:
            # The fund the change's own words name ("政府性基金预算收入减少…"), or the sentence's for
            # a part listed after 其中 ("一般公共预算较上年增加…，其中基本支出减少…").
            fund_named = named_fund(words) is not None or words.startswith(fv.PARTS_OPENING)
            label = fund_label(scoped_total(label, state), fund if fund_named else None, state)
        if label:
            state.subject = label
            index = builder.row_for(label[0], label[1], fv.CURRENT, None, None, where)
        elif rest and names_unnamed(rest, state.unnamed):
            # The change of a figure stated earlier under a name no label knows ("专项业务经费支出
            # 1715.97万元 … 专项业务经费增加425.5万元"): neither it nor its reason is ours.
            state.subject = state.last_row = state.last_change_row = None
            return
        elif list_owns_change(state):
            # after a list of parts, an unnamed change is the whole's ("X万元，其中A…、B…、C…，较上年
            # 增加…"), and no one's when no row holds the whole
            if state.list_whole is None:
                state.subject = state.last_row = state.last_change_row = None  # nor is its reason
                return
            index = state.list_whole
        elif state.last_change_row is not None and fv.CJK_CHAR.search(rest):
            # a change was just read: a second one under a name no label knows is something else's
            # ("收入比2025年增加…，主要是一般公共预算财政拨款增加…")
            state.subject = state.last_row = state.last_change_row = None
            return
        elif state.last_row is not None and builder.rows[state.last_row].period == fv.CURRENT:
            index = state.last_row
        elif state.subject:
            index = builder.row_for(state.subject[0], state.subject[1], fv.CURRENT, None, None, where)
        else:
            return
        if unit in fv.MONEY_UNITS:
            builder.rows[index].change_value = -value if change in fv.DECREASE_WORDS else value
        state.last_change_row = index
        return
    if fv.PREVIOUS_FIGURE.match(words):
        stated = builder.rows[state.last_row] if state.last_row is not None else None
        if stated is not None and stated.period == fv.CURRENT and stated.unit == unit:
            builder.row_for(stated.fact, stated.subject, fv.PREVIOUS, value, unit, where)
        return  # the figure stated before stays the one a change after this is of
    period = fv.CURRENT
    code = builder.class_named(words) if figure.by_function and unit in fv.MONEY_UNITS else None
    label = (fv.EXPENDITURE_CLASS, code) if code else builder.label_of(words, unit)
    if label is None:
        for variant in filler_variants(fv.LEADING_WORDS.sub("", words)):
            stem, period_word = strip_end(variant, PERIOD_ENDINGS)
            if period_word:
                period = PERIOD_OF_WORD[period_word]
                if builder.budget and period in fv.BUDGET_PERIODS:
                    period = fv.CURRENT  # "2026年“三公”经费预算数为27.00万元，与2025年预算持平"
                # Only a bare period word ("年初预算为…") speaks of the subject; "收入决算…" of something else.
                # ("2026年预算数…": a year alone is no name)
                if stem and fv.YEAR_ONLY.match(stem):
                    label = state.section_subject  # "（一）因公出国（境）费用。2026年预算数14.85万元"
                else:
                    label = builder.label_of(stem, unit) if stem else state.subject
                if not stem and period_word in fv.SPENDING_PERIOD_WORDS and is_balance(state.subject):
                    label = None  # "年初结转和结余…，收入决算…，支出决算568,051.63万元": no balance's figure
                break
            if variant.endswith(fv.VALUE_WORD) and state.last_row is not None:
                counted = builder.rows[state.last_row].fact
                label = (fv.AMOUNT_OF[counted], None) if counted in fv.AMOUNT_OF else None
                break
    if label is None:
        if unit in fv.MONEY_UNITS and (name := fv.LEADING_WORDS.sub("", words)):
            state.unnamed.append(name)
        return
    label = fund_label(scoped_total(label, state), fund, state)
    if unit in fv.MONEY_UNITS and label[0] in fv.AMOUNT_OF:
        label = (fv.AMOUNT_OF[label[0]], label[1])  # "预算绩效评价项目…全年预算数3,884.94万元"
    if (unit in fv.MONEY_UNITS) == (label[0] in fv.COUNTED_FACTS):
        return  # money under a counted thing's name, or a count under a money fact's: not this fact
    if figure.purchase and label[0] in fv.PURCHASED:
        label = (fv.PURCHASED[label[0]], label[1])
    if figure.by_use and label[0] in fv.BY_USE:
        label = (fv.BY_USE[label[0]], label[1])
    index = builder.row_for(label[0], label[1], period, value, unit, where)
    state.subject = label if label[0] not in fv.AMOUNT_OF.values() else state.subject
    state.last_row = index
    state.last_change_row = None


def scoped_total(label: tuple[str, str | None], state: FactState) -> tuple[str, str | None]:
    """A bare total after the paragraph named the fiscal-appropriation one is that scope's
    (fv.SCOPED_TOTALS)."""
    if state.subject is not None and (state.subject[0], label[0]) in fv.SCOPED_TOTALS:
        return fv.SCOPED_TOTALS[(state.subject[0], label[0])], label[1]
    return label


def names_section_subject(words: str, subject: tuple[str, str | None] | None) -> bool:
    """Do a change's words name the section's subject by the head of one of its labels ("收入" of
    "收入预算", the heading run into the paragraph: "（一）收入预算：…。收入比2025年减少…")?"""
    if subject is None or len(words) < MIN_UNNAMED_CHARS:
        return False
    return any(label.startswith(words) for label, fact in SUBJECT_LABELS if fact == subject[0])


def names_unnamed(words: str, unnamed: list[str]) -> bool:
    """Do the words name one of the paragraph's unnamed figures (one's name begins the other's:
    "专项业务经费" and "专项业务经费支出")?"""
    name = fv.LEADING_WORDS.sub("", words)
    return len(name) >= MIN_UNNAMED_CHARS and any(
        other.startswith(name) or name.startswith(other)
        for other in unnamed
        if len(other) >= MIN_UNNAMED_CHARS
    )


def read_sentence(builder: FactBuilder, state: FactState, where: Sentence) -> None:
    """All facts of one sentence; reasons are cut out first so their words are not read as figures."""
    text = readable_text(builder, where.text)
    if fv.PERFORMANCE_TARGET_WORD in text:
        read_performance_targets(builder, text, where)
    if fv.KEY_EVALUATION_WORD in text:
        read_key_evaluations(builder, text, where)
    sentence_fund = parts_fund(state, text)
    said = ""  # the heads read so far
    segments = text.split("；") if "；" in text else text.split(";")
    reason_row: int | None = None
    reason_parts: list[str] = []

    def close_reason() -> None:
        nonlocal reason_row, reason_parts
        if reason_row is not None and reason_parts and builder.rows[reason_row].reason is None:
            builder.rows[reason_row].reason = "；".join(reason_parts).strip().rstrip(fv.REASON_END)
        reason_row, reason_parts = None, []

    if not fv.FIGURE.search(text) and (named := label_alone(text)):
        # "（一）因公出国（境）费用。" heads the figures after it
        state.subject = state.section_subject = named
        return
    for segment in segments:
        if reason_parts and not has_labelled_figure(builder, segment):
            reason_parts.append(segment)
            continue
        close_reason()
        start = fv.REASON_START.search(segment)
        head = segment[: start.start()] if start else segment
        read_clauses(builder, state, head, where, sentence_fund, said)
        said += head
        found = next(((hit, name) for p, name in fv.RELATION_PATTERNS if (hit := p.search(head))), None)
        relation = found[1] if found else None
        if found:  # "2024年度三公经费支出决算数小于预算数的…" names the subject before the relation words
            named = builder.label_of(fv.LEADING_WORDS.sub("", clause_words(head[: found[0].start()])))
            state.subject = named or state.subject
        budget_row = subject_row(builder, state, fv.BUDGET_PERIODS)
        if relation and budget_row is not None:
            builder.rows[budget_row].relation = relation
        if start:
            about_budget = fv.BUDGET_WORD in head.replace(fv.GENERAL_BUDGET_WORD, "") or relation is not None
            latest = state.last_change_row if state.last_change_row is not None else state.last_row
            reason_row = budget_row if about_budget and budget_row is not None else latest
            if reason_row is None and state.subject:
                reason_row = builder.row_for(
                    state.subject[0], state.subject[1], fv.CURRENT, None, None, where
                )
            reason_parts = [segment[start.end() :]]
    close_reason()
    if names_holding_or_purchase(text):
        state.buying = is_purchase(text)


def readable_text(builder: FactBuilder, sentence: str) -> str:
    """The sentence as the clauses are read: quotes dropped, brackets full-width, joined pairs
    (fv.JOINED_PAIRS) and coded level marks (fv.CODED_PATH) rewritten, and labels sharing one figure
    (fv.JOINT_FIGURE) written out one by one. Facts keep the sentence as printed."""
    text = sentence.translate(fv.QUOTES)
    for pair, joined in fv.JOINED_PAIRS:
        text = text.replace(pair, joined)
    text = fv.CODED_LEVEL_MARK.sub(r"（\1）", fv.CODED_PATH.sub(bare_marks_and_code, text))
    if "均" in text:
        text = fv.JOINT_FIGURE.sub(lambda joint: one_figure_each(builder, joint), text)
    return text


def bare_marks_and_code(path: re.Match[str]) -> str:
    """A path from the 类 with coded level marks (fv.CODED_PATH) as bare marks and its code after them."""
    class_code, group, group_code, item, item_code = path.groups()
    text = "（类）"
    if group_code:
        text += f"{group}（款）"
    if item_code:
        text += f"{item}（项）"
    return f"{text}（{class_code}{group_code or ''}{item_code or ''}）"


def one_figure_each(builder: FactBuilder, joint: re.Match[str]) -> str:
    """Labels sharing one figure (fv.JOINT_FIGURE) written out one by one, where each is a label."""
    names = joint.group("names").split("、")
    if any(builder.label_of(name) is None for name in names):
        return joint.group(0)
    compared = joint.group("compared")
    each = "，".join(f"{name}{joint.group('verb') or ''}{joint.group('figure')}" for name in names)
    return f"{compared}，{each}" if compared else each


def read_performance_targets(builder: FactBuilder, text: str, where: Sentence) -> None:
    """The projects a budget sets 绩效目标 for and the money they involve, where the sentence states
    the count and, in its next clause, the amount (fv.PERFORMANCE_TARGET_PROJECTS), or says every
    project has them and states the amount alone (fv.ALL_PROJECTS_UNDER_TARGETS)."""
    projects, amount_fact = fv.PERFORMANCE_TARGET_FACTS
    count = fv.PERFORMANCE_TARGET_PROJECTS.search(text)
    if count is None:
        every = fv.ALL_PROJECTS_UNDER_TARGETS.search(text)
        if every:
            value = Decimal(every.group(1).replace(",", ""))
            builder.row_for(amount_fact, None, fv.CURRENT, value, fv.PERFORMANCE_TARGET_AMOUNT_UNIT, where)
        return
    number = Decimal(count.group(1) or count.group(2))
    builder.row_for(projects, None, fv.CURRENT, number, fv.PROJECT_COUNT_UNIT, where)
    amount = fv.PERFORMANCE_TARGET_AMOUNT.match(text[count.end() :])
    if amount:
        value = Decimal(amount.group(1).replace(",", ""))
        builder.row_for(amount_fact, None, fv.CURRENT, value, fv.PERFORMANCE_TARGET_AMOUNT_UNIT, where)
        after = text[count.end() + amount.end() :]
        read_fiscal_part(builder, fv.PERFORMANCE_TARGET_FISCAL_FACT, after, where)


def read_key_evaluations(builder: FactBuilder, text: str, where: Sentence) -> None:
    """The projects a budget plans to evaluate in depth (重点绩效评价), when it counts them, the money
    they involve and its 财政拨款 part (fv.KEY_EVALUATION)."""
    found = fv.KEY_EVALUATION.search(text)
    if found is None:
        return
    projects, amount_fact, fiscal_fact = fv.KEY_EVALUATION_FACTS
    if found.group(1):
        builder.row_for(projects, None, fv.CURRENT, Decimal(found.group(1)), fv.PROJECT_COUNT_UNIT, where)
    value = Decimal(found.group(2).replace(",", ""))
    builder.row_for(amount_fact, None, fv.CURRENT, value, fv.PERFORMANCE_TARGET_AMOUNT_UNIT, where)
    read_fiscal_part(builder, fiscal_fact, text[found.end() :], where)


def read_fiscal_part(builder: FactBuilder, fact: str, after: str, where: Sentence) -> None:
    """The 财政拨款 part stated right after an amount (`after`: the text following it), as `fact`."""
    part = fv.FISCAL_PART.match(after)
    if part:
        value = Decimal(part.group(1).replace(",", ""))
        builder.row_for(fact, None, fv.CURRENT, value, fv.PERFORMANCE_TARGET_AMOUNT_UNIT, where)


def parts_fund(state: FactState, text: str) -> str | None:
    """The general budget, for a sentence listing the parts (其中：…) of the general budget's
    spending the paragraph stated last; else None."""
    if text.startswith(fv.PARTS_OPENING) and state.subject and state.subject[0] in fv.GENERAL_BUDGET_WHOLES:
        return fv.GENERAL_BUDGET_FUND
    return None


def subject_row(builder: FactBuilder, state: FactState, periods: frozenset[str]) -> int | None:
    """The latest row of the paragraph's subject in one of the periods."""
    if state.subject is None:
        return None
    for index in range(len(builder.rows) - 1, -1, -1):
        row = builder.rows[index]
        if (row.fact, row.subject) == state.subject and row.period in periods:
            return index
    return None


def extract_facts(
    doc_id: str,
    pages: list[PageContent],
    line_items: list[LineItem] | None = None,
    doc_kind: str | None = None,
) -> list[FactRecord]:
    """Every fact the document's narrative states, in reading order.

    line_items (of the document's general-budget expenditure table) let 类/款/项 items be keyed by
    their classification code; without them the subject is the name path. In a budget (doc_kind)
    the year's figures are its budget: a 预算数 is the current figure.
    """
    function_items = [li for li in line_items or [] if li.table_kind == TableKind.GENERAL_BUDGET_EXPENDITURE]
    spending = [li for li in line_items or [] if li.table_kind == TableKind.EXPENDITURE]
    # its 类 rows; every row where it prints names without codes (a 类 name is then the first row named
    # so); the general budget's 类 where it prints its 合计 alone (Jiangsu)
    class_items = (
        [li for li in spending if li.code_level == 1]
        or [li for li in spending if not li.code and li.item_name != fv.TOTAL_ROW]
        or [li for li in function_items if li.code_level == 1]
    )
    builder = FactBuilder(
        doc_id=doc_id,
        function_items=function_items,
        class_items=class_items,
        budget=doc_kind == DocKind.BUDGET,
    )
    state = FactState()
    paragraph = -1
    paragraphs = build_paragraphs(pages)
    headings = sections(paragraphs)
    for sentence in split_sentences(paragraphs):
        if sentence.paragraph != paragraph:
            paragraph = sentence.paragraph
            fund, subject = headings[paragraph]
            state = FactState(section_fund=fund, section_subject=subject)
        read_sentence(builder, state, sentence)
    return builder.rows


def sections(
    paragraphs: list[Paragraph],
) -> list[tuple[str | None, tuple[str, str | None] | None]]:
    """Per paragraph, what the last heading above it says of its section: the other fund its
    spending is (the one fund of fv.OTHER_FUNDS the heading names alone: "三、政府性基金预算拨款支出
    情况"; the 财政拨款 after a paragraph leading into a list of its spending, fv.FISCAL_SPENDING_LEAD_IN;
    every fund from the paragraph listing the spending total's parts on, fv.SPENDING_TOTAL_LEAD_IN),
    and the fact the heading is the label of ("（一）因公出国（境）经费" over "2026年预算安排
    0.00万元，与上年持平。"); None for each under any other heading, and for the heading itself."""
    found: list[tuple[str | None, tuple[str, str | None] | None]] = []
    fund, subject = None, None
    for paragraph in paragraphs:
        if fv.FISCAL_SPENDING_LEAD_IN.match(paragraph.text):
            fund = fv.FISCAL_APPROPRIATION_FUND  # "财政拨款支出主要内容如下：": the list after it
            found.append((fund, subject))
            continue
        if fv.SPENDING_TOTAL_LEAD_IN.search(paragraph.text):
            fund = fv.EVERY_FUND  # "支出预算总计…。包括：": the list after it, in this paragraph or the next
            found.append((fund, subject))
            continue
        if is_heading(paragraph.text) and not fv.FIGURE.search(paragraph.text):
            named = {name for word, name in fv.FUND_WORDS if word in paragraph.text}
            general = any(name in paragraph.text for name in fv.GENERAL_BUDGET_NAMES)
            fund = named.pop() if len(named) == 1 and not general else None
            subject = label_alone(paragraph.text)
            found.append((fund, None))
            continue
        found.append((fund, subject))
    return found


def label_alone(text: str) -> tuple[str, str | None] | None:
    """The fact a text names when it is nothing but one of the facts' labels, after its enumerator
    and before its closing mark ("（一）因公出国（境）费用。"); else None."""
    words = fv.ITEM_ENUMERATION.sub("", text).strip().rstrip(fv.LABEL_ONLY_END)
    fact = LABEL_FACTS.get(words)
    return (fact, None) if fact else None


def fund_label(label: tuple[str, str | None], fund: str | None, state: FactState) -> tuple[str, str | None]:
    """A label as the figure of the fund it is stated for: the general budget's part
    ("一般公共预算财政拨款支出…，其中：基本支出…", fv.GENERAL_BUDGET_PARTS), another fund's balance or
    appropriation (fv.FUND_SCOPED_FACTS, the fund as a prefix), another fund's 类/款/项 item (in_fund)."""
    if fund == fv.GENERAL_BUDGET_FUND:
        label = (fv.GENERAL_BUDGET_PARTS.get(label[0], label[0]), label[1])
    elif fund and label[0] in fv.FUND_SCOPED_FACTS:
        label = (f"{fund}_{label[0]}", label[1])
    return in_fund(label, fund, state)


def in_fund(label: tuple[str, str | None], fund: str | None, state: FactState) -> tuple[str, str | None]:
    """A 类/款/项 label as the item of the other fund its words or its section name
    (fv.FUND_FUNCTION_FACTS); any other label as it is."""
    if label[0] not in fv.FUNCTION_FACTS.values():
        return label
    if fund is None:
        fund = state.section_fund  # the words name no fund: the section's
    if fund not in fv.FUND_FUNCTION_FACTS:
        return label
    return (fv.FUND_FUNCTION_FACTS[fund][label[0]], label[1])
