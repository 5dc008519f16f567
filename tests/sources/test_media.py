"""read_media on real corpus files and on files built here: dates, text, people, place, errors."""

from __future__ import annotations

import io
import shutil
import struct
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from gentle_memories.sources.capture_time import choose, stamp
from gentle_memories.sources.filename_dates import date_from_name
from gentle_memories.sources.media import NotMedia, read_media
from tests.conftest import CORPUS

IMMICH = CORPUS / "immich-test-assets"
EXIFTOOL = CORPUS / "exiftool-images"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="tests/corpus is not there")

IFD_EXIF, IFD_GPS = 0x8769, 0x8825


def make_jpeg(
    path: Path,
    ifd0: dict | None = None,
    exif: dict | None = None,
    gps: dict | None = None,
    size: tuple[int, int] = (64, 48),
) -> Path:
    """A real JPEG with the given EXIF tags (numeric tag ids, as Pillow takes them)."""
    tags = Image.Exif()
    for tag, value in (ifd0 or {}).items():
        tags[tag] = value
    for tag, value in (exif or {}).items():
        tags.get_ifd(IFD_EXIF)[tag] = value
    for tag, value in (gps or {}).items():
        tags.get_ifd(IFD_GPS)[tag] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=tags.tobytes())
    path.write_bytes(buf.getvalue())
    return path


XMP_SIDECAR = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
    xmlns:digiKam="http://www.digikam.org/ns/1.0/"
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
    xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"
    exif:DateTimeOriginal="{date}"
    exif:GPSLatitude="48,51.5N" exif:GPSLongitude="2,21.0E">
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">{caption}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">A title</rdf:li></rdf:Alt></dc:title>
   <dc:subject><rdf:Bag><rdf:li>beach</rdf:li></rdf:Bag></dc:subject>
   <lr:hierarchicalSubject><rdf:Bag><rdf:li>Places|France|Paris</rdf:li></rdf:Bag></lr:hierarchicalSubject>
   <digiKam:TagsList><rdf:Seq><rdf:li>Events/Summer holiday</rdf:li></rdf:Seq></digiKam:TagsList>
   <Iptc4xmpExt:PersonInImage><rdf:Bag>
    <rdf:li>Ada Lovelace</rdf:li>
   </rdf:Bag></Iptc4xmpExt:PersonInImage>
   <mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <mwg-rs:Name>Alan Turing</mwg-rs:Name><mwg-rs:Type>Face</mwg-rs:Type>
     </rdf:li>
     <rdf:li rdf:parseType="Resource">
      <mwg-rs:Name>Blurry dog</mwg-rs:Name><mwg-rs:Type>Pet</mwg-rs:Type>
     </rdf:li>
   </rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def sidecar(date: str = "2015-06-20T10:00:00+02:00", caption: str = "From the sidecar") -> str:
    return XMP_SIDECAR.format(date=date, caption=caption)


# --- the corpus ------------------------------------------------------------------------


@needs_corpus
def test_date_original_wins_over_every_other_date():
    info = read_media(IMMICH / "metadata/dates/date-priority-test.jpg")
    assert info.taken_at == datetime(2023, 2, 2, 2, 0)
    assert (info.date_confidence, info.date_source) == ("exact", "EXIF DateTimeOriginal")


@needs_corpus
@pytest.mark.parametrize("name", ["portrait.jpg", "portrait-orientation-6.jpg"])
def test_face_regions_name_the_people(name):
    info = read_media(IMMICH / "metadata/faces" / name)
    assert info.people == ["Marie Curie", "Pierre Curie"]


@needs_corpus
def test_picasa_keywords_and_description():
    info = read_media(IMMICH / "metadata/tags/picasa.jpg")
    assert info.keywords == ["Frost", "Yard"]
    assert info.caption == "Image-Description"


@needs_corpus
def test_offset_is_kept_and_borrowed_from_an_agreeing_witness():
    google = read_media(EXIFTOOL / "Google.jpg")
    assert google.taken_at == datetime(
        2023, 10, 6, 22, 53, 51, 724000, timezone(timedelta(hours=2))
    )
    thompson = read_media(IMMICH / "metadata/gps-position/thompson-springs.jpg")
    assert thompson.taken_at.utcoffset() == timedelta(hours=-4)
    assert thompson.place.name == "Thompson Springs, Utah, United States"
    assert thompson.place.lat == pytest.approx(39.115, abs=1e-3)


