"""Glossaries: read a project's terminology from CSV or TBX into :class:`Term` rows.

Takes the bytes of a glossary file and its path; gives terms. A CSV glossary has a header row
``source,lang,target,kind,note``: ``kind`` is ``required`` (the source term must be
translated as ``target``; several rows for one term and language are alternatives),
``forbidden`` (``target`` must not appear; with a ``source``, only where the source has it)
or ``do-not-translate`` (``source`` stays exactly as it is); ``lang`` is a language tag or
``*``. A TBX glossary (TBX-Basic/v2 ``termEntry``/``langSet``/``tig``, or TBX v3
``conceptEntry``/``langSec``/``termSec``) gives, per concept, the source-language term and
each language's terms: ``preferredTerm-admn-sts`` and ``admittedTerm-admn-sts`` are required
alternatives, ``deprecatedTerm-admn-sts`` and ``supersededTerm-admn-sts`` are forbidden, and a
source term with ``<termNote type="translatability">nonTranslatable</termNote>`` is
do-not-translate. TBX is read with :func:`relay.runtime.xml.parse`, which refuses a file
with a DTD or entities.

>>> read_glossary(b"source,lang,target,kind\\nUNECE,fr,CEE-ONU,required\\n", path="g.csv")
(Term(source='UNECE', lang='fr', target='CEE-ONU', kind='required', note=''),)
"""

from __future__ import annotations

import csv
import io
from typing import Any, Literal, cast

from relay.checks.findings import Term
from relay.core.errors import ProjectError
from relay.runtime.xml_head import decode_head

KINDS = ("required", "forbidden", "do-not-translate")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS = {
    "preferredterm-admn-sts": "required",
    "admittedterm-admn-sts": "required",
    "deprecatedterm-admn-sts": "forbidden",
    "supersededterm-admn-sts": "forbidden",
}


def read_glossary(data: bytes, *, path: str, source_lang: str = "en") -> tuple[Term, ...]:
    """Read a CSV or TBX glossary (told apart by content, not by name)."""
    if decode_head(data).lstrip("\ufeff").lstrip().startswith("<"):
        return _read_tbx(data, path=path, source_lang=source_lang)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ProjectError(
            f"{path}: the glossary is not UTF-8 (byte {error.start})",
            hint="Save it as UTF-8 CSV, or as TBX.",
        ) from None
    try:
        return _read_csv(text, path=path)
    except csv.Error as error:  # a NUL byte, a quote left open at the end
        raise ProjectError(f"{path}: not a readable CSV file: {error}") from None


def _read_csv(text: str, *, path: str) -> tuple[Term, ...]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"source", "lang", "target", "kind"} - set(reader.fieldnames or ())
    if missing:
        raise ProjectError(
            f"{path}: the glossary has no {', '.join(sorted(missing))} column",
            hint="The first row must be: source,lang,target,kind,note",
        )
    terms = []
    for row in reader:
        line = reader.line_num
        kind = (row.get("kind") or "").strip()
        if kind not in KINDS:
            raise ProjectError(f"{path}:{line}: kind must be one of {', '.join(KINDS)}")
        source, target = (row.get("source") or "").strip(), (row.get("target") or "").strip()
        lang = (row.get("lang") or "").strip() or "*"
        if kind == "forbidden" and not target:
            raise ProjectError(f"{path}:{line}: a forbidden row needs the forbidden target term")
        if kind != "forbidden" and not source:
            raise ProjectError(f"{path}:{line}: a {kind} row needs a source term")
        if kind == "required" and not target:
            raise ProjectError(f"{path}:{line}: a required row needs its target term")
        note = (row.get("note") or "").strip()
        terms.append(Term(source, lang, target, cast(_Kind, kind), note))
    return tuple(terms)


_Kind = Literal["required", "forbidden", "do-not-translate"]


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _read_tbx(data: bytes, *, path: str, source_lang: str) -> tuple[Term, ...]:
    # Imported here: a CSV glossary (and a project without one) never needs lxml.
    from relay.runtime.xml import parse

    root = parse(data, path=path)  # relay's safe XML reader: no DTD, no entities
    source_lang = root.get(_XML_LANG) or source_lang
    terms: list[Term] = []
    for entry in root.iter():
        if _local(entry) not in {"termEntry", "conceptEntry"}:
            continue
        by_lang: dict[str, list[tuple[str, str]]] = {}
        for lang_set in entry:
            if _local(lang_set) not in {"langSet", "langSec"}:
                continue
            lang = lang_set.get(_XML_LANG) or ""
            for holder in lang_set.iter():
                if _local(holder) in {"tig", "ntig", "termSec"}:
                    by_lang.setdefault(lang, []).append(_term(holder))
        terms.extend(_entry_terms(by_lang, source_lang))
    return tuple(terms)


def _term(holder: Any) -> tuple[str, str]:
    text, status = "", "required"
    for element in holder.iter():
        name, kind = _local(element), (element.get("type") or "")
        if name == "term" and not text:
            text = "".join(element.itertext()).strip()
        elif name in {"termNote", "descrip"} and kind == "administrativeStatus":
            status = _STATUS.get((element.text or "").strip().lower(), status)
        elif (
            name == "termNote"
            and kind == "translatability"
            and (element.text or "").strip() == "nonTranslatable"
        ):
            status = "do-not-translate"
    return text, status


def _entry_terms(by_lang: dict[str, list[tuple[str, str]]], source_lang: str) -> list[Term]:
    base = source_lang.split("-")[0]
    sources = next((found for lang, found in by_lang.items() if lang.split("-")[0] == base), [])
    preferred = [text for text, status in sources if status != "forbidden" and text]
    terms: list[Term] = []
    for text, status in sources:
        if status == "do-not-translate":
            terms.append(Term(text, "*", "", "do-not-translate"))
    for lang, found in by_lang.items():
        if lang.split("-")[0] == base:
            continue
        for text, status in found:
            if not text:
                continue
            for source in preferred or [""]:
                kind: _Kind = "forbidden" if status == "forbidden" else "required"
                if kind == "required" and not source:
                    continue
                terms.append(Term(source, lang, text, kind))
    return terms
