"""What ``relay check`` prints piped is the plain text of what it prints on a terminal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from relay.checks import Finding
from relay.checks.results import CheckReport
from relay.cli.check import _lines

TEXT = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs", "Cc"]), max_size=12)


def test_control_codes_are_stripped_as_rich_strips_them() -> None:
    finding = Finding("tags", "error", "a\x07", "fr", "u1", "s", "t", "bad\r\x08 thing", "x\x0b")
    report = CheckReport([finding], catalogs=1, units=1)
    styled = [str(line) for line in _lines(report, quiet=False, verbose=False, source=False)]
    plain = list(_lines(report, quiet=False, verbose=False, source=False, terminal=False))
    assert plain == styled and "bad thing" in "\n".join(plain)


@given(
    st.lists(
        st.builds(
            Finding,
            check=st.sampled_from(["untranslated", "number-value", "tags"]),
            severity=st.sampled_from(["error", "warning", "info"]),
            slug=st.sampled_from(["a", "b"]),
            lang=st.sampled_from(["fr", None]),
            unit=st.sampled_from(["u1", None]),
            source=TEXT,
            target=TEXT,
            message=TEXT,  # control codes (\r, \x07...) included: rich strips them
            location=TEXT,
            suppressed=st.booleans(),
        ),
        max_size=8,
    ),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_plain_lines_are_the_styled_lines_as_text(
    findings: list[Finding], quiet: bool, verbose: bool, source: bool
) -> None:
    findings.sort(key=lambda f: (f.slug, f.lang or "", f.unit or "", f.location))
    report = CheckReport(findings, catalogs=2, units=9)
    styled = [str(line) for line in _lines(report, quiet=quiet, verbose=verbose, source=source)]
    plain = list(_lines(report, quiet=quiet, verbose=verbose, source=source, terminal=False))
    assert all(isinstance(line, str) for line in plain)
    assert plain == styled


FINDINGS = st.lists(
    st.builds(
        Finding,
        check=st.sampled_from(["untranslated", "tags"]),
        severity=st.sampled_from(["error", "warning", "info"]),
        slug=st.sampled_from(["a", "b"]),
        lang=st.just("fr"),
        unit=st.sampled_from(["u1", "u2"]),
        source=st.just("s"),
        target=st.just("t"),
        message=st.just("m"),
        suppressed=st.booleans(),
    ),
    max_size=6,
)


@given(st.lists(FINDINGS, max_size=5), st.sampled_from(["error", "warning", "info"]))
def test_a_severity_is_read_from_the_parts_holding_it(
    parts: list[list[Finding]], severity: str
) -> None:
    report = CheckReport()
    for part in parts:
        report.findings.add(part)
    every = [finding for part in parts for finding in part]
    assert list(report.findings) == every
    assert list(report.findings.of_severity(severity)) == [
        finding for finding in every if finding.severity == severity
    ]


@given(st.lists(FINDINGS, max_size=5), st.booleans())
def test_quiet_lines_are_the_error_lines_of_every_finding(
    parts: list[list[Finding]], verbose: bool
) -> None:
    """-q reads only the parts holding an error: it prints what filtering them all prints."""
    report = CheckReport()
    for part in parts:
        report.findings.add(sorted(part, key=lambda f: (f.slug, f.unit or "")))
    every = [f for f in report.findings if f.severity == "error" and (verbose or not f.suppressed)]
    whole = CheckReport(every, catalogs=1, units=1)
    quiet = list(_lines(report, quiet=True, verbose=verbose, source=False, terminal=False))
    assert quiet == list(_lines(whole, quiet=True, verbose=True, source=False, terminal=False))
