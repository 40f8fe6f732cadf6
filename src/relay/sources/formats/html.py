"""HTML releases, read token by token so that the skeleton is the source's own bytes.

Takes the file's text; gives blocks and a skeleton made of the source's exact text: every tag,
attribute, entity, comment and line break is written back as the author wrote it, so the
source-language variant (and an identity translation) is the source byte for byte. The tokens
come from the standard library's HTML tokenizer; relay builds the tree itself, with HTML's own
rules for void elements and optional end tags, and notes every place where the markup is not
well formed (:func:`normalisations` gives them to ``relay check --source``).

Block elements are units, inline elements placeholders. ``alt``, ``title``, ``placeholder`` and
``label`` attributes, those ARIA has read aloud (:data:`ARIA_TEXT`), a table header's ``abbr``
and a table's ``summary`` (:data:`TEXT_ATTRIBUTE_OF`), the ``value`` of an ``<input>`` shown as
a button (``submit``, ``reset``, ``button``), and the ``<meta>`` shown in search results and
link previews, or holding a page's Dublin Core or microdata text (:data:`TRANSLATED_META`) are
units of their own; so is the text of a ``<template>`` (a script clones it into the page, where
it is shown) and of an ``<object>`` (shown when the object cannot be); ``<script>``,
``<style>``, ``<noscript>``, ``<code>``, anything marked ``translate="no"`` or with the class
``notranslate`` (or one a project names in ``[html] no-translate-classes``), and everything
inside them, are kept as they are. So are ``<svg>`` and ``<math>``, but for the text a person
reads in them (:data:`FOREIGN_TEXT_OF`: a chart's ``<text>``, ``<title>`` and ``<desc>``, HTML
inside ``<foreignObject>``, a formula's ``<mtext>``) and their ``aria-label`` and ``alttext``:
units, placed inside the drawing. The words of a page's structured data (``<script
type="application/ld+json">``: a headline, a description) are units too, written back as JSON
strings, and its ``inLanguage`` states the variant's language
(:mod:`relay.sources.formats.structured_data`); JSON-LD that is not JSON is refused, and its
``datePublished`` must agree with ``date``. ``<time datetime>`` is written by relay in the
target locale, and a ``<link rel="canonical">`` naming the release's own page names the
variant's. Metadata comes from ``<title>`` and the ``date``, ``slug`` and ``embargo``
``<meta>`` named by any of :data:`META_KEY_ATTRIBUTES`; a publication date under another key
(:data:`PUBLISHED_DATE_KEYS`) must agree with ``date``.

A source whose markup a browser would read differently from its text is refused with its file
and line: a CDATA section outside SVG or MathML (a browser reads it as a comment), a character
set other than UTF-8 declared in a ``<meta>`` (relay reads and writes UTF-8), nesting deeper
than :data:`MAX_DEPTH`, text written straight inside ``<head>`` (a browser shows it).
"""

from __future__ import annotations

import html as html_lib
import json
import re
from bisect import bisect_right
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from os.path import splitext
from urllib.parse import urlsplit

from relay.core import cldr
from relay.core.errors import SourceError
from relay.core.metadata import check_key, metadata_from_pairs, normal_key
from relay.core.model import Escape, Field, Target
from relay.sources.blocks import Block, BlockBuilder, BlockSlot, Parsed, RawPart, join_strings
from relay.sources.formats import structured_data

NAME = "html"
EXTENSIONS = (".html", ".htm")
MAX_DEPTH = 250

