"""The variants the gates let through, the manifest and the feeds."""
