"""The care model against simple baselines, on the dev set's fixed halves (docs/care-model.md).

    .venv/bin/python bench/compare_care_models.py [../shared/eval/captions-dev.jsonl]

Every method gets its threshold from the "tune" half (at the same recall asked of the
care model) and is measured on the "heldout" half, which no choice was made on.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from unittest import mock

from gentle_memories.understand import care_encoder, care_eval, care_head, care_rules, sensitivity
from gentle_memories.understand.care_train import RECALL_TARGET

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "captions-dev.jsonl"

KEYWORDS = re.compile(
    r"\b(?:died|dies|death|dead|passed away|rip|funeral|grief|grieving|mourn\w*|cancer|chemo"
    r"|hospital|miscarriage|stillborn|divorce\w*|break ?up|broke up|separat\w+|heartbroken"
    r"|accident|crash|fire|flood|abuse\w*|assault\w*|laid off|fired|redundan\w+"
    r"|miss you|loss|lost)\b",
    re.IGNORECASE,
)

PROTOTYPES = [
    "someone I love has died",
    "we lost our baby, a miscarriage",
    "in hospital with a serious illness",
    "the funeral and memorial service",
    "we broke up, the divorce",
    "our pet died, we said goodbye to our dog",
    "a terrible accident, a disaster destroyed our home",
    "I survived abuse and trauma",
    "I lost my job",
    "remembering you on the anniversary of your death",
]


def keyword_scores(texts):
    return [1.0 if KEYWORDS.search(t) else 0.0 for t in texts]


def prototype_scores(texts):
    """Nearest-prototype with the sentence embedding itself (the last layer, mean-pooled)."""
    layer = care_encoder.LAYERS[-1]
    protos = care_encoder.encode(PROTOTYPES, (layer,))[layer]
    return (care_encoder.encode(texts, (layer,))[layer] @ protos.T).max(axis=1).tolist()


def model_scores(texts, rules: bool = True):
    if rules:
        return [v.score for v in sensitivity.classify(texts)]

    def head_only(_text: str, score: float, _painful_at: float) -> tuple[float, tuple]:
        return score, ()

    with mock.patch.object(care_rules, "adjusted", head_only):
        return [v.score for v in sensitivity.classify(texts)]


def figures(rows, scores, threshold):
    flagged = [s >= threshold for s in scores]
    verdicts = [sensitivity.TextVerdict(f, s, (), "") for f, s in zip(flagged, scores, strict=True)]
    report = care_eval.evaluate(rows, verdicts)
    return report.recall, report.false_alarms, report.tricky_false_alarms


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    rows = care_eval.load_labelled(path)
    halves = {h: [r for r in rows if care_eval.dev_half(r.text) == h] for h in ("tune", "heldout")}
    methods = {
        "keyword list": (keyword_scores, 0.5),
        "MiniLM nearest prototype": (prototype_scores, None),
        "care model, head only (no rules)": (lambda t: model_scores(t, rules=False), None),
        "care model (as shipped)": (model_scores, sensitivity.PAINFUL),
    }
    print("| method | threshold | half | recall | false alarms | tricky false alarms |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for name, (score, fixed) in methods.items():
        scores = {h: score([r.text for r in rows]) for h, rows in halves.items()}
        tune = zip(scores["tune"], halves["tune"], strict=True)
        painful = [s for s, r in tune if r.label == "painful"]
        threshold = (
            care_eval.threshold_for_recall(painful, RECALL_TARGET) if fixed is None else fixed
        )
        for half in ("tune", "heldout"):
            r, fa, tfa = figures(halves[half], scores[half], threshold)
            print(f"| {name} | {threshold:.3f} | {half} | {r:.2f} | {fa:.2f} | {tfa:.2f} |")
    cv = care_head.load_meta()["cv_scores"]
    recall = sum(s >= sensitivity.PAINFUL for s in cv["painful"]) / len(cv["painful"])
    alarms = sum(s >= sensitivity.PAINFUL for s in cv["benign"]) / len(cv["benign"])
    print(
        f"\n5-fold CV of the full head on the project's own examples, at PAINFUL: "
        f"recall {recall:.2f}, false alarms {alarms:.2f} (no rules)"
    )


if __name__ == "__main__":
    main()
