"""The jobs the compiled modules are held equal to the pure ones on, and a process serving them.

:func:`run_job` runs one job (segment a text, wrap a PO string, read and write a PO file, read and
segment a source) with whatever relay modules this process loaded and gives its result as text.
Run as a program (``python tests/support/relay_jobs.py``, with ``RELAY_PURE=1`` for the pure
modules) it answers jobs, one JSON line in, one JSON line out, so that a test in a process with
the compiled modules can ask a pure process the same thing, example after example.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import PurePosixPath
from typing import Any


def run_job(job: dict[str, Any]) -> str:
    kind = job["kind"]
    if kind == "sentences":
        from relay.sources.sentences import sentence_starts

        return repr(sentence_starts(job["text"], job["lang"], lines=job["lines"]))
    if kind == "wrap":
        from relay.catalogs.wrap import gettext_quote, gettext_wrap

        text = job["text"]
        quoted = gettext_quote(text, "msgid"), gettext_quote(text, "msgstr", "#~ ", job["width"])
        return repr((gettext_wrap(text, job["width"]), quoted))
    if kind == "po":
        from relay.catalogs.po import read_po, write_po

        catalog = read_po(base64.b64decode(job["data"]), path="job.po")
        return repr(catalog) + "\n" + base64.b64encode(write_po(catalog)).decode()
    if kind == "source":
        return repr(_source(job["format"], job["text"], job["lang"]))
    raise ValueError(f"no job {kind!r}")


def _source(fmt: str, text: str, lang: str) -> object:
    """A source read and segmented as extract does (the document, or the error it raises)."""
    from relay.core.errors import RelayError
    from relay.sources.discovery import _module
    from relay.sources.sentences import sentence_starts
    from relay.sources.units import segment

    module = _module(fmt)
    try:
        parsed = module.read(text, path=str(PurePosixPath("job") / "source"))
        return segment(parsed, lang=lang, splitter=sentence_starts)
    except RelayError as error:
        return f"{type(error).__name__}: {error}"


def serve() -> None:
    for line in sys.stdin:
        try:
            answer = {"result": run_job(json.loads(line))}
        except Exception as error:  # the other side compares the failure too (its kind only:
            # a compiled function words a wrong call its own way)
            answer = {"result": f"raised {type(error).__name__}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
