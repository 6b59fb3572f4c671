"""Decision log: privacy of entries, hash chain, tamper detection, continuation."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rolefit.decision_log import GENESIS, DecisionLog, verify_log
from rolefit.errors import InputTypeError, LogIntegrityError, RolefitError
from rolefit.schema import RoleScore, ScoreResult, SkillMention

NAME = "Jane Example"
EMAIL = "jane@example.org"
PHONE = "+44 20 7946 0958"
CV = (
    f"{NAME}\n{EMAIL} | {PHONE}\n\n"
    "Skills\nK8s, Docker, risk management\n\n"
    "Interests\nNo experience with Terraform yet.\n"
)
# surface form, concept id, section, negated
SURFACES = [
    ("K8s", "kubernetes", "skills", False),
    ("Docker", "docker", "skills", False),
    ("risk management", "risk_management", "skills", False),
    ("Terraform", "terraform", "interests", True),
]


def make_result(text: str = CV, p_mlops: float = 0.87, p_aiops: float = 0.31) -> ScoreResult:
    mentions = []
    for surface, cid, section, negated in SURFACES:
        start = text.find(surface)
        if start < 0:
            continue
        mentions.append(
            SkillMention(start, start + len(surface), cid, surface, surface, section, negated)
        )
    mentions.sort()
    evidence = tuple(m for m in mentions if not m.negated)
    roles = {
        "mlops_engineer": RoleScore(
            "mlops_engineer", p_mlops, "fit", 0.6, evidence[:2], ("terraform",), None, (("kubernetes", 0.2),)
        ),
        "ai_operations_manager": RoleScore(
            "ai_operations_manager", p_aiops, "no_fit", 0.2, evidence[2:], ("scrum",), None, ()
        ),
    }
    return ScoreResult(
        roles=roles,
        mentions=tuple(mentions),
        model_id="test-model",
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
    )


def write_log(path: Path, n: int = 3) -> list[bytes]:
    log = DecisionLog(path, model_id="test-model")
    for i in range(n):
        log.append(make_result(p_mlops=0.5 + i / 10))
    return path.read_bytes().splitlines(keepends=True)


def test_decision_log_holds_no_personal_data_or_surface_forms(tmp_path):
    path = tmp_path / "decisions.jsonl"
    DecisionLog(path, model_id="test-model").append(make_result())
    raw = path.read_text(encoding="ascii")
    for secret in (NAME, "Jane", "Example", EMAIL, "jane", PHONE, "+44", "7946 0958"):
        assert secret not in raw
    for surface, *_ in SURFACES:
        assert surface not in raw
    assert "No experience" not in raw
    # digit groups of the phone number may occur by chance in hex digests and the timestamp:
    # look for them everywhere else
    entry = json.loads(raw)
    for key in ("ts", "hash", "prev", "input_sha256", "text_sha256", "model_sha256"):
        entry.pop(key)
    rest = json.dumps(entry)
    assert "7946" not in rest and "0958" not in rest


def test_decision_log_entry_fields(tmp_path):
    path = tmp_path / "decisions.jsonl"
    result = make_result()
    DecisionLog(path, model_id="test-model").append(result)
    (entry,) = [json.loads(line) for line in path.read_text().splitlines()]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", entry["ts"])
    assert entry["model_id"] == "test-model"
    assert entry["model_sha256"] is None
    assert entry["text_sha256"] == hashlib.sha256(CV.encode()).hexdigest()
    assert entry["input_sha256"] is None  # a text scored directly: no file
    assert entry["log_format"] == 3
    assert entry["prev"] == GENESIS
    common = {"baseline": None, "contribution_unit": "probability", "group_contributions": []}
    assert entry["roles"] == {
        "mlops_engineer": {"probability": 0.87, "label": "fit", "reason": None,
                           "contributions": [["kubernetes", 0.2]], **common},
        "ai_operations_manager": {"probability": 0.31, "label": "no_fit", "reason": None,
                                  "contributions": [], **common},
    }
    assert entry["evidence"] == [
        {"concept_id": m.concept_id, "start_char": m.start_char, "end_char": m.end_char,
         "negated": m.negated, "section": m.section}
        for m in result.mentions
    ]
    body = {k: v for k, v in entry.items() if k != "hash"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    assert entry["hash"] == hashlib.sha256(canonical.encode()).hexdigest()


def test_decision_log_model_sha256_hashes_manifest_of_model_directory(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "manifest.json").write_text('{"files": {}}', encoding="utf-8")
    path = tmp_path / "decisions.jsonl"
    DecisionLog(path, model_id="m", model_path=model).append(make_result())
    entry = json.loads(path.read_text())
    assert entry["model_sha256"] == hashlib.sha256(b'{"files": {}}').hexdigest()


def test_decision_log_chain_verifies(tmp_path):
    path = tmp_path / "decisions.jsonl"
    lines = write_log(path, 3)
    assert verify_log(path) == 3
    for before, after in zip(lines, lines[1:]):
        assert json.loads(after)["prev"] == hashlib.sha256(before.rstrip(b"\n")).hexdigest()


def test_decision_log_empty_file_has_no_entries(tmp_path):
    path = tmp_path / "decisions.jsonl"
    path.write_bytes(b"")
    assert verify_log(path) == 0


def test_decision_log_second_instance_continues_chain(tmp_path):
    path = tmp_path / "decisions.jsonl"
    write_log(path, 2)
    DecisionLog(path, model_id="other-model").append(make_result())
    assert verify_log(path) == 3
    lines = path.read_bytes().splitlines()
    assert json.loads(lines[2])["prev"] == hashlib.sha256(lines[1]).hexdigest()
    assert json.loads(lines[2])["model_id"] == "other-model"


def test_decision_log_edited_probability_detected_at_its_line(tmp_path):
    path = tmp_path / "decisions.jsonl"
    lines = write_log(path, 3)
    entry = json.loads(lines[1])
    entry["roles"]["mlops_engineer"]["probability"] = 0.99
    lines[1] = json.dumps(entry, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    path.write_bytes(b"".join(lines))
    with pytest.raises(LogIntegrityError, match=r"line 2\b.*edited.*entries before line 2 chain correctly"):
        verify_log(path)


def test_decision_log_edit_with_recomputed_hash_breaks_next_link(tmp_path):
    path = tmp_path / "decisions.jsonl"
    lines = write_log(path, 3)
    entry = json.loads(lines[1])
    entry["roles"]["mlops_engineer"]["label"] = "no_fit"
    del entry["hash"]
    canonical = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    entry["hash"] = hashlib.sha256(canonical.encode()).hexdigest()
    lines[1] = json.dumps(entry, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    path.write_bytes(b"".join(lines))
    with pytest.raises(LogIntegrityError, match=r"line 3\b.*removed, inserted or reordered"):
        verify_log(path)


@pytest.mark.parametrize(
    "mutate, line",
    [
        (lambda ls: [ls[0], ls[2]], 2),  # middle line deleted
        (lambda ls: ls[1:], 1),  # first line deleted
        (lambda ls: [ls[0], ls[2], ls[1]], 2),  # two lines swapped
        (lambda ls: [ls[0], ls[1], ls[1], ls[2]], 3),  # a line duplicated
    ],
    ids=["delete-middle", "delete-first", "swap", "duplicate"],
)
def test_decision_log_removed_or_reordered_line_detected(tmp_path, mutate, line):
    path = tmp_path / "decisions.jsonl"
    lines = write_log(path, 3)
    path.write_bytes(b"".join(mutate(lines)))
    with pytest.raises(LogIntegrityError, match=rf"line {line}\b") as info:
        verify_log(path)
    assert "[RF403]" in str(info.value)
    assert f"entries before line {line} chain correctly" in str(info.value)


def test_decision_log_truncated_mid_line_detected(tmp_path):
    path = tmp_path / "decisions.jsonl"
    write_log(path, 2)
    data = path.read_bytes()
    path.write_bytes(data[:-20])
    with pytest.raises(LogIntegrityError, match=r"line 2\b.*no line break"):
        verify_log(path)


def test_decision_log_append_refuses_truncated_log(tmp_path):
    path = tmp_path / "decisions.jsonl"
    write_log(path, 2)
    truncated = path.read_bytes()[:-20]
    path.write_bytes(truncated)
    with pytest.raises(LogIntegrityError, match=r"line 2\b"):
        DecisionLog(path, model_id="m").append(make_result())
    assert path.read_bytes() == truncated  # nothing written


def test_decision_log_append_refuses_edited_last_line(tmp_path):
    path = tmp_path / "decisions.jsonl"
    lines = write_log(path, 2)
    lines[1] = lines[1].replace(b'"fit"', b'"review"', 1)
    path.write_bytes(b"".join(lines))
    with pytest.raises(LogIntegrityError, match=r"line 2\b.*nothing was appended"):
        DecisionLog(path, model_id="m").append(make_result())


@settings(max_examples=60)
@given(data=st.data())
def test_decision_log_any_single_byte_change_is_detected(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("log") / "decisions.jsonl"
    original = b"".join(write_log(path, 2))
    i = data.draw(st.integers(0, len(original) - 1), label="index")
    new = data.draw(st.integers(0, 255).filter(lambda b: b != original[i]), label="byte")
    path.write_bytes(original[:i] + bytes([new]) + original[i + 1 :])
    with pytest.raises(LogIntegrityError):
        verify_log(path)


def test_decision_log_missing_folder_is_typed_error(tmp_path):
    with pytest.raises(LogIntegrityError, match="RF407"):
        DecisionLog(tmp_path / "no" / "such" / "log.jsonl", model_id="m")


def test_decision_log_missing_file_fails_verification_with_advice_for_reading(tmp_path):
    """New-user trial (2026-12-08): `rolefit log verify absent.jsonl` advised "Pass a file path in
    an existing, writable folder" (RF407, advice for a log to write); reading is RF414."""
    with pytest.raises(LogIntegrityError, match=r"^\[RF414\] .*cannot read the decision log") as info:
        verify_log(tmp_path / "absent.jsonl")
    assert "writable" not in str(info.value)


