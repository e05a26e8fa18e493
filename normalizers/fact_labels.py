"""What the words before a narrative figure name: a fact label, or a 类/款/项 item of the budget.

normalizers.facts reads sentences clause by clause and asks label_of for the (fact, subject) of each
figure; a 类/款/项 name path is resolved to its classification code through the document's own
general-budget table rows. The words are in normalizers.fact_vocabulary.
"""

from __future__ import annotations

from functools import lru_cache

from disclosure.normalizers import fact_vocabulary as fv
from disclosure.normalizers.records import LineItem
from disclosure.normalizers.whitespace import TEXTS_KEPT

# Trailing fillers come off one at a time; no label carries more than this many.
MAX_FILLER_STEPS = 6
# Every fact label, for one test of whether words end in any of them before looking for which.
LABEL_ENDINGS = tuple(label for label, _ in fv.LABELS)


def function_subject(words: str, function_items: list[LineItem]) -> tuple[str, str | None] | None:
    """The 类/款/项 item a text names, as (fact, code or name path): by its code printed beside its
    name, else by its names and their level marks (from the 类, the 款 or the 项 alone)."""
    code = printed_function_code(words)
    if code:
        return fv.FUNCTION_FACTS[fv.FUNCTION_LEVEL_OF_DIGITS[len(code)]], code
    names = function_names(words)
    if names is None:
        return None
    names = [fv.ITEM_ENUMERATION.sub("", n).strip() if n else None for n in names]
    level = max(i + 1 for i, n in enumerate(names) if n)
    code = resolve_function_code(names, function_items)
    return fv.FUNCTION_FACTS[level], code or "/".join(n for n in names if n)


def printed_function_code(words: str) -> str | None:
    """The function code printed beside an item's name, right before its figure ("事业单位医疗
    （2101102）") or at the head of the words ("2080505-机关事业单位基本养老保险缴费支出")."""
    after = fv.FUNCTION_CODE_AFTER_NAME.search(words)
    if after:
        return after.group(1)
    before = fv.FUNCTION_CODE_BEFORE_NAME.match(fv.ITEM_ENUMERATION.sub("", words))
    return before.group(1) if before else None


def function_names(words: str) -> list[str | None] | None:
    """The 类, 款 and 项 names of the item the words name with level marks (None for a level they
    leave out), or None."""
    if fv.FUNCTION_CLASS_MARK in words:
        match = fv.FUNCTION_ITEM.search(words)
        return list(match.groups()) if match else None
    if fv.FUNCTION_GROUP_MARK in words:
        match = fv.FUNCTION_PATH_FROM_GROUP.search(words)
        return [None, *match.groups()] if match else None
    if fv.FUNCTION_ITEM_MARK in words:
        match = fv.FUNCTION_PATH_ITEM_ONLY.search(words)
        return [None, None, *match.groups()] if match else None
    account = fv.SUBJECT_ACCOUNT.match(fv.ITEM_ENUMERATION.sub("", words))
    if account:  # "社会保障和就业支出科目", "一般公共服务支出-…事务-行政运行科目": a path from the 类
        path: list[str | None] = list(account.group(1).split(fv.FUNCTION_PATH_SEPARATOR))
        return path + [None] * (3 - len(path))
    return None


def label_of(
    words: str, function_items: list[LineItem], unit: str | None = None
) -> tuple[str, str | None] | None:
    """(fact, subject) named by the words before a figure, or None."""
    function = function_subject(words, function_items)
    if function:
        return function
    economic = fv.ECONOMIC_CODE_AFTER_NAME.search(words)
    if economic:
        code = economic.group(1)
        return fv.ECONOMIC_FACTS_BY_DIGITS[len(code)], code
    words = fv.LEADING_WORDS.sub("", words)
    if (
        unit == fv.VEHICLE_UNIT
        and words.endswith(fv.VEHICLE_USE_SUFFIX)
        and not words.endswith(fv.VEHICLES_WORD)
    ):
        return fv.VEHICLES_BY_USE, words
    for candidate in filler_variants(words):
        if not candidate.endswith(LABEL_ENDINGS):
            continue
        for label, fact in fv.LABELS:
            if candidate.endswith(label):
                if candidate[: -len(label)].endswith(fv.SCOPED_ELSEWHERE.get(fact, ())):
                    return None  # "财政拨款基本支出": another scope's figure
                return fact, None
    # "…支队收入预算为10344.71万元"; "1.收入预算减少…" (an item's enumerator is no qualifier)
    for candidate in filler_variants(fv.ITEM_ENUMERATION.sub("", words)):
        for label, fact in fv.BUDGET_TOTAL_LABELS:
            if candidate.endswith(label):
                before = candidate[: -len(label)]
                if not before or before[-1] in fv.BUDGET_TOTAL_MAY_FOLLOW or before[-1].isdigit():
                    return fact, None
                return None
    return None


def filler_variants(words: str) -> list[str]:
    """The words, then the words with trailing filler ("为", "支出", "（以合同签订为准）") removed step by step."""
    variants = [words]
    current = words
    for _ in range(MAX_FILLER_STEPS):
        stripped = fv.TRAILING_NOTE.sub("", current)
        if stripped == current:
            for suffix in fv.FILLER_SUFFIXES:
                if stripped.endswith(fv.NOT_FILLER.get(suffix, ())):
                    continue
                if stripped.endswith(suffix) and len(stripped) > len(suffix):
                    stripped = stripped[: -len(suffix)]
                    break
        if stripped == current:
            break
        variants.append(stripped)
        current = stripped
    return variants


def resolve_function_code(names: list[str | None], items: list[LineItem]) -> str | None:
    """The classification code of a 类/款/项 name path, looked up in the general-budget table."""
    by_level: dict[int, list[LineItem]] = {}
    for item in items:
        if item.code and item.code_level:
            by_level.setdefault(item.code_level, []).append(item)
    prefix = ""
    code = None
    for level, name in enumerate(names, start=1):
        if not name:
            continue
        wanted = function_name_key(name)
        found = {
            i.code
            for i in by_level.get(level, [])
            if i.code
            and i.code.startswith(prefix)
            and i.item_name
            and function_name_key(i.item_name) == wanted
        }
        if len(found) != 1:
            return None
        code = found.pop()
        prefix = code
    return code


@lru_cache(maxsize=TEXTS_KEPT)
def function_name_key(name: str) -> str:
    """A 类/款/项 name as compared with the table's rows: the narrative's "一般公共服务（类）" is the
    table's "一般公共服务支出" (row 201), so a trailing 支出 does not count."""
    return fold_quotes_and_space(name).removesuffix(fv.FUNCTION_NAME_SUFFIX)


def fold_quotes_and_space(text: str) -> str:
    """Text without whitespace and with typographic quotes folded to one form."""
    return "".join(text.split()).translate(fv.QUOTES)
