"""Clutter: screenshots, receipts, documents, memes and blurred or dark shots.

A camera roll holds nearly as many of these as moments, and a memory that opens on a
parking receipt is worse than none, so no memory shows them. Each photo is judged once,
at import: first from what costs nothing (its camera, its size, its name), then from a
small decoded copy (sharpness, exposure), and only where it is not plainly a camera's
photo from the text in it, read by an OCR model that ships inside its wheel.

A verdict is "kind: detail" (`describe` says it to a person); "" is none. Where the
pixels cannot be read there is no verdict from them: better a receipt shown than a
moment hidden. For the same reason a name like "Scan 12" alone condemns nothing (old
family prints are scanned too): only the text in it can.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image

SIDE = 256
"""The long side of the grey copy that sharpness and exposure are measured on (and the
fingerprint taken from): a JPEG decodes its brightness alone at an eighth or a quarter
of its size, a HEIC its own thumbnail, so a camera's photo costs about its metadata."""
TEXT_SIDE = 512
"""The long side of the colour copy that text is read from, only where no camera wrote
the photo: small words need the pixels."""

SCREENS = {
    (640, 1136), (720, 1280), (750, 1334), (828, 1792), (1080, 1920), (1080, 2160),
    (1080, 2280), (1080, 2340), (1080, 2400), (1125, 2436), (1170, 2532), (1179, 2556),
    (1206, 2622), (1242, 2208), (1242, 2688), (1284, 2778), (1290, 2796), (1320, 2868),
    (1440, 2560), (1440, 3040), (1440, 3088), (1440, 3200), (1536, 2048), (1620, 2160),
    (1640, 2360), (1668, 2224), (1668, 2388), (2048, 2732), (768, 1366), (800, 1280),
    (864, 1536), (900, 1440), (900, 1600), (1050, 1680), (1200, 1920), (1600, 2560),
    (1800, 2880), (1964, 3024), (2234, 3456), (2160, 3840),
}  # fmt: skip
"""Phone, tablet and desktop screens, short side first (a camera makes none of them
without saying which camera it is)."""

_SCREENSHOT_NAME = re.compile(
    r"screen[ _-]?shot|screen[ _-]?capture|^scr_|bildschirmfoto|capture d.[ée]cran"
    r"|captura de (?:pantalla|tela)|schermata|skjermbilde|skärmavbild",
    re.IGNORECASE,
)
_IPHONE_SCREENSHOT = re.compile(r"^IMG_\d+\.PNG$", re.IGNORECASE)
_RECEIPT_NAME = re.compile(
    r"receipt|invoice|rechnung|quittung|kassenbon|facture|factura|recibo|ricevuta",
    re.IGNORECASE,
)

DARK = 40
"""A shot whose brightest 1% stays below this (of 255) shows nothing: a pocket, a lens cap."""
WHITE = 235
"""A shot whose darkest 1% is brighter than this is washed out to white."""
BLURRED = 100.0
"""Sharpness (see `sharpness`) at SIDE below which nothing in the picture is sharp. The
corpus's photos as taken (bench/blur_threshold.py): the in-focus ones 770 and up, a
blank wall 12; blurred by 0.5% of their long side, median 84; by 0.75%, median 22, nine in ten
under 42. Set low in that gap, for a soft but sharp photo is a moment."""
TILES = 4
SMALLEST = 32
"""A picture smaller than this on its short side is too small to judge by its pixels."""
TEXT_COVER = 0.25
"""Share of the picture inside text lines above which it is a page, not a moment."""
MEME_COVER = 0.03
MEME_BAND = 0.3
"""A meme: text lines only across the top and bottom this share of the picture."""
PHONE_SHAPE = 1.9


@dataclass(frozen=True)
class TextFound:
    """What the OCR model found: the share of the picture its lines cover, where they lie
    (top and bottom of each line, as shares of the height), and a few lines read."""

    cover: float
    rows: list[tuple[float, float]]
    lines: list[str]


@dataclass(frozen=True)
class Photo:
    """What a photo says of itself, for judging it: its file name, embedded EXIF, image
    format and size (as shown, after rotation), and its small decoded copies, if any: in
    grey at SIDE, and in colour at TEXT_SIDE where no camera took it."""

    name: str
    format_name: str
    exif: Mapping[str, str]
    width: int | None
    height: int | None
    small: Image.Image | None
    colour: Image.Image | None


