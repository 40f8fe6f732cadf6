"""The coordinator's report, built from the sample project plus an Arabic catalog, read by
html5lib and by a real browser (Debian's Chromium, headless)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import html5lib
import pytest
from html5lib._inputstream import invalid_unicode_re
from hypothesis import given
from hypothesis import strategies as st

from relay.catalogs.catalog import Catalog, counts
from relay.catalogs.po import load_catalog, write_po
from relay.catalogs.templates import catalog_header, template
from relay.core.placeholders import problems
from relay.core.project import Project, open_project
from relay.publish.run import publish
from relay.report.html import (
    FindingView,
    LanguageView,
    ReleaseView,
    ReportRow,
    SegmentView,
    render_report,
)
from relay.sources.discovery import discover

REPO = Path(__file__).resolve().parents[2]
KAZAKHSTAN = "2013-04-23-kazakhstan-innovation"
ROAD_SAFETY = "2015-10-05-road-safety"
EMBARGO = "2015-10-05T10:00:00+02:00"
# The moment the report is made for: before the road-safety release's embargo ends.
NOW = dt.datetime(2015, 10, 5, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
ARABIC = {
    "UNECE supports Kazakhstan’s efforts to promote innovation": (
        "اللجنة الاقتصادية لأوروبا تدعم جهود كازاخستان لتعزيز الابتكار"
    ),
    "Published: <1/>": "نُشر في: <1/>",
    "United Nations Economic Commission for Europe": "لجنة الأمم المتحدة الاقتصادية لأوروبا",
    "<1>UNECE</1> is helping Kazakhstan to prepare a methodology for the development of"
    " innovation systems in its regions.": (
        "<1>اللجنة الاقتصادية لأوروبا</1> تساعد كازاخستان على إعداد منهجية لتطوير نظم"
        " الابتكار في أقاليمها."
    ),
    # The year is missing: the fake "numbers" finding below says so.
    "The seminar organized by the Ministry of Industry and New Technologies of Kazakhstan and"
    " the National Agency for Technology Development with the expert contribution of UNECE,"
    " in Astana on 19 April 2013, marked the first step in this process.": (
        "شكّلت الحلقة الدراسية التي نظمتها وزارة الصناعة والتكنولوجيات الجديدة في كازاخستان"
        " والوكالة الوطنية للتنمية التكنولوجية بمساهمة خبراء اللجنة، في أستانا في 19 نيسان/أبريل،"
        " الخطوة الأولى في هذه العملية."
    ),
    # <2>…</2> (emphasis) is dropped: a real placeholder error.
    "The contribution of UNECE to this ongoing policy initiative reflects the agreed"
    " collaboration with the National Agency for Technological Development to support the"
    " implementation of the recommendations of the <1><2>Innovation Performance Review of"
    " Kazakhstan</2></1> published by UNECE in 2012.": (
        "تعكس مساهمة اللجنة في هذه المبادرة التعاون المتفق عليه مع الوكالة الوطنية للتنمية"
        " التكنولوجية لدعم تنفيذ توصيات <1>استعراض أداء الابتكار في كازاخستان</1> الذي نشرته"
        " اللجنة في عام 2012."
    ),
    "Note to editors": "ملاحظة للمحررين",
    "Information Unit": "وحدة الإعلام",
}
FUZZY = (
    "The Review contained a recommendation that encouraged the authorities to continue their"
    " efforts to reach the regions with their innovation support initiatives.",
    "تضمّن الاستعراض توصية تشجع السلطات على مواصلة جهودها.",
)
FAKE_FINDING = FindingView("warning", "numbers", "2013 is in the source but not in the translation")


def add_arabic(root: Path) -> None:
    """Make the project translate into Arabic too, with one partly translated catalog."""
    (root / "relay.toml").write_text(
        'source-lang = "en"\ntarget-langs = ["fr", "ru", "ar"]\n', encoding="utf-8"
    )
    source = root / "sources" / f"{ROAD_SAFETY}.txt"
    text = source.read_text("utf-8")
    source.write_text(text.replace("\n\n", f"\nEmbargo: {EMBARGO}\n\n", 1), encoding="utf-8")
    project = open_project(root)
    [release] = [r for r in discover(project).releases if r.slug == KAZAKHSTAN]
    fresh = template(release)
    entries = []
    for entry in fresh:
        if entry.msgid == FUZZY[0]:
            entries.append(entry.with_(msgstr=FUZZY[1], fuzzy=True))
        else:
            entries.append(entry.with_(msgstr=ARABIC.get(entry.msgid, "")))
    path = project.catalog_path("ar", KAZAKHSTAN)
    path.parent.mkdir(parents=True)
    path.write_bytes(write_po(Catalog(catalog_header(release, "ar", None), entries)))


def report_data(
    project: Project,
    *,
    now: dt.datetime,
    extra: dict[tuple[str, str, str], tuple[FindingView, ...]] | None = None,
) -> tuple[list[ReportRow], list[ReleaseView]]:
    """Build the report's input the way `relay report` will: catalogs, gates, findings."""
    extra = extra or {}
    gates = {(v.slug, v.lang): v for v in publish(project, dry_run=True).variants}
    rows: list[ReportRow] = []
    releases: list[ReleaseView] = []
    for release in discover(project).releases:
        codes = {unit.text: unit.codes for unit in release.document.units}
        embargo = release.document.metadata.embargo
        views = []
        for lang in project.config.target_langs:
            stored = load_catalog(project.catalog_path(lang, release.slug))
            catalog = stored or template(release)
            segments = []
            for entry in catalog.active:
                found = [
                    FindingView("error", "placeholders", problem)
                    for problem in (problems(entry.msgstr, codes.get(entry.msgid, ())))
                    if entry.msgstr
                ]
                found += extra.get((release.slug, lang, entry.msgid), ())
                segments.append(SegmentView(entry.msgid, entry.msgstr, entry.state, tuple(found)))
            views.append(LanguageView(lang, tuple(segments)))
            tally = counts(catalog)
            findings = [f for segment in segments for f in segment.findings]
            variant = gates[(release.slug, lang)]
            gate = "published" if variant.published else "blocked"
            reasons = variant.reasons
            if stored is None:
                # publish() takes a missing catalog for the source language; the report must not.
                gate, reasons = "blocked", ("no catalog yet (run relay extract)",)
            if gate == "published" and embargo is not None and embargo > now:
                gate = "embargoed"
            rows.append(
                ReportRow(
                    slug=release.slug,
                    lang=lang,
                    translated_words=tally.translated_words,
                    fuzzy_words=tally.fuzzy_words,
                    untranslated_words=tally.untranslated_words,
                    errors=sum(f.severity == "error" for f in findings),
                    warnings=sum(f.severity == "warning" for f in findings),
                    gate=gate,
                    reasons=reasons,
                    embargo=embargo,
                )
            )
        metadata = release.document.metadata
        releases.append(
            ReleaseView(
                release.slug,
                metadata.title,
                metadata.lang or project.config.source_lang,
                metadata.date,
                tuple(views),
            )
        )
    return rows, releases


