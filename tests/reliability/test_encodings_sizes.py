"""Encodings and sizes: legacy encodings, BOMs, CRLF, invalid bytes, 100 MB files.

Catalogs, returned files and sources in other encodings are decoded as they declare, or
refused with relay's error naming the file (and the byte); a file of 100 MB is refused by
its size before it is read, and the memory the command takes stays bounded.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.reliability import (
    PYTHON,
    REPO,
    SUITE,
    child_env,
    in_process,
    record,
    run_relay,
    snapshot,
)

from relay.catalogs.po import read_po
from relay.core.errors import CatalogError
from relay.core.project import open_project
from relay.exchange.handoff import import_files, read_package

SLUG = "2013-04-23-kazakhstan-innovation"
HUNDRED_MB = 100 * 1024 * 1024
MAX_PEAK_MB = 200  # relay's own imports take some 60 MB; reading 100 MB would take far more

# What some of the corpus files must say once decoded (a mojibake reading would not).
EXPECTED = {
    "Test_DrupalRussianCP1251.po": "Позволяет вводить",  # windows-1251
    "test_iso-8859-15.po": "allocation du tampon a échoué",  # ISO-8859-15
    "Test01.po": "Impossible de trouver",  # UTF-16 big-endian with a BOM
    "plurals-2.po": "день",
    "test_ufeff.po": "bar",  # UTF-8 with a BOM
}


def test_real_world_catalogs_are_decoded_or_refused(data_dir: Path) -> None:
    read, refused = [], []
    for path in sorted((data_dir / "realworld" / "po").glob("*.po")):
        try:
            catalog = read_po(path.read_bytes(), path=path.name)
        except CatalogError as error:
            assert path.name in error.message
            refused.append(path.name)
            continue
        texts = " ".join(entry.msgstr for entry in catalog.entries)
        assert "Ã" not in texts and "Ð" not in texts, f"{path.name}: mojibake"
        if path.name in EXPECTED:
            assert EXPECTED[path.name] in texts, path.name
        read.append(path.name)
    assert set(EXPECTED) <= set(read)
    record("encodings", {"corpus_catalogs_decoded": len(read), "corpus_catalogs_refused": refused})


def _variants(data: bytes) -> dict[str, bytes]:
    """The same catalog as other tools save it."""
    text = data.decode("utf-8")
    legacy = text.replace("charset=UTF-8", "charset=windows-1252")
    return {
        "utf-8 BOM": b"\xef\xbb\xbf" + data,
        "CRLF": text.replace("\n", "\r\n").encode("utf-8"),
        "UTF-16 LE BOM": text.encode("utf-16"),
        "UTF-16 BE BOM, CRLF": b"\xfe\xff" + text.replace("\n", "\r\n").encode("utf-16-be"),
        "windows-1252": legacy.encode("windows-1252", errors="replace"),
        "ISO-8859-15": text.replace("charset=UTF-8", "charset=ISO-8859-15").encode(
            "iso-8859-15", errors="replace"
        ),
    }


def test_a_catalog_reads_the_same_in_every_encoding() -> None:
    data = (REPO / "locales" / "fr" / f"{SLUG}.po").read_bytes()
    original = read_po(data, path="fr.po")
    for name, variant in _variants(data).items():
        catalog = read_po(variant, path=name)
        expected = [(e.msgid, e.msgstr) for e in original.entries]
        got = [(e.msgid, e.msgstr) for e in catalog.entries]
        if name in {"windows-1252", "ISO-8859-15"}:  # what those charsets can hold
            charset = "windows-1252" if name == "windows-1252" else "iso-8859-15"
            expected = [
                tuple(t.encode(charset, errors="replace").decode(charset) for t in pair)
                for pair in expected
            ]
        assert got == expected, name
    record("encodings", {"catalog_encodings_read_alike": sorted(_variants(data))})


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda d: d.replace("Publié".encode(), b"Publi\xe9"), "not valid UTF-8 at byte"),
        (lambda d: d.replace("Publié".encode(), b"Publi\xc3\x28"), "not valid UTF-8 at byte"),
        (lambda d: d.replace(b"charset=UTF-8", b"charset=no-such-charset") + b"\xff", "UTF-8"),
        (lambda d: b"\xff\xfe" + d[:-1], "not"),
        (lambda d: d.replace(b'msgstr "', b'msgstr "\x00', 3), "not"),
    ],
    ids=["latin-1 byte", "broken sequence", "unknown charset", "odd UTF-16", "NUL bytes"],
)
def test_invalid_bytes_are_refused_clearly(
    sample_project: Path, damage: object, expected: str
) -> None:
    catalog = sample_project / "locales" / "fr" / f"{SLUG}.po"
    damaged = damage(catalog.read_bytes())  # type: ignore[operator]
    catalog.write_bytes(damaged)
    try:
        parsed = read_po(damaged, path=str(catalog))
    except CatalogError as error:
        assert expected in error.message and str(catalog) in error.message
    else:  # NUL bytes are text to a PO file: read, and kept as they are
        assert any("\x00" in entry.msgstr for entry in parsed.entries)
        return
    others = snapshot(sample_project, ("locales",))
    result = run_relay(sample_project, "extract")
    assert result.returncode == 2
    assert str(catalog) in result.stderr and "Traceback" not in result.stderr
    assert catalog.read_bytes() == damaged  # never overwritten
    after = snapshot(sample_project, ("locales",))
    assert {n for n in after if after[n] != others.get(n)} == set()


def test_returned_files_in_other_encodings_are_applied_alike(sample_project: Path) -> None:
    root = sample_project
    in_process(root, "export", "--lang", "fr", "--format", "xliff", "--release", SLUG)
    in_process(root, "export", "--lang", "ru", "--format", "po", "--release", SLUG)
    xliff = (root / "outbox" / "fr" / f"{SLUG}.xlf").read_text("utf-8")
    po = (root / "outbox" / "ru" / f"{SLUG}.po").read_text("utf-8")
    xliff = xliff.replace("</target>", " (rév.)</target>", 2)
    po = po.replace('msgstr "Опубликовано', 'msgstr "(ред.) Опубликовано', 1)
    declared = xliff.replace('encoding="UTF-8"', 'encoding="{}"')
    variants = {
        "xliff UTF-8": xliff.encode("utf-8"),
        "xliff UTF-8 BOM CRLF": b"\xef\xbb\xbf" + xliff.replace("\n", "\r\n").encode("utf-8"),
        "xliff UTF-16": declared.format("UTF-16").encode("utf-16"),
        "xliff windows-1252": declared.format("windows-1252").encode("windows-1252", "replace"),
        "po UTF-8": po.encode("utf-8"),
        "po CRLF": po.replace("\n", "\r\n").encode("utf-8"),
        "po windows-1251": po.replace("charset=UTF-8", "charset=windows-1251").encode("cp1251"),
        "po UTF-16": po.encode("utf-16"),
    }
    reference: dict[str, bytes] = {}
    for name, data in variants.items():
        package = read_package(data, path=name)
        targets = [unit.target for unit in package.units]
        kind = name.split()[0]
        reference.setdefault(kind, repr(targets).encode())
        if "1252" not in name:
            assert repr(targets).encode() == reference[kind], name
        path = root / f"returned-{name.replace(' ', '-')}"
        path.write_bytes(data)
        report = import_files(open_project(root), [path], dry_run=True)
        assert not report.errors, name
        assert report.files[0].counts.get("applied", 0) >= 1, (name, report.files[0].counts)
    record("encodings", {"returned_file_encodings_applied_alike": sorted(variants)})


def test_a_source_that_is_not_utf8_is_refused(sample_project: Path) -> None:
    source = sample_project / "sources" / "2015-10-05-road-safety.txt"
    source.write_bytes(source.read_text("utf-8").replace("'", "’").encode("cp1252"))
    result = run_relay(sample_project, "extract")
    assert result.returncode == 2
    assert "2015-10-05-road-safety.txt: is not UTF-8 (byte" in result.stderr
    for name in ("2013-04-23-kazakhstan-innovation.html", "2014-03-12-water-cooperation.md"):
        bom_crlf = sample_project / "sources" / name
        text = bom_crlf.read_text("utf-8")
        bom_crlf.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    source.unlink()
    assert run_relay(sample_project, "extract").returncode == 0


def _hundred_mb(path: Path, head: bytes) -> None:
    """A file of 100 MB that starts like a real one (sparse: cheap to make, costly to read)."""
    with path.open("wb") as stream:
        stream.write(head)
        stream.truncate(HUNDRED_MB)


def _peak_mb(root: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    out = root / "peak.txt"
    result = subprocess.run(
        [PYTHON, str(SUITE / "measure_rss.py"), str(out), "-C", str(root), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=child_env(),
    )
    return result, int(out.read_text("utf-8")) / 1024


@pytest.mark.slow
def test_hundred_megabyte_files_are_refused_unread(sample_project: Path) -> None:
    root = sample_project
    head = (REPO / "locales" / "fr" / f"{SLUG}.po").read_bytes()
    _hundred_mb(root / "returned.po", head)
    _hundred_mb(root / "returned.xlf", b'<?xml version="1.0"?>\n<xliff version="1.2">')
    peaks = {}
    imported, peaks["returned files"] = _peak_mb(
        root, "import", str(root / "returned.po"), str(root / "returned.xlf")
    )
    assert imported.returncode == 2
    assert imported.stderr.count("is 100 MB; relay reads returned files up to 50 MB") == 2
    catalog = root / "locales" / "fr" / f"{SLUG}.po"
    _hundred_mb(catalog, head)
    extracted, peaks["catalog"] = _peak_mb(root, "extract")
    assert extracted.returncode == 2
    assert f"{catalog}: is 100 MB; relay reads catalogs up to 50 MB" in extracted.stderr
    assert catalog.stat().st_size == HUNDRED_MB  # refused, not rewritten
    published, peaks["catalog, publish"] = _peak_mb(root, "publish")
    assert published.returncode == 2
    for result in (imported, extracted, published):
        assert "Traceback" not in result.stderr
    assert max(peaks.values()) < MAX_PEAK_MB, peaks
    record(
        "sizes",
        {
            "file_bytes": HUNDRED_MB,
            "refused_unread": sorted(peaks),
            "peak_rss_mb": {name: round(peak, 1) for name, peak in peaks.items()},
        },
    )