@pytest.mark.parametrize("model_id", ["", "  ", None, 3])
def test_decision_log_rejects_empty_model_id(tmp_path, model_id):
    with pytest.raises(InputTypeError, match="RF408"):
        DecisionLog(tmp_path / "log.jsonl", model_id=model_id)


def test_decision_log_errors_are_rolefit_errors():
    assert issubclass(LogIntegrityError, RolefitError)


def test_decision_log_end_to_end_through_scorer(tmp_path):
    artifacts = pytest.importorskip("rolefit.artifacts", reason="rolefit.artifacts not written yet")
    model_dir = Path(artifacts.default_model_path())
    if not (model_dir / "meta.json").is_file():
        pytest.skip(f"default model not trained yet ({model_dir / 'meta.json'} missing)")
    from rolefit.scorer import Scorer

    path = tmp_path / "decisions.jsonl"
    scorer = Scorer(log=path)
    scorer.score_many([CV, "Skills: Kubernetes, Terraform"])
    assert verify_log(path) == 2
    raw = path.read_text(encoding="ascii")
    for secret in (NAME, EMAIL, PHONE, "K8s", "Docker"):
        assert secret not in raw


def test_decision_log_concurrent_writers_keep_one_chain(tmp_path):
    """Writers in parallel threads (each with its own DecisionLog) must not fork the chain."""
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "decisions.jsonl"

    def work(k: int) -> None:
        log = DecisionLog(path, model_id=f"writer-{k}")
        for _ in range(10):
            log.append(make_result())

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(work, range(4)))
    assert verify_log(path) == 40