def parse_strictly(page: str) -> object:
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


@pytest.fixture
def page(sample_project: Path) -> str:
    add_arabic(sample_project)
    project = open_project(sample_project)
    extra = {(KAZAKHSTAN, "ar", next(iter(k for k in ARABIC if "Astana" in k))): (FAKE_FINDING,)}
    rows, releases = report_data(project, now=NOW, extra=extra)
    return render_report(rows, releases, generated_for="UNECE press releases (sample project)")


def test_report_is_strict_html5_and_self_contained(page: str) -> None:
    tree = parse_strictly(page)
    assert page.startswith("<!DOCTYPE html>\n<html")
    assert tree.find(".//script") is None
    assert not re.search(r"""(?:src|href)=["'](?!#)""", page), "only in-page links"
    assert "@import" not in page and "url(" not in page


def test_report_is_deterministic(sample_project: Path) -> None:
    add_arabic(sample_project)
    project = open_project(sample_project)
    first = render_report(*report_data(project, now=NOW), generated_for="x")
    assert render_report(*report_data(project, now=NOW), generated_for="x") == first


def test_arabic_cells_are_right_to_left_and_others_left_to_right(page: str) -> None:
    tree = parse_strictly(page)
    cells = tree.findall(".//td[@class='tgt']")
    arabic = [cell for cell in cells if cell.get("lang") == "ar"]
    assert len(arabic) == 26 + 29 + 24
    assert all(cell.get("dir") == "rtl" for cell in arabic)
    assert all(cell.get("dir") == "ltr" for cell in cells if cell.get("lang") in ("fr", "ru"))
    assert all(cell.get("lang") == "en" for cell in tree.findall(".//td[@class='src']"))


