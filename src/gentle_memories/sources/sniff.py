"""What a file is, from its first bytes: cheap enough to run on every file in a folder.

The name's extension only words the reason ("though named .jpg"); the bytes decide,
so a renamed file is neither lost nor mistaken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

HEAD_SIZE = 512

RAW_SUFFIXES = {
    ".3fr", ".arw", ".cr2", ".cr3", ".crw", ".dcr", ".dng", ".erf", ".iiq", ".k25", ".kdc",
    ".mef", ".mos", ".mrw", ".nef", ".nrw", ".orf", ".pef", ".raf", ".raw", ".rw2", ".rwl",
    ".sr2", ".srf", ".srw", ".x3f",
}  # fmt: skip
MEDIA_SUFFIXES = RAW_SUFFIXES | {
    ".jpg", ".jpeg", ".jpe", ".heic", ".heif", ".hif", ".png", ".webp", ".avif", ".jxl",
    ".tif", ".tiff", ".gif", ".bmp", ".mp4", ".m4v", ".mov", ".3gp", ".3g2",
}  # fmt: skip

_PHOTO_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A "}
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}

_PHOTOS: list[tuple[bytes, str]] = [
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"IIRO", "ORF"),
    (b"IIRS", "ORF"),
    (b"MMOR", "ORF"),
    (b"IIU\x00", "RW2"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"FUJIFILMCCD-RAW", "RAF"),
    (b"II\x1a\x00\x00\x00HEAPCCDR", "CRW"),
    (b"\x00MRM", "MRW"),
    (b"\xff\x0a", "JXL"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JXL"),
]

_UNREAD_MEDIA: list[tuple[bytes, str]] = [
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
    (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", "a Windows Media video"),
    (b"FLV", "a Flash video"),
    (b".RMF", "a RealMedia file"),
    (b"\x06\x0e\x2b\x34", "an MXF video"),
    (b"II+\x00", "a BigTIFF image"),
    (b"MM\x00+", "a BigTIFF image"),
    (b"FOVb", "a Sigma X3F raw file"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "a JPEG 2000 image"),
    (b"\xff\x4f\xff\x51", "a JPEG 2000 image"),
    (b"8BPS", "a Photoshop document"),
    (b"gimp xcf", "a GIMP image"),
]

_OTHERS: list[tuple[bytes, str]] = [
    (b"\x00\x01\x00\x00\x00", "a TrueType font"),
    (b"OTTO", "an OpenType font"),
    (b"true\x00", "a TrueType font"),
    (b"\x80\x01", "a PostScript font"),
    (b"%!PS-AdobeFont", "a PostScript font"),
    (b"%!FontType1", "a PostScript font"),
    (b"StartFontMetrics", "a font metrics file"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program or library"),
    (b"\xfe\xed\xfa\xce", "a macOS program"),
    (b"\xfe\xed\xfa\xcf", "a macOS program"),
    (b"\xce\xfa\xed\xfe", "a macOS program"),
    (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"\xca\xfe\xba\xbe", "a macOS program"),
    (b"!<arch>\n", "a program library"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"OggS", "an Ogg audio file"),
    (b"MAC ", "an APE audio file"),
    (b"MPCK", "a Musepack audio file"),
    (b"MP+", "a Musepack audio file"),
    (b".ra\xfd", "a RealAudio file"),
    (b"#!AMR", "an AMR audio file"),
    (b"%PDF", "a PDF document"),
    (b"%!PS", "a PostScript document"),
    (b"\xc5\xd0\xd3\xc6", "a PostScript document"),
    (b"{\\rtf", "a rich-text document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"bplist", "a property list"),
    (b"SQLite format 3", "a database"),
]


@dataclass(frozen=True)
class Format:
    """kind is None for anything this importer does not read; reason then says what it is."""

    kind: Literal["photo", "video"] | None
    name: str
    reason: str = ""


def _unread(what: str) -> Format:
    return Format(None, what, f"{what}: only photos and MP4/MOV videos are read")


def _not_media(what: str, suffix: str = "") -> Format:
    named = f", though named {suffix}" if suffix in MEDIA_SUFFIXES else ""
    return Format(None, what, f"not a photo or video ({what}){named}")


def _bmff(head: bytes) -> Format | None:
    if head[4:8] != b"ftyp":
        return Format("video", "QuickTime") if head[4:8] in _QUICKTIME_ATOMS else None
    box_end = min(int.from_bytes(head[:4], "big"), len(head))
    major = head[8:12]
    brands = {major} | {head[i : i + 4] for i in range(16, box_end - 3, 4)}
    if b"crx " in brands:
        return Format("photo", "CR3")
    if major in {b"avif", b"avis"}:
        return Format("photo", "AVIF")
    if brands & _PHOTO_BRANDS and major not in {b"isom", b"mp41", b"mp42", b"qt  "}:
        return Format("photo", "HEIF")
    if major in _AUDIO_BRANDS:
        return _not_media("an M4A audio file")
    return Format("video", "QuickTime" if major == b"qt  " else "MP4")


def _riff(head: bytes) -> Format | None:
    if head[:4] != b"RIFF":
        return None
    kind = head[8:12]
    if kind == b"WEBP":
        return Format("photo", "WebP")
    if kind == b"AVI ":
        return _unread("an AVI video")
    return _not_media("a WAV audio file" if kind == b"WAVE" else "a RIFF file")


def _transport_stream(head: bytes) -> bool:
    return (len(head) > 196 and head[4] == 0x47 and head[196] == 0x47) or (
        len(head) > 188 and head[0] == 0x47 and head[188] == 0x47
    )


def _describe_other(head: bytes, suffix: str) -> str:
    for magic, what in _OTHERS:
        if head.startswith(magic):
            return what
    if head[:4] == b"FORM" and head[8:12] in {b"AIFF", b"AIFC"}:
        return "an AIFF audio file"
    if head[:2] in {b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xf1", b"\xff\xf9"}:
        return "an MPEG audio file"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if text and not re.search(r"[\x00-\x08\x0e-\x1f]", text):
        return "an XML or HTML text" if re.match(r"\s*<", text) else "a text file"
    return f"an unknown {suffix} file" if suffix else "an unknown file"


def sniff(head: bytes, suffix: str) -> Format:
    """The format of a file from its first HEAD_SIZE bytes and, for wording only, its suffix."""
    suffix = suffix.lower()
    for magic, name in _PHOTOS:
        if head.startswith(magic):
            if name == "TIFF" and suffix in RAW_SUFFIXES:
                name = suffix[1:].upper()
            return Format("photo", name)
    if head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00":
        return Format("photo", "BMP")
    found = _bmff(head) or _riff(head)
    if found:
        return found
    for magic, what in _UNREAD_MEDIA:
        if head.startswith(magic):
            return _unread(what)
    if _transport_stream(head):
        return _unread("an MTS video")
    what = _describe_other(head, suffix)
    if suffix in RAW_SUFFIXES and what.startswith("an unknown"):
        return Format(None, "RAW", f"a {suffix} raw file whose metadata cannot be read")
    return _not_media(what, suffix)