def _format2_line(prev: str, text_hash: str) -> bytes:
    """A line as rolefit wrote it before log_format 3 (input_sha256 hashed the text)."""
    from rolefit.decision_log import _canonical, _sha256

    entry = {"ts": "2026-12-01T00:00:00.000000Z", "log_format": 2, "model_id": "m", "model_sha256": None,
             "rolefit_version": "0.1.0", "input_sha256": text_hash, "roles": {}, "evidence": [], "prev": prev}
    entry["hash"] = _sha256(_canonical(entry))
    return _canonical(entry) + b"\n"


def test_decision_log_names_the_text_and_the_file_hash_as_batch_rows_do(tmp_path):
    """New-user trial (2026-12-08): ``input_sha256`` meant the file's bytes in batch rows but the
    extracted text in the decision log and the `rolefit score` header, so an auditor could not
    join records. Log format 3 carries ``text_sha256`` (the text) and ``input_sha256`` (the file's
    bytes, as a batch row); a log continued from format-2 lines still verifies."""
    from rolefit.readers import read_document

    cv = tmp_path / "cv.txt"
    cv.write_bytes(CV.encode("utf-8"))
    log_path = tmp_path / "decisions.jsonl"
    log_path.write_bytes(_format2_line(GENESIS, "a" * 64))
    result = make_result()
    read = read_document(cv)
    assert read.input_sha256 == hashlib.sha256(cv.read_bytes()).hexdigest()
    import dataclasses

    DecisionLog(log_path, model_id="m").append(dataclasses.replace(result, input_sha256=read.input_sha256))
    assert verify_log(log_path) == 2
    entry = json.loads(log_path.read_bytes().splitlines()[1])
    assert entry["input_sha256"] == hashlib.sha256(cv.read_bytes()).hexdigest()
    assert entry["text_sha256"] == result.text_sha256


def test_decision_log_line_of_an_unknown_format_does_not_verify(tmp_path):
    from rolefit.decision_log import _canonical, _sha256

    entry = json.loads(_format2_line(GENESIS, "a" * 64))
    entry.pop("hash")
    entry["log_format"] = 9
    entry["hash"] = _sha256(_canonical(entry))
    path = tmp_path / "d.jsonl"
    path.write_bytes(_canonical(entry) + b"\n")
    with pytest.raises(LogIntegrityError, match="log_format 9 is not one this rolefit knows"):
        verify_log(path)
