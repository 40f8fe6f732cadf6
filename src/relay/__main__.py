"""Run relay as ``python -m relay``."""

from relay.cli.app import main

main()
