"""translate-toolkit's PO store, written line for line as GNU gettext's ``msgcat`` writes it.

Takes what translate-toolkit's ``pypo`` takes; gives the same classes with every string
(``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``, ``#|`` and ``#~`` lines) wrapped by
:func:`relay.catalogs.wrap.gettext_quote`, so the whole file is what ``msgcat`` would write:

* :class:`GettextWrapper` — a ``pypo.PoWrapper`` whose ``wrap()`` is
  :func:`relay.catalogs.wrap.gettext_wrap`;
* :class:`GettextPoUnit` / :class:`GettextPoFile` — a pypo unit and store of them.

relay writes catalogs line by line (:func:`relay.catalogs.po.write_po`); these are the slow
path it is tested against, and what reads and writes a PO the line reader does not take.
"""

from __future__ import annotations

from translate.storage import pypo

from relay.catalogs.wrap import gettext_quote, gettext_wrap


class GettextWrapper(pypo.PoWrapper):
    """translate-toolkit's PO wrapper with gettext's own line breaking.

    Its lines are gettext's whenever there are two or more (gettext then writes
    ``keyword ""`` first, as ``quoteforpo`` does).  What it cannot know, because
    ``wrap()`` only gets the text: whether a string that fits on one line starts on the
    keyword's line (``quoteforpo`` guesses from ``len()`` and ``width - 6`` for every
    keyword), that ``#|`` and ``#~`` lines are narrower, and ``no-wrap`` flags.  Use
    :class:`GettextPoFile` (or :class:`GettextPoUnit`) for those.
    """

    def __eq__(self, other: object) -> bool:
        # PoWrapper compares widths only; a store must still re-wrap units that carry a
        # plain PoWrapper (pofile.addunit relies on this comparison).
        return type(other) is type(self) and self.width == other.width

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value, like PoWrapper

    def wrap(self, text: str) -> list[str]:
        if not text or self.width <= 0:
            return [text] if text else []
        return gettext_wrap(text, self.width)


def _escaped(lines: list[str]) -> str:
    # The stored lines are quoted and escaped; joining their insides keeps every escape
    # as written (unquoting would lose the ones translate-toolkit does not know, like \a).
    return "".join(line[1:-1] for line in lines)


class GettextPoUnit(pypo.pounit):
    """A pypo unit written line for line as ``msgcat`` writes it.

    translate-toolkit quotes a string once, without knowing its keyword or prefix; this
    unit re-wraps every string when it is written: the empty first line depends on the
    keyword's length, ``#|`` and ``#~`` lines are 3 or 4 columns narrower, and a
    ``no-wrap`` flag turns wrapping off, as in gettext.
    """

    def _getoutput(self) -> str:
        width = self.wrapper.width if self.wrapper is not None else 77
        # msgcat --width takes at least 20 (message_page_width_set in write-po.c).
        wraps = width > 0 and not self.hastypecomment("no-wrap")
        page_width = max(width + 2, 20) if wraps else None
        obsolete = self.isobsolete()
        prefix = "#~ " if obsolete else ""
        previous_prefix = "#~| " if obsolete else "#| "
        fields = [
            ("prev_msgctxt", "msgctxt", previous_prefix),
            ("prev_msgid", "msgid", previous_prefix),
            ("prev_msgid_plural", "msgid_plural", previous_prefix),
            ("msgctxt", "msgctxt", prefix),
            ("msgid_plural", "msgid_plural", prefix),
        ]
        if not self.msgidcomments:  # KDE-style "_:" comments keep translate-toolkit's layout
            fields.append(("msgid", "msgid", prefix))
        saved: dict[str, object] = {}
        for attribute, keyword, line_prefix in fields:
            lines = getattr(self, attribute)
            if lines:
                saved[attribute] = lines
                setattr(
                    self,
                    attribute,
                    gettext_quote(_escaped(lines), keyword, line_prefix, page_width),
                )
        saved["msgstr"] = self.msgstr
        if isinstance(self.msgstr, dict):
            self.msgstr = {
                n: gettext_quote(_escaped(lines), f"msgstr[{n}]", prefix, page_width)
                for n, lines in self.msgstr.items()
            }
        else:
            self.msgstr = gettext_quote(_escaped(self.msgstr), "msgstr", prefix, page_width)
        try:
            output: str = super()._getoutput()  # translate-toolkit has no type hints
            return output
        finally:
            # Same text, other line breaks: put the stored lines back untouched.
            for attribute, lines in saved.items():
                setattr(self, attribute, lines)


class GettextPoFile(pypo.pofile):
    """A pypo store of :class:`GettextPoUnit` with a :class:`GettextWrapper`.

    Use it where ``pypo.pofile()`` was, and create units with ``store.UnitClass``; a plain
    ``pypo.pounit`` added to it is still written translate-toolkit's way.  ``width`` is
    translate-toolkit's (columns between the quotes, 77 by default; -1 is ``--no-wrap``).
    Parsed files are re-wrapped when written, so reading and writing one normalises it.
    """

    UnitClass = GettextPoUnit

    def __init__(
        self, inputfile: object = None, width: int | None = None, **kwargs: object
    ) -> None:
        super().__init__(inputfile, width=width, **kwargs)
        self.wrapper = GettextWrapper(77 if width is None else width)
        for unit in self.units:
            unit.wrapper = self.wrapper
