"""The report's distinct-value helpers give what ``np.unique`` gives (the independent computation)."""

from __future__ import annotations

import numpy as np
import pytest

from ictool.core.reliability.distinct import (
    count_distinct,
    distinct,
    distinct_counts,
    distinct_first,
    distinct_inverse,
)

ARRAYS = [
    np.array([], dtype=np.int64),
    np.array([7], dtype=np.int32),
    np.array([3, 1, 3, 3, 0, 1, 9, 0], dtype=np.intp),
    np.random.default_rng(5).integers(0, 40, 5_000).astype(np.int64),
    np.array([2.5, -1.0, 2.5, 0.0, 1e9, -1.0]),
    np.random.default_rng(6).normal(size=300).round(1),
]


@pytest.mark.parametrize("values", ARRAYS, ids=lambda a: f"{a.dtype}-{len(a)}")
def test_same_as_numpy_unique(values: np.ndarray) -> None:
    expected, first, inverse, counts = np.unique(
        values, return_index=True, return_inverse=True, return_counts=True
    )
    np.testing.assert_array_equal(distinct(values), expected)
    assert distinct(values).dtype == values.dtype
    assert count_distinct(values) == len(expected)
    got, got_counts = distinct_counts(values)
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(got_counts, counts)
    got, got_inverse = distinct_inverse(values)
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(got_inverse, inverse.ravel())
    np.testing.assert_array_equal(got[got_inverse], values)
    got, got_first = distinct_first(values)
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(got_first, first)


def test_report_start_does_not_import_numpy_ma() -> None:
    """np.unique's first call imports numpy.ma (about 11 ms of every report); the helpers do not."""
    import subprocess
    import sys

    code = (
        "import sys, numpy as np\n"
        "from ictool.core.reliability.distinct import distinct_inverse, count_distinct\n"
        "distinct_inverse(np.array([3, 1, 3])); count_distinct(np.array([1.0, 2.0]))\n"
        "print('numpy.ma' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