@needs_corpus
def test_gps_of_zero_is_no_place_and_gps_time_is_no_capture_time(tmp_path):
    assert read_media(IMMICH / "metadata/gps-position/empty_gps.jpg").place is None
    info = read_media(IMMICH / "metadata/dates/gps-datetime.jpg")
    assert info.date_confidence == "file_time"


@needs_corpus
@pytest.mark.parametrize(
    ("path", "kind", "taken"),
    [
        (IMMICH / "formats/heic/IMG_2682.heic", "photo", datetime(2019, 3, 21, 11, 4, 22, 348000)),
        (IMMICH / "formats/webp/denali.webp", "photo", datetime(2010, 8, 13, 21, 0, 1, 850000)),
        (EXIFTOOL / "CanonRaw.cr3", "photo", datetime(2018, 2, 21, 12, 8, 56, 210000, UTC)),
        (EXIFTOOL / "Nikon.nef", "photo", datetime(2004, 6, 9, 16, 2, 35)),
        (
            EXIFTOOL / "DNG.dng",
            "photo",
            datetime(2005, 8, 3, 18, 59, 18, tzinfo=timezone(timedelta(hours=-4))),
        ),
        (EXIFTOOL / "QuickTime.mov", "video", datetime(2005, 8, 11, 14, 3, 54, tzinfo=UTC)),
    ],
)
def test_formats(path, kind, taken):
    info = read_media(path)
    assert (info.kind, info.taken_at) == (kind, taken)


@needs_corpus
@pytest.mark.parametrize(
    "name", ["8bit-sRGB.avif", "../jxl/8bit-sRGB.jxl", "../png/density_plot.png"]
)
def test_formats_without_metadata_fall_back_to_the_file_time(name):
    info = read_media(IMMICH / "formats/avif" / name)
    assert (info.kind, info.date_confidence) == ("photo", "file_time")


@needs_corpus
def test_utf16_sidecar_is_read_and_wins(tmp_path):
    photo = shutil.copy(IMMICH / "metadata/dates/date-priority-test.jpg", tmp_path / "photo.jpg")
    shutil.copy(IMMICH / "metadata/xmp/dates/2000.xmp", tmp_path / "photo.xmp")
    info = read_media(Path(photo))
    assert info.taken_at == datetime(2000, 9, 27, 14, 35, 33, tzinfo=timezone(timedelta(hours=2)))
    assert info.date_source == "XMP sidecar xmp:CreateDate"


# --- files built here -------------------------------------------------------------------


def test_exif_offset_and_subseconds(tmp_path):
    exif = {0x9003: "2020:09:30 03:15:00", 0x9011: "+09:00", 0x9291: "25"}
    info = read_media(make_jpeg(tmp_path / "a.jpg", exif=exif))
    assert info.taken_at == datetime(2020, 9, 30, 3, 15, 0, 250000, timezone(timedelta(hours=9)))
    assert (info.width, info.height) == (64, 48)
    assert info.fingerprint is not None and len(info.fingerprint) == 16


def test_date_of_zeros_falls_to_the_file_name_with_a_note(tmp_path):
    path = make_jpeg(tmp_path / "IMG_20200930_031500.jpg", exif={0x9003: "0000:00:00 00:00:00"})
    info = read_media(path)
    assert info.taken_at == datetime(2020, 9, 30, 3, 15)
    assert (info.date_confidence, info.date_source) == ("exact", "file name")
    assert info.notes == [
        "EXIF DateTimeOriginal 0000:00:00 00:00:00 ignored (not a real date); "
        "dated by the file name"
    ]


def test_date_in_2099_falls_to_the_next_witness(tmp_path):
    exif = {0x9003: "2099:01:01 00:00:00", 0x9004: "2012:05:06 07:08:09"}
    info = read_media(make_jpeg(tmp_path / "a.jpg", exif=exif))
    assert info.taken_at == datetime(2012, 5, 6, 7, 8, 9)
    assert info.date_source == "EXIF DateTimeDigitized"
    assert "in the future" in info.notes[0]


