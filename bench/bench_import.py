"""Import throughput beside `exiftool -fast -json -r` over the same files: files/second.

    .venv/bin/python bench/bench_import.py [--files 10000]

A folder of real files is generated once under the temp folder: JPEGs of about 400 KB
with EXIF dates, captions and XMP people (1 in 20 with an XMP sidecar), and HEIC and
QuickTime files copied from the shared corpus with their bytes made unique. Then, each
as a new process: a cold `memories import`, an incremental one with nothing changed,
one with 1% of the files changed, and exiftool over the same folder. Prints a table
and appends it to docs/benchmarks.md with the machine and the command.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from gentle_memories.sample import write_photo
from report import machine, record

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CLI = Path(sys.executable).with_name("memories")
SEEDS = 40
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    '22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
    '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Sidecar {n}</rdf:li></rdf:Alt>'
    "</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def _free_box(n: int) -> bytes:
    """An MP4 'free' box: valid trailing bytes that make each copy's content unique."""
    payload = f"gentle-memories bench {n}".encode()
    return (8 + len(payload)).to_bytes(4, "big") + b"free" + payload


def generate(folder: Path, count: int) -> None:
    """`count` files: 90% JPEG (from SEEDS pictures, each copy's date made unique),
    5% HEIC, 5% QuickTime; every 20th JPEG with an XMP sidecar."""
    start = datetime(2012, 1, 1, 9)
    seeds = []
    for s in range(SEEDS):
        taken = start + timedelta(days=s)
        path = write_photo(
            folder / "seeds" / f"seed{s}.jpg",
            taken,
            "A walk by the river, everyone in coats",
            ["Maya"],
            size=(1600, 1200),
        )
        seeds.append((path.read_bytes(), taken.strftime("%Y:%m:%d %H:%M:%S").encode()))
    shutil.rmtree(folder / "seeds")
    heic = (CORPUS / "immich-test-assets/formats/heic/IMG_2682.heic").read_bytes()
    movie = (CORPUS / "exiftool-images/QuickTime.mov").read_bytes()
    for n in range(count):
        album = folder / f"{2012 + n % 12}" / f"album-{n % 97:02d}"
        album.mkdir(parents=True, exist_ok=True)
        if n % 20 == 10:
            (album / f"IMG_{n:06d}.heic").write_bytes(heic + _free_box(n))
        elif n % 20 == 15:
            (album / f"MOV_{n:06d}.mov").write_bytes(movie + _free_box(n))
        else:
            data, stamp = seeds[n % SEEDS]
            taken = start + timedelta(days=n % 4000, seconds=n)
            new = taken.strftime("%Y:%m:%d %H:%M:%S").encode()
            (album / f"IMG_{n:06d}.jpg").write_bytes(data.replace(stamp, new))
            if n % 20 == 0:
                (album / f"IMG_{n:06d}.jpg.xmp").write_text(XMP.format(n=n))


def timed(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def change_one_percent(folder: Path) -> int:
    photos = sorted(folder.rglob("*.jpg"))[::100]
    for path in photos:
        data = path.read_bytes()
        path.write_bytes(data.replace(b"everyone in coats", b"everyone in boots"))
    return len(photos)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / f"gm-bench-import-{args.files}"
    if not folder.exists():
        generate(folder, args.files)
    where = machine()
    files = sum(1 for p in folder.rglob("*") if p.is_file() and p.suffix != ".xmp")
    home = Path(tempfile.mkdtemp(prefix="gm-bench-import-home-"))
    importing = [CLI, "--home", home, "import", folder]
    rows = [("exiftool -fast -json -r", timed(["exiftool", "-fast", "-json", "-r", folder]))]
    rows.append(("memories import, cold", timed(importing)))
    rows.append(("memories import, nothing changed", timed(importing)))
    changed = change_one_percent(folder)
    rows.append((f"memories import, {changed} files changed", timed(importing)))
    shutil.rmtree(home)
    base = rows[0][1]
    lines = ["| run | files | seconds | files/s | vs exiftool |", "| ---" + " | ---:" * 4 + " |"]
    for what, seconds in rows:
        rate, ratio = files / seconds, base / seconds
        lines.append(f"| {what} | {files:,} | {seconds:.1f} | {rate:,.0f} | {ratio:.2f} |")
    table = "\n".join(lines)
    print(table)
    record(
        "Import throughput",
        f".venv/bin/python bench/bench_import.py --files {args.files}",
        table,
        [
            "files: 90% JPEG (about 400 KB), 5% HEIC, 5% QuickTime, 1 in 20 JPEGs with a sidecar",
            "`memories import` includes the care model reading new captions and the events",
        ],
        where,
    )


if __name__ == "__main__":
    main()
