"""Pseudo-translation: a stand-in translation that shows what real ones will break.

Takes a unit's coded text (``Le <1>rapport</1> est paru.<2/>``); gives it with letters
accented (text nobody translated stands out), lengthened by about 30% (layouts that cannot
grow show it) and bracketed (text cut short loses its ``]``). Placeholders, URLs and e-mail
addresses are kept exactly, in order, so the pseudo-translation passes the placeholder checks
and its links still work. The same text always gives the same result.

>>> pseudo_translate("Read the <1>report</1> at https://unece.org/x.")
'[Ŕééááð ţĥéé <1>ŕééþööŕţ</1> ááţ https://unece.org/x. ~~~~~]'
"""

from __future__ import annotations

import math
import re

from relay.core.addresses import EMAIL, URL
from relay.core.placeholders import Tag, tokenize

ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçðéƒĝĥîĵķļɱñöþǫŕšţüṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
VOWELS = frozenset("áéîöüýÅÉÎÖÛÝ")
PADDING = "~"
# Kept as they are: every address the checks recognise (relay.core.addresses).
KEPT = re.compile(f"{URL.pattern}|{EMAIL.pattern}", re.IGNORECASE)


def pseudo_translate(coded: str, *, expansion: float = 0.3) -> str:
    """Accent, lengthen by ``expansion`` and bracket coded text, keeping what must not change.

    >>> pseudo_translate("<1>UNECE</1> e-mail: info.ece@unece.org<2/>")
    '[<1>ÛÛÑÉÉÇÉÉ</1> éé-ɱááîîļ: info.ece@unece.org<2/>~~~~~]'
    """
    pieces: list[tuple[str, bool]] = []  # (text, whether it is translatable text)
    for token in tokenize(coded):
        if isinstance(token, Tag):
            pieces.append((str(token), False))
            continue
        position = 0
        for match in KEPT.finditer(token):
            pieces.append((token[position : match.start()].translate(ACCENTS), True))
            pieces.append((match.group(), False))
            position = match.end()
        pieces.append((token[position:].translate(ACCENTS), True))
    wanted = math.ceil(len(coded) * (1 + expansion)) - len(coded) - 2  # the brackets count
    vowels = sum(char in VOWELS for text, translatable in pieces if translatable for char in text)
    doubled = min(max(wanted, 0), vowels)
    out = ["["]
    seen = 0
    for text, translatable in pieces:
        if not translatable:
            out.append(text)
            continue
        for char in text:
            out.append(char)
            if char in VOWELS:
                # Spread the doubled vowels evenly: double the i-th vowel when the running
                # share of ``doubled`` over ``vowels`` steps past a whole number.
                if (seen + 1) * doubled // vowels > seen * doubled // vowels:
                    out.append(char)
                seen += 1
    padding = PADDING * max(wanted - doubled, 0)
    written = "".join(out)
    if padding and any(m.end() >= len(written) - 1 for m in URL.finditer(written)):
        # "~" may continue a URL: after an address that ends the text, a space keeps it apart.
        padding = " " + padding[1:]
    return written + padding + "]"
