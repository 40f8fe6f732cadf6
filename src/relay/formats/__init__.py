"""Source formats: each module reads a source into blocks and writes a translated variant."""
