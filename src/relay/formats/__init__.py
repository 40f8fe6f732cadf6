"""Source formats: each module reads a source into blocks and writes a translated variant.

The contract every format module keeps (see ``relay.formats.text`` for the smallest one)::

    NAME: str                          # "html", "markdown", "text"
    EXTENSIONS: tuple[str, ...]        # (".md", ".markdown")
    def read(text: str, *, path: str) -> relay.blocks.Parsed
    def escape(text: str, context: relay.model.Escape) -> str
    def render_field(field: relay.model.Field, target: relay.model.Target) -> str

``read`` raises :class:`relay.errors.SourceError` (with the path and line) for a source it
cannot read. ``escape`` makes a translator's text literal in the format, so that a translation
can never add markup. ``render_field`` gives the text of a language-dependent field ("lang",
"alternates") for a target language other than the source's.
"""