def test_whatsapp_name_is_an_inferred_date_and_mtime_is_last(tmp_path):
    info = read_media(make_jpeg(tmp_path / "IMG-20200930-WA0001.jpg"))
    assert (info.taken_at, info.date_confidence) == (datetime(2020, 9, 30), "inferred")
    plain = make_jpeg(tmp_path / "DSC_1234.jpg")
    info = read_media(plain)
    assert (info.date_confidence, info.date_source) == ("file_time", "file modification time")
    assert abs(info.taken_at - datetime.fromtimestamp(plain.stat().st_mtime)) < timedelta(
        milliseconds=1
    )


def test_camera_junk_captions_are_ignored_and_user_comment_decoded(tmp_path):
    comment = b"UNICODE\x00" + "Grandma's 90th, in the garden".encode("utf-16-le")
    path = make_jpeg(
        tmp_path / "a.jpg",
        ifd0={0x010E: "OLYMPUS DIGITAL CAMERA", 0x010F: "OLYMPUS"},
        exif={0x9286: comment},
    )
    assert read_media(path).caption == "Grandma's 90th, in the garden"
    assert read_media(make_jpeg(tmp_path / "b.jpg", ifd0={0x010E: "SONY DSC"})).caption == ""


def test_exif_gps(tmp_path):
    gps = {1: "S", 2: (33.0, 51.0, 36.0), 3: "E", 4: (151.0, 12.0, 0.0)}
    place = read_media(make_jpeg(tmp_path / "a.jpg", gps=gps)).place
    assert (place.lat, place.lon) == (pytest.approx(-33.86), pytest.approx(151.2))


def test_utf8_sidecar_brings_text_people_keywords_and_place(tmp_path):
    photo = make_jpeg(
        tmp_path / "a.jpg", exif={0x9003: "2020:01:01 10:00:00"}, ifd0={0x010E: "inside"}
    )
    (tmp_path / "a.jpg.xmp").write_text(sidecar(), encoding="utf-8")
    (tmp_path / "a.xmp").write_text(sidecar("2001-01-01T00:00:00", "shared"), encoding="utf-8")
    info = read_media(photo)
    assert info.taken_at == datetime(2015, 6, 20, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    assert (info.caption, info.title) == ("From the sidecar", "A title")
    assert info.keywords == ["beach", "Paris", "Summer holiday"]
    assert info.people == ["Alan Turing", "Ada Lovelace"]
    assert (info.place.lat, info.place.lon) == (
        pytest.approx(48.858, abs=1e-3),
        pytest.approx(2.35),
    )


def test_broken_sidecar_is_a_note_not_a_failure(tmp_path):
    photo = make_jpeg(tmp_path / "a.jpg", exif={0x9003: "2020:01:01 10:00:00"})
    (tmp_path / "a.xmp").write_bytes(b"\x00\x01garbage")
    info = read_media(photo)
    assert info.taken_at == datetime(2020, 1, 1, 10, 0)
    assert "sidecar ignored" in info.notes[0]


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def make_mp4(path: Path, created_utc: datetime | None, where: str = "") -> Path:
    seconds = (
        int((created_utc - datetime(1904, 1, 1, tzinfo=UTC)).total_seconds()) if created_utc else 0
    )
    mvhd = _box(b"mvhd", bytes(4) + struct.pack(">IIII", seconds, seconds, 1000, 5000) + bytes(80))
    tkhd = _box(b"tkhd", bytes(76) + struct.pack(">II", 1920 << 16, 1080 << 16))
    xyz = _box(b"\xa9xyz", struct.pack(">HH", len(where), 0) + where.encode())
    moov = _box(b"moov", mvhd + _box(b"trak", tkhd) + _box(b"udta", xyz))
    path.write_bytes(
        _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41") + _box(b"mdat", bytes(64)) + moov
    )
    return path


def test_mp4_creation_time_is_utc_told_in_the_zone_of_its_place_with_size(tmp_path):
    info = read_media(
        make_mp4(
            tmp_path / "clip.mp4", datetime(2021, 9, 30, 22, 30, tzinfo=UTC), "+52.5200+013.4050/"
        )
    )
    assert info.kind == "video"
    assert info.taken_at == datetime(2021, 10, 1, 0, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert info.taken_at.utcoffset() == timedelta(hours=2)
    assert info.date_source == "QuickTime CreateDate (UTC), in Europe/Berlin from its GPS"
    assert (info.width, info.height) == (1920, 1080)
    assert (info.place.lat, info.place.lon) == (52.52, 13.405)


def test_mp4_without_creation_time_is_dated_by_its_name(tmp_path):
    info = read_media(make_mp4(tmp_path / "VID_20200930_031500.mp4", None))
    assert (info.taken_at, info.date_source) == (datetime(2020, 9, 30, 3, 15), "file name")


# --- bad input --------------------------------------------------------------------------


def test_truncated_jpeg(tmp_path):
    whole = make_jpeg(tmp_path / "whole.jpg", exif={0x9003: "2020:01:01 10:00:00"}).read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: whole.index(b"\xff\xda")])
    with pytest.raises(NotMedia, match=r"^truncated JPEG: no image data$"):
        read_media(cut)


