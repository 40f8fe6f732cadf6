"""Fuzzing every reader: any input either parses or raises relay's own error, nothing else.

Readers: HTML, Markdown and plain-text sources (``relay.sources.formats.*.read``, then
``segment``, the next step of every extract), PO (``relay.catalogs.po.read_po``), XLIFF 1.2 and
2.0 (``relay.exchange.xliff12/xliff2.read``), any returned file
(``relay.exchange.handoff.read_package``), TMX (``relay.memory.tmx.read``) and glossaries, CSV
or TBX (``read_glossary``).

Inputs (hypothesis, derandomized so CI sees the same ones every run):

* real files (the samples, files relay exports, the real-world corpus of other tools' XLIFF and
  PO) cut, spliced and sprinkled with the tokens that matter to the format (``<``, ``&``,
  ``</g>``, ``msgid``, ``---``, NUL, invalid UTF-8, BOMs...);
* documents generated from the format's own elements and attributes, nested at random;
* plain random bytes and text.
"""

from __future__ import annotations

import copy
import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from support.reliability import REPO, in_process, record

from relay.catalogs.po import read_po
from relay.checks.glossary import read_glossary
from relay.core.errors import RelayError
from relay.exchange import xliff2, xliff12
from relay.exchange.handoff import read_package
from relay.memory import tmx
from relay.sources.formats import html, markdown, text
from relay.sources.sentences import sentence_starts
from relay.sources.units import segment

