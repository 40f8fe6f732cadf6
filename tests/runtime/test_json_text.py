"""The fast indented JSON writer gives json.dumps's text, character for character."""

from __future__ import annotations

import json
import math
from collections import OrderedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relay.runtime.json_text import dumps_indented

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # every character: controls, surrogates, quotes, backslashes, non-ASCII
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


def reference(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=400)
@given(VALUES)
def test_it_writes_what_json_dumps_writes(value: object) -> None:
    assert dumps_indented(value) == reference(value)


def test_what_it_does_not_write_itself_json_dumps_writes() -> None:
    # Keys that are not strings, subclasses, nesting deeper than Python's recursion.
    for value in (
        {1: "a", None: [True], 2.5: {}},
        OrderedDict(b=1, a=[]),
        [math.inf, -math.inf],
        {"a": True.__class__(1)},
    ):
        assert dumps_indented(value) == reference(value)
    deep: list[object] = []
    for _ in range(5000):
        deep = [deep]
    try:
        expected = reference(deep)
    except RecursionError:
        # json.dumps's own refusal, not a text of the fast path's.
        with pytest.raises(RecursionError):
            dumps_indented(deep)
        return
    assert dumps_indented(deep) == expected


def test_a_manifest_sized_document_is_the_same() -> None:
    releases = [
        {"slug": f"r-{n}", "variants": [{"lang": "fr", "n": n, "ok": n % 2 == 0, "x": None}]}
        for n in range(500)
    ]
    document = {"manifest_version": 1, "releases": releases, "empty": {}, "none": []}
    assert dumps_indented(document) == reference(document)
