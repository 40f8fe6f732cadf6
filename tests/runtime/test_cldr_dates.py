"""Dates written from the locale's pattern, looked up once, are Babel's format_date's."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from hypothesis import given
from hypothesis import strategies as st

from relay.core import cldr

TAGS = ["fr", "ru", "ar", "zh-Hant", "pt-BR", "ja", "hy", "de-CH", "en", "qps"]


@given(st.dates(), st.sampled_from(TAGS))
def test_long_date_is_what_format_date_writes(date: dt.date, tag: str) -> None:
    locale = "en" if tag == "qps" else tag.replace("-", "_")
    assert cldr.long_date(date, tag) == format_date(date, "long", locale=locale)
