"""json_text.compact: orjson's text where it can write the value, the standard library's where it cannot."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pmprb_cli.json_text import compact

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


def _standard(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@given(_VALUES)
def test_compact_json_reads_back_as_the_standard_librarys(value: Any) -> None:
    # Any text (lone surrogates too, as a file name in another encoding is read), any integer (beyond 64 bits
    # too): the same value back, keys sorted, no spaces.
    text = compact(value)
    assert json.loads(text) == json.loads(_standard(value))
    assert compact(json.loads(text)) == text  # (the same bytes for the same value: deterministic)


def test_compact_json_is_the_standard_text_but_for_small_numbers() -> None:
    value = {"b": [1.5, 0.0001, 60.004999999999995, 10**20, 'é\x1f"\\'], "a": None, "c": {"z": True, "y": 1e22}}
    assert compact(value) == _standard(value)
    assert compact({"gain": 5e-05}) == '{"gain":0.00005}'  # (the standard library: 5e-05)
    assert compact({"file": "berkas-\udcff.xlsx"}) == _standard({"file": "berkas-\udcff.xlsx"})  # (orjson refuses it)
    assert compact([math.nan, math.inf]) == "[null,null]"  # (the standard library: [NaN,Infinity], no JSON)