BLOCK_TAGS = frozenset(
    "html head body title p h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table thead tbody tfoot "
    "tr td th caption figure figcaption blockquote div section article header footer main "
    "aside nav address legend fieldset form summary details option select pre hr".split()
)
# What stays as written: code and data, what no reader is shown (an <iframe>'s content is
# read by no browser since HTML5; a <textarea>'s is the value sent with the form), and
# <noscript>, site furniture ("Please enable JavaScript": issue #13 had it never a unit). An
# <object>'s content is not among them: a browser shows it when the object cannot be shown,
# and it was published in the source language.
KEPT_TAGS = frozenset("script style code svg math iframe noscript textarea kbd samp var".split())
NO_TRANSLATE_CLASSES = ("notranslate",)
# What refuses a source with a page inside it (:meth:`_Reader.refuse_pages_inside`).
FRAME_TEXT = "has an <iframe srcdoc> with text"
# The ARIA attributes whose value a screen reader reads aloud.
ARIA_TEXT = (
    "aria-label", "aria-description", "aria-roledescription", "aria-valuetext", "aria-placeholder",
    "aria-braillelabel", "aria-brailleroledescription",
)  # fmt: skip
TRANSLATED_ATTRIBUTES = ("alt", "title", *ARIA_TEXT, "placeholder", "label")
# Kept elements whose own title and labels are shown or read aloud all the same: an
# ``<iframe title>`` is how a screen reader names the embedded video, a ``<textarea
# placeholder>`` is shown in the empty box (their content stays as written).
LABELLED_KEPT_TAGS = frozenset({"iframe", "textarea"})
LABEL_ATTRIBUTES = ("title", *ARIA_TEXT, "placeholder")
# The inputs whose ``value`` is the label shown on them (a button's).
BUTTON_INPUTS = frozenset({"submit", "reset", "button"})
# The roles of the units made of an attribute's value (not of an element's text).
ATTRIBUTE_ROLES = ("attribute", "alt text", "button label")
# The role of a string of structured data ("headline (structured data)"), by its key.
STRUCTURED_ROLE = "(structured data)"
# <meta> whose content is shown to people (search results, link previews) or read to them
# (the alt text of a link preview's image): by name or property (Open Graph, Twitter, Dublin
# Core as HTML's DC.title and RDFa's dc:title), or schema.org microdata's itemprop; and the
# search terms a page is found by (keywords, Google News's, Dublin Core's subjects): in
# English on a French page, a reader searching in French never finds it, and the page's
# JSON-LD keywords were translated already.
KEYWORD_META = frozenset(
    {"keywords", "news_keywords"}
    | {f"{prefix}{separator}subject" for prefix in ("dc", "dcterms") for separator in ".:"}
)
TRANSLATED_META = (
    frozenset(
        "description og:title og:description twitter:title twitter:description og:image:alt"
        " twitter:image:alt name headline alternativeheadline abstract".split()
    )
    | frozenset(
        f"{prefix}{separator}{term}"
        for prefix in ("dc", "dcterms")
        for separator in ".:"
        for term in ("title", "description", "abstract", "alternative")
    )
    | KEYWORD_META
)
# Attributes that are text only on some elements: a header cell's abbreviated name, which a
# screen reader announces when it repeats the header (on td in HTML 4), and a table's summary,
# which it reads before the table (obsolete in HTML5, still written and still read aloud).
TEXT_ATTRIBUTE_OF = {"abbr": frozenset({"th", "td"}), "summary": frozenset({"table"})}
# The <meta> keys that state the page's own absolute address, for link previews (Open Graph,
# Twitter) and structured data (microdata's url): the variant's address, or none
# (:func:`_page_url`), where they name the release's own page.
PAGE_ADDRESS_META = frozenset({"og:url", "twitter:url", "url"})
# The attributes that name a <meta>'s key: HTML's own, RDFa's and Open Graph's, microdata's.
META_KEY_ATTRIBUTES = ("name", "http-equiv", "property", "itemprop")
# The keys, other than ``date``, by which a page states the day it was published (Open Graph's
# article, schema.org's, Dublin Core's in HTML and in RDFa): not read, but held to the
# release's date (:func:`_refuse_other_dates`).
PUBLISHED_DATE_KEYS = frozenset(
    {"article:published_time", "datepublished"}
    | {
        f"{prefix}{separator}{term}"
        for prefix in ("dc", "dcterms")
        for separator in ".:"
        for term in ("date", "issued", "date.issued")
    }
)
# The <meta> keys that state the page's language for search engines, as ``lang`` does for a
# browser: schema.org microdata, Dublin Core (either spelling), and the legacy "language".
LANGUAGE_META = frozenset(
    {"inlanguage", "language"}
    | {f"{prefix}{separator}language" for prefix in ("dc", "dcterms") for separator in ".:"}
)
_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?![\d])")
# What <head> holds (HTML's metadata content); anything else with text a browser shows.
HEAD_TAGS = frozenset("title meta link style script base noscript template".split())
VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta source track wbr param keygen".split()
)
# Elements whose end tag HTML lets an author leave out: closing them implicitly is not a fault.
OPTIONAL_END = frozenset(
    "p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rt rp html head "
    "body".split()
)
_CLOSES_P = frozenset(
    "address article aside blockquote details div dl dd dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main menu nav ol p pre section summary table "
    "ul".split()
)
# An open <p> beyond one of these is out of reach ("button scope" in the HTML standard).
_P_SCOPE = frozenset("button td th caption table html template object marquee applet".split())
_IMPLIED_BY = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "option": ({"option"}, {"select", "datalist", "optgroup"}),
    "thead": ({"tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tr", "td", "th"}, {"table"}),
}
_FOREIGN = frozenset({"svg", "math"})
# The kept elements that are not kept only for being SVG or MathML.
_REFUSED_TAGS = KEPT_TAGS - _FOREIGN
# Inside SVG and MathML, the elements whose text a person reads (a chart's labels, its title
# and description, shown as a tooltip and read aloud; HTML inside <foreignObject>; the words
# of a formula): translated, and everything else in them kept as written.
FOREIGN_TEXT_OF = {
    "svg": frozenset({"text", "title", "desc", "foreignobject"}),
    "math": frozenset({"mtext"}),
}
FOREIGN_ROLES = {
    "text": "image text",
    "title": "image title",
    "desc": "image description",
    "foreignobject": "image text",
    "mtext": "formula text",
}
# The attributes of SVG and MathML elements that are read aloud.
FOREIGN_ATTRIBUTES = frozenset({*ARIA_TEXT, "alttext"})
# Elements whose content a browser reads as text up to the first "</name" followed by a
# space, "/" or ">", whatever comes before it (a comment, an attribute, another tag).
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes noscript".split())
_RAW_TEXT_END = {name: re.compile(rf"</{name}[\t\n\r\f />]", re.IGNORECASE) for name in _RAW_TEXT}
# Start tags that end SVG or MathML content in a browser: it reads them, and what follows,
# as HTML after the <svg> or <math> (the HTML standard's "breakout" list).
_BREAKOUT = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i "
    "img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt "
    "u ul var".split()
)
# Where SVG or MathML holds HTML again (an integration point).
_INTEGRATION = frozenset("foreignobject desc title mi mo mn ms mtext annotation-xml".split())
# A token's text that the tokenizer gave up on: markup never closed before the end.
_UNCLOSED_MARKUP = re.compile(r"<(?:[!?/]|[A-Za-z])")
ROLES = {
    "title": "title",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "li": "list item",
    "td": "table cell",
    "th": "table header",
    "caption": "caption",
    "figcaption": "caption",
    "blockquote": "quote",
    "dt": "term",
    "dd": "definition",
}
_PRIVATE = re.compile("[\ue000\ue001]")
_DECLARATIONS = re.compile(r"<!DOCTYPE[^>\[]*\[|<!ENTITY", re.IGNORECASE)
# An attribute in a raw start tag: name, then an optional value (quoted or bare).
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s/>"'=][^\s/>"'=]*)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s>]+))?"""
)
_TAG_NAME = re.compile(r"</?[^\s/>]+")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([^\s\"';>]+)", re.IGNORECASE)


@dataclass
class Leaf:
    """A token that is not an element: text, a character reference, a comment, stray markup."""

    kind: str  # "text", "ref", "comment", "decl", "pi", "stray"
    raw: str
    line: int
    shown: str = ""


@dataclass
class Element:
    """An element as written: its raw start tag, its children, its raw end tag ("" if none)."""

    tag: str
    start: str
    line: int
    parent: Element | None = None
    children: list[Element | Leaf] = field(default_factory=list)
    end: str = ""
    # Each attribute: name, raw value (None if bare), where its name, value start and end.
    attributes: list[tuple[str, str | None, int, int, int]] = field(default_factory=list)

    def get(self, name: str, default: str | None = None) -> str | None:
        for key, value, _, _, _ in self.attributes:
            if key == name:
                return default if value is None else html_lib.unescape(_unquote(value))
        return default

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()


@dataclass(frozen=True)
class Normalisation:
    """A place where a browser reads the markup otherwise than it is written."""

    line: int
    message: str


@dataclass(frozen=True)
class Options:
    """What a project says of its HTML (``[html]``), for a page and for HTML written in
    Markdown alike: the classes whose elements are never translated besides "notranslate",
    and the attributes translated besides HTML's own."""

    no_translate_classes: tuple[str, ...] = ()
    translate_attributes: tuple[str, ...] = ()


# What a project that says nothing of its HTML has: HTML's own rules alone.
PLAIN: Options = Options()


def read(text: str, *, path: str, options: Options | None = None) -> Parsed:
    """Parse an HTML release and cut it into skeleton and blocks, as the project's ``[html]``
    says (``options``: the classes never translated, the attributes translated besides HTML's
    own, :data:`TRANSLATED_ATTRIBUTES`, such as a tooltip's ``data-tooltip``; None: HTML's
    own rules alone, :data:`PLAIN`)."""
    options = options or PLAIN
    tree, _ = parse(text, path=path)
    reader = _reader(path, options)
    reader.refuse_pages_inside(tree)
    reader.attributes(tree)
    skeleton = join_strings(reader.content(tree))
    metadata = metadata_from_pairs(reader.metadata_pairs(tree), path=path)
    return Parsed(NAME, tuple(skeleton), tuple(reader.blocks), metadata)


def normalisations(text: str, *, path: str) -> list[Normalisation]:
    """Give the places where the source's markup is not well formed (browsers repair them)."""
    return parse(text, path=path)[1]


def marked_no(start_tag: str, options: Options | None = None) -> bool:
    """Tell whether an element's start tag (``<span translate="no">``) marks it never
    translated, by the rule of an HTML release (:meth:`_Reader._marked_no`): ``translate="no"``,
    or a no-translate class (:data:`NO_TRANSLATE_CLASSES`, and the project's)."""
    name = _TAG_NAME.match(start_tag)
    element = Element(name.group().lstrip("</").lower() if name else "", start_tag, 0)
    element.attributes = _attributes(start_tag)
    return _reader("<inline html>", options)._marked_no(element)


def _reader(path: str, options: Options | None) -> _Reader:
    """The reader of a page as the project's ``[html]`` says (None: HTML's own rules)."""
    options = options or PLAIN
    classes = (*NO_TRANSLATE_CLASSES, *options.no_translate_classes)
    return _Reader(path, classes, options.translate_attributes)


def shown_words(fragment: str) -> str:
    """The words a reader sees in an HTML fragment, one space between them."""
    tree, _ = parse(fragment, path="<inline html>")
    return " ".join(_shown_text(tree).split())


# A string a style sheet writes on the page (``content: "Note: "``), quoted either way.
_CSS_CONTENT = re.compile(
    r"""\bcontent\s*:\s*((?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^;}"']+)+)"""
)
_CSS_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'""")


@dataclass(frozen=True)
class KeptText:
    """A string a reader is shown that no unit holds, kept as the source writes it in every
    variant: where it is (``data-tooltip`` for an attribute, ``textarea``, ``noscript``,
    ``input``, or ``css`` for a style sheet's ``content``), the string, and its line."""

    where: str
    text: str
    line: int


def kept_text(text: str, *, path: str, options: Options | None = None) -> list[KeptText]:
    """Give the strings of a page that may be text for a reader but are never translated:
    the ``data-*`` attributes (a script may show one as a tooltip), a ``<textarea>``'s text,
    a ``<noscript>``'s text (shown where no script runs), a text ``<input>``'s value, a style
    sheet's ``content`` strings; none inside an element marked never translated
    (``translate="no"``, a no-translate class, and the project's: ``options``). Whether one
    reads as text is the caller's to judge."""
    tree, _ = parse(text, path=path)
    reader = _reader(path, options)
    found: list[KeptText] = []
    for element in tree.iter():
        if element.tag == "#document" or any(
            reader._marked_no(a) for a in (element, *_ancestors(element))
        ):
            continue
        for name, value, _, _, _ in element.attributes:
            if value is None:
                continue
            shown = html_lib.unescape(_unquote(value))
            if name.startswith("data-") and shown.strip():
                found.append(KeptText(name, shown, element.line))
            elif name == "style":
                found.extend(KeptText("css", css, element.line) for css in _css_strings(shown))
        if element.tag == "textarea" and (shown := html_lib.unescape(_inner(element))).strip():
            found.append(KeptText("textarea", shown, element.line))
        elif element.tag == "noscript" and (shown := _text_of_markup(_inner(element))).strip():
            found.append(KeptText("noscript", shown, element.line))
        elif (
            element.tag == "input"
            and (element.get("type") or "text").strip().lower() in _TEXT_INPUTS
            and (shown := element.get("value") or "").strip()
        ):
            found.append(KeptText("input", shown, element.line))
        elif element.tag == "style":
            found.extend(
                KeptText("css", css, element.line) for css in _css_strings(_inner(element))
            )
    return found


# The inputs whose value is text in a box the reader sees (a button's value is its label,
# translated; a value sent with the form is the form's, as a textarea's text is).
_TEXT_INPUTS: frozenset[str] = frozenset({"text", "search", ""})
_MARKUP: re.Pattern[str] = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


def _text_of_markup(markup: str) -> str:
    """The text a browser shows of a piece of HTML kept as written (a ``<noscript>``'s)."""
    return html_lib.unescape(_MARKUP.sub(" ", markup))


def _css_strings(css: str) -> list[str]:
    """The strings ``css`` writes on the page with ``content`` (not those it only quotes)."""
    return [
        (quoted.group(1) if quoted.group(1) is not None else quoted.group(2))
        for declared in _CSS_CONTENT.finditer(css)
        for quoted in _CSS_STRING.finditer(declared.group(1))
    ]


def parse(text: str, *, path: str) -> tuple[Element, list[Normalisation]]:
    """Build the element tree of ``text`` (under a root named ``#document``)."""
    if _PRIVATE.search(text):
        raise SourceError("contains private-use characters U+E000/U+E001", path=path)
    if declared := _DECLARATIONS.search(text):
        # HTML has no entities of its own making. Refused, like any DTD in the XML relay reads.
        raise SourceError(
            "declares a DTD subset or entities (<!DOCTYPE … [ … ]>, <!ENTITY>), which an HTML"
            " release may not have",
            path=path,
            line=text.count("\n", 0, declared.start()) + 1,
        )
    if not text.strip():
        raise SourceError("is not an HTML document", path=path, line=1)
    builder = _TreeBuilder(text, path)
    return builder.build()


class _Tokens(HTMLParser):
    """Record each token's kind, start offset and name; the raw text is sliced afterwards."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.starts = [0]
        position = text.find("\n")
        while position >= 0:
            self.starts.append(position + 1)
            position = text.find("\n", position + 1)
        self.tokens: list[tuple[str, int, str]] = []

    def _add(self, kind: str, name: str = "") -> None:
        line, column = self.getpos()
        self.tokens.append((kind, self.starts[line - 1] + column, name))

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._add("start", tag)

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self._add("startend", tag)

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        self._add("text", data)

    def handle_entityref(self, name: str) -> None:
        self._add("ref", name)

    def handle_charref(self, name: str) -> None:
        self._add("ref", name)

    def handle_comment(self, data: str) -> None:
        self._add("comment")

    def handle_decl(self, decl: str) -> None:
        self._add("decl")

    def handle_pi(self, data: str) -> None:
        self._add("pi")

    def unknown_decl(self, data: str) -> None:
        self._add("cdata" if data.upper().startswith("CDATA[") else "decl")


class _TreeBuilder:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.notes: list[Normalisation] = []

    def _line(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def build(self) -> tuple[Element, list[Normalisation]]:
        tokens = _Tokens(self.text)
        tokens.feed(self.text)
        tokens.close()
        found = tokens.tokens
        root = Element("#document", "", 1)
        stack = [root]
        starts = tokens.starts
        for index, (kind, offset, name) in enumerate(found):
            end = found[index + 1][1] if index + 1 < len(found) else len(self.text)
            raw = self.text[offset:end]
            line = bisect_right(starts, offset)
            if kind in {"start", "startend"}:
                self._start(stack, name, raw, line, empty=kind == "startend")
            elif kind == "end":
                self._end(stack, name, raw, line)
            elif kind == "text":
                self._refuse_unclosed(stack, raw, line)
                leaf = Leaf("text", raw, line, raw)
                if raw != name:  # the tokenizer skipped something: keep it, as markup
                    leaf = Leaf("stray", raw, line)
                    self.notes.append(Normalisation(line, f"unreadable markup {raw[:40]!r}"))
                stack[-1].children.append(leaf)
            elif kind == "ref":
                stack[-1].children.append(Leaf("ref", raw, line, html_lib.unescape(raw)))
            elif kind == "cdata":
                if not any(e.tag in _FOREIGN for e in stack):
                    raise SourceError(
                        "has a CDATA section outside SVG or MathML, which a browser reads as a"
                        " comment: write its text as text (or as a comment)",
                        path=self.path,
                        line=line,
                    )
                stack[-1].children.append(Leaf("comment", raw, line))
            else:
                if kind == "comment":
                    self._refuse_comment(raw, line)
                stack[-1].children.append(Leaf(kind, raw, line))
        self._refuse_raw_text(root)
        for open_element in stack[1:]:
            if open_element.tag not in OPTIONAL_END:
                self.notes.append(
                    Normalisation(open_element.line, f"<{open_element.tag}> is never closed")
                )
        return root, self.notes

    def _refuse(self, what: str, line: int) -> None:
        # Python's tokenizer and a browser's part ways here: what relay would not make a unit
        # (a comment, a script) a reader would see, in the source language, in every variant.
        raise SourceError(
            what,
            path=self.path,
            line=line,
            hint="A browser reads this markup otherwise than relay: write it as HTML's "
            "tokenizer reads it, or remove it.",
        )

    def _refuse_comment(self, raw: str, line: int) -> None:
        """A browser ends a comment at "-->", "--!>", or at once after "<!--" + ">" or "->";
        Python's tokenizer at "--" + spaces + ">" only."""
        body = raw[4:]
        if body.startswith((">", "->")) or "--!>" in raw or not raw.endswith("-->"):
            self._refuse(
                'has a comment a browser ends elsewhere ("<!-->", "<!--->", "--!>" or no "-->")',
                line,
            )

    def _refuse_unclosed(self, stack: list[Element], raw: str, line: int) -> None:
        if stack[-1].tag in _RAW_TEXT:
            return  # text of a script or a style: checked with its element
        if _UNCLOSED_MARKUP.match(raw):
            self._refuse(f"has markup never closed ({raw[:20]!r}), which a browser drops", line)

    def _refuse_raw_text(self, root: Element) -> None:
        """A script, style, textarea, title, noscript… ends, for a browser, at the first
        "</name" in its text: refuse one relay reads as ending elsewhere."""
        for element in root.iter():
            if element.tag not in _RAW_TEXT or any(a.tag in _FOREIGN for a in _ancestors(element)):
                continue
            inner = _inner(element)
            if _RAW_TEXT_END[element.tag].search(inner) or (
                element.end and not _RAW_TEXT_END[element.tag].match(element.end + " ")
            ):
                tag = element.tag
                self._refuse(
                    f'has a <{tag}> a browser ends elsewhere (at the first "</{tag}")', element.line
                )

    def _start(self, stack: list[Element], tag: str, raw: str, line: int, *, empty: bool) -> None:
        foreign = any(e.tag in _FOREIGN for e in stack)
        if foreign and tag in _BREAKOUT and not any(e.tag in _INTEGRATION for e in stack):
            self._refuse(
                f"has a <{tag}> inside <svg> or <math>, which a browser moves out of it", line
            )
        if not foreign:
            self._implied_ends(stack, tag)
        element = Element(tag, raw, line, stack[-1], attributes=_attributes(raw))
        if tag == "meta":
            self._charset(element)
        stack[-1].children.append(element)
        if tag in VOID_TAGS or (empty and (foreign or tag in _FOREIGN)):
            return
        if empty:
            # HTML ignores the slash of <p/>: the element stays open, as a browser reads it.
            self.notes.append(Normalisation(line, f"<{tag}/> is read as an opening <{tag}>"))
        stack.append(element)
        if len(stack) > MAX_DEPTH:
            raise SourceError(
                f"nests elements deeper than {MAX_DEPTH} levels, more than relay reads",
                path=self.path,
                line=line,
            )

    def _implied_ends(self, stack: list[Element], tag: str) -> None:
        """Close what HTML closes by itself before ``tag`` (an open <p> before a <div>)."""
        if tag in _CLOSES_P and _open_before(stack, "p", _P_SCOPE):
            self._pop_to(stack, "p", implied=True)
        closes = _IMPLIED_BY.get(tag)
        if closes is not None:
            names, scope = closes
            for index in range(len(stack) - 1, 0, -1):
                current = stack[index].tag
                if current in scope:
                    break
                if current in names:
                    self._pop_to(stack, current, implied=True)
                    break

    def _end(self, stack: list[Element], tag: str, raw: str, line: int) -> None:
        for index in range(len(stack) - 1, 0, -1):
            if stack[index].tag == tag:
                for inner in stack[index + 1 :]:
                    if inner.tag not in OPTIONAL_END:
                        self.notes.append(
                            Normalisation(
                                line,
                                f"</{tag}> closes <{inner.tag}> (line {inner.line}), which is"
                                " still open: misnested markup",
                            )
                        )
                del stack[index + 1 :]
                stack.pop().end = raw
                return
        self.notes.append(Normalisation(line, f"</{tag}> closes nothing that is open"))
        stack[-1].children.append(Leaf("stray", raw, line))

    def _pop_to(self, stack: list[Element], tag: str, *, implied: bool) -> None:
        while len(stack) > 1:
            element = stack.pop()
            if element.tag == tag:
                return
            if element.tag not in OPTIONAL_END:
                self.notes.append(
                    Normalisation(element.line, f"<{element.tag}> is closed by the next block")
                )

    def _charset(self, meta: Element) -> None:
        declared = meta.get("charset")
        if declared is None and (meta.get("http-equiv") or "").lower() == "content-type":
            found = _CHARSET.search(meta.get("content") or "")
            declared = found.group(1) if found else None
        if declared is not None and declared.strip().lower() not in {"utf-8", "utf8"}:
            raise SourceError(
                f"declares the character set {declared.strip()!r}, but relay reads the source"
                " and writes every variant as UTF-8, so a browser would show the text garbled",
                path=self.path,
                line=meta.line,
                hint='Save the file as UTF-8 and declare <meta charset="utf-8">.',
            )


def _open_before(stack: list[Element], tag: str, barriers: Collection[str]) -> bool:
    for element in reversed(stack[1:]):
        if element.tag == tag:
            return True
        if element.tag in barriers:
            return False
    return False


def _attributes(raw: str) -> list[tuple[str, str | None, int, int, int]]:
    """Find each attribute of a raw start tag: name, raw value, and where name and value are."""
    found: list[tuple[str, str | None, int, int, int]] = []
    name = _TAG_NAME.match(raw)
    position = name.end() if name else 0
    end = len(raw) - 1 if raw.endswith(">") else len(raw)
    for match in _ATTRIBUTE.finditer(raw, position, end):
        value = match.group("value")
        bare = value is not None and value[0] not in "\"'"
        if bare and value is not None and value.endswith("/") and match.end() == end:
            value = value[:-1]  # <img src=a.png/>: the slash ends the tag
        start = match.start("value") if value is not None else match.end()
        found.append(
            (match.group("name").lower(), value, match.start(), start, start + len(value or ""))
        )
    return found


def _raw_text(node: Element | Leaf) -> str:
    if isinstance(node, Leaf):
        return node.raw
    return node.start + _inner(node) + node.end


def _inner(element: Element) -> str:
    """The raw text between an element's tags (a script's, as written)."""
    return "".join(_raw_text(child) for child in element.children)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


# A JSON-LD script as read: its text, the line it begins on, its places or why it is not JSON.
_JsonLd = tuple[str, int, list[structured_data.Place] | structured_data.NotJson]


class _Reader:
    """Walks the tree once, making blocks of translatable content and a skeleton of the rest."""

    def __init__(
        self,
        path: str,
        no_translate_classes: tuple[str, ...],
        translate_attributes: tuple[str, ...] = (),
    ) -> None:
        self.path = path
        self.no_translate = frozenset(no_translate_classes)
        self.translated_attributes = frozenset(translate_attributes)
        self.blocks: list[Block] = []
        # The block of each translated attribute value: (id of element, attribute index).
        self.attribute_blocks: dict[tuple[int, int], int] = {}
        # The content of each script of structured data, as parts (:meth:`_structured`).
        self.structured: dict[int, list[RawPart]] = {}
        # Each JSON-LD script read once, for its words and for its dates (:meth:`_json_ld`).
        self._json_ld_cache: dict[int, _JsonLd] = {}
        self._kept_cache: dict[int, bool] = {}
        self._refused_cache: dict[int, bool] = {}
        self._foreign_cache: dict[int, tuple[str | None, bool]] = {}
        self._block_cache: dict[int, bool] = {}
        self._text_cache: dict[int, bool] = {}

    # -- what is kept -------------------------------------------------------------------

    def kept(self, element: Element) -> bool:
        """Tell whether ``element`` is left untranslated: by itself, or by inheriting
        ``translate="no"`` (or a kept element) from an ancestor, as HTML's ``translate``
        attribute is inherited; ``translate="yes"`` turns translation back on inside. Inside
        ``<svg>`` and ``<math>`` only the elements that hold text a person reads are
        translated (:data:`FOREIGN_TEXT_OF`): a chart's labels, its title and description."""
        key = id(element)
        cached = self._kept_cache.get(key)
        if cached is None:
            # Inside SVG or MathML, kept unless within an element whose text a person reads.
            cached = self.refused(element) or not self._foreign(element)[1]
            self._kept_cache[key] = cached
        return cached

    def refused(self, element: Element) -> bool:
        """Tell whether ``element`` is kept for a reason other than being SVG or MathML:
        ``translate="no"``, a no-translate class, a kept element such as ``<script>``."""
        key = id(element)
        cached = self._refused_cache.get(key)
        if cached is None:
            if element.tag in _REFUSED_TAGS or self._marked_no(element):
                cached = True
            elif _translate(element) == "yes" or element.parent is None:
                cached = False
            else:
                cached = self.refused(element.parent)
            self._refused_cache[key] = cached
        return cached

    def _marked_no(self, element: Element) -> bool:
        """Tell whether ``element`` itself is marked not to be translated: ``translate="no"``
        or a no-translate class."""
        classes = set((element.get("class") or "").split())
        return _translate(element) == "no" or bool(self.no_translate & classes)

    def _foreign(self, element: Element) -> tuple[str | None, bool]:
        """The SVG or MathML element ``element`` is in (its tag; None: in neither), and
        whether it is inside an element of it that holds text a person reads."""
        key = id(element)
        cached = self._foreign_cache.get(key)
        if cached is None:
            yes = _translate(element) == "yes"
            if element.tag in _FOREIGN:
                cached = (element.tag, yes)
            elif element.parent is None:
                cached = (None, True)
            else:
                root, reopened = self._foreign(element.parent)
                if root is None or reopened:
                    cached = (root, True)
                else:
                    cached = (root, yes or element.tag in FOREIGN_TEXT_OF[root])
            self._foreign_cache[key] = cached
        return cached

    def blockish(self, element: Element) -> bool:
        if element.tag in BLOCK_TAGS:
            return True
        if self.kept(element):
            return False
        return self._holds_block(element)

    def _holds_block(self, element: Element) -> bool:
        key = id(element)
        cached = self._block_cache.get(key)
        if cached is None:
            # SVG and MathML are inline content, whatever they hold: an SVG <title> is no
            # block of the page (its text is a unit of its own, placed inside the drawing).
            cached = any(
                isinstance(c, Element)
                and self._foreign(c)[0] is None
                and (c.tag in BLOCK_TAGS or self._holds_block(c))
                for c in element.children
            )
            self._block_cache[key] = cached
        return cached

    def has_text(self, node: Element | Leaf) -> bool:
        if isinstance(node, Leaf):
            return node.kind in {"text", "ref"} and bool(node.shown.strip())
        key = id(node)
        cached = self._text_cache.get(key)
        if cached is None:
            cached = not self.kept(node) and any(self.has_text(c) for c in node.children)
            self._text_cache[key] = cached
        return cached

    def refuse_pages_inside(self, root: Element) -> None:
        """Refuse an ``<iframe srcdoc>`` that holds text: a page inside the page, shown as it
        is written. Its text would be in the source language in every variant, and relay
        translates no HTML inside an attribute (one marked not to be translated is kept). So
        is a script that holds a template with text (:func:`_is_template_script`)."""
        for element in root.iter():
            if element.tag == "script" and _is_template_script(element.get("type")):
                self._refuse_template_script(element)
                continue
            if element.tag != "iframe" or not (element.get("srcdoc") or "").strip():
                continue
            # The frame is a kept element: what counts is whether it, or what holds it, is
            # marked not to be translated.
            if self._marked_no(element) or (
                element.parent is not None and self.refused(element.parent)
            ):
                continue
            try:
                inside = read(element.get("srcdoc") or "", path=self.path)
            except SourceError:
                inside = None
            if inside is None or inside.blocks:
                raise SourceError(
                    f"{FRAME_TEXT}, which relay cannot translate: it would be published in the"
                    " source language in every variant",
                    path=self.path,
                    line=element.line,
                    hint="Put the text in the release itself, or in a page of its own (<iframe"
                    ' src="…">); or mark the frame translate="no" to publish it as it is.',
                )

    def _refuse_template_script(self, script: Element) -> None:
        """Refuse a script of HTML a script shows in the page (``<script
        type="text/template">``), once it holds text: relay reads no HTML inside a script,
        and would publish it in the source language in every variant."""
        if self._marked_no(script) or (script.parent is not None and self.refused(script.parent)):
            return
        # A template's expressions ({{title}}, <%= body %>) are values it is given, not text.
        inner = _TEMPLATE_EXPRESSION.sub("", _inner(script))
        try:
            shown = bool(read(inner, path=self.path).blocks)
        except SourceError:
            shown = bool(re.search(r"[^\W\d_]", inner))
        if shown:
            raise SourceError(
                f"has a <script type={script.get('type')!r}> with text, a template a script"
                " shows in the page, which relay cannot translate: it would be published in the"
                " source language in every variant",
                path=self.path,
                line=script.line,
                hint="Write the template as a <template> element, whose text relay translates;"
                ' or mark the script translate="no" to publish it as it is.',
            )

    # -- attributes ---------------------------------------------------------------------

    def attributes(self, root: Element) -> None:
        """Make a block of every translatable attribute value, in document order."""
        for element in root.iter():
            if element.tag == "#document":
                continue
            if element.tag == "script" and self._structured_read(element):
                self._structured(element)
            # Of an SVG or MathML element kept for being one, what is read aloud alone.
            foreign = self.kept(element)
            labels_only = foreign and self.refused(element)
            if labels_only and not self._labels_read(element):
                continue
            foreign = foreign and not labels_only
            for index, (name, value, _, _, _) in enumerate(element.attributes):
                if value is None or (foreign and name not in FOREIGN_ATTRIBUTES):
                    continue
                if labels_only and name not in LABEL_ATTRIBUTES:
                    continue
                shown = html_lib.unescape(_unquote(value))
                if not shown.strip():
                    continue
                if foreign:
                    self._attribute_block(
                        element, index, value, shown, f"{name} attribute", splittable=False
                    )
                elif (
                    name in TRANSLATED_ATTRIBUTES
                    and not (name == "label" and element.tag not in {"option", "optgroup", "track"})
                ) or (
                    element.tag in TEXT_ATTRIBUTE_OF.get(name, ())
                    or name in self.translated_attributes
                ):
                    role = "alt text" if name == "alt" else f"{name} attribute"
                    self._attribute_block(element, index, value, shown, role, splittable=False)
                elif name == "value" and _is_button(element):
                    # The label a person reads on the button (the value of any other input
                    # is data, sent with the form).
                    self._attribute_block(
                        element, index, value, shown, "button label", splittable=False
                    )
                elif name == "content" and element.tag == "meta" and self._shown_meta(element):
                    role = _meta_role(element)
                    self._attribute_block(element, index, value, shown, role, splittable=True)

    def _labels_read(self, element: Element) -> bool:
        """Tell whether a kept element's own labels are read (:data:`LABELLED_KEPT_TAGS`): kept
        for what it is, not marked ``translate="no"`` nor inside an element that is."""
        return (
            element.tag in LABELLED_KEPT_TAGS
            and not self._marked_no(element)
            and (element.parent is None or not self.refused(element.parent))
        )

    def _structured_read(self, element: Element) -> bool:
        """Tell whether ``element`` is a script of structured data whose words are translated:
        JSON-LD (:mod:`relay.sources.formats.structured_data`), not marked ``translate="no"``
        nor inside an element that is."""
        return (
            structured_data.is_structured_data(element.get("type"))
            and not self._marked_no(element)
            and (element.parent is None or not self.refused(element.parent))
        )

    def _structured(self, element: Element) -> None:
        """Make a block of each string of a JSON-LD script that people read, and a field of
        each statement of its language; keep its content's parts for :meth:`raw`."""
        text, first, found = self._json_ld(element)
        if isinstance(found, structured_data.NotJson):
            raise SourceError(
                f'has a <script type="application/ld+json"> that is not JSON ({found}):'
                " search engines ignore it, and relay cannot translate its words",
                path=self.path,
                line=first + found.line - 1,
                hint="Correct the JSON, or remove the script.",
            ) from None
        parts: list[RawPart] = []
        position = 0
        for place in found:
            literal = text[place.start : place.end]
            if place.kind == "text":
                builder = BlockBuilder()
                builder.text(literal, place.value)
                line = first + text.count("\n", 0, place.start)
                role = f"{place.key} {STRUCTURED_ROLE}"
                self.blocks.append(builder.build(role, line, splittable=False))
                parts += [text[position : place.start], BlockSlot(len(self.blocks) - 1, "json")]
            elif place.kind == "language":
                parts += [text[position : place.start], Field("lang-value", literal, "json")]
            elif place.kind == "address":
                parts += [text[position : place.start], Field("page-url", literal, "json")]
            else:
                continue  # a date: compared with the release's (:meth:`metadata_pairs`)
            position = place.end
        parts.append(text[position:])
        self.structured[id(element)] = [part for part in parts if part != ""]

    def _json_ld(self, script: Element) -> _JsonLd:
        """A JSON-LD script's text, the line it begins on, and its places (or why it is not
        JSON), read once per script."""
        kept = self._json_ld_cache.get(id(script))
        if kept is None:
            text = _inner(script)
            first = script.line + script.start.count("\n")
            try:
                found: list[structured_data.Place] | structured_data.NotJson = (
                    structured_data.places(text)
                )
            except structured_data.NotJson as error:
                found = error
            kept = self._json_ld_cache[id(script)] = (text, first, found)
        return kept

    def _structured_dates(self, root: Element) -> list[tuple[str, str, str, int]]:
        """The publication days a page's structured data states, as
        :func:`_refuse_other_dates` takes them (from JSON-LD that is not JSON, none: its
        script is refused where it is read)."""
        stated: list[tuple[str, str, str, int]] = []
        for script in root.iter():
            if script.tag != "script" or not structured_data.is_structured_data(script.get("type")):
                continue
            text, first, found = self._json_ld(script)
            if isinstance(found, structured_data.NotJson):
                continue
            stated += [
                (place.key, "JSON-LD", place.value, first + text.count("\n", 0, place.start))
                for place in found
                if place.kind == "date"
            ]
        return stated

    @staticmethod
    def _shown_meta(meta: Element) -> bool:
        # Whichever attribute names it (not http-equiv: a pragma, never text for people).
        keys = meta_keys(meta)
        return any(keys[key] != "http-equiv" and key in TRANSLATED_META for key in keys)

    def _attribute_block(
        self, element: Element, index: int, value: str, shown: str, role: str, *, splittable: bool
    ) -> None:
        builder = BlockBuilder()
        builder.text(value, shown)
        self.blocks.append(builder.build(role, element.line, splittable=splittable))
        self.attribute_blocks[(id(element), index)] = len(self.blocks) - 1

    def _page_address(self, element: Element) -> tuple[int, int] | None:
        """Where, in its start tag, a ``<meta>`` that states the page's own address (one of
        :data:`PAGE_ADDRESS_META`) writes it; None for any other element, and where that value
        is text to translate or the element is kept."""
        if element.tag != "meta" or self.kept(element):
            return None
        if not any(key in PAGE_ADDRESS_META for key in meta_keys(element)):
            return None
        for index, (name, _, _, start, end) in enumerate(element.attributes):
            if name == "content" and start < end:
                if (id(element), index) in self.attribute_blocks:
                    return None
                return start, end
        return None

    def start_tag(self, element: Element) -> list[RawPart]:
        """The raw start tag, with a slot for each translated attribute value and a field for
        the document's ``lang`` and ``dir`` (on ``<html>``; ``dir`` on ``<body>`` too)."""
        fields = {"html": ("lang", "dir"), "body": ("dir",)}.get(element.tag, ())
        parts: list[RawPart] = []
        position = 0
        raw = element.start
        address = self._page_address(element)
        if address is not None:
            return [Field("page-url", raw, f"{address[0]}:{address[1]}")]
        if (stated := _alternate_language(element)) and not self.kept(element):
            return [Field("alternate", raw, stated)]
        seen: set[str] = set()
        for index, (name, _, name_start, start, end) in enumerate(element.attributes):
            block = self.attribute_blocks.get((id(element), index))
            if block is not None:
                parts.append(raw[position:start])
                parts.append(BlockSlot(block, "attribute"))
                position = end
            elif name in fields and name not in seen:
                seen.add(name)
                begin = len(raw[:name_start].rstrip())  # the field owns its leading space
                parts.append(raw[position:begin])
                parts.append(Field(name, raw[begin:end]))  # type: ignore[arg-type]
                position = end
            elif (
                name == "dir"
                and not fields
                and (direction := self._direction(element, raw[start:end]))
            ):
                # A direction inside the page: the source language's follows the variant's.
                parts.append(raw[position:start])
                parts.append(Field("dir-value", raw[start:end], direction))
                position = end
            elif (
                name in ("lang", "xml:lang")
                and start < end
                and element.tag != "html"
                and not self.kept(element)
            ):
                # A language inside the page: where it is the source's (a restatement), it
                # is about text the variant translates, and states the variant's instead.
                parts.append(raw[position:start])
                parts.append(Field("lang-value", raw[start:end], "inner"))
                position = end
            elif start < end and name == "href" and _is_canonical(element):
                # The page's own address for search engines: each variant's, not the source's.
                parts.append(raw[position:start])
                parts.append(Field("canonical", raw[start:end]))
                position = end
            elif start < end and (kind := _language_value(element, name)):
                # Another statement of the document's language: the variant's, not the source's.
                parts.append(raw[position:start])
                parts.append(Field("lang-value", raw[start:end], kind))
                position = end
        if element.tag == "html" and "lang" not in seen:
            rest = raw[position:]
            cut = len(rest) - (2 if rest.endswith("/>") else 1 if rest.endswith(">") else 0)
            parts.extend([rest[:cut], Field("lang", ""), rest[cut:]])
        else:
            parts.append(raw[position:])
        return [part for part in parts if part != ""]

    def _direction(self, element: Element, value: str) -> str:
        """The direction a ``dir`` value states ("rtl" or "ltr"), if it may follow the
        variant's: not on a kept element, whose text stays as the source wrote it."""
        stated = html_lib.unescape(_unquote(value)).strip().lower()
        if stated not in {"rtl", "ltr"} or self.kept(element):
            return ""
        return stated

    # -- content ------------------------------------------------------------------------

    def content(self, element: Element) -> list[RawPart]:
        """Skeleton parts of the whole content of ``element`` (its blocks made on the way)."""
        children = element.children
        if element.tag == "head":
            return self._head(children)
        if not any(isinstance(c, Element) and self.blockish(c) for c in children):
            return self._run(element, children, _role(element))
        parts = []
        run: list[Element | Leaf] = []
        for child in children:
            if isinstance(child, Element) and self.blockish(child):
                parts.extend(self._run(element, run, _role(element)))
                parts.extend(self.whole(child))
                run = []
            else:
                run.append(child)
        parts.extend(self._run(element, run, _role(element)))
        return parts

    def _head(self, children: list[Element | Leaf]) -> list[RawPart]:
        """Skeleton parts of ``<head>``: its title and templates translated, the rest kept."""
        parts: list[RawPart] = []
        for child in children:
            if isinstance(child, Element) and child.tag == "title":
                parts.extend(self.start_tag(child))
                parts.extend(self._run(child, child.children, "title", splittable=False))
                parts.append(child.end)
            elif isinstance(child, Element) and child.tag == "template":
                parts.extend(self.whole(child))
            else:
                self._refuse_shown_in_head(child)
                parts.extend(self.raw(child))
        parts.append(Field("alternates", ""))
        return parts

    def _refuse_shown_in_head(self, node: Element | Leaf) -> None:
        """Refuse text written straight in ``<head>`` (a stray word, a ``<p>``): a browser
        ends the head there and shows it atop the page, where relay would publish it in the
        source language in every variant."""
        if isinstance(node, Element) and node.tag in HEAD_TAGS:
            return
        if not self.has_text(node):
            return
        text = _shown_text(node) if isinstance(node, Element) else node.shown
        line = node.line
        if isinstance(node, Leaf):  # the line of its first word, not of the break before it
            line += node.raw[: len(node.raw) - len(node.raw.lstrip())].count("\n")
        raise SourceError(
            f"has text inside <head> ({' '.join(text.split())[:40]!r}), which a browser shows"
            " at the top of the page: relay would publish it untranslated",
            path=self.path,
            line=line,
            hint="Move the text into <body>, or remove it (a stray word is often left by a"
            " broken tag).",
        )

    def whole(self, element: Element) -> list[RawPart]:
        """Skeleton parts of an element met between blocks."""
        if self.kept(element) and not any(_translate(e) == "yes" for e in element.iter()):
            return self.raw(element)
        return [*self.start_tag(element), *self.content(element), element.end]

    def raw(self, node: Element | Leaf) -> list[RawPart]:
        """Skeleton parts of a node that holds no block (attribute slots aside)."""
        if isinstance(node, Leaf):
            return [node.raw]
        if node.parent is not None and self.kept(node.parent) and not self.kept(node):
            # Translated inside a kept element: the text of a chart inside <svg>, an element
            # marked translate="yes" inside one marked "no".
            return self.whole(node)
        parts = self.start_tag(node)
        structured = self.structured.get(id(node))
        if structured is not None:
            parts.extend(structured)
        else:
            for child in node.children:
                parts.extend(self.raw(child))
        parts.append(node.end)
        return parts

    def _run(
        self,
        element: Element,
        nodes: list[Element | Leaf],
        role: str,
        *,
        splittable: bool = True,
    ) -> list[RawPart]:
        """One block of ``nodes`` (inline content), or their raw parts if they hold no text."""
        if self.kept(element):
            return [part for node in nodes for part in self.raw(node)]
        if not any(self.has_text(node) for node in nodes):
            return [part for node in nodes for part in self.raw(node)]
        builder = BlockBuilder()
        for node in nodes:
            self._inline(node, builder)
        block = builder.build(role, element.line, splittable=splittable)
        if element.tag == "pre" or (builder.pieces and self._in_pre(element)):
            # In <pre> whitespace is content: each line break, and each run of spaces, is
            # kept as a code.
            block = replace(block, lines=True, spaces=True)
        self.blocks.append(block)
        return [BlockSlot(len(self.blocks) - 1)]

    def _inline(self, node: Element | Leaf, builder: BlockBuilder) -> None:
        if isinstance(node, Leaf):
            if node.kind == "text":
                builder.text(node.raw, node.raw)
            elif node.kind == "ref":
                builder.text(node.raw, node.shown)
            else:
                builder.empty(node.raw, "comment" if node.kind == "comment" else node.kind)
            return
        if self.kept(node):
            builder.empty(tuple(join_strings(self.raw(node))), self._kept_label(node))
        elif node.tag == "time" and node.get("datetime") and self._plain(node):
            inner = "".join(child.raw for child in node.children)  # type: ignore[union-attr]
            field_ = Field("date", inner, node.get("datetime") or "")
            builder.empty((*self.start_tag(node), field_, node.end), "date")
        elif node.tag in VOID_TAGS:
            builder.empty(tuple(join_strings(self.start_tag(node))), node.tag)
        else:
            key = builder.open(tuple(join_strings(self.start_tag(node))), node.tag)
            for child in node.children:
                self._inline(child, builder)
            builder.close(key, node.end)

    def _kept_label(self, element: Element) -> str:
        """A kept element's label: its tag, and for protected words (``translate="no"``, a
        no-translate class, code) the words themselves, so that translators see what the
        placeholder stands for (``span=EuroRAP``). Scripts and styles show no text."""
        if not self._marked_no(element) and element.tag not in {"code", "kbd", "samp"}:
            return element.tag
        shown = " ".join(_shown_text(element).split())
        return f"{element.tag}={shown}" if shown else element.tag

    @staticmethod
    def _in_pre(element: Element) -> bool:
        return any(a.tag == "pre" for a in _ancestors(element))

    @staticmethod
    def _plain(element: Element) -> bool:
        return all(isinstance(child, Leaf) for child in element.children)

    # -- metadata -----------------------------------------------------------------------

    def metadata_pairs(self, root: Element) -> list[tuple[str, str, int]]:
        """The release's metadata as (key, value, line): the ``<title>``, and the ``<meta>``
        in ``<head>`` that relay reads (:func:`_read_keys`)."""
        pairs: list[tuple[str, str, int]] = []
        title = next((e for e in root.iter() if e.tag == "title" and _in_head(e)), None)
        if title is not None:
            shown = "".join(c.shown for c in title.children if isinstance(c, Leaf))
            pairs.append(("title", " ".join(shown.split()), title.line))
        stated: list[tuple[str, str, str, int]] = []
        for meta in root.iter():
            if meta.tag != "meta":
                continue
            keys = meta_keys(meta)
            if not _in_head(meta):
                self._refuse_embargo_outside_head(meta, keys)
                continue
            content = (meta.get("content") or "").strip()
            for key in _read_keys(keys, path=self.path, line=meta.line):
                pairs.append((key, content, meta.line))
            stated += [
                (meta.get(attribute) or key, attribute, content, meta.line)
                for key, attribute in keys.items()
                if key in PUBLISHED_DATE_KEYS
            ]
        stated += self._structured_dates(root)
        _refuse_other_dates(pairs, stated, path=self.path)
        return pairs

    def _refuse_embargo_outside_head(self, meta: Element, keys: dict[str, str]) -> None:
        """Anywhere but ``<head>`` (a browser moves a meta after body text into ``<body>``) an
        embargo meta would be ignored, and the release published at once: fail closed."""
        for key, attribute in keys.items():
            if "embargo" in key:
                raise SourceError(
                    f"a <meta {attribute}={meta.get(attribute)!r}> outside <head> is not read",
                    path=self.path,
                    line=meta.line,
                    hint="Put the embargo meta in <head>, before any text.",
                )


def _meta_role(meta: Element) -> str:
    """The role of a translated ``<meta>``'s unit: a translator writes a list of search terms
    as one ("keywords"), not as a sentence."""
    if meta.get("name") == "description":
        return "description"
    if any(key in KEYWORD_META for key in meta_keys(meta)):
        return "keywords"
    return "meta"


def meta_keys(meta: Element) -> dict[str, str]:
    """Give each key a ``<meta>`` is named by (normalised, as every format matches keys), with
    the attribute that names it: HTML's ``name`` and ``http-equiv`` (one key each), RDFa's and
    Open Graph's ``property`` and microdata's ``itemprop`` (lists of names, space-separated)."""
    keys: dict[str, str] = {}
    for attribute in META_KEY_ATTRIBUTES:
        value = meta.get(attribute)
        if value is None:
            continue
        names = [value] if attribute in ("name", "http-equiv") else value.split()
        for name in names:
            keys.setdefault(normal_key(name), attribute)
    return keys


def _read_keys(keys: dict[str, str], *, path: str, line: int) -> list[str]:
    """The metadata keys relay reads from one ``<meta>`` in ``<head>``.

    The embargo, the date and the slug, from whichever attribute names them, as every key is
    matched: read from ``name=`` only, an embargo written ``property="embargo"`` was ignored and
    the release published at once, and a ``<meta property="date">`` left the release undated
    (no date in the manifest, the feeds, the variants' date lines) while the page stated one. So
    two metas naming one key, however each names it, are refused as the key given twice. A key
    that reads like an embargo but is not one (``og:embargo``, ``embargoDate``) is refused, from
    any attribute; a published date under another key is held to ``date`` by
    :func:`_refuse_other_dates`.
    """
    read: list[str] = []
    for key in keys:
        check_key(key, path=path, line=line)
        if key in {"embargo", "date", "slug"}:
            read.append(key)
    return read


def _refuse_other_dates(
    pairs: list[tuple[str, str, int]], stated: list[tuple[str, str, str, int]], *, path: str
) -> None:
    """Refuse a ``<meta>`` that states another publication day than the release's ``date``.

    ``stated`` holds (name as written, attribute, content, line) for each
    :data:`PUBLISHED_DATE_KEYS` meta. Search engines and link previews show that day, the
    manifest and the feeds the release's: one of them would be false. Reading it as the date
    instead would change what the release is; a page that states no ``date`` is left undated,
    and a value that does not begin with an ISO day (``2026-01-05T10:00+01:00`` does) is not
    compared.
    """
    date = next(((value, line) for key, value, line in pairs if key == "date"), None)
    if date is None or not (own := _ISO_DAY.match(date[0])):
        return
    for key, attribute, content, line in stated:
        other = _ISO_DAY.match(content)
        if other and other.group(1) != own.group(1):
            where = (
                f"<meta {attribute}={key.strip()!r}>"
                if attribute != "JSON-LD"
                else f"the structured data's {key!r}"
            )
            raise SourceError(
                f"{where} says {other.group(1)}, but the release's date"
                f" (line {date[1]}) is {own.group(1)}: the page would state one day, the"
                " manifest and the feeds another",
                path=path,
                line=line,
                hint="Make both name the day the release is published.",
            )


# The script types of client-side templates: HTML a script puts into the page.
_TEMPLATE_TYPE = re.compile(
    r"text/(?:html|(?:x-)?[\w.+-]*templates?|x-(?:handlebars|mustache|jsrender|tmpl|jquery-tmpl|"
    r"underscore|lodash|dust|nunjucks|twig|ejs)[\w.+-]*)",
    re.IGNORECASE,
)

_TEMPLATE_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<%.*?%>|\$\{.*?\}", re.DOTALL)


def _is_template_script(script_type: str | None) -> bool:
    """Whether a ``<script>`` of this ``type`` holds HTML a script shows in the page
    (``text/template``, ``text/x-handlebars-template``, ``text/html``…), not code or data."""
    if script_type is None:
        return False
    return _TEMPLATE_TYPE.fullmatch(script_type.split(";", 1)[0].strip()) is not None


def _translate(element: Element) -> str:
    """An element's ``translate`` attribute as HTML reads it ("" where it has none)."""
    return (element.get("translate") or "").strip().lower()


def _primary(tag: str) -> str:
    """A language tag's primary subtag, lowercased: ``en-GB`` states English as ``en`` does."""
    return tag.replace("_", "-").split("-", 1)[0].lower()


def _language_value(element: Element, name: str) -> str:
    """Tell whether this attribute's value states the document's language, and how it is
    written: "tag" (``xml:lang`` on ``<html>``, ``<meta http-equiv="content-language">``),
    "og" (``<meta property="og:locale">``, written ``fr_FR``-style with an underscore), or
    "inner" (a microdata or Dublin Core language, :data:`LANGUAGE_META`: the variant's where
    it states the source's)."""
    if element.tag == "html" and name == "xml:lang":
        return "tag"
    if element.tag != "meta" or name != "content":
        return ""
    if (element.get("http-equiv") or "").strip().lower() == "content-language":
        return "tag"
    if (element.get("property") or element.get("name") or "").strip().lower() == "og:locale":
        return "og"
    if any(key in LANGUAGE_META for key in meta_keys(element)):
        return "inner"  # the variant's where it states the source's; another one is kept
    return ""


def _shown_text(element: Element) -> str:
    """The text a reader sees inside ``element`` (comments left out)."""
    out: list[str] = []
    for child in element.children:
        if isinstance(child, Leaf):
            if child.kind in {"text", "ref"}:
                out.append(child.shown)
        else:
            out.append(_shown_text(child))
    return "".join(out)


def _in_head(element: Element) -> bool:
    return any(a.tag == "head" for a in _ancestors(element)) or (
        element.parent is not None and element.parent.tag in {"html", "#document"}
    )


def _role(element: Element) -> str:
    root = next((a for a in _ancestors(element) if a.tag in _FOREIGN), None)
    if root is not None and element.tag in FOREIGN_TEXT_OF[root.tag]:
        return FOREIGN_ROLES[element.tag]
    role = ROLES.get(element.tag, "paragraph")
    for ancestor in _ancestors(element):
        if ancestor.tag == "address":
            return f"{role} in contact block"
    return role


def _ancestors(element: Element) -> Iterator[Element]:
    parent = element.parent
    while parent is not None:
        yield parent
        parent = parent.parent
    if element.tag == "address":
        yield element


def quote_attribute(value: str) -> str:
    """Quote an attribute value as libxml2 does: single quotes only around a double quote.

    >>> print(quote_attribute('say "hi"'), quote_attribute("it's"))
    'say "hi"' "it's"
    """
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def escape(text: str, context: Escape) -> str:
    """Make a translator's text literal HTML: text content, or a whole quoted attribute value."""
    if context == "attribute":
        return quote_attribute(text)
    if context == "json":
        return json_string(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def json_string(text: str) -> str:
    """Write text as a JSON string inside a ``<script>``: no "<", ">" or "&" as such, so that
    no translation can end the script ("</script>") or open a comment in it.

    >>> print(json_string('Say "hi" </script>'))
    "Say \\"hi\\" \\u003c/script\\u003e"
    """
    written = json.dumps(text, ensure_ascii=False)
    return written.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def mark_fallback(raw: str, target: Target) -> str:
    """Wrap a unit published in the source language, so the page says which language it is
    (and, where the source is written the other way from the variant, its direction: English
    left untranslated in an Arabic page is laid out left to right, set apart from the rest)."""
    source_rtl = cldr.is_rtl(target.source_lang)
    direction = "" if source_rtl == target.rtl else f' dir="{"rtl" if source_rtl else "ltr"}"'
    lang = quote_attribute(target.source_lang)
    return f'<span lang={lang}{direction} data-relay-fallback="">{raw}</span>'


def render_field(field: Field, target: Target) -> str:
    """Write the document language (and direction), or the links to the sibling variants.

    The ``lang`` field writes ``dir="rtl"`` for a right-to-left language; a source's own
    ``dir`` (on ``<html>`` or ``<body>``) is the source language's and is left out of other
    variants, so that a French variant of an Arabic release is not laid out right to left.
    Inside the page, a ``lang`` that states the source language (``<p lang="en">`` in an
    English release) is about text the variant translates and states the variant's language;
    one that states another (``<i lang="de">Zeitgeist</i>``) marks text translation leaves
    alone, and is kept, as is any on an element never translated. A ``dir`` that states the
    source language's direction (``dir="rtl"`` on
    a paragraph of an Arabic release) is about text the variant translates, and states the
    variant's direction instead; one that states the other direction marks text in another
    script (an English name in Arabic, ``dir="ltr"``), which translation leaves as it is, and
    is kept.
    """
    if field.name == "lang":
        direction = ' dir="rtl"' if target.rtl else ""
        space = field.original[: len(field.original) - len(field.original.lstrip())] or " "
        return f"{space}lang={quote_attribute(target.lang)}{direction}"
    if field.name == "dir":
        return ""
    if field.name == "dir-value":
        source = "rtl" if cldr.is_rtl(target.source_lang) else "ltr"
        variant = "rtl" if target.rtl else "ltr"
        if field.value == source != variant:
            return quote_attribute(variant)
        return field.original
    if field.name == "lang-value":
        if field.value == "json":
            stated = json.loads(field.original)
            if not isinstance(stated, str):
                return field.original
            named = _language_named(stated, target)
            if named is not None:
                return json_string(named)
            if _primary(stated) != _primary(target.source_lang):
                return field.original  # another language's text, as the source has it
            return json_string(target.lang)
        if field.value in ("inner", "locale"):
            stated = html_lib.unescape(_unquote(field.original)).strip()
            named = _language_named(stated, target)
            if named is not None:
                return quote_attribute(named)
            if _primary(stated) != _primary(target.source_lang):
                return field.original  # text in another language, left as the source has it
        underscored = field.value in ("og", "locale")  # fr_FR, as og:locale writes it
        lang = target.lang.replace("-", "_") if underscored else target.lang
        return quote_attribute(lang)
    if field.name == "canonical":
        return _canonical(field, target)
    if field.name == "alternate":
        # relay states where each published variant is; the source's own statement for one
        # of those languages (a page on an older site) would give it two addresses.
        if field.value.startswith("og:"):  # a locale Open Graph says the page is also in
            own = not target.is_source and _primary(field.value[3:]) == _primary(target.lang)
            return "" if own else field.original
        published = {_primary(lang) for lang, _ in target.alternates}
        return "" if _primary(field.value) in published else field.original
    if field.name == "page-url":
        return _page_url(field, target)
    if field.name == "alternates":
        return "".join(
            f'<link rel="alternate" hreflang={quote_attribute(lang)}'
            f" href={quote_attribute(href)}>\n"
            for lang, href in target.alternates
        )
    return field.original


def _language_named(stated: str, target: Target) -> str | None:
    """The variant's language named the way ``stated`` names the source's, in words: in
    English for an English name (``<meta name="language" content="English">`` states "French"
    in the French variant), in itself for the source's own ("Deutsch" states "français"), with
    its region where ``stated`` gives one; None where ``stated`` names no language in words,
    or another one (a language code is a tag, written as one)."""
    said = stated.strip().casefold()
    base, _, region = said.partition(" (")
    words = [word.casefold() for word in cldr.language_words(target.source_lang)]
    for form in (0, 2):
        if said in (words[form], words[form + 1]) or (region and base == words[form]):
            named = cldr.language_words(target.lang)[form + 1 if region else form]
            break
    else:
        return None
    # "English" or "english": the first letter's case as the source wrote it.
    first = stated.strip()[:1]
    return (named[:1].lower() if first.islower() else named[:1].upper()) + named[1:]


def _page_url(field: Field, target: Target) -> str:
    """A ``<meta>`` stating the release's own page as its absolute address (``og:url``): the
    variant's address where the project says where ``public/`` is served (``public-url``),
    else the tag is left out of the variant: a link preview then takes the address it read the
    page at, where the source's would have every share of a translation show, and count for,
    the source-language page. In JSON-LD (``url``, ``mainEntityOfPage``), the variant's
    address, else its relative link. One naming another page is kept."""
    own = target.address or dict(target.alternates).get(target.lang)
    if field.value == "json":
        # In structured data, which cannot lose a member: the variant's address, else its
        # page relative to the source's, as the canonical link names it (a JSON-LD reader
        # resolves it against the page's own address).
        named = json.loads(field.original)
        if own is None or not isinstance(named, str) or not _names_page(named, own):
            return field.original
        return json_string(own)
    start, _, end = field.value.partition(":")
    begin, finish = int(start), int(end)
    named = html_lib.unescape(_unquote(field.original[begin:finish])).strip()
    if own is None or not _names_page(named, own):
        return field.original
    if target.address is None:
        return ""
    return field.original[:begin] + quote_attribute(target.address) + field.original[finish:]


def _names_page(address: str, page: str) -> bool:
    """Whether ``address`` names the page ``page`` names, by the last segment of its path
    without its extension (``…/2026-12-01-roads.html``, ``…/2026-12-01-roads/``, with or
    without a query): the release's own page wherever a site serves it."""
    named = urlsplit(address).path.rstrip("/").rsplit("/", 1)[-1]
    page_name = urlsplit(page).path.rsplit("/", 1)[-1]
    return bool(named) and splitext(named)[0] == splitext(page_name)[0]


def _is_canonical(element: Element) -> bool:
    """Whether ``element`` is a ``<link rel="canonical">``."""
    rel = (element.get("rel") or "").lower().split()
    return element.tag == "link" and "canonical" in rel


def _canonical(field: Field, target: Target) -> str:
    """A ``<link rel="canonical">`` that names the release's own page names the variant's
    (as the links to the sibling variants do: relative, relay knows no site address); search
    engines otherwise take a translation for a copy of the source-language page and leave it
    out. One that names another page (the original of a republished text) is kept."""
    links = dict(target.alternates)
    own = links.get(target.lang)
    if own is None:
        return field.original
    address = html_lib.unescape(_unquote(field.original)).strip()
    if not _names_page(address, own):
        return field.original
    return quote_attribute(own)


def _alternate_language(element: Element) -> str:
    """The language a ``<link rel="alternate" hreflang>`` says another version of the page is
    in ("" for any other element, and for ``x-default``, which names no language); for a
    ``<meta property="og:locale:alternate">``, its locale after "og:"."""
    if element.tag == "meta":
        # Open Graph's other locales of the page ("fr_FR"): a variant is not its own other.
        if "og:locale:alternate" not in meta_keys(element):
            return ""
        stated = (element.get("content") or "").strip()
        return f"og:{stated}" if stated else ""
    if element.tag != "link":
        return ""
    rel = (element.get("rel") or "").lower().split()
    stated = (element.get("hreflang") or "").strip()
    if "alternate" not in rel or not stated or stated.lower() == "x-default":
        return ""
    return stated


def _is_button(element: Element) -> bool:
    """Whether an element is an ``<input>`` shown as a button, its ``value`` its label."""
    kind = element.get("type")
    return element.tag == "input" and kind is not None and kind.strip().lower() in BUTTON_INPUTS
