"""The care encoder's own forward pass reads exactly what transformers' BertModel reads.

The care model's thresholds and MODEL_VERSION were set on BertModel's hidden states, mean
pooled over the attention mask; the unpadded forward must give the same features (to
float32 rounding) with oneDNN and without, whatever the batching.
"""

from __future__ import annotations

import json

import pytest

from gentle_memories.understand import care_encoder, sensitivity

TEXTS = [
    "the son we almost had",
    "Beach day with Grandma (2011, 1)",
    "ok",
    "Beach day with Grandma (2011, 1)",  # twice: read once, given twice
    "x",
    "My grandad passed away in his sleep last night, surrounded by all of us. "
    "He was 94 and he told one more terrible joke before he went.",
    "Waiting outside intensive care while they work on Dad",
    "Sunday lunch",
    # longer than MAX_TOKENS: cut the same way
    " ".join(f"word{i} and the sea" for i in range(60)),
    "I miss this beach",
    "🙂 día de playa con la abuela",
]


def _reference(texts: list[str], layers: tuple[int, ...]):
    """BertModel with output_hidden_states, padded batch, masked mean, unit length."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = care_encoder.model_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True).eval()
    with torch.inference_mode():
        batch = tokenizer(
            texts,
            padding=True,
            truncation=True,
            max_length=care_encoder.MAX_TOKENS,
            return_tensors="pt",
        )
        hidden = model(**batch, output_hidden_states=True).hidden_states
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return {
            layer: torch.nn.functional.normalize(
                (hidden[layer] * mask).sum(1) / mask.sum(1), dim=-1
            ).numpy()
            for layer in layers
        }


@pytest.fixture(scope="module")
def reference():
    return _reference(TEXTS, (1, 2, 6))


@pytest.mark.parametrize("onednn", [True, False])
def test_features_match_bert_model(reference, monkeypatch, onednn):
    import numpy as np

    if onednn and not care_encoder._has_onednn():
        pytest.skip("torch without oneDNN")
    from safetensors.torch import load_file

    folder = care_encoder.model_path()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    encoder = care_encoder._Minilm(load_file(folder / "model.safetensors"), config, onednn=onednn)
    monkeypatch.setattr(care_encoder, "_fast", encoder)
    monkeypatch.setattr(care_encoder, "BATCH_TOKENS", 40)  # several batches, one oversized
    got = care_encoder.encode(TEXTS, care_encoder.LAYERS)
    for layer in care_encoder.LAYERS:
        assert got[layer].shape == (len(TEXTS), 384)
        assert np.abs(got[layer] - reference[layer]).max() < 1e-5
    np.testing.assert_array_equal(got[6][1], got[6][3])


def test_runs_only_as_deep_as_asked(reference):
    import numpy as np

    got = care_encoder.encode(TEXTS, (1,))
    assert set(got) == {1}
    assert np.abs(got[1] - reference[1]).max() < 1e-5


def test_no_texts_no_rows():
    assert care_encoder.encode([], (2, 6))[6].shape == (0, 384)


def test_batches_hold_the_budget_and_every_text():
    lengths = [3, 3, 4, 10, 50, 2]
    runs = care_encoder._batches(lengths, 10)
    assert [list(r) for r in runs] == [[0, 1, 2], [3], [4], [5]]
    assert care_encoder._batches([], 10) == []


def test_repeated_texts_get_one_verdict():
    verdicts = sensitivity.classify(
        ["Missing Dad today", "#Missing Dad today", "", "Missing Dad today"]
    )
    assert verdicts[0] == verdicts[1] == verdicts[3]
    assert verdicts[2] == sensitivity.NOT_PAINFUL
