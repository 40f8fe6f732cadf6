"""Translation memory matches in XLIFF, shared by 1.2 (``<alt-trans>``) and 2.0 (``<mtc:match>``).

Writing: ``whole_percent`` and ``tenths`` take a :class:`Match` score and give the text each
version carries: a whole percent in 1.2's ``match-quality`` (free text by the standard; the
files tools exchange carry whole numbers, some with ``%``), one decimal in 2.0's
``matchQuality`` (an ``xs:decimal`` from 0 to 100). Both round down, so that a near match
never reads as 100; a package round-trips exactly when its scores are on that grid.

A match says how far its translation went (:attr:`Match.state`): in 1.2 as the state of the
``<alt-trans>``'s ``<target>`` (``signed-off`` revised, ``final`` approved, as relay writes a
unit's), in 2.0 as the match's ``subType`` (``relay:revised``, ``relay:approved``, with
``type="tm"``, which the module requires beside a ``subType``).

Reading: ``alt_trans_offers`` and ``mtc_offers`` take a unit element and give the
:class:`Offer` elements that are matches for the whole unit, from relay's files and other
tools' alike; ``score_of`` reads a quality (``87``, ``87%``, ``87.5``; None for ``guaranteed``);
``matches`` turns offers into :class:`Match` values with the version's reader of coded text.

>>> whole_percent(99.96), tenths(99.96), score_of("99%")
('99', '99.9', 99.0)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from relay.memory.records import Match
from relay.runtime.xml import Element

MTC = "urn:oasis:names:tc:xliff:matches:2.0"
# A match's state, as each version writes it, and back.
TARGET_STATES = {"revised": "signed-off", "approved": "final"}
SUB_TYPES = {"revised": "relay:revised", "approved": "relay:approved"}
_FROM_TARGET = {value: state for state, value in TARGET_STATES.items()}
_FROM_SUB_TYPE = {value: state for state, value in SUB_TYPES.items()}
_QUALITY = re.compile(r"\s*([0-9]{1,3}(?:\.[0-9]+)?)\s*%?\s*")


def whole_percent(score: float) -> str:
    """A score as XLIFF 1.2 tools read ``match-quality``: a whole percent, rounded down.

    >>> whole_percent(100.0), whole_percent(87.5), whole_percent(0.0)
    ('100', '87', '0')
    """
    return str(_checked(score).quantize(Decimal(1), rounding=ROUND_FLOOR))


def tenths(score: float) -> str:
    """A score as XLIFF 2.0 ``matchQuality``: one decimal, rounded down.

    >>> tenths(100.0), tenths(87.53), tenths(70)
    ('100.0', '87.5', '70.0')
    """
    return str(_checked(score).quantize(Decimal("0.1"), rounding=ROUND_FLOOR))


def _checked(score: float) -> Decimal:
    # A score outside 0-100 is a bug upstream; the writers turn ValueError into CatalogError.
    if not (math.isfinite(score) and 0 <= score <= 100):
        raise ValueError(f"a match score must be between 0 and 100, not {score!r}")
    return Decimal(repr(score + 0.0))  # + 0.0: -0.0 is 0; repr: the shortest exact digits


def score_of(quality: str | None) -> float | None:
    """Read a match quality as a score; None if it is no number from 0 to 100.

    >>> score_of("87"), score_of(" 87.5 % "), score_of("guaranteed"), score_of("101")
    (87.0, 87.5, None, None)
    """
    found = _QUALITY.fullmatch(quality or "")
    if found is None:
        return None
    score = float(found.group(1))
    return score if score <= 100 else None


@dataclass(frozen=True)
class Offer:
    """A match as found in a file: its content elements (no source: the unit's), score, origin."""

    source: Element | None
    target: Element
    score: float
    origin: str
    state: str = ""  # "revised" or "approved", when the file says the translation went so far


def alt_trans_offers(unit: Element, ns: str | None) -> list[Offer]:
    """The matches of an XLIFF 1.x ``<trans-unit>``: its proposals for the whole unit.

    An ``<alt-trans>`` counts if it is a proposal (not a previous version: relay's own are
    the ``previous`` source), has no ``mid`` (a segment's), a target and a numeric quality.
    Its origin is ``origin``, else the ``tool-id`` of the tool that made it.
    """
    found = []
    for alternative in unit.findall(_q("alt-trans", ns)):
        score = score_of(alternative.get("match-quality"))
        target = alternative.find(_q("target", ns))
        proposal = alternative.get("alttranstype", "proposal") == "proposal"
        if not proposal or alternative.get("mid") or score is None or target is None:
            continue
        origin = alternative.get("origin", alternative.get("tool-id", ""))
        state = _FROM_TARGET.get(target.get("state", ""), "")
        found.append(Offer(alternative.find(_q("source", ns)), target, score, origin, state))
    return found


def mtc_offers(unit: Element, ns: str) -> list[Offer]:
    """The matches of an XLIFF 2 ``<unit>``: ``<mtc:match>`` elements naming its segment.

    A match counts if it has a source, a target and a ``matchQuality``, and the unit has one
    segment, which its ``ref`` names (``#s1``): a match for one segment of several is not one
    for the unit, and without segment ids a match cannot be placed.
    """
    segments = [item for item in unit if item.tag == _q("segment", ns)]
    whole = segments[0].get("id") if len(segments) == 1 else None
    found = []
    for match in unit.iterfind(f"{_q('matches', MTC)}/{_q('match', MTC)}"):
        named = (match.get("ref") or "").rpartition("#")[2].rpartition("/")[2]
        score = score_of(match.get("matchQuality"))
        source, target = match.find(_q("source", ns)), match.find(_q("target", ns))
        if not whole or named != whole or score is None or source is None or target is None:
            continue
        state = _FROM_SUB_TYPE.get(match.get("subType", ""), "")
        found.append(Offer(source, target, score, match.get("origin", ""), state))
    return found


def _q(name: str, ns: str | None) -> str:
    return f"{{{ns}}}{name}" if ns else name


def contents(offers: Iterable[Offer]) -> list[Element | None]:
    """The content elements of offers, for checking their code ids with the unit's."""
    return [content for offer in offers for content in (offer.source, offer.target)]


def matches(
    offers: Iterable[Offer], read: Callable[[Element], str], source: str
) -> tuple[Match, ...]:
    """Read offers as matches; ``read`` gives coded text, ``source`` is the unit's."""
    return tuple(
        Match(
            source=source if offer.source is None else read(offer.source),
            target=read(offer.target),
            score=offer.score,
            origin=offer.origin,
            state=offer.state,
        )
        for offer in offers
    )
