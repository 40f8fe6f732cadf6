"""Merging a returned package: every unit is applied or reported, nothing is lost."""

from __future__ import annotations

from relay.catalogs.catalog import Catalog, Entry
from relay.exchange.merging import broken, merge, summary
from relay.exchange.package import ExchangeUnit, Package, base_of

CATALOG = Catalog(
    {"Language": "fr"},
    [
        Entry("Note to editors", "", id="n1"),
        Entry("See <1>the report</1>.", "", id="s1"),
        Entry("The seminar was opened by Mr. Asset Issekeshev.", "", id="o1"),
        Entry("Information Unit", "Service de l’information", id="i1"),
    ],
)


def package(*units: ExchangeUnit) -> Package:
    return Package("r", "sources/r.html", "en", "fr", "abc", units)


def outcome_kinds(catalog: Catalog, *units: ExchangeUnit, prefer_theirs: bool = False) -> list[str]:
    _, outcomes = merge(catalog, package(*units), prefer_theirs=prefer_theirs)
    return [o.kind for o in outcomes]


def test_current_units_are_applied_with_their_state() -> None:
    merged, outcomes = merge(
        CATALOG,
        package(
            ExchangeUnit("n1", "Note to editors", "Note aux rédactions", "translated", base="-"),
            ExchangeUnit("s1", "See <1>the report</1>.", "Voir <1>le rapport</1>.", "fuzzy"),
        ),
    )
    assert [o.kind for o in outcomes] == ["applied", "applied"]
    assert merged.find("Note to editors").translated
    entry = merged.find("See <1>the report</1>.")
    assert entry.fuzzy and entry.msgstr == "Voir <1>le rapport</1>."


def test_stale_unit_is_kept_as_a_fuzzy_suggestion() -> None:
    # The source said "Issekeshev" when exported; it says "Ishekeshev" now.
    current = Catalog(
        {},
        [Entry("The seminar was opened by Mr. Asset Ishekeshev.", "", id="o1")],
    )
    merged, outcomes = merge(
        current,
        package(
            ExchangeUnit(
                "o1",
                "The seminar was opened by Mr. Asset Issekeshev.",
                "Le séminaire a été ouvert par M. Asset Issekeshev.",
                "translated",
            )
        ),
    )
    assert outcomes[0].kind == "stale"
    entry = merged.entries[0]
    assert entry.fuzzy
    assert entry.previous == "The seminar was opened by Mr. Asset Issekeshev."
    assert entry.msgstr == "Le séminaire a été ouvert par M. Asset Issekeshev."


def test_stale_unit_found_without_an_id_by_similarity() -> None:
    current = Catalog({}, [Entry("The seminar was opened by Mr. Asset Ishekeshev.", "")])
    kinds = outcome_kinds(
        current,
        ExchangeUnit("zz", "The seminar was opened by Mr. Asset Issekeshev.", "Le séminaire…"),
    )
    assert kinds == ["stale"]


def test_conflict_keeps_ours_unless_told_otherwise() -> None:
    theirs = ExchangeUnit(
        "i1", "Information Unit", "Unité d’information", "translated", base=base_of("")
    )
    merged, outcomes = merge(CATALOG, package(theirs))
    assert outcomes[0].kind == "conflict"
    assert merged.find("Information Unit").msgstr == "Service de l’information"
    merged, outcomes = merge(CATALOG, package(theirs), prefer_theirs=True)
    assert outcomes[0].kind == "conflict"
    assert merged.find("Information Unit").msgstr == "Unité d’information"