def test_untrusted_translations_stay_text() -> None:
    hostile = '</td></tr></table><script>alert("x")</script><img src=x onerror=alert(1)> &amp;'
    row = ReportRow("s", "fr", 1, 0, 0, gate="published")
    odd = FindingView("<b>fatal</b>", "<i>check</i>", "<u>message</u>")
    view = LanguageView("fr", (SegmentView("Hi", hostile, "translated", (odd,)),))
    page = render_report(
        [row], [ReleaseView("s", hostile, "en", None, (view,))], generated_for=hostile
    )
    tree = parse_strictly(page)
    assert tree.find(".//script") is None and tree.find(".//img") is None
    [cell] = tree.findall(".//td[@class='tgt']")
    assert cell.text == hostile
    assert tree.find(".//title").text == f"Translation report: {hostile}"


@given(st.text())
def test_any_text_reaches_the_page_as_text(text: str) -> None:
    row = ReportRow("s", "ar", 0, 0, 1, gate="blocked", reasons=(text,))
    view = LanguageView("ar", (SegmentView("Hello.", text, "fuzzy"),))
    page = render_report([row], [ReleaseView("s", text, "en", None, (view,))], generated_for="p")
    tree = parse_strictly(page)
    [cell] = tree.findall(".//td[@class='tgt']")
    shown = "".join(cell.itertext())
    if text:
        expected = re.sub("[\x00\x0c]", "\ufffd", invalid_unicode_re.sub("\ufffd", text))
        # HTML parsing normalizes line endings; nothing else may change.
        assert shown == expected.replace("\r\n", "\n").replace("\r", "\n")


def test_matrix_and_problems_without_a_browser(page: str) -> None:
    tree = parse_strictly(page)
    cells = _matrix_cells(tree)
    assert _cell_text(cells[(KAZAKHSTAN, "fr")]).startswith("100% published")
    arabic = _cell_text(cells[(KAZAKHSTAN, "ar")])
    assert re.match(r"\d{1,2}\.\d% blocked", arabic)
    assert "1 error, 1 warning" in arabic
    assert _cell_text(cells[("2014-03-12-water-cooperation", "ar")]).startswith("0% blocked")
    assert "embargoed until 2015-10-05 10:00 UTC+02:00" in _cell_text(cells[(ROAD_SAFETY, "fr")])
    road_arabic = _cell_text(cells[(ROAD_SAFETY, "ar")])
    assert road_arabic.startswith("0% blocked") and "embargo until 2015-10-05" in road_arabic
    problems_list = "".join(tree.find(f".//section[@id='r-{KAZAKHSTAN}']/ul").itertext())
    assert "untranslated" in problems_list and "fuzzy" in problems_list
    assert "placeholder <2>…</2> is missing" in problems_list
    assert FAKE_FINDING.message in problems_list


def test_memory_words_and_a_report_with_nothing_to_do() -> None:
    row = ReportRow("s", "de", 90, 0, 0, memory_words=40, gate="published")
    page = render_report([row], [ReleaseView("s", "T", "en")], generated_for="p")
    assert "40 from memory" in page and "No open problems." in page
    parse_strictly(page)


# In a real browser ---------------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def chromium() -> str:
    """Find Chromium; its absence is a failure (scripts/setup installs it)."""
    found = shutil.which("chromium")
    if found:
        return found
    pytest.fail(
        "Chromium is not installed (run scripts/install-browser to install Debian's chromium)"
    )


