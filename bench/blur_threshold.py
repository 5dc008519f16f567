"""Where clutter's BLURRED belongs: the sharpness of real photos, and of the same photos
blurred, measured as an import measures it (the grey copy at clutter.SIDE).

    .venv/bin/python bench/blur_threshold.py

Photos: every picture in tests/corpus that decodes and is at least 64 pixels on its
short side. Each is measured as it is and blurred by a Gaussian of 0.3%, 0.5%, 0.75% and
1% of its long side, re-saved as a JPEG. Prints the range of each group, and the photos
that are not blurred but measure below BLURRED (those an import would hide).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from gentle_memories.sources.pixels import FINGERPRINTED, small_copy
from gentle_memories.sources.sniff import HEAD_SIZE, sniff
from gentle_memories.understand.clutter import BLURRED, SIDE, sharpness

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
BLURS = (0.003, 0.005, 0.0075, 0.01)


def measured(data: bytes, format_name: str) -> float | None:
    small = small_copy(data, format_name, SIDE, "L")
    return None if small is None else sharpness(np.asarray(small, dtype=np.float32))


def photos() -> list[tuple[str, bytes, str, Image.Image]]:
    found = []
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        data = path.read_bytes()
        format_name = sniff(data[:HEAD_SIZE], path.suffix).name
        if format_name not in FINGERPRINTED:
            continue
        try:
            with Image.open(io.BytesIO(data)) as im:
                image = ImageOps.exif_transpose(im).convert("RGB")
        except Exception:  # the corpus holds damaged files on purpose
            continue
        if min(image.size) >= 64:
            found.append((path.name, data, format_name, image))
    return found


def main() -> None:
    groups: dict[str, list[tuple[float, str]]] = {"as taken": []}
    for name, data, format_name, image in photos():
        if (value := measured(data, format_name)) is not None:
            groups["as taken"].append((value, name))
        for share in BLURS:
            blurred = image.filter(ImageFilter.GaussianBlur(share * max(image.size)))
            out = io.BytesIO()
            blurred.save(out, "JPEG", quality=90)
            value = measured(out.getvalue(), "JPEG")
            groups.setdefault(f"blurred {share:.2%}", []).append((value, name))
    print(f"sharpness at {SIDE} pixels; BLURRED = {BLURRED}\n")
    print("| photos | count | p10 | median | p90 |\n| --- | ---: | ---: | ---: | ---: |")
    for label, values in groups.items():
        p10, p50, p90 = np.percentile([x for x, _ in values], [10, 50, 90])
        print(f"| {label} | {len(values)} | {p10:.1f} | {p50:.1f} | {p90:.1f} |")
    print("\nas taken, below BLURRED (an import calls them blurred):")
    for value, name in sorted(groups["as taken"]):
        if value < BLURRED:
            print(f"  {value:8.1f}  {name}")


if __name__ == "__main__":
    main()
