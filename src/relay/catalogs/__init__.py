"""PO files (read, wrap, write), templates, and bringing catalogs up to date."""
