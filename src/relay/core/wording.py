"""English counts as relay's messages, CLI lines and report write them.

Takes a number and a noun; gives "1 release", "3 releases". One place, so the CLI, the
report and the errors of returned files agree (and a CLI command imports nothing heavy for it).
"""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """Say a number of things as English does: one of them singular, any other number plural.

    >>> counted(1, "release"), counted(0, "error"), counted(3, "info", "info")
    ('1 release', '0 errors', '3 info')
    """
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
