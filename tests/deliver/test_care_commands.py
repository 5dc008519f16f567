"""`memories classify` and `memories eval` as a user runs them, through click."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from gentle_memories.care import model
from gentle_memories.deliver.care_commands import classify, eval_command


def run(command, args, stdin=None):
    return CliRunner().invoke(command, args, input=stdin)


def test_classify_adds_verdicts_and_passes_other_keys_through():
    lines = [
        {"id": 7, "text": "the son we almost had", "album": "2019"},
        {"text": "this cake is to die for"},
        {"text": ""},
    ]
    result = run(classify, [], "\n".join(json.dumps(x) for x in lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == 3
    assert out[0]["id"] == 7 and out[0]["album"] == "2019"
    assert out[0]["painful"] is True and out[0]["themes"] == ["pregnancy_loss"]
    assert out[1]["painful"] is False and out[1]["themes"] == []
    assert out[2] == {"text": "", "painful": False, "score": 0.0, "themes": []}
    for obj in out:
        assert 0.0 <= obj["score"] <= 1.0 and obj["score"] == round(obj["score"], 3)


def test_classify_agrees_with_the_api_curation_uses(tmp_path: Path):
    texts = ["my dad passed away", "I miss this beach", "RIP my diet"]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    result = run(classify, [str(path)])
    assert result.exit_code == 0
    got = [json.loads(line) for line in result.output.splitlines()]
    expected = model.current().classify(texts)
    assert [g["painful"] for g in got] == [v.painful for v in expected]
    assert [g["score"] for g in got] == [round(v.score, 3) for v in expected]


def test_classify_reads_a_label_as_a_label():
    lines = [
        {"text": "Tierarzt", "kind": "album"},
        {"text": "Funeral", "kind": "keyword"},
        {"text": "Hospital", "kind": "photo"},  # not a kind of text: read as a caption
    ]
    result = run(classify, [], "\n".join(json.dumps(x) for x in lines) + "\n")
    assert result.exit_code == 0, result.output
    vet, funeral, hospital = (json.loads(line) for line in result.output.splitlines())
    assert vet["painful"] is False and vet["kind"] == "album"
    assert funeral["painful"] is True and funeral["themes"][0] == "funeral_memorial"
    assert hospital["kind"] == "photo"


def test_eval_reports_each_language(tmp_path: Path):
    rows = [
        {"text": "Heute ist Opa gestorben", "label": "painful", "lang": "de"},
        {"text": "Wir haben uns totgelacht", "label": "benign", "lang": "de"},
        {"text": "Nous avons perdu notre bébé", "label": "painful", "lang": "fr"},
    ]
    path = tmp_path / "langs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run(eval_command, [str(path)])
    assert result.exit_code == 0, result.output
    assert "per language" in result.output
    assert re.search(r"de\s*\S\s*1\.00\s*\S\s*1/1\s*\S\s*0\.00\s*\S\s*0/1", result.output)
    assert re.search(r"fr\s*\S\s*1\.00\s*\S\s*1/1", result.output)


def test_classify_reads_stdin_for_dash():
    result = run(classify, ["-"], json.dumps({"text": "Beach day"}) + "\n")
    assert result.exit_code == 0
    assert json.loads(result.output)["painful"] is False


def test_classify_bad_line_names_it_exits_2_and_writes_nothing():
    stdin = json.dumps({"text": "fine"}) + "\n" + "{not json\n"
    result = CliRunner().invoke(classify, [], input=stdin)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "line 2" in result.stderr and "JSON" in result.stderr


def test_classify_line_without_text_is_bad_input():
    result = CliRunner().invoke(classify, [], input='{"caption": "x"}\n')
    assert result.exit_code == 2
    assert 'line 1: no "text"' in result.stderr


def labelled_file(tmp_path: Path) -> Path:
    rows = [
        ("my mum passed away this morning", "painful", "bereavement"),
        ("the son we almost had", "painful", "pregnancy_loss"),
        ("Beach day with the kids", "benign", "holiday"),
        ("this cake is to die for", "benign", "tricky_idiom"),
        ("she killed it on stage", "benign", "tricky_idiom"),
    ]
    path = tmp_path / "labelled.jsonl"
    path.write_text(
        "".join(json.dumps({"text": t, "label": lab, "theme": th}) + "\n" for t, lab, th in rows),
        encoding="utf-8",
    )
    return path


def figure(output: str, name: str) -> str:
    match = re.search(rf"{name}\s*\S\s*(\S+)\s*\S\s*(\d+/\d+)", output)
    assert match, output
    return f"{match.group(1)} {match.group(2)}"


def test_eval_prints_recall_false_alarms_per_theme_and_confusion(tmp_path: Path):
    result = run(eval_command, [str(labelled_file(tmp_path))])
    assert result.exit_code == 0, result.output
    out = result.output
    assert figure(out, "recall on painful") == "1.00 2/2"
    assert figure(out, "false alarms on benign") == "0.00 0/3"
    assert figure(out, "false alarms on tricky benign") == "0.00 0/2"
    assert re.search(r"tricky_idiom\s*\S\s*benign\s*\S\s*2\s*\S\s*0", out)
    assert re.search(r"bereavement\s*\S\s*painful\s*\S\s*1\s*\S\s*1", out)
    assert "confusion" in out and "said painful" in out
    assert model.current().version in out


def test_eval_counts_a_miss_and_a_false_alarm(tmp_path: Path):
    path = tmp_path / "wrong.jsonl"
    rows = [
        {"text": "Beach day with the kids", "label": "painful", "theme": "bereavement"},
        {"text": "my dad died last night", "label": "benign", "theme": "tricky_label"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run(eval_command, [str(path)])
    assert result.exit_code == 0
    assert figure(result.output, "recall on painful") == "0.00 0/1"
    assert figure(result.output, "false alarms on tricky benign") == "1.00 1/1"


def test_eval_rejects_a_bad_label_with_its_line(tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "a", "label": "painful"}\n{"text": "b", "label": "sad"}\n')
    result = CliRunner().invoke(eval_command, [str(path)])
    assert result.exit_code == 2
    assert "line 2" in result.stderr and result.stdout == ""
