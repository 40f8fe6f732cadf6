"""Stage 3, extract: sources to templates and catalogs, filled from translation memory."""
