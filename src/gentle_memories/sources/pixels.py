"""Pixel-level facts that stay cheap: whether a JPEG holds image data, a dHash, a small copy.

The dHash lets later stages collapse bursts and copies of one picture. Baseline JPEG and
HEIF decode at reduced size (JPEG DCT scaling, HEIF thumbnails); anything else, progressive
JPEGs included, is decoded only while it is small, so one large AVIF or progressive web
download does not cost twenty times its metadata.
"""

from __future__ import annotations

import io
import warnings

import pillow_heif
from PIL import Image, ImageOps

from gentle_memories.sources.heap import return_large_buffers

pillow_heif.register_heif_opener()

FINGERPRINTED = {"JPEG", "HEIF", "PNG", "WebP", "AVIF", "GIF", "BMP", "TIFF"}
_DRAFTABLE = {"JPEG", "HEIF"}
_MAX_FULL_DECODE = 1_000_000
_SOS, _EOI = 0xDA, 0xD9
_STANDALONE = {0x01, 0xD8, *range(0xD0, 0xD8)}


def jpeg_has_image_data(data: bytes) -> bool:
    """True when the marker chain reaches a start-of-scan before the file ends."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
        elif marker in _STANDALONE:
            pos += 2
        elif marker == _EOI:
            return False
        else:
            length = int.from_bytes(data[pos + 2 : pos + 4], "big")
            if marker == _SOS:
                return pos + 2 + length < len(data)
            pos += 2 + length
    return False


def dhash(image: Image.Image) -> str:
    """A 64-bit dHash as 16 hex digits."""
    small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    px = small.load()
    bits = 0
    for y in range(8):
        for x in range(8):
            bits = (bits << 1) | (px[x, y] < px[x + 1, y])
    return f"{bits:016x}"


def small_copy(data: bytes, format_name: str, side: int, mode: str = "RGB") -> Image.Image | None:
    """The picture upright in `mode` ("RGB" or "L"), at most `side` pixels long, None when
    its pixels are not cheap; ValueError if unreadable. A JPEG asked for "L" decodes its
    brightness only, at the smallest DCT scale that is still `side` long."""
    if format_name not in FINGERPRINTED:
        return None
    return_large_buffers()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as im:
                cheap = format_name in _DRAFTABLE and not im.info.get("progressive")
                if not cheap and im.width * im.height > _MAX_FULL_DECODE:
                    return None
                im.draft(mode, _fitted(im.size, side))
                if im.mode not in ("1", "P"):  # those resize by nearest neighbour only
                    im.thumbnail((side, side))  # before turning: one full-size copy, not three
                image = ImageOps.exif_transpose(im).convert(mode)
                image.thumbnail((side, side))
                return image
    except Exception as exc:  # decoders raise anything from EOFError to SyntaxError
        raise ValueError(str(exc) or type(exc).__name__) from exc


def _fitted(size: tuple[int, int], side: int) -> tuple[int, int]:
    """`size` shrunk to `side` long: a HEIF thumbnail serves only if it covers both sides."""
    width, height = size
    scale = min(1.0, side / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))