def test_a_unit_given_twice_with_two_translations_is_applied_neither_way() -> None:
    # A PO file edited by hand, two files pasted together: which translation the translator
    # meant is not relay's to guess. The first was applied and the second reported as a
    # conflict with it ("kept ours"), as if the catalog had held it.
    first = ExchangeUnit("n1", "Note to editors", "Note aux rédactions", "translated", base="-")
    second = ExchangeUnit("n1", "Note to editors", "Notes aux éditeurs", "translated", base="-")
    same = ExchangeUnit("s1", "See <1>the report</1>.", "Voir <1>le rapport</1>.", base="-")
    # Without ids (a PO file whose comments were lost), context and source name the unit.
    bare = [
        ExchangeUnit("", "The seminar was opened by Mr. Asset Issekeshev.", text, base="-")
        for text in ("Le séminaire a été ouvert par M. Issekeshev.", "Ouverture par M. Issekeshev.")
    ]
    units = (first, same, second, same, *bare)
    merged, outcomes = merge(CATALOG, package(*units))
    assert [(o.kind, o.unit) for o in outcomes] == [
        ("broken", "n1"), ("applied", "s1"), ("unchanged", "s1"), ("broken", ""),
    ]  # fmt: skip
    assert "given 2 times" in outcomes[0].detail and "Notes aux éditeurs" in outcomes[0].detail
    assert merged.find("Note to editors").msgstr == ""
    assert merged.find("The seminar was opened by Mr. Asset Issekeshev.").msgstr == ""
    assert merged.find("See <1>the report</1>.").msgstr == "Voir <1>le rapport</1>."


def test_translator_change_of_what_we_sent_is_applied() -> None:
    ours = "Service de l’information"
    unit = ExchangeUnit(
        "i1", "Information Unit", "Service d’information", "translated", base=base_of(ours)
    )
    merged, outcomes = merge(CATALOG, package(unit))
    assert outcomes[0].kind == "applied"
    assert merged.find("Information Unit").msgstr == "Service d’information"


def test_unknown_unit_is_reported_and_ignored() -> None:
    merged, outcomes = merge(
        CATALOG, package(ExchangeUnit("zz", "A sentence nobody wrote.", "Une phrase."))
    )
    assert outcomes[0].kind == "unknown"
    assert merged.entries == CATALOG.entries


def test_broken_placeholders_are_not_applied() -> None:
    units = [
        ExchangeUnit("s1", "See <1>the report</1>.", "Voir le rapport."),
        ExchangeUnit("s1", "See <1>the report</1>.", "Voir <1>le</1> <1>rapport</1>."),
        ExchangeUnit("s1", "See <1>the report</1>.", "Voir <1>le rapport</1> <2/>."),
        ExchangeUnit("s1", "See <1>the report</1>.", "Voir </1>le rapport<1>."),
        ExchangeUnit("s1", "See <1>the report</1>.", "Voir <1>le <b>rapport</b></1>."),
        ExchangeUnit("s1", "See <1>the report</1>.", "Voir <1>le rapport</1><script>x</script>"),
    ]
    for number, unit in enumerate(units):  # each its own file: one file gives a unit once
        merged, outcomes = merge(CATALOG, package(unit))
        assert [o.kind for o in outcomes] == ["broken"], unit.target
        assert number != 4 or "markup typed in by hand" in outcomes[0].detail
        assert merged.find("See <1>the report</1>.").msgstr == ""


def test_same_translation_is_unchanged() -> None:
    unit = ExchangeUnit("i1", "Information Unit", "Service de l’information", "translated")
    assert outcome_kinds(CATALOG, unit) == ["unchanged"]


def test_summary_counts_every_kind() -> None:
    _, outcomes = merge(
        CATALOG,
        package(
            ExchangeUnit("n1", "Note to editors", "Note aux rédactions", "translated"),
            ExchangeUnit("zz", "Nobody wrote this.", "Personne."),
        ),
    )
    assert summary(outcomes) == {
        "applied": 1,
        "unchanged": 0,
        "stale": 0,
        "conflict": 0,
        "unknown": 1,
        "broken": 0,
    }


def test_broken_accepts_legitimate_text() -> None:
    assert broken("Voir <1>le rapport</1> : 5 < 6 & 7 > 3.", "See <1>the report</1>.") == []
