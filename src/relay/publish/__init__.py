"""Stage 6, publish: the variants the gates let through, the manifest and the feeds."""
