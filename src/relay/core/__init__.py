"""The data every stage shares: documents, releases, errors, placeholders, locale facts, and
the project with its configuration."""
