"""Typed errors and the coded message catalogue (rolefit.errors): the one home of every code,
and structured fields a caller can use without parsing messages."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest

from rolefit.errors import Errors, InputTypeError, ParameterValueError, Warnings

SRC = Path(__file__).resolve().parents[1] / "src" / "rolefit"
#: A message that opens with its code, as every catalogue template does: "[RF604] ...", "[W501] ...".
CODED = re.compile(r"^\[(RF|W)\d{3}\]")


def _coded_literals(path: Path) -> list[str]:
    """String literals (f-strings included) in ``path`` that open with a message code."""
    found = set()  # a set: ast.walk meets an f-string's opening part twice, in it and on its own
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            node = node.values[0]
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODED.match(node.value):
            found.add(f"{path.relative_to(SRC)}:{node.lineno}: {node.value[:60]!r}")
    return sorted(found)


def test_errors_every_coded_message_lives_in_the_catalogue():
    """Regression: the batch codes RF601-RF609 were f-strings in rolefit/batch/__init__.py,
    outside the catalogue where every other code lives; a code written inline can repeat or
    drift from one in errors.py unseen."""
    inline = [hit for path in sorted(SRC.rglob("*.py")) if path.name != "errors.py" for hit in _coded_literals(path)]
    assert inline == [], "coded messages outside rolefit/errors.py (add them to Errors or Warnings):\n" + "\n".join(inline)


def test_errors_each_template_opens_with_its_own_code():
    for catalogue in (Errors, Warnings):
        for name, template in vars(catalogue).items():
            if re.fullmatch(r"(RF|W)\d{3}", name):
                assert template.startswith(f"[{name}] "), (catalogue.__name__, name, template[:40])


def test_errors_batch_codes_are_in_the_catalogue():
    codes = {name for name in vars(Errors) if re.fullmatch(r"RF6[01]\d", name)}
    assert codes == {f"RF6{i:02d}" for i in range(1, 12)}


def test_errors_parameter_value_error_is_a_value_error_and_still_a_type_error():
    """Regression: RF520 (ParameterValueError) subclassed InputTypeError only, so
    ``except ValueError`` missed ``BatchOptions(timeout_s=0)`` while RF603 (``jobs=0``) is one."""
    from rolefit.batch import BatchOptions

    with pytest.raises(ValueError, match=r"\[RF520\] timeout_s"):
        BatchOptions(timeout_s=0)
    with pytest.raises(TypeError, match=r"\[RF520\] timeout_s"):
        BatchOptions(timeout_s=0)
    exc = ParameterValueError("timeout_s", "a positive number", 0)
    assert isinstance(exc, (InputTypeError)) and isinstance(exc, ValueError) and isinstance(exc, TypeError)
    again = pickle.loads(pickle.dumps(exc))
    assert isinstance(again, ValueError) and str(again) == str(exc)


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


def test_parameter_value_error_with_an_unpicklable_value_still_pickles_with_the_same_message():
    """Review (2026-12-07): the error keeps the raw value; a lambda could not cross a process."""
    import pickle

    from rolefit.errors import ParameterValueError

    exc = ParameterValueError("source", "a path or a text", lambda: 0)
    back = pickle.loads(pickle.dumps(exc))
    assert str(back) == str(exc) and back.parameter == "source"


def test_errors_every_rolefit_error_class_is_defined_in_errors_py():
    """Regression: BatchError was defined in rolefit/batch/__init__.py, the one RolefitError
    subclass outside errors.py (ARCHITECTURE.md: every error class lives there)."""
    import rolefit.errors

    error_names = {name for name, value in vars(rolefit.errors).items()
                   if isinstance(value, type) and issubclass(value, rolefit.errors.RolefitError)}
    outside = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "errors.py" and path.parent == SRC:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", None) for b in node.bases}
                if bases & error_names:
                    outside.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.name}")
    assert outside == [], "RolefitError subclasses outside rolefit/errors.py:\n" + "\n".join(outside)


def test_errors_batch_error_is_importable_from_rolefit_batch_too():
    import rolefit.batch
    from rolefit.errors import BatchError, BatchParameterError, RolefitError

    assert rolefit.batch.BatchError is BatchError and "BatchError" in rolefit.batch.__all__
    assert issubclass(BatchParameterError, BatchError) and issubclass(BatchError, (RolefitError, ValueError))


def test_errors_batch_parameter_error_names_python_parameters_and_renames_them():
    from rolefit.errors import BatchParameterError

    exc = BatchParameterError("RF604", {"resume": "resume", "force": "force"}, {"output": "o.jsonl"},
                              spelled={"resume": "resume=True", "force": "force=True"})
    assert str(exc) == "[RF604] o.jsonl already exists. Pass resume=True to continue it, or force=True to overwrite it."
    assert exc.parameters == {"resume": "resume", "force": "force"}
    cli = exc.renamed({"resume": "--resume", "force": "--force", "jobs": "--jobs"})
    assert type(cli) is BatchParameterError and cli.parameters == exc.parameters
    assert str(cli) == "[RF604] o.jsonl already exists. Pass --resume to continue it, or --force to overwrite it."
    assert str(exc.renamed({"resume": "--resume"})).endswith("Pass --resume to continue it, or force=True to overwrite it.")


def test_errors_batch_parameter_error_survives_pickling():
    from rolefit.errors import BatchParameterError

    exc = BatchParameterError("RF603", {"name": "jobs"}, {"value": 0}).renamed({"jobs": "--jobs"})
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is BatchParameterError and str(back) == str(exc) == "[RF603] --jobs must be a positive integer, got 0."
    assert (back.code, back.parameters, back.fields) == ("RF603", {"name": "jobs"}, {"value": 0})


def test_errors_batch_parameter_error_fills_parameter_slots_in_its_parts_and_keeps_them_renamed():
    """RF609's detail differs between its variants and comes from the raise site; the parameter
    it names (recursive=True) is a slot there, renamed like a slot of the template, and the
    fields in a part are inserted as they are (a path with braces is not a template)."""
    from rolefit.errors import BatchParameterError

    exc = BatchParameterError(
        "RF609", {"recursive": "recursive"}, {"directory": "cvs/{x}", "where": "this folder", "subfolders": 2},
        spelled={"recursive": "recursive=True"},
        parts={"detail": ", and {subfolders} sub-folder(s) were not searched; pass {recursive} to score them"},
    )
    tail = ", and 2 sub-folder(s) were not searched; pass {} to score them. Nothing was written."
    assert str(exc) == "[RF609] cvs/{x}: no file to score in this folder" + tail.format("recursive=True")
    cli = exc.renamed({"recursive": "--recursive"})
    assert str(cli) == "[RF609] cvs/{x}: no file to score in this folder" + tail.format("--recursive")
    back = pickle.loads(pickle.dumps(cli))
    assert type(back) is BatchParameterError and str(back) == str(cli) and back.parts == exc.parts


class _Unpicklable:
    """A field value that cannot cross a process boundary (like a lock or an open file)."""

    def __reduce__(self):
        raise TypeError("cannot pickle _Unpicklable")

    def __repr__(self) -> str:
        return "<unpicklable>"

    def __str__(self) -> str:
        return "unpicklable-str"


def _with_field(value: object) -> dict[str, object]:
    """One instance of every error class in rolefit.errors that keeps fields, carrying ``value``."""
    from rolefit.errors import BatchParameterError, CorpusError, CorpusTooSmallError, ReadError

    return {
        "ParameterValueError": ParameterValueError("source", "a path or a text", value),
        "BatchParameterError": BatchParameterError("RF606", {"output_parameter": "output"},
                                                   {"output": value, "holder": value, "lock_path": "o.lock"}),
        "CorpusError": CorpusError("[RF201] Corpus c.csv has 1 problem(s):\n...", [value]),
        "CorpusTooSmallError": CorpusTooSmallError("RF210", fix="Add rows.", where=value, n_groups=2, n_splits=5),
        "ReadError": ReadError("EMPTY", Errors.RF506.format(path=value, detail="no text"), path=value),
    }


@pytest.mark.parametrize("name", sorted(_with_field(0)))
def test_errors_with_an_unpicklable_field_survive_pickling_with_message_and_code(name):
    """Review (2026-12-07): BatchParameterError kept its fields as given, so one carrying an
    unpicklable value (an object) could not be pickled, and batch errors cross process
    boundaries; CorpusTooSmallError and ReadError did not even unpickle with plain fields.
    Every error class with fields pickles them through one helper, as ParameterValueError did."""
    for value in ("cv.txt", _Unpicklable()):
        exc = _with_field(value)[name]
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and str(back) == str(exc)
        assert getattr(back, "code", None) == getattr(exc, "code", None)


def test_errors_every_error_class_with_its_own_init_has_a_pickling_test():
    """A new error class with fields joins the pickling test above (default exception pickling
    calls ``cls(*args)``, which such a class usually cannot take)."""
    import rolefit.errors

    with_init = {name for name, value in vars(rolefit.errors).items()
                 if isinstance(value, type) and issubclass(value, rolefit.errors.RolefitError)
                 and "__init__" in vars(value)}
    assert with_init == set(_with_field(0))
