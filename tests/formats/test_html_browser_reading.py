"""Markup Python's tokenizer reads otherwise than a browser is refused, not published with
English text (or a hidden note) that translators never saw."""

from __future__ import annotations

import pytest

from relay.core.errors import SourceError
from relay.sources.formats import html


def page(body: str) -> str:
    head = "<!DOCTYPE html>\n<html lang=en><head><title>T</title></head>\n<body>\n"
    return f"{head}{body}\n</body></html>"


@pytest.mark.parametrize(
    "body",
    [
        "<!-- note --!>\n<p>Shown by a browser.</p>\n<!-- end -->",
        "<!-->\n<p>Shown by a browser.</p>\n<!-- end -->",
        "<!--->\n<p>Shown by a browser.</p>\n<!-- end -->",
        "<!-- a -- >\n<p>Hidden by a browser.</p>\n<!-- end -->",
        "<p>x</p>\n<!-- draft: <p>Internal note.</p>",
        "<script>a</script foo><p>Shown by a browser.</p><script>b</script>",
        "<script>a</script/><p>Shown by a browser.</p><script>b</script>",
        "<style>a</style\n x><p>Shown by a browser.</p><style>b</style>",
        "<textarea><!--</textarea><p>Shown by a browser.</p>--></textarea>",
        "<noscript><!--</noscript><p>Shown by a browser.</p>--></noscript>",
        "<svg><p>Shown by a browser, after the svg.</p></svg>",
        "<math><div>Shown by a browser, after the math.</div></math>",
    ],
)
def test_markup_a_browser_reads_otherwise_is_refused(body: str) -> None:
    with pytest.raises(SourceError):
        html.read(page(body), path="t.html")


@pytest.mark.parametrize(
    "body",
    [
        "<!-- a comment --><p>x</p><!----><!-- -- -->",
        "<!--[if IE]><p>old</p><![endif]-->",
        "<script>if (a < b) { x = '</p>'; }</script><p>x</p>",
        "<noscript><img src=pixel.gif alt=''></noscript><p>x</p>",
        "<svg><title>Chart</title><text>1</text><foreignObject><p>y</p></foreignObject></svg>",
        "<p>a &lt; b and a < b</p>",
    ],
)
def test_markup_a_browser_reads_alike_is_read(body: str) -> None:
    html.read(page(body), path="t.html")