EXAMPLES = int(os.environ.get("RELAY_FUZZ_EXAMPLES", "250"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _exported(tmp: Path) -> dict[str, list[bytes]]:
    """Files relay itself writes: exports in every format, a TMX of the project's memory."""
    root = tmp / "project"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "locales", root / "locales")
    (root / "relay.toml").write_text('source-lang = "en"\ntarget-langs = ["fr", "ru"]\n')
    in_process(root, "export", "--lang", "fr", "--format", "xliff")
    in_process(root, "export", "--lang", "ru", "--format", "xliff2", "--out", str(tmp / "x2"))
    in_process(root, "tm", "export", str(tmp / "memory.tmx"))
    return {
        "xliff12": [p.read_bytes() for p in sorted((root / "outbox").rglob("*.xlf"))],
        "xliff2": [p.read_bytes() for p in sorted((tmp / "x2").rglob("*.xlf"))],
        "tmx": [(tmp / "memory.tmx").read_bytes()],
    }


_SEEDS: dict[str, list[bytes]] = {}


@pytest.fixture(scope="module", autouse=True)
def seeds(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> None:
    exported = _exported(tmp_path_factory.mktemp("exports"))
    sources = sorted((REPO / "sources").glob("2*"))
    corpus = data_dir / "realworld"
    corpus_po = sorted(corpus.glob("po/*.po"))
    corpus_x1 = sorted(corpus.glob("xliff12/*/*"))
    corpus_x2 = sorted(corpus.glob("xliff2/*/*"))
    assert corpus_po and corpus_x1 and corpus_x2, f"the real-world corpus is missing in {corpus}"
    catalogs = sorted((REPO / "locales").rglob("*.po"))
    tbx = (
        b'<tbx type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>'
        b"<conceptEntry id='c1'><langSec xml:lang='en'><termSec><term>UNECE</term><termNote"
        b" type='administrativeStatus'>preferredTerm-admn-sts</termNote></termSec></langSec>"
        b"<langSec xml:lang='fr'><termSec><term>CEE-ONU</term></termSec></langSec>"
        b"</conceptEntry></body></text></tbx>"
    )
    _SEEDS.update(
        html=[p.read_bytes() for p in sources if p.suffix == ".html"],
        markdown=[p.read_bytes() for p in sources if p.suffix == ".md"],
        text=[p.read_bytes() for p in sources if p.suffix == ".txt"],
        po=[p.read_bytes() for p in [*catalogs, *corpus_po]],
        xliff12=[*exported["xliff12"], *(p.read_bytes() for p in corpus_x1)],
        xliff2=[*exported["xliff2"], *(p.read_bytes() for p in corpus_x2)],
        tmx=exported["tmx"],
        glossary=[(REPO / "glossary.csv").read_bytes(), tbx],
    )
    _SEEDS["returned"] = _SEEDS["po"][:4] + _SEEDS["xliff12"][:6] + _SEEDS["xliff2"][:6]


TOKENS = {
    "xml": [
        b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"&nope;", b'"', b"'", b"</",
        b"/>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<?pi x?>", b"<!DOCTYPE x>",
        b'<g id="1">', b"</g>", b'<x id="1"/>', b'<bx id="9"/>', b'<ex id="9"/>',
        b'<mrk mtype="seg">', b"</mrk>", b'<pc id="1">', b"</pc>", b'<ph id="1"/>',
        b'<sc id="2"/>', b'<ec startRef="2"/>', b'<cp hex="110000"/>', b"<1>", b"</1>",
        b'xml:space="preserve"', b'xmlns="urn:oasis:names:tc:xliff:document:2.0"',
        b'order="0"', b'state="final"', b"\x00", b"\xff", b"\xc3\x28", b"\xef\xbb\xbf",
        b"\r\n", b"\n", b" ", b'<bpt i="1">', b'<ept i="1">', b'<tuv xml:lang="fr">',
    ],
    "po": [
        b'msgid "', b'msgstr "', b"msgctxt ", b'msgid_plural "', b"msgstr[0] ", b"#, fuzzy\n",
        b"#| msgid ", b"#~ ", b"#. id: ", b"#. relay-base: ", b"#: a.html:1\n", b'"\n', b"\\",
        b'\\"', b"\\n", b"charset=", b"charset=windows-1251", b"\x00", b"\xff", b"\xc3\x28",
        b"\r\n", b"\n", b'"', b"<1>", b"</1>", b"\xfe\xff", b"\xef\xbb\xbf",
    ],
    "source": [
        b"<", b">", b"&", b"&amp;", b"&#0;", b"<p>", b"</p>", b"<a href='x'>", b"</a>",
        b"<time datetime='2013-04-23'>", b"<script>", b"<!--", b"-->", b"<!DOCTYPE html>",
        b'translate="no"', b'<meta name="slug" content="', b"---\n", b"title: ", b"slug: ",
        b"date: 2014-02-30\n", b"embargo: 2014-01-01T00:00\n", b"lang: ", b"*", b"_", b"`",
        b"```", b"[", b"](", b"!", b"#", b"> ", b"- ", b"1. ", b"|", b"\\", b"\n\n", b"\r\n",
        b"\t", b"Title: ", b"Slug: ", b"Date: ", b"\xc2\xa0", "\ue000".encode(), b"&#xe000;",
    ],
}  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, kind: str, tokens: str) -> bytes:
    """A seed file of ``kind`` cut, spliced, and sprinkled with ``tokens``."""
    data = bytearray(draw(st.sampled_from(_SEEDS[kind])))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["insert", "delete", "replace", "cut", "repeat"]))
        token = draw(st.sampled_from(TOKENS[tokens]))
        if operation == "insert":
            data[at:at] = token
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif operation == "replace":
            data[at : at + len(token)] = token
        elif operation == "cut":
            del data[at:]
        else:
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[end:end] = data[at:end] * draw(st.integers(1, 3))
    return bytes(data)


INLINE = {
    "xliff12": ["g", "x", "bx", "ex", "bpt", "ept", "ph", "it", "mrk", "sub"],
    "xliff2": ["pc", "ph", "sc", "ec", "mrk", "sm", "em", "cp"],
    "tmx": ["bpt", "ept", "ph", "it", "hi", "sub"],
}
ATTRIBUTES = ["id", "rid", "startRef", "state", "subState", "approved", "translate", "order",
              "hex", "equiv-text", "ctype", "disp", "dispStart", "dataRef", "dataRefStart",
              "extype", "extradata", "xml:lang", "xml:space", "i", "x", "type", "tool-id",
              "category", "changedate", "creationdate", "tuid", "mtype", "alttranstype",
              "isolated", "canCopy", "mid", "pos"]  # fmt: skip
