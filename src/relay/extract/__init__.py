"""Sources to templates and catalogs, filled from translation memory."""
