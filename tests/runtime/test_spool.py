"""relay.runtime.spool: objects put aside on disk come back in order, as they were."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from relay.runtime.spool import Spool

ITEMS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.binary(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(items=st.lists(ITEMS, max_size=20))
def test_a_spool_gives_back_what_was_put_in_order(items: list[object]) -> None:
    spool: Spool[object] = Spool()
    try:
        for item in items:
            spool.put(item)
        assert len(spool) == len(items)
        assert list(spool) == items
        spool.put("more")
        assert list(spool) == [*items, "more"]  # read again, after more was put
    finally:
        spool.close()
