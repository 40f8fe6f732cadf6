"""Revision tickets: what tells a file relay exported for revision from one edited to say so.

Takes the project (its key, kept in ``.relay-cache/``), a release and a language; gives the
ticket a file exported ``--for revision`` carries, and checks a returned file's. A returned
file takes its units only as far as it was sent for, and its header says what that was
(``X-Relay-Step: revision``): a translator who wrote that line into a file sent for
translation had its units taken as revised, and a ``require = "revised"`` gate passed with no
reviser. The ticket is an HMAC of the release and language under a key only the coordinator's
project holds: the same file every export (a second export changes no byte), and one no
translator can make. A file whose ticket does not hold is taken as sent for translation, and
the import says so; with the key gone (the cache deleted, another machine), so is every file
exported before, and ``relay import --state revised`` takes the revision all the same.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import replace

from relay.core.project import Project
from relay.exchange.package import Package
from relay.runtime.files import write_atomic

KEY_FILE = "revision-key"
REVISION = "revision"


def _key(project: Project, *, make: bool) -> bytes | None:
    path = project.cache_dir / KEY_FILE
    try:
        text = path.read_text("ascii").strip()
        if len(text) == 64:
            return bytes.fromhex(text)
    except (OSError, ValueError):
        pass
    if not make:
        return None
    key = secrets.token_bytes(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, key.hex().encode("ascii") + b"\n")
    return key


def prepare(project: Project) -> None:
    """Make the project's key if it has none (before a revision's files are written)."""
    _key(project, make=True)


def ticket(project: Project, release: str, lang: str) -> str | None:
    """The ticket of ``release``'s file for ``lang`` exported for revision (None: no key)."""
    key = _key(project, make=False)
    if key is None:
        return None
    message = f"{REVISION}\x00{release}\x00{lang}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def verified(project: Project, package: Package, release: str, lang: str) -> tuple[Package, str]:
    """The package as far as its step holds: a file that says it was exported for revision
    without the ticket relay gave that file is taken as sent for translation (its step
    dropped), with the remark that says so ("" when nothing was dropped)."""
    if package.step != REVISION:
        return package, ""
    expected = ticket(project, release, lang)
    if expected is not None and hmac.compare_digest(package.ticket or "", expected):
        return package, ""
    if not package.ticket:
        why = "it carries no ticket (relay writes one in every file it exports for revision)"
    elif expected is None:
        why = "this project holds no revision key (.relay-cache/ deleted, or another machine)"
    else:
        why = "its ticket is not the one relay gave the file it exported for revision"
    return replace(package, step=None, ticket=None), (
        f"the file says it was exported for revision, but {why}: its units were taken as a"
        " translation's; if a reviser revised it, relay import --state revised"
    )
