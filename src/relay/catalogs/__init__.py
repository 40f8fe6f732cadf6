"""Stage 2, catalogs: PO files (read, wrap, write), templates, and bringing catalogs up to date."""
