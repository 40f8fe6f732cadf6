"""The units of a Markdown release's body, read as relay reads it, checked to write back the
source byte for byte: what the Markdown reader's tests compare."""

from __future__ import annotations

from relay.sources.blocks import source_text
from relay.sources.formats import html, markdown
from relay.sources.sentences import sentence_starts
from relay.sources.units import segment

FRONT = "---\ntitle: Harbour works\ndate: 2026-12-02\n---\n\n"


def body_units(body: str, options: html.Options | None = None) -> list[str]:
    """The units of ``body`` below :data:`FRONT` (its title's unit left out), the project's
    ``[html]`` being ``options``."""
    parsed = markdown.read(FRONT + body, path="r.md", html_options=options)
    assert source_text(parsed) == FRONT + body  # the skeleton is the source, byte for byte
    document = segment(parsed, lang="en", splitter=sentence_starts)
    return [unit.text for unit in document.units][1:]  # past the title
