"""rolefit._io.replace_atomically: readers see the old file or the new one, never a part."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rolefit._io import replace_atomically


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@settings(max_examples=25, deadline=None)
@given(old=st.binary(max_size=200), new=st.binary(max_size=200), fsync=st.booleans())
def test_replace_gives_the_new_bytes_and_leaves_no_temporary_file(tmp_path_factory, old, new, fsync):
    folder = tmp_path_factory.mktemp("io")
    target = folder / "out.csv"
    target.write_bytes(old)
    replace_atomically(target, lambda tmp: tmp.write_bytes(new), fsync=fsync)
    assert target.read_bytes() == new
    assert _leftovers(folder) == []


def test_a_failing_writer_leaves_the_target_untouched_and_no_temporary_file(tmp_path):
    target = tmp_path / "profiles.csv"
    target.write_text("old\n", encoding="utf-8")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_text("new, half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        replace_atomically(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert _leftovers(tmp_path) == []


def test_the_new_file_gets_default_permissions_not_a_private_temp_mode(tmp_path):
    """A batch table or profile written for colleagues is not silently made owner-only (mkstemp's 0600)."""
    reference = tmp_path / "plain.txt"
    reference.write_text("x", encoding="utf-8")
    target = tmp_path / "scores.csv"
    replace_atomically(target, lambda tmp: tmp.write_text("x", encoding="utf-8"))
    assert target.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777


def test_missing_folder_is_an_oserror_naming_the_path(tmp_path):
    with pytest.raises(OSError) as info:
        replace_atomically(tmp_path / "nope" / "out.csv", lambda tmp: tmp.write_text("x", encoding="utf-8"))
    assert "nope" in str(info.value)
