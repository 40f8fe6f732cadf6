"""Consistency checks: across the units of a language, and across the languages of a release.

Takes translations (all translated units of one language, over every release; or every
language's units of one release); gives findings. Sources and translations are compared as
readers read them: placeholders dropped, case and runs of spaces folded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from relay.checks.findings import Finding, Translation, check, finding
from relay.checks.text import emails, normal, plain, urls
from relay.checks.values import compare


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(plain(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(item: Translation, other: Translation) -> str:
    return "in this release" if item.slug == other.slug else f"in {other.slug}"


@check("inconsistent-translation", "warning", scope="language")
def inconsistent_translation(items: Sequence[Translation]) -> Iterator[Finding]:
    """The same source is translated differently, in one release or across the releases of a
    language.

    A reader who meets "Note to editors" twice expects the same words twice. The most common
    translation is taken as the reference and the others are reported; differences in case,
    spacing and placeholders alone do not count.
    """
    groups: dict[str, list[Translation]] = {}
    for item in items:
        groups.setdefault(normal(item.source), []).append(item)
    for group in groups.values():
        versions = Counter(normal(item.target) for item in group)
        if len(versions) < 2:
            continue
        reference_text = versions.most_common(1)[0][0]
        reference = next(item for item in group if normal(item.target) == reference_text)
        for item in group:
            if normal(item.target) != reference_text:
                yield finding(
                    "inconsistent-translation",
                    item,
                    f"translated “{_short(reference.target)}” {_where(item, reference)}"
                    f" (unit {reference.unit}): write the same, unless the context differs",
                )


@check("inconsistent-source", "warning", scope="language")
def inconsistent_source(items: Sequence[Translation]) -> Iterator[Finding]:
    """Different sources are given the same translation.

    Often one of the translations is wrong (copied from a neighbouring unit); sometimes the
    sources are needlessly different. Sources that differ only in case, spacing or
    placeholders are the same source here.
    """
    groups: dict[str, list[Translation]] = {}
    for item in items:
        groups.setdefault(normal(item.target), []).append(item)
    for group in groups.values():
        sources = {normal(item.source): item for item in group}
        if len(sources) < 2:
            continue
        first = next(iter(sources.values()))
        for item in list(sources.values())[1:]:
            yield finding(
                "inconsistent-source",
                item,
                f"the same translation is given to “{_short(first.source)}”"
                f" {_where(item, first)} (unit {first.unit}): check which one is right",
            )


def _deviations(item: Translation) -> set[tuple[str, str]]:
    """What a translation states differently from its source: values, URLs, addresses."""
    result = compare(item.source, item.target, item.lang, item.source_lang)
    found = {("missing", value.text) for value in result.missing}
    found |= {("extra", value.text) for value in result.extra}
    for old, new in result.changed:
        found |= {("missing", old.text), ("extra", new.text)}
    for kind, read in (("URL", urls), ("e-mail address", emails)):
        source, target = read(item.source), read(item.target)
        if not source and not target:
            continue  # most units have no address at all
        wanted, have = Counter(source), Counter(target)
        found |= {("missing", f"{kind} {text}") for text in wanted - have}
        found |= {("extra", f"{kind} {text}") for text in have - wanted}
    return found


@check("variant-mismatch", "warning", scope="release")
def variant_mismatch(items: Sequence[Translation]) -> Iterator[Finding]:
    """A release's language variants disagree on a number, date, URL or e-mail address.

    Each variant is compared with the source by the unit checks; this one compares the
    variants with each other, so that a difference is seen even where one language's finding
    was suppressed or downgraded: a reader comparing the French and Russian pages should never
    find two dates for one event.
    """
    by_unit: dict[str, list[Translation]] = {}
    for item in items:
        by_unit.setdefault(item.unit, []).append(item)
    for group in by_unit.values():
        if len({item.lang for item in group}) < 2:
            continue
        deviations = {item.lang: _deviations(item) for item in group}
        for item in group:
            others = [lang for lang in deviations if lang != item.lang]
            for kind, text in sorted(deviations[item.lang]):
                agreeing = [lang for lang in others if (kind, text) in deviations[lang]]
                if len(agreeing) == len(others):
                    continue
                differing = ", ".join(lang for lang in others if lang not in agreeing)
                state = "not in" if kind == "missing" else "only in"
                yield finding(
                    "variant-mismatch",
                    item,
                    f"“{text}” is {state} this translation, unlike the {differing} one:"
                    " check both against the source",
                )