VALUES = ["", "1", "2", "3", "0", "-1", "x", "fr", "en", "ru", "fr-FR", "yes", "no", "preserve",
          "default", "final", "translated", "initial", "needs-review-translation", "seg",
          "99999999999999999999", "relay", "1.5", "D800", "110000", "20140312T101500Z",
          "sources/a.html", "\u00e9", "previous-version", "x-relay-base", "begin", "end",
          "link", "<1>", "relay:fuzzy"]  # fmt: skip
NAMESPACES = {
    "xliff12": "urn:oasis:names:tc:xliff:document:1.2",
    "xliff2": "urn:oasis:names:tc:xliff:document:2.0",
    "tmx": "",
}


@st.composite
def generated(draw: st.DrawFn, kind: str) -> bytes:
    """A document shaped like the format (file, units, source and target), its inline content,
    attributes and values drawn from the format's own vocabulary, nested at random."""
    values = st.sampled_from(VALUES)
    texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=10).map(_escape)

    def attributes() -> str:
        names = draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3, unique=True))
        return "".join(f' {name}="{_escape(draw(values))}"' for name in names)

    def inline(depth: int = 0) -> str:
        parts = []
        for _ in range(draw(st.integers(0, 4))):
            if depth < 3 and draw(st.booleans()):
                name = draw(st.sampled_from(INLINE[kind]))
                parts.append(f"<{name}{attributes()}>{inline(depth + 1)}</{name}>")
            else:
                parts.append(draw(texts))
        return "".join(parts)

    def some(make: Callable[[], str], most: int) -> str:
        return "".join(make() for _ in range(draw(st.integers(0, most))))

    def content(name: str) -> str:
        return f"<{name}{attributes()}>{inline()}</{name}>"

    def target() -> str:
        return content("target")

    def note() -> str:
        return f'<note from="{draw(values)}" category="{draw(values)}">{draw(texts)}</note>'

    def alternative() -> str:
        return f"<alt-trans{attributes()}>{content('source')}{target()}</alt-trans>"

    def unit12() -> str:
        parts = content("source") + some(target, 1) + some(note, 1) + some(alternative, 1)
        return f"<trans-unit{attributes()}>{parts}</trans-unit>"

    def part() -> str:
        name = draw(st.sampled_from(["segment", "ignorable"]))
        return f"<{name}{attributes()}>{content('source')}{some(target, 1)}</{name}>"

    def notes() -> str:
        return f"<notes>{some(note, 2)}</notes>"

    def data() -> str:
        return f'<originalData><data id="{draw(values)}">{draw(texts)}</data></originalData>'

    def unit2() -> str:
        return f"<unit{attributes()}>{some(notes, 1)}{some(data, 1)}{some(part, 3)}</unit>"

    def tuv() -> str:
        return f'<tuv xml:lang="{draw(values)}">{content("seg")}</tuv>'

    def tu() -> str:
        return f"<tu{attributes()}>{some(tuv, 4)}</tu>"

    def header() -> str:
        return '<header><tool tool-id="relay"/><note from="relay">release: x</note></header>'

    if kind == "xliff12":
        languages = f'source-language="en" target-language="{draw(values)}"'
        file = f'<file original="{draw(values)}" {languages}{attributes()}>'
        file += some(header, 1) + f"<body>{some(unit12, 4)}</body></file>"
        document = f'<xliff xmlns="{NAMESPACES[kind]}" version="1.2">{file}</xliff>'
    elif kind == "xliff2":
        file = f'<file id="f1"{attributes()}>{some(unit2, 4)}</file>'
        languages = f'srcLang="en" trgLang="{draw(values)}"'
        document = f'<xliff xmlns="{NAMESPACES[kind]}" version="2.0" {languages}>{file}</xliff>'
    else:
        body = f"<body>{some(tu, 5)}</body>"
        document = f'<tmx version="1.4"><header srclang="en"/>{body}</tmx>'
    return document.encode()


