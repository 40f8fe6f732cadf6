"""Source formats: each module reads a source into blocks and writes a translated variant.

The contract every format module keeps (see ``relay.sources.formats.text`` for the smallest one)::

    NAME: str                          # "html", "markdown", "text"
    EXTENSIONS: tuple[str, ...]        # (".md", ".markdown")
    def read(text: str, *, path: str) -> relay.sources.blocks.Parsed
    def escape(text: str, context: relay.core.model.Escape) -> str
    def render_field(field: relay.core.model.Field, target: relay.core.model.Target) -> str

``read`` raises :class:`relay.core.errors.SourceError` (with the path and line) for a source it
cannot read. ``escape`` makes a translator's text literal in the format, so that a translation
can never add markup. ``render_field`` gives the text of a language-dependent field ("lang",
"alternates") for a target language other than the source's.
"""