def test_jpeg_cut_inside_its_image_data_keeps_its_date_with_a_note(tmp_path):
    big = make_jpeg(tmp_path / "big.jpg", exif={0x9003: "2020:01:01 10:00:00"}, size=(640, 480))
    half = tmp_path / "half.jpg"
    half.write_bytes(big.read_bytes()[: big.stat().st_size // 2])
    info = read_media(half)
    assert info.taken_at == datetime(2020, 1, 1, 10, 0)
    assert info.fingerprint is None and "could not be decoded" in info.notes[0]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", r"^empty file$"),
        (
            b"Dear diary, today we went to the sea.\n",
            r"^not a photo or video \(a text file\), though named \.jpg$",
        ),
        (
            b"MZ\x90\x00" + bytes(60),
            r"^not a photo or video \(a Windows program\), though named \.jpg$",
        ),
    ],
)
def test_not_media(tmp_path, content, reason):
    path = tmp_path / "photo.jpg"
    path.write_bytes(content)
    with pytest.raises(NotMedia, match=reason):
        read_media(path)


@needs_corpus
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Font.ttf", "not a photo or video (a TrueType font)"),
        ("MP3.mp3", "not a photo or video (an MP3 audio file)"),
        ("EXE.exe", "not a photo or video (a Windows program)"),
        ("PDF.pdf", "not a photo or video (a PDF document)"),
        ("RIFF.avi", "an AVI video: only photos and MP4/MOV videos are read"),
        ("Sigma.x3f", "a Sigma X3F raw file: only photos and MP4/MOV videos are read"),
    ],
)
def test_corpus_files_that_are_not_items(name, reason):
    with pytest.raises(NotMedia) as err:
        read_media(EXIFTOOL / name)
    assert str(err.value) == reason


# --- the pieces -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "when", "has_time"),
    [
        ("IMG_20200930_031500.jpg", datetime(2020, 9, 30, 3, 15), True),
        ("PXL_20200930_031500123.MP.jpg", datetime(2020, 9, 30, 3, 15, 0, 123000), True),
        ("Screenshot_2020-09-30-03-15-00.png", datetime(2020, 9, 30, 3, 15), True),
        ("Screenshot 2020-09-30 at 03.15.00.png", datetime(2020, 9, 30, 3, 15), True),
        ("VID_20200930_031500.mp4", datetime(2020, 9, 30, 3, 15), True),
        ("20200930_031500.jpg", datetime(2020, 9, 30, 3, 15), True),
        ("IMG-20200930-WA0001.jpg", datetime(2020, 9, 30), False),
        ("DSC_1234.jpg", None, None),
        ("DSCF2012_0101.jpg", None, None),
        ("20200231_120000.jpg", None, None),
    ],
)
def test_dates_in_file_names(name, when, has_time):
    found = date_from_name(name)
    assert (found.when, found.has_time) == (when, has_time) if when else found is None


def test_impossible_dates_are_passed_over():
    now = datetime(2024, 1, 1)
    stamps = [
        stamp("A", "1799:01:01 00:00:00"),
        stamp("B", "2024:01:03 00:00:00"),
        stamp("C", "2010"),
    ]
    picked = choose(stamps, "x.jpg", int(now.timestamp() * 1e9), now=now)
    assert picked.confidence == "file_time"
    assert [n.split(" ignored ")[1] for n in picked.notes] == [
        "(before photography existed); dated by the file modification time",
        "(in the future); dated by the file modification time",
        "(no day); dated by the file modification time",
    ]
