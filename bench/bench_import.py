"""Import throughput beside `exiftool -fast -json -r` over the same files: files/second.

    .venv/bin/python bench/bench_import.py [--files 10000] [--small] [--no-exiftool]
        [--captions same|distinct|none] [--repeat 1]

A folder of real files is generated once under the temp folder and kept: JPEGs of
about 70 KB (1600x1200; about 25 KB, 800x600, with --small, so that 100,000 files fit
in a few GB) with EXIF dates, captions and XMP people (1 in 20 with an XMP sidecar;
9 in 10 name a phone, the tenth is read for text as a messaging app's picture would be),
and HEIC and QuickTime files copied from the shared corpus with their bytes made
unique. Every JPEG has the same caption (--captions same), one of its own (distinct),
or none, and then its sidecar has none either. Then, each as a new process: exiftool
over the folder, a cold `memories import`, an incremental one with nothing changed,
and one with 1% of the files changed, for each --sources folder in turn (main's and a
branch's, side by side). With --repeat N, exiftool and each cold import run N times in
turn and the median run is shown. Each import row has its peak memory: the largest
process (exact, from the kernel) and the whole process tree with the reader workers
(sampled). Prints a table and appends it to docs/benchmarks.md with the machine and the
command.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from gentle_memories.sample import write_photo
from report import AS_INSTALLED, machine, record

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
CLI = Path(sys.executable).with_name("memories")
SEEDS = 40
PHONE = ("Apple", "iPhone 12")
CAPTION = "A walk by the river, everyone in coats"
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


def _caption(n: int) -> bytes:
    """A caption of the shipped one's length, so the EXIF around it stays as it is."""
    own = f"A walk no. {n:08d}, everyone in coats"
    assert len(own) == len(CAPTION)
    return own.encode()


def album_of(n: int) -> str:
    """The folder of the nth file, and so its album: one of about 1,200 over the years."""
    return f"{2012 + n % 12}/album-{n % 97:02d}"


def generate(folder: Path, count: int, size: tuple[int, int], captions: str = "same") -> None:
    """`count` files: 90% JPEG (from SEEDS pictures, each copy's date made unique),
    5% HEIC, 5% QuickTime; every 20th JPEG with an XMP sidecar. Nine JPEGs in ten name
    the phone that took them; the tenth names none, as a picture sent through a messaging
    app, and is read for text as a possible screenshot or document."""
    start = datetime(2012, 1, 1, 9)
    seeds = []
    for s in range(SEEDS):
        taken = start + timedelta(days=s)
        path = write_photo(
            folder / "seeds" / f"seed{s}.jpg",
            taken,
            "" if captions == "none" else CAPTION,
            ["Maya"],
            size=size,
            camera=None if s % 10 == 0 else PHONE,
        )
        seeds.append((path.read_bytes(), taken.strftime("%Y:%m:%d %H:%M:%S").encode()))
    shutil.rmtree(folder / "seeds")
    heic = (CORPUS / "immich-test-assets/formats/heic/IMG_2682.heic").read_bytes()
    movie = (CORPUS / "exiftool-images/QuickTime.mov").read_bytes()
    for n in range(count):
        album = folder / album_of(n)
        album.mkdir(parents=True, exist_ok=True)
        if n % 20 == 10:
            (album / f"IMG_{n:06d}.heic").write_bytes(heic + _free_box(n))
        elif n % 20 == 15:
            (album / f"MOV_{n:06d}.mov").write_bytes(movie + _free_box(n))
        else:
            data, stamp = seeds[n % SEEDS]
            taken = start + timedelta(days=n % 4000, seconds=n)
            new = taken.strftime("%Y:%m:%d %H:%M:%S").encode()
            data = data.replace(stamp, new)
            if captions == "distinct":
                data = data.replace(CAPTION.encode(), _caption(n))
            (album / f"IMG_{n:06d}.jpg").write_bytes(data)
            if n % 20 == 0:
                xmp = XMP.format(n=n)
                if captions == "none":
                    xmp = xmp.replace(f"Sidecar {n}", "")
                (album / f"IMG_{n:06d}.jpg.xmp").write_text(xmp)


