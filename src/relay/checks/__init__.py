"""relay's checks: every check registers itself in :data:`REGISTRY` when its module loads.

Takes nothing; importing this package loads every check module (in the order the checks are
documented and reported), so that the registry is complete. :mod:`relay.checks.engine` runs them
over a project, and :mod:`relay.checks.gate` asks the same of a release about to be published.
"""

from __future__ import annotations

# isort: off
from relay.checks import units, source_words, values, measures, names  # noqa: F401
from relay.checks import typography, terminology  # noqa: F401
from relay.checks import consistency, suppression, source  # noqa: F401
from relay.checks import script  # noqa: F401

# isort: on
from relay.checks.findings import REGISTRY, Check, Context, Finding, Term, Translation

__all__ = ["REGISTRY", "Check", "Context", "Finding", "Term", "Translation"]
