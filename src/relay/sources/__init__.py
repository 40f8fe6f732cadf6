"""Find the releases and read HTML, Markdown and plain text into documents of
sentence units (a skeleton with holes, and the units that fill them)."""