def _tree_pss_kb(pid: int) -> int:
    """Proportional set size of a process and its descendants: shared pages of the
    forked readers are counted once, not once per process as a sum of RSS would."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _tree_pss_kb(int(child))
    except (OSError, ValueError):
        pass  # a process that ended while being read
    return total


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Seconds, peak RSS of the largest process (kernel's figure, from os.wait4) and
    peak memory of the whole tree (sampled every 0.2 s), both in MB."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    peak_tree, stop = [0], threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            peak_tree[0] = max(peak_tree[0], _tree_pss_kb(process.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    stop.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return time.perf_counter() - began, usage.ru_maxrss / 1024, peak_tree[0] / 1024


def _median(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """The run of median seconds (with its memory figures)."""
    return sorted(runs)[len(runs) // 2]


def change_one_percent(folder: Path) -> int:
    photos = sorted(folder.rglob("*.jpg"))[::100]
    for path in photos:
        data = path.read_bytes()
        was, now = (b"coats", b"boots") if b"everyone in coats" in data else (b"boots", b"coats")
        path.write_bytes(data.replace(b"everyone in " + was, b"everyone in " + now))
    return len(photos)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--small", action="store_true", help="JPEGs of 800x600, about 25 KB")
    parser.add_argument("--no-exiftool", action="store_true", help="skip the exiftool baseline")
    parser.add_argument(
        "--repeat", type=int, default=1, help="cold runs of each, in turn; the median is shown"
    )
    parser.add_argument(
        "--captions",
        choices=("same", "distinct", "none"),
        default="same",
        help="every JPEG's caption: the same one, its own, or none",
    )
    parser.add_argument(
        "--sources",
        nargs="+",
        metavar="LABEL=SRC",
        default=[],
        help="import with each of these source folders (PYTHONPATH) in turn, side by side",
    )
    args = parser.parse_args()
    size, kb = ((800, 600), 25) if args.small else ((1600, 1200), 70)
    variant = "" if args.captions == "same" else f"-{args.captions}"
    name = f"gm-bench-import-{args.files}{'-small' * args.small}{variant}-phones"
    folder = Path(tempfile.gettempdir()) / name
    if not folder.exists():
        generate(folder, args.files, size, args.captions)
    where = machine()
    files = sum(1 for p in folder.rglob("*") if p.is_file() and p.suffix != ".xmp")
    exiftool = ["exiftool", "-fast", "-json", "-r", folder]
    sources = [s.split("=", 1) for s in args.sources] or [("", None)]
    envs = {
        label: {**AS_INSTALLED, "PYTHONPATH": str(Path(src).resolve())} if src else AS_INSTALLED
        for label, src in sources
    }
    cold: dict[str, list] = {label: [] for label in ["exiftool", *envs]}
    homes: dict[str, Path] = {}
    for _ in range(args.repeat):  # in turn, so that a machine's drift falls on every row
        if not args.no_exiftool:
            cold["exiftool"].append(timed(exiftool))
        for label, env in envs.items():
            if label in homes:
                shutil.rmtree(homes[label])
            homes[label] = Path(tempfile.mkdtemp(prefix="gm-bench-import-home-"))
            cold[label].append(timed([CLI, "--home", homes[label], "import", folder], env))
    rows = [] if args.no_exiftool else [("exiftool -fast -json -r", _median(cold["exiftool"]))]
    for label, env in envs.items():
        home = homes[label]  # the last cold run's
        importing = [CLI, "--home", home, "import", folder]
        said = f" ({label})" if label else ""
        rows.append((f"memories import, cold{said}", _median(cold[label])))
        if label != next(iter(envs)):  # the files an earlier source's row changed, untimed
            timed(importing, env)
        rows.append((f"memories import, nothing changed{said}", timed(importing, env)))
        changed = change_one_percent(folder)
        rows.append((f"memories import, {changed} files changed{said}", timed(importing, env)))
        shutil.rmtree(home)
    base = None if args.no_exiftool else rows[0][1][0]
    lines = [
        "| run | files | seconds | files/s | vs exiftool | peak MB, largest process "
        "| peak MB, all processes |",
        "| ---" + " | ---:" * 6 + " |",
    ]
    for what, (seconds, largest, tree) in rows:
        ratio = f"{base / seconds:.2f}" if base else "-"
        lines.append(
            f"| {what} | {files:,} | {seconds:.1f} | {files / seconds:,.0f} | {ratio} "
            f"| {largest:,.0f} | {tree:,.0f} |"
        )
    table = "\n".join(lines)
    print(table)
    record(
        "Import throughput and memory",
        " ".join([".venv/bin/python bench/bench_import.py", *sys.argv[1:]]),
        table,
        [
            f"files: 90% JPEG (about {kb} KB, {size[0]}x{size[1]}), 5% HEIC (880 KB), "
            "5% QuickTime, 1 in 20 JPEGs with a sidecar, 9 JPEGs in 10 with a phone's "
            "make and model (the tenth is read for text)",
            {
                "same": "captions: every JPEG the same one",
                "distinct": "captions: every JPEG its own",
                "none": "captions: none (album names are still read)",
            }[args.captions],
            "`memories import` includes the care model reading new captions and the events",
            "peak memory: the largest process is the kernel's maximum resident set "
            "(os.wait4; it starts at this bench's own size, counted for the child before it "
            "execs); all processes is the proportional set size of the import and its "
            "reader workers together, sampled every 0.2 s",
        ],
        where,
    )


if __name__ == "__main__":
    main()
