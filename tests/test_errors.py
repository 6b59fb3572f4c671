"""Typed errors (rolefit.errors): structured fields a caller can use without parsing messages."""

from __future__ import annotations

import pickle

import pytest

from rolefit.errors import Errors, InputTypeError, ParameterValueError


def test_errors_parameter_value_error_names_its_parameter():
    """Regression: an invalid limit's RF520 held the parameter's name only inside its message,
    so the CLI reworded it (``timeout_s`` -> ``--timeout``) by replacing text."""
    from rolefit.readers import ReadLimits

    with pytest.raises(ParameterValueError) as info:
        ReadLimits(timeout_s=0)
    exc = info.value
    assert isinstance(exc, InputTypeError)
    assert (exc.parameter, exc.value) == ("timeout_s", 0)
    assert str(exc) == Errors.RF520.format(name="timeout_s", expected=exc.expected, value=0)


def test_errors_parameter_value_error_renamed_keeps_the_rest_of_the_message():
    exc = ParameterValueError("memory_mb", "at least 32 (MiB)", 8)
    renamed = exc.renamed("--memory-mb")
    assert type(renamed) is ParameterValueError and renamed.parameter == "--memory-mb"
    assert str(renamed) == "[RF520] --memory-mb must be at least 32 (MiB), got 8."
    assert (renamed.expected, renamed.value) == (exc.expected, exc.value)


def test_errors_parameter_value_error_survives_pickling():
    """An error raised in a worker process reaches the parent pickled."""
    exc = pickle.loads(pickle.dumps(ParameterValueError("timeout_s", "a positive, finite number of seconds", -1.0)))
    assert (exc.parameter, exc.value) == ("timeout_s", -1.0)
    assert str(exc) == "[RF520] timeout_s must be a positive, finite number of seconds, got -1.0."
