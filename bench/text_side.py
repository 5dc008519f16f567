"""Whether clutter's text reader needs its copy TEXT_SIDE pixels long: pages and memes
rendered at many text sizes, judged from smaller copies too, with the time one read takes.

    .venv/bin/python bench/text_side.py [--sides 512 384 320]

Pictures with no camera, as the text reader sees them: pages of lines of text (three
page shapes, text 0.8% to 3% of the long side, dark on light at three contrasts) and
memes (a corpus photo with two lines of outlined capitals, 3% to 8% of the long side),
each saved as a JPEG, and every photo of tests/corpus (bench/blur_threshold.py), none of
which holds text. Each is judged by `clutter.judge` from a colour copy of each side, as a
picture no camera took. Prints, for each side, how many are clutter for the text found
in them, and the mean milliseconds of a judgement.
"""

from __future__ import annotations

import argparse
import io
import os
import time
from itertools import product

from PIL import Image, ImageDraw, ImageFont, ImageOps

from blur_threshold import photos
from gentle_memories.sources.pixels import small_copy
from gentle_memories.understand import clutter

SHAPES = ((1240, 1754), (1600, 1200), (720, 1000))
TEXT = "Meet me at the station at four and bring the blue umbrella for the taxi"
WORDS = TEXT.split()


def page(shape: tuple[int, int], share: float, contrast: int) -> Image.Image:
    size = max(6, int(share * max(shape)))
    light = 255 if contrast == 255 else 235
    image = Image.new("RGB", shape, (light,) * 3)
    draw, font = ImageDraw.Draw(image), ImageFont.load_default(size=size)
    for n, y in enumerate(range(size, shape[1] - 2 * size, int(size * 1.5))):
        line = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(12))
        draw.text((size, y), line, fill=(light - contrast,) * 3, font=font)
    return image


def meme(shape: tuple[int, int], share: float, photo: Image.Image) -> Image.Image:
    size = int(share * max(shape))
    image = ImageOps.fit(photo, shape)
    draw, font = ImageDraw.Draw(image), ImageFont.load_default(size=size)
    for n, y in enumerate((int(shape[1] * 0.04), int(shape[1] * 0.96) - size)):
        words = " ".join(WORDS[3 * n : 3 * n + 3]).upper()
        draw.text((shape[0] // 10, y), words, "white", font, stroke_width=size // 12 or 1)
    return image


def by_text(data: bytes, format_name: str, size: tuple[int, int], side: int) -> bool:
    """Whether `clutter.judge` calls the picture clutter for the text it reads (a page, a
    meme, a phone-shaped screen of text), not for its size, darkness or blur."""
    grey = small_copy(data, format_name, clutter.SIDE, "L")
    colour = small_copy(data, format_name, side)
    verdict = clutter.judge(clutter.Photo("picture.jpg", format_name, {}, *size, grey, colour))
    return verdict.startswith("meme") or "text covers" in verdict


def jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=75)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sides", type=int, nargs="+", default=[clutter.TEXT_SIDE, 384, 320])
    args = parser.parse_args()
    corpus = photos()
    texts = [
        ("page", jpeg(page(shape, share, contrast)), shape)
        for shape, share, contrast in product(SHAPES, (0.008, 0.012, 0.018, 0.03), (60, 120, 255))
    ]
    texts += [
        ("meme", jpeg(meme(shape, share, corpus[n % len(corpus)][3])), shape)
        for n, (shape, share) in enumerate(product(SHAPES, (0.03, 0.05, 0.08)))
    ]
    plain = [("photo", data, image.size, fmt) for _, data, fmt, image in corpus]
    by_text(texts[0][1], "JPEG", texts[0][2], args.sides[0])  # loads the model
    print(f"load average {os.getloadavg()[0]:.2f}\n")
    print("| side | pages found | memes found | photos taken for text | ms a picture |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for side in args.sides:
        began = time.perf_counter()
        found = [(kind, by_text(data, "JPEG", shape, side)) for kind, data, shape in texts]
        found += [(kind, by_text(data, fmt, shape, side)) for kind, data, shape, fmt in plain]
        ms = (time.perf_counter() - began) * 1000 / len(found)
        counts = {
            kind: f"{sum(1 for k, v in found if k == kind and v)} of "
            f"{sum(1 for k, _ in found if k == kind)}"
            for kind in ("page", "meme", "photo")
        }
        print(f"| {side} | {counts['page']} | {counts['meme']} | {counts['photo']} | {ms:.0f} |")


if __name__ == "__main__":
    main()