def run_chromium(profile: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    profile.mkdir()
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.fixture
def browser_page(page: str, tmp_path: Path) -> tuple[Path, str]:
    """Render the report in Chromium: give its screenshot and its DOM after rendering."""
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    screenshot = tmp_path / "report.png"
    run_chromium(
        tmp_path / "profile-shot",
        f"--screenshot={screenshot}",
        "--window-size=1280,2000",
        path.as_uri(),
    )
    dom = run_chromium(tmp_path / "profile-dom", "--dump-dom", path.as_uri()).stdout
    if os.environ.get("RELAY_SAVE_SCREENSHOT") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(screenshot, REPO / "docs" / "report-screenshot.png")
    return screenshot, dom


@pytest.mark.slow
def test_browser_renders_the_report(browser_page: tuple[Path, str]) -> None:
    screenshot, dom = browser_page
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000, "a screenshot this small is a blank page"

    tree = html5lib.parse(dom, namespaceHTMLElements=False)
    cells = _matrix_cells(tree)
    assert len(cells) == 3 * 3
    assert _cell_text(cells[(KAZAKHSTAN, "ru")]).startswith("100% published")
    assert re.match(r"\d{1,2}\.\d% blocked", _cell_text(cells[(KAZAKHSTAN, "ar")]))
    assert "".join(tree.find(".//p[@class='summary']").itertext()) == (
        "3 releases, 9 language variants: 4 published, 3 blocked, 2 embargoed."
    )
    assert FAKE_FINDING.message in "".join(tree.find(".//body").itertext())
    arabic = [cell for cell in tree.iter("td") if cell.get("lang") == "ar"]
    assert arabic and all(cell.get("dir") == "rtl" for cell in arabic)
    assert "اللجنة الاقتصادية لأوروبا تدعم جهود كازاخستان" in "".join(arabic[0].itertext())


def _matrix_cells(tree: object) -> dict[tuple[str, str], object]:
    table = tree.find(".//table[@class='matrix']")  # type: ignore[attr-defined]
    langs = [th.find("span").text for th in table.findall("./thead/tr/th")[1:]]
    cells = {}
    for row in table.findall("./tbody/tr"):
        slug = row.find("./th/span").text
        for lang, cell in zip(langs, row.findall("./td"), strict=True):
            cells[(slug, lang)] = cell
    return cells


def _cell_text(cell: object) -> str:
    return " ".join("".join(cell.itertext()).split())  # type: ignore[attr-defined]


def _revised(previous: str, translation: str, who: str, on: str | None) -> SegmentView:
    step = f"revised by Pavel on {on}" if on else "revised by Pavel"
    return SegmentView("s", translation, "translated", (), step, previous, who, on)


def test_revision_totals_per_translator_over_a_time_range() -> None:
    """Where translations needed most revision: per translator and language, over a range of
    revision days, most edited first; undated steps are said to be left out of a range."""
    views = (
        LanguageView(
            "ru",
            (
                _revised("Почти все.", "Около всех.", "Irina", "2026-11-20"),
                _revised("Да.", "Да!", "Irina", "2026-12-03"),
                _revised("Нет.", "Нет!", "Boris", "2026-12-02"),
                _revised("Без даты.", "Без даты!", "Boris", None),
            ),
        ),
    )
    releases = [ReleaseView("r1", "R1", "en", None, views)]
    rows: list[ReportRow] = []

    def totals(**range_: str) -> list[list[str]]:
        page = html5lib.parse(render_report(rows, releases, generated_for="x", **range_))
        ns = {"h": "http://www.w3.org/1999/xhtml"}
        section = page.find(".//h:section[@id='revision']", ns)
        assert section is not None
        body = section.findall(".//h:tbody/h:tr", ns)
        return [["".join(cell.itertext()) for cell in row] for row in body]

    everything = totals()
    assert [row[0] for row in everything] == ["Irina [ru]", "Boris [ru]"]
    assert everything[0][1] == "2" and everything[1][1] == "2"
    # a tie in characters edited goes by name
    assert totals(since="2026-12-01") == [["Boris [ru]", "1", "1", "25.0%"],
                                          ["Irina [ru]", "1", "1", "33.3%"]]  # fmt: skip
    page = render_report(rows, releases, generated_for="x", since="2026-12-03")
    assert "1 changed unit with no recorded date left out of the range." in page
    assert totals(until="2026-11-30") == [["Irina [ru]", "1", "6", "60.0%"]]