@st.composite
def reshaped(draw: st.DrawFn, kind: str) -> bytes:
    """A real file of ``kind``, parsed and changed as a tree: still well-formed XML, so that
    what is tried is the reader's handling of structure, attributes and values."""
    root = etree.fromstring(draw(st.sampled_from(_SEEDS[kind])), etree.XMLParser(remove_pis=True))
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    for _ in range(draw(st.integers(1, 6))):
        element = draw(st.sampled_from(elements))
        operation = draw(st.sampled_from(["drop", "copy", "set", "unset", "text", "move"]))
        parent = element.getparent()
        if operation == "drop" and parent is not None:
            parent.remove(element)
            elements = [e for e in root.iter() if isinstance(e.tag, str)]
        elif operation == "copy" and parent is not None:
            parent.insert(parent.index(element), copy.deepcopy(element))
        elif operation == "set":
            element.set(
                draw(st.sampled_from(ATTRIBUTES)).replace("xml:", "x-"),
                draw(st.sampled_from(VALUES)),
            )
        elif operation == "unset" and element.attrib:
            del element.attrib[draw(st.sampled_from(sorted(element.attrib)))]
        elif operation == "text":
            element.text = draw(st.sampled_from(VALUES))
        elif operation == "move" and parent is not None:
            target = draw(st.sampled_from(elements))
            if element not in target.iterancestors() and element is not target:
                parent.remove(element)
                target.append(element)
                elements = [e for e in root.iter() if isinstance(e.tag, str)]
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;")


def _source(module: object) -> Callable[[bytes], object]:
    def read(data: bytes) -> object:
        parsed = module.read(data.decode("utf-8", errors="replace"), path="sources/x")  # type: ignore[attr-defined]
        return segment(parsed, lang="en", splitter=sentence_starts)

    return read


READERS: dict[str, Callable[[bytes], object]] = {
    "html": _source(html),
    "markdown": _source(markdown),
    "text": _source(text),
    "po": lambda data: read_po(data, path="x.po"),
    "xliff12": lambda data: xliff12.read(data, path="x.xlf"),
    "xliff2": lambda data: xliff2.read(data, path="x.xlf"),
    "returned": lambda data: read_package(data, path="x"),
    "tmx": lambda data: tmx.read(
        data, path="x.tmx", origin="tmx:x", source_lang="en", target_langs=["fr", "ru"]
    ),
    "glossary": lambda data: read_glossary(data, path="g", source_lang="en"),
}
STRATEGIES = {
    "html": lambda: st.one_of(mutated("html", "source"), st.binary(max_size=400)),
    "markdown": lambda: st.one_of(
        mutated("markdown", "source"), st.text(max_size=400).map(str.encode)
    ),
    "text": lambda: st.one_of(mutated("text", "source"), st.text(max_size=400).map(str.encode)),
    "po": lambda: st.one_of(mutated("po", "po"), st.binary(max_size=400)),
    "xliff12": lambda: st.one_of(
        mutated("xliff12", "xml"), generated("xliff12"), reshaped("xliff12")
    ),
    "xliff2": lambda: st.one_of(mutated("xliff2", "xml"), generated("xliff2"), reshaped("xliff2")),
    "returned": lambda: st.one_of(
        mutated("returned", "xml"), mutated("returned", "po"), st.binary(max_size=300)
    ),
    "tmx": lambda: st.one_of(mutated("tmx", "xml"), generated("tmx"), reshaped("tmx")),
    "glossary": lambda: st.one_of(
        mutated("glossary", "xml"), mutated("glossary", "po"), st.binary(max_size=300)
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("reader", list(READERS))
def test_any_input_parses_or_raises_relays_error(reader: str) -> None:
    outcomes: Counter[str] = Counter()
    read = READERS[reader]

    @FUZZ
    @given(data=STRATEGIES[reader]())
    def fuzz(data: bytes) -> None:
        try:
            read(data)
        except RelayError:
            outcomes["refused"] += 1
        else:
            outcomes["parsed"] += 1

    fuzz()
    assert sum(outcomes.values()) >= EXAMPLES // 2
    record(
        "fuzzing",
        {
            f"{reader}_examples": sum(outcomes.values()),
            f"{reader}_parsed": outcomes["parsed"],
            f"{reader}_refused": outcomes["refused"],
            f"{reader}_seed_files": len(_SEEDS[reader]),
        },
    )
