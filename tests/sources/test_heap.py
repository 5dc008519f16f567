"""Readers stay the size of one picture, however many they decode."""

import subprocess
import sys

from tests.conftest import CORPUS

HEIC = CORPUS / "immich-test-assets/formats/heic/IMG_2682.heic"

DECODE_MANY = """
import sys
from gentle_memories.sources.pixels import small_copy

def resident_mb():
    status = open("/proc/self/status").read()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024

data = open(sys.argv[1], "rb").read()
small_copy(data, "HEIF", 512)
first = resident_mb()
for _ in range(8):
    small_copy(data, "HEIF", 512)
print(resident_mb() - first)
"""


def test_decoding_many_heic_photos_does_not_grow_the_reader():
    """A 12-megapixel HEIC decodes into tens of MB; before, each decode left about 15 MB
    behind in the heap, so a reader grew past 500 MB over a folder."""
    run = subprocess.run(
        [sys.executable, "-c", DECODE_MANY, str(HEIC)], capture_output=True, text=True, check=True
    )
    assert float(run.stdout) < 30
