"""Inputs the estimator cannot use get a message naming the problem and the fix (issue 20).

Datetime and timedelta columns in ``X``, missing labels in a pandas ``y`` of
strings, and odd ``classes`` arguments to ``partial_fit``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from skff import ForwardForwardClassifier
from skff.validation import check_classes, check_partial_fit_call

pd = pytest.importorskip("pandas")

RNG = np.random.default_rng(0)
X = RNG.normal(size=(40, 3)).astype(np.float32)
Y = np.arange(40) % 2


def tiny(**params) -> ForwardForwardClassifier:
    return ForwardForwardClassifier(
        **{"depth": 1, "width": 8, "max_iter": 2, "random_state": 0, **params}
    )


def frame_with_dates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "size": X[:, 0],
            "when": pd.date_range("2020-01-01", periods=40, freq="D"),
            "took": pd.to_timedelta(np.arange(40), unit="s"),
            "zoned": pd.date_range("2020-01-01", periods=40, freq="h", tz="Europe/Paris"),
        }
    )


# --------------------------------------------------------- dates and times in X
def test_datetime_and_timedelta_columns_of_a_frame_are_named_with_the_fix():
    # Was numpy's DTypePromotionError, naming no column.
    with pytest.raises(ValueError) as info:
        tiny().fit(frame_with_dates(), Y)
    message = str(info.value)
    assert "DType" not in message
    assert "'when' (datetime64" in message and "'took' (timedelta64" in message
    assert "'zoned' (datetime64" in message and "'size'" not in message
    assert ".astype('int64')" in message and ".dt.dayofyear" in message


@pytest.mark.parametrize("dtype", ["datetime64[D]", "datetime64[ns]", "timedelta64[s]"])
def test_a_datetime_or_timedelta_array_is_refused_not_cast_silently(dtype):
    # Was accepted: numpy cast the dates to float, and the model fitted day counts.
    dates = np.arange(40 * 2).astype(dtype).reshape(40, 2)
    with pytest.raises(ValueError, match=re.escape(f"every column (X has dtype {dtype})")):
        tiny().fit(dates, Y)


def test_prediction_refuses_dates_too():
    clf = tiny().fit(X[:, :1], Y)
    with pytest.raises(ValueError, match="'when' \\(datetime64"):
        clf.predict(frame_with_dates()[["when"]])


def test_an_object_column_of_timestamps_gets_the_date_advice():
    frame = pd.DataFrame(
        {"a": X[:, 0], "t": pd.Series(list(frame_with_dates()["when"]), dtype=object)}
    )
    with pytest.raises((ValueError, TypeError), match="holds dates or times"):
        tiny().fit(frame, Y)


# ------------------------------------------------------------ missing labels in y
@pytest.mark.parametrize("missing", [pd.NA, None, np.nan])
@pytest.mark.parametrize("dtype", ["string", object])
def test_missing_labels_in_a_pandas_string_y_say_how_many_and_where(missing, dtype):
    # Was "y mixes labels of different types", with advice (astype(str)) that made NA a class.
    y = pd.Series(np.where(Y == 1, "cat", "dog"), dtype=dtype)
    y[7] = missing
    y[30] = missing
    with pytest.raises(ValueError) as info:
        tiny().fit(X, y)
    message = str(info.value)
    assert "y has 2 missing labels" in message and "first at position 7" in message
    assert "pandas.notna(y)" in message
    assert "mixes labels" not in message and "astype(str)" not in message


def test_missing_labels_are_reported_by_partial_fit_too():
    y = pd.Series(np.where(Y == 1, "cat", "dog"), dtype="string")
    y[0] = pd.NA
    with pytest.raises(ValueError, match=r"y has 1 missing label .*position 0"):
        tiny().partial_fit(X, y, classes=["cat", "dog"])


def test_a_float_y_with_nan_keeps_scikit_learns_words_and_gets_the_count():
    y = Y.astype(float)
    y[3] = np.nan
    with pytest.raises(ValueError, match="Input y contains NaN") as info:
        tiny().fit(X, y)
    assert "y has 1 missing label" in str(info.value)


# ------------------------------------------------------- classes of partial_fit
@pytest.mark.parametrize(
    ("classes", "error", "expected"),
    [
        (3, TypeError, "got 3, a single value"),
        (np.nan, TypeError, "got nan, a single value"),
        ("ab", TypeError, "got 'ab', a single value"),
        (np.array([[0, 1]]), ValueError, r"shape \(1, 2\)"),
        ([], ValueError, r"got \[\], 0 label"),
        ([0], ValueError, "at least 2 classes"),
        ([0, 0, 1], ValueError, r"lists \[0\] more than once"),
        ([0, np.nan, 1], ValueError, "entry 1 .* is a missing value"),
        ([0, None, 1], ValueError, "entry 1 .* is a missing value"),
        (np.array([1, "a"], dtype=object), TypeError, "cannot be sorted"),
    ],
)
def test_odd_classes_are_refused_naming_classes(classes, error, expected):
    with pytest.raises(error, match=expected) as info:
        tiny().partial_fit(X, Y, classes=classes)
    assert str(info.value).startswith("classes must list every class label once")
    assert "np.unique" in str(info.value)


def test_classes_none_on_the_first_call_names_classes():
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        tiny().partial_fit(X, Y, classes=None)


def test_empty_classes_are_refused_by_the_entry_point_the_estimator_calls():
    # The estimator calls check_partial_fit_call before changing anything (issue 20, BAD 3).
    with pytest.raises(ValueError, match="at least two labels"):
        check_partial_fit_call(tiny(), [], first_call=True)


def test_odd_classes_on_a_later_call_are_refused_too():
    clf = tiny().partial_fit(X, Y, classes=[0, 1])
    with pytest.raises(ValueError, match="more than once"):
        clf.partial_fit(X, Y, classes=[0, 1, 1])
    clf.partial_fit(X, Y, classes=np.array([1, 0]))  # the same classes, in any order


def test_check_classes_returns_the_sorted_labels():
    np.testing.assert_array_equal(check_classes(["b", "a", "c"]), ["a", "b", "c"])
    np.testing.assert_array_equal(check_classes((2, 0, 1)), [0, 1, 2])
