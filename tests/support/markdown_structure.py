"""Markdown as markdown-it reads it: the structure a translation may not change, and its text.

``structure`` gives the tokens of a Markdown text that translators must leave alone (links
and their targets, images and their sources, HTML tags, footnote ids, code, tables and their
alignment, lists, task boxes), without the words in them; ``visible`` gives every piece of
text a reader sees (text, alt text, titles, the text of HTML blocks), for the "no English left"
and "every run changed" checks. The parser is relay's own reading of Markdown: CommonMark with
tables, strikethrough, footnotes and definition lists, and raw HTML allowed (as a site
generator would render it).
"""

from __future__ import annotations

import re
from html import unescape

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->", re.DOTALL)
TRANSLATED_ATTRIBUTE = re.compile(r"""\s(?:alt|title)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""")
RAW_CONTENT = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
STRUCTURAL = {"link_open", "image", "html_inline", "html_block", "footnote_ref", "code_inline"}
KEPT_CONTENT = {"code_inline", "fence", "code_block"}


def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.use(footnote_plugin, inline=False).use(deflist_plugin)


def body(text: str) -> str:
    """The Markdown after the front matter."""
    found = FRONT_MATTER.match(text)
    return text[found.end() :] if found else text


def flat(text: str) -> list[Token]:
    out: list[Token] = []
    for token in parser().parse(text):
        out.append(token)
        out.extend(token.children or ())
    return out


def tags(html: str) -> list[str]:
    """An HTML snippet's tags without their translated attributes, and its scripts whole."""
    kept = [TRANSLATED_ATTRIBUTE.sub("", tag) for tag in TAG.findall(html)]
    return kept + [found.group() for found in RAW_CONTENT.finditer(html)]


EMPHASIS = {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"}


def structure(text: str, *, emphasis: bool = True) -> list[tuple[str, object]]:
    """The tokens a translation may not add, drop or change, in order, without their words.

    Without ``emphasis``, emphasis and strikethrough are left out: a translator can lose one
    (``*`` next to punctuation is no emphasis), which is a fault of the text, not markup added.
    """
    found: list[tuple[str, object]] = []
    for token in flat(text):
        if not emphasis and token.type in EMPHASIS:
            continue
        attrs = sorted((k, v) for k, v in token.attrs.items() if k not in ("alt", "title"))
        if token.type in KEPT_CONTENT:
            found.append((token.type, (token.content, token.info, attrs)))
        elif token.type in STRUCTURAL:
            html = tags(token.content) if token.type.startswith("html") else None
            found.append((token.type, (attrs, html, token.meta.get("label"), token.markup)))
        elif token.nesting != 0 or token.type in ("hr", "hardbreak"):
            found.append((token.type, (attrs, token.markup if token.type != "hardbreak" else "")))
    return found


def visible(text: str) -> list[str]:
    """Every piece of text a reader sees, in order (autolinks, code and scripts are not text)."""
    seen: list[str] = []
    autolink = script = False
    for token in flat(text):
        if token.type == "html_inline" and re.match(r"</?(script|style)\b", token.content, re.I):
            script = not token.content.startswith("</")
        elif script:
            continue
        elif token.type == "link_open":
            autolink = token.markup == "autolink"
            if title := token.attrs.get("title"):
                seen.append(str(title))
        elif token.type == "link_close":
            autolink = False
        elif token.type == "text" and not autolink and token.content.strip():
            seen.append(token.content)
        elif token.type == "image":
            seen.append(token.content)
            if title := token.attrs.get("title"):
                seen.append(str(title))
        elif token.type == "html_block":
            html = RAW_CONTENT.sub(" ", token.content)
            for value in re.findall(r"""\s(?:alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", html):
                seen.append("".join(value))
            words = " ".join(unescape(TAG.sub(" ", html)).split())
            if words:
                seen.append(words)
    return seen


def runs(text: str) -> list[str]:
    """The text of each inline run (paragraph, heading, cell…) and HTML block, in order."""
    out: list[str] = []
    for token in parser().parse(text):
        if token.type == "inline":
            out.append(
                "".join(c.content for c in token.children or () if c.type in ("text", "image"))
            )
        elif token.type == "html_block":
            out.append(" ".join(TAG.sub(" ", RAW_CONTENT.sub(" ", token.content)).split()))
    return out