def judge(photo: Photo) -> str:
    """The photo's clutter verdict, "" for none. Only the OCR model may raise (when it
    cannot be loaded); everything else about a photo that cannot be read is no verdict."""
    camera = has_camera(photo.exif)
    if found := _by_name(photo.name, camera):
        return found
    if not camera and _screen_sized(photo.width, photo.height):
        return "screenshot: screen-sized, no camera"
    if not camera and photo.format_name == "PNG":
        return "screenshot: a PNG image with no camera"
    if photo.small is None or min(photo.small.size) < SMALLEST:
        return ""
    gray = np.asarray(photo.small, dtype=np.float32)
    darkest, brightest = np.percentile(gray, [1, 99])
    if brightest < DARK:
        return "dark: almost black"
    colour = photo.colour
    if colour is not None and (found := _by_text(read_text(colour), colour.size)):
        return found
    if darkest > WHITE:
        return "washed out: almost all white"
    if sharpness(gray) < BLURRED:
        return "blurred: nothing in it is sharp"
    return ""


def has_camera(exif: Mapping[str, str]) -> bool:
    """Whether a camera says it took the photo: its make or model."""
    return any(exif.get(key, "").strip() for key in ("Exif.Image.Make", "Exif.Image.Model"))


_SAID = {
    "screenshot": "it looks like a screenshot",
    "document": "it looks like a document",
    "receipt": "it looks like a receipt",
    "meme": "it looks like a meme",
    "dark": "it is too dark to see",
    "washed out": "it is washed out",
    "blurred": "it is blurred",
}


def describe(verdict: str) -> str:
    """A verdict as a person reads it: "it looks like a screenshot (screen-sized, no camera)"."""
    kind, _, detail = verdict.partition(": ")
    said = _SAID.get(kind, f"it looks like clutter ({kind})")
    return f"{said} ({detail})" if detail else said


def sharpness(gray: np.ndarray) -> float:
    """Variance of the Laplacian in the sharpest of TILES x TILES parts of the picture:
    edges make it large, a blurred or shaken shot has none, and a sharp face against a
    smooth sky counts as sharp."""
    lap = 4 * gray[1:-1, 1:-1] - gray[:-2, 1:-1] - gray[2:, 1:-1] - gray[1:-1, :-2] - gray[1:-1, 2:]
    rows = np.array_split(lap, TILES, axis=0)
    return max(float(tile.var()) for row in rows for tile in np.array_split(row, TILES, axis=1))


def _by_name(name: str, camera: bool) -> str:
    if _SCREENSHOT_NAME.search(name):
        return "screenshot: named as a screenshot"
    if not camera and _IPHONE_SCREENSHOT.match(name):
        return "screenshot: a phone's PNG with no camera"
    if _RECEIPT_NAME.search(name):
        return "receipt: named as a receipt"
    return ""


def _screen_sized(width: int | None, height: int | None) -> bool:
    if not width or not height:
        return False
    return (min(width, height), max(width, height)) in SCREENS


def _by_text(text: TextFound, size: tuple[int, int]) -> str:
    if not text.lines:
        return ""
    if text.cover < TEXT_COVER:
        in_bands = all(b <= MEME_BAND or t >= 1 - MEME_BAND for t, b in text.rows)
        if text.cover >= MEME_COVER and in_bands:
            return "meme: words across the top or bottom of a picture"
        return ""
    share = f"text covers {round(text.cover * 100)}% of it"
    if max(size) >= PHONE_SHAPE * min(size):
        return f"screenshot: phone-shaped, {share}"
    return f"document: {share}"


@cache
def _ocr():
    # loaded on first use, in the process that reads: a camera's photos never need it
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(
        det_limit_type="max",
        det_limit_side_len=TEXT_SIDE,
        intra_op_num_threads=1,
        inter_op_num_threads=1,
    )


def read_text(small: Image.Image, read: int = 3) -> TextFound:
    """The text lines in a small copy of a picture, and up to `read` of the widest read
    back: a line read back is what tells text from a texture that only looks like it."""
    image = np.asarray(small.convert("RGB"))[:, :, ::-1]
    height, width = image.shape[:2]
    boxes, _ = _ocr()(image, use_cls=False, use_rec=False)
    if not boxes:
        return TextFound(0.0, [], [])
    rects = []
    for box in boxes:
        pts = np.asarray(box, dtype=np.float32)
        x0, y0 = np.clip(pts.min(axis=0), 0, None).astype(int)
        x1, y1 = pts.max(axis=0).astype(int)
        if x1 > x0 and y1 > y0:
            rects.append((x0, y0, min(x1, width), min(y1, height)))
    covered = np.zeros((height, width), dtype=bool)
    for x0, y0, x1, y1 in rects:
        covered[y0:y1, x0:x1] = True
    lines = []
    for x0, y0, x1, y1 in sorted(rects, key=lambda r: r[0] - r[2])[:read]:
        found, _ = _ocr()(image[y0:y1, x0:x1], use_det=False, use_cls=False)
        text, score = (found[0][0], found[0][1]) if found else ("", 0.0)
        if score >= 0.6 and sum(c.isalnum() for c in text) >= 3:
            lines.append(text)
    rows = [(y0 / height, y1 / height) for _, y0, _, y1 in rects]
    return TextFound(float(covered.mean()), rows, lines)
