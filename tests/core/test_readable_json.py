"""The JSON the CLI prints and the GUI saves: the same value ``json`` writes, laid out by item."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictool.core.text.readable_json import readable_json

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@given(_values)
def test_reads_back_as_the_value_json_writes(value: object) -> None:
    assert json.loads(readable_json(value)) == json.loads(json.dumps(value))


def test_outer_two_levels_one_item_per_line_the_rest_on_it() -> None:
    report = {
        "variables": [{"name": "role", "alpha": 0.81, "ci95": [0.7, 0.9]}, {"name": "age", "alpha": None}],
        "bootstrap": {"replicates": 0, "seed": 20240601},
    }
    assert readable_json(report).splitlines() == [
        "{",
        '  "variables": [',
        '    {"name": "role", "alpha": 0.81, "ci95": [0.7, 0.9]},',
        '    {"name": "age", "alpha": null}',
        "  ],",
        '  "bootstrap": {',
        '    "replicates": 0,',
        '    "seed": 20240601',
        "  }",
        "}",
    ]


def test_text_as_written_not_escaped_and_keys_as_json_writes_them() -> None:
    text = readable_json({"label": "الدافع ✓", "codes": {1: "yes", 2.5: "half", False: "f", None: "n"}})
    assert '"label": "الدافع ✓"' in text
    assert json.loads(text)["codes"] == {"1": "yes", "2.5": "half", "false": "f", "null": "n"}


def test_not_a_number_as_json_writes_it_and_other_objects_refused() -> None:
    assert readable_json({"x": [math.nan]}) == json.dumps({"x": [math.nan]}, indent=2)
    with pytest.raises(TypeError):
        readable_json({"x": [object()]})
