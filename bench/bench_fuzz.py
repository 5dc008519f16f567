"""Fuzzing at depth: every importer over many drawn and mutated inputs, each imported
into a scratch library, with no crash, no hang and no file written outside the library.

    .venv/bin/python bench/bench_fuzz.py [--inputs 100000] [--workers 2] [--bound 10]
        [--minutes M] [--only takeout folder ...] [--seed 18]

The inputs are those of the short run in CI (tests/reliability/fuzzing.py), drawn by
Hypothesis, plus mutations of the real files in tests/corpus/:
- the four exports (takeout, instagram, facebook, dayone), built by their tests' builders:
  one JSON file's values replaced or its bytes damaged, or the whole file drawn; scanned
  as the folder, as a zip of it, or as that zip's bytes damaged; for Takeout also zips
  of drawn member names (`../x.jpg`, absolute, backslashes) and contents;
- calendar: the real calendar with drawn lines, or its bytes damaged, or drawn text;
- folder: corpus photos and videos with bits flipped, truncated, runs overwritten, or two
  spliced, under odd file names (long, unicode, dots, spaces, odd extensions), some with
  a drawn XMP sidecar.

Each input goes through `importer.detect` and `importer.scan`, the invariant of the CI
run (only Items, or Skipped with a one-line reason), and `save_batch` into a scratch
library home, in process: through the CLI 100,000 imports would take days. The OCR
model's reading of a picture (the clutter check) is kept by its pixels within a worker:
the exports' photos are the same from one input to the next (see _remember_ocr). Folder and
calendar inputs are batched (20 files to one scan; a file's entries carry its name);
a batch that fails is run again one input at a time so each failure names its input.
A crash is any exception but the engine's own one-line ArchiveError. A hang is an input
over --bound seconds (an alarm stops it). Around every scan each worker compares its
whole scratch folder (the inputs, a sentinel folder, HOME, TMPDIR and the working
directory it runs in), all but the library home, by name, size and mtime: any change is
a file written outside the library. Worker processes run chunks of 500 inputs, each
with its own Hypothesis seed and its own fresh library. With --minutes the run stops
each importer at its share of the time and records the counts it reached.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the shared fuzzing module and the export builders
sys.path.insert(0, str(ROOT / "src"))

from report import machine, record  # noqa: E402

# fastest first: with --minutes, time an importer leaves unused goes to those after it
KINDS = ("calendar", "folder", "dayone", "facebook", "instagram", "takeout")
CHUNK = 500  # inputs to one worker task: its own seed and library
BATCH = {"folder": 20, "calendar": 20}
CORPUS = ROOT / "tests" / "corpus"
BASE = Path(tempfile.gettempdir())  # taken before any worker points TMPDIR into its scratch
LARGEST = 600_000  # corpus files above this are left out: mutating them adds time, not reach


class Hang(BaseException):
    """Raised by the alarm when an input runs past the bound."""


class NeverKnown:
    """Every file is new: each input is read in full, whatever the scratch library holds."""

    def unchanged(self, uri: str, size: int, mtime_ns: int) -> bool:
        return False


@dataclass
class Tally:
    inputs: int = 0
    crashes: int = 0
    hangs: int = 0
    outside: int = 0
    slowest_ms: float = 0.0
    seconds: float = 0.0
    failures: list[dict] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.inputs += other.inputs
        self.crashes += other.crashes
        self.hangs += other.hangs
        self.outside += other.outside
        self.slowest_ms = max(self.slowest_ms, other.slowest_ms)
        self.seconds += other.seconds
        self.failures += other.failures[: max(0, 20 - len(self.failures))]


# --- the inputs -------------------------------------------------------------------------


def odd_names():
    from hypothesis import strategies as st

    stems = st.text(
        st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00"),
        min_size=1,
        max_size=60,
    ) | st.sampled_from(
        ["-rf", " ", "..", ".hidden", "IMG_0001", "a" * 180, "日本 写真", "x\ny", "\u202eexe.gpj"]
    )
    suffixes = st.sampled_from(
        [".jpg", ".JPG", ".jpeg", ".heic", ".png", ".webp", ".mp4", ".mov", ".MOV", ".xmp",
         ".json", ".tif", ".dng", "", ".", ".tar.gz", ".jpg.jpg", ".avif", ".jxl", ".gif"]
    )  # fmt: skip
    return st.tuples(stems, suffixes).map(lambda t: t[0] + t[1])


def safe_name(n: int, name: str) -> str:
    """The drawn name behind a number, cut to what the file system takes."""
    name = f"{n:03d}_{name}"
    while len(name.encode("utf-8", "surrogateescape")) > 200:
        name = name[:-1]
    return name if name not in {".", ".."} else f"{n:03d}"


def mutated_bytes(draw, files: list[bytes]) -> bytes:
    """A corpus file with bits flipped, truncated, runs overwritten, or spliced with another."""
    from hypothesis import strategies as st
    from tests.reliability.fuzzing import damaged

    data = draw(st.sampled_from(files))
    how = draw(st.sampled_from(["flip", "flip", "damage", "damage", "splice", "as is"]))
    if how == "as is":
        return data
    if how == "damage":
        within = draw(st.sampled_from([None, 4096, 65536]))
        return damaged(draw, data, within=within)
    if how == "splice":
        other = draw(st.sampled_from(files))
        return data[: draw(st.integers(0, len(data)))] + other[draw(st.integers(0, len(other))) :]
    out = bytearray(data)
    head = min(len(out), draw(st.sampled_from([512, 8192, 65536, len(out)])))
    for _ in range(draw(st.integers(1, 16))):
        if head:
            at = draw(st.integers(0, head - 1))
            out[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(out)


class Case:
    """One importer's inputs: `write` puts one input (or a batch) under `where` and
    returns the path to import and, per input, its files (to run one alone)."""

    batch = 1

    def __init__(self, where: Path) -> None:
        self.where = where

    def importer(self):
        raise NotImplementedError

    def write(self, draw, count: int) -> tuple[Path, list[list[Path]]]:
        raise NotImplementedError

    def restore(self) -> None:
        """Put back whatever `write` changed in a shared export."""


class ExportCase(Case):
    def __init__(self, where: Path, kind: str) -> None:
        from tests.reliability.fuzzing import EXPORTS, parses

        super().__init__(where)
        self.kind = kind
        self.importer_class, build = EXPORTS[kind]
        self.root = build(where / kind)
        self.jsons = sorted(p for p in self.root.rglob("*.json") if parses(p))
        self.originals = {p: p.read_bytes() for p in self.jsons}
        self.parsed = {p: json.loads(b) for p, b in self.originals.items()}
        self.zip_path = where / f"{kind}.zip"
        self.changed: Path | None = None

    def importer(self):
        return self.importer_class()

    def _zip(self) -> Path:
        from tests.sources.exports import zip_folder

        self.zip_path.unlink(missing_ok=True)
        return zip_folder(self.root, self.zip_path)

    def write(self, draw, count):
        from hypothesis import strategies as st
        from tests.reliability.fuzzing import damaged, member_names, mutated_json, write_drawn_zip

        how = draw(st.sampled_from(["folder"] * 6 + ["zip", "zip", "damaged zip", "drawn zip"]))
        if how == "drawn zip" and self.kind == "takeout":
            photo = self.originals_photo()
            contents = st.sampled_from([photo, b"{}", b'{"title": "p.jpg"}', b""]) | st.binary(
                max_size=200
            )
            members = draw(st.lists(st.tuples(st.booleans(), member_names, contents), max_size=6))
            self.zip_path.unlink(missing_ok=True)
            write_drawn_zip(self.zip_path, members)
            return self.zip_path, [[self.zip_path]]
        if how == "damaged zip":
            data = self._zip().read_bytes()
            self.zip_path.write_bytes(damaged(draw, data))
            return self.zip_path, [[self.zip_path]]
        target = draw(st.sampled_from(self.jsons))
        target.write_bytes(draw(mutated_json(self.parsed[target])))
        self.changed = target
        if how == "folder":
            return self.root, [[self.root]]
        return self._zip(), [[self.zip_path]]

    def originals_photo(self) -> bytes:
        return next(p for p in self.root.rglob("*.jpg")).read_bytes()

    def restore(self):
        if self.changed is not None:
            self.changed.write_bytes(self.originals[self.changed])
            self.changed = None


class CalendarCase(Case):
    batch = BATCH["calendar"]

    def __init__(self, where: Path) -> None:
        from tests.sources.test_ics import CALENDAR

        super().__init__(where)
        self.real = CALENDAR.encode()
        self.folder = where / "calendars"

    def importer(self):
        from gentle_memories.sources.ics import CalendarImporter

        return CalendarImporter()

    def write(self, draw, count):
        from hypothesis import strategies as st
        from tests.reliability.fuzzing import calendar_text, damaged

        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir()
        groups = []
        for n in range(count):
            how = draw(st.sampled_from(["lines", "lines", "bytes", "text"]))
            if how == "lines":
                data = draw(calendar_text()).encode("utf-8", "surrogatepass")
            elif how == "bytes":
                data = damaged(draw, self.real)
            else:
                data = b"BEGIN:VCALENDAR\r\n" + draw(st.text(max_size=400)).encode(
                    "utf-8", "surrogatepass"
                )
            path = self.folder / f"{n:03d}.ics"
            path.write_bytes(data)
            groups.append([path])
        return self.folder, groups


class FolderCase(Case):
    batch = BATCH["folder"]

    def __init__(self, where: Path) -> None:
        from datetime import datetime

        from gentle_memories.sample import write_photo

        super().__init__(where)
        made = write_photo(
            where / "original.jpg",
            datetime(2019, 6, 1, 14, 0).astimezone(),
            "By the lake",
            ["Anna"],
            ["summer"],
            gps=(52.5, 13.4),
        )
        paths = [p for p in sorted(CORPUS.rglob("*")) if p.is_file() and p.suffix != ".md"]
        self.files = [made.read_bytes()] + [
            p.read_bytes() for p in paths if p.stat().st_size <= LARGEST
        ]
        self.folder = where / "photos"

    def importer(self):
        from gentle_memories.sources.folder import FolderImporter

        return FolderImporter(workers=1)

    def write(self, draw, count):
        from hypothesis import strategies as st
        from tests.reliability.fuzzing import xmp_text

        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir()
        names, groups = odd_names(), []
        for n in range(count):
            path = self.folder / safe_name(n, draw(names))
            if draw(st.integers(0, 9)) == 0:
                path.write_bytes(draw(st.binary(max_size=2000)))
            else:
                path.write_bytes(mutated_bytes(draw, self.files))
            group = [path]
            if draw(st.integers(0, 3)) == 0:
                sidecar = path.with_name(path.name + ".xmp")
                sidecar.write_text(draw(xmp_text()), encoding="utf-8", errors="surrogatepass")
                group.append(sidecar)
            groups.append(group)
        return self.folder, groups


def make_case(kind: str, where: Path) -> Case:
    if kind == "calendar":
        return CalendarCase(where)
    if kind == "folder":
        return FolderCase(where)
    return ExportCase(where, kind)


# --- one worker's chunk -------------------------------------------------------------------


def snapshot(work: Path, home: Path) -> dict[str, tuple[int, int]]:
    """Every file (name, size, mtime) and folder under the scratch folder but the home."""
    out = {}
    for folder, dirs, files in os.walk(work):
        if Path(folder) == work and home.name in dirs:
            dirs.remove(home.name)
        for name in dirs + files:
            path = os.path.join(folder, name)
            if name in files:
                st = os.lstat(path)
                out[path] = (st.st_size, st.st_mtime_ns)
            else:  # a folder's own mtime moves with a temporary file made and removed
                out[path] = (0, 0)
    return out


def one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def attempt(case: Case, library, path: Path, bound: float, work: Path, home: Path) -> dict:
    """Import one path; what went wrong, if anything, and the slowest step in ms."""
    from tests.reliability.fuzzing import check

    from gentle_memories.importing import ImportSummary, save_batch
    from gentle_memories.items import Item
    from gentle_memories.sources.archive import ArchiveError

    before = snapshot(work, home)
    importer = case.importer()
    began = last = time.perf_counter()
    slowest, problem = 0.0, None
    signal.setitimer(signal.ITIMER_REAL, bound)
    try:
        importer.detect(path)
        found = []
        for f in importer.scan(path, NeverKnown()):
            now = time.perf_counter()
            slowest, last = max(slowest, now - last), now
            found.append(f)
        check(found)
        save_batch(library, [f for f in found if isinstance(f, Item)], ImportSummary())
    except Hang:
        problem = {"what": "hang", "error": f"over {bound:g} s"}
    except ArchiveError as refused:  # the engine's own refusal of an archive
        if "\n" in str(refused) or not str(refused).strip():
            problem = {"what": "crash", "error": f"ArchiveError not one line: {refused!r}"}
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        problem = {
            "what": "crash",
            "error": one_line(f"{type(exc).__name__}: {exc}"),
            "at": f"{Path(where.filename).name}:{where.lineno}",
        }
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    total = time.perf_counter() - began
    after = snapshot(work, home)
    changed = sorted(p for p in after.keys() | before.keys() if after.get(p) != before.get(p))
    if changed and problem is None:
        problem = {"what": "outside", "error": f"changed: {changed[:5]}"}
    step = slowest if case.batch > 1 else total
    return {"problem": problem, "slowest_ms": max(step, slowest) * 1000, "changed": changed}


def run_chunk(kind: str, count: int, seed: int, bound: float) -> Tally:
    """`count` inputs of one importer, drawn from `seed`, into one fresh scratch library."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as with_seed
    from hypothesis import strategies as st

    from gentle_memories.library import Library

    work = Path(tempfile.mkdtemp(prefix=f"gm-fuzz-{kind}-", dir=BASE))
    for sub in ("input", "sentinel", "userhome", "tmp", "cwd"):
        (work / sub).mkdir()
    (work / "sentinel" / "keep.txt").write_text("nothing may touch this\n")
    os.environ.update(HOME=str(work / "userhome"), TMPDIR=str(work / "tmp"))
    tempfile.tempdir = str(work / "tmp")
    os.chdir(work / "cwd")
    signal.signal(signal.SIGALRM, _alarm)
    _remember_ocr()
    home = work / "home"
    library = Library.open(home)
    case = make_case(kind, work / "input")
    tally = Tally()
    began = time.perf_counter()

    def note(problem: dict | None, files: list[Path]) -> None:
        if problem is None:
            return
        what = problem["what"]
        tally.crashes += what == "crash"
        tally.hangs += what == "hang"
        tally.outside += what == "outside"
        if len(tally.failures) < 20:
            kept = BASE / "gm-fuzz-found" / f"{kind}-{seed}-{len(tally.failures)}"
            shutil.rmtree(kept, ignore_errors=True)
            kept.mkdir(parents=True)
            for f in files:  # the input as it was, to run again by hand
                if f.is_dir():
                    shutil.copytree(f, kept / f.name, symlinks=True)
                else:
                    shutil.copy(f, kept / f.name)
            tally.failures.append({"importer": kind, **problem, "kept": str(kept)})

    @settings(
        max_examples=max(1, count // case.batch),
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @with_seed(seed)
    @given(data=st.data())
    def one(data):
        nonlocal library
        if tally.inputs >= count:
            return
        n = min(case.batch, count - tally.inputs)
        try:
            path, groups = case.write(data.draw, n)
            result = attempt(case, library, path, bound * (2 if n > 1 else 1), work, home)
            tally.slowest_ms = max(tally.slowest_ms, result["slowest_ms"])
            if result["problem"] and len(groups) > 1:  # again one by one, to name the input
                for group in groups:
                    alone = work / "input" / "alone"
                    shutil.rmtree(alone, ignore_errors=True)
                    alone.mkdir()
                    for f in group:
                        shutil.copy(f, alone / f.name)
                    single = attempt(case, library, alone, bound, work, home)
                    note(single["problem"], group)
                shutil.rmtree(work / "input" / "alone", ignore_errors=True)
            else:
                note(result["problem"], groups[0] if groups else [])
            if result["problem"] and result["problem"]["what"] == "hang":
                library.close()  # a hang may have stopped mid-transaction: start afresh
                shutil.rmtree(home)
                library = Library.open(home)
            tally.inputs += n
        finally:
            case.restore()

    one()
    library.close()
    shutil.rmtree(work, ignore_errors=True)
    tally.seconds = time.perf_counter() - began
    return tally


def _alarm(signum, frame):
    raise Hang


def _remember_ocr() -> None:
    """The OCR model's reading of a picture (the clutter check), kept by the picture's
    pixels: the exports' photos are their builders' own, unchanged from one input to the
    next, and reading them again each time is 90% of an export's import. Only the model
    call is kept; a picture with other pixels is read by the model."""
    import hashlib

    from gentle_memories.understand import clutter

    if getattr(clutter.read_text, "remembered", False):
        return
    original, seen = clutter.read_text, {}

    def read_text(small, read=3):
        key = (hashlib.blake2b(small.tobytes()).digest(), small.size, small.mode, read)
        if key not in seen:
            seen[key] = original(small, read)
        return seen[key]

    read_text.remembered = True
    clutter.read_text = read_text


# --- the run ----------------------------------------------------------------------------------


def run(
    kinds: list[str],
    inputs: int,
    workers: int,
    bound: float,
    minutes: float | None,
    seed: int = 18,
) -> dict[str, tuple[Tally, float]]:
    """Per importer, the summed tally and the wall-clock seconds it took."""
    out = {}
    start, share = time.perf_counter(), None
    rng = random.Random(seed)  # another seed draws other inputs: a run that adds to one before
    with ProcessPoolExecutor(workers) as pool:
        for at, kind in enumerate(kinds):
            if minutes:  # an equal share of the time left
                share = (minutes * 60 - (time.perf_counter() - start)) / (len(kinds) - at)
            tally, began, left, pending = Tally(), time.perf_counter(), inputs, set()
            while left or pending:
                over = share is not None and time.perf_counter() - began > share
                while left and not over and len(pending) < workers:
                    n = min(CHUNK, left)
                    pending.add(pool.submit(run_chunk, kind, n, rng.getrandbits(32), bound))
                    left -= n
                if over:
                    left = 0
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    chunk = future.result()
                    tally.add(chunk)
                    for f in chunk.failures[:3]:
                        print(json.dumps(f, ensure_ascii=False), flush=True)
                rate = tally.inputs / max(time.perf_counter() - began, 1e-9)
                print(
                    f"{kind}: {tally.inputs} inputs, {tally.crashes} crashes, "
                    f"{tally.hangs} hangs, {tally.outside} outside, {rate:.0f}/s",
                    flush=True,
                )
            out[kind] = (tally, time.perf_counter() - began)
    return out


def table(results: dict[str, tuple[Tally, float]]) -> str:
    lines = [
        "| importer | inputs | crashes | hangs | written outside | slowest ms | seconds "
        "| inputs/s |",
        "| ---" + " | ---:" * 7 + " |",
    ]
    for kind, (t, wall) in results.items():
        lines.append(
            f"| {kind} | {t.inputs:,} | {t.crashes} | {t.hangs} | {t.outside} "
            f"| {t.slowest_ms:.0f} | {wall:.0f} | {t.inputs / max(wall, 1e-9):.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None, save: Callable = record) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=100_000, help="per importer")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bound", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--minutes", type=float, help="stop at this much time, all importers")
    parser.add_argument("--only", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--seed", type=int, default=18, help="another draws other inputs")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    where = machine()
    results = run(args.only, args.inputs, args.workers, args.bound, args.minutes, args.seed)
    text = table(results)
    print(text)
    failures = [f for t, _ in results.values() for f in t.failures]
    for f in failures:
        print(json.dumps(f, ensure_ascii=False))
    short = [k for k, (t, _) in results.items() if t.inputs < args.inputs]
    notes = [
        f"{args.workers} worker processes, niced; a hang is an input over {args.bound:g} s; "
        "inputs drawn by Hypothesis (tests/reliability/fuzzing.py) and mutated from "
        "tests/corpus/; each one detected, scanned, checked and saved into a scratch library",
        "slowest ms: one whole input (detect, scan, save) for the exports; for folder and "
        f"calendar, batched {BATCH['folder']} files to a scan, the longest step of a scan "
        "(one file's reading)",
        "seconds: wall clock for the importer, workers in parallel",
    ]
    if short:
        notes.append(
            f"stopped at the time limit (--minutes {args.minutes:g}) before {args.inputs:,} "
            f"inputs for: {', '.join(short)}; the counts are those reached"
        )
    if failures:  # one line per kind of failure, of the first 20 kept per chunk
        kinds = Counter(
            (f["importer"], f["error"].split(":")[0], f.get("at", "")) for f in failures
        )
        notes.append(
            "failures kept (the first of each chunk), by kind: "
            + "; ".join(f"{k} {e} at {at} ({n})" for (k, e, at), n in kinds.items())
        )
    if not args.no_record:
        save(
            "Importer fuzzing at depth",
            " ".join(["nice -n 19 .venv/bin/python bench/bench_fuzz.py", *sys.argv[1:]]),
            text,
            notes,
            where,
        )


if __name__ == "__main__":
    main()
