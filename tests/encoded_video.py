"""Real short videos encoded in code with PyAV, and one whose pictures are gone."""

from __future__ import annotations

import struct
from pathlib import Path

import av
from PIL import Image, ImageDraw


def write_video(path: Path, colours: list[str], seconds: float = 2.0, size=(320, 240)) -> Path:
    """An H.264 MP4 that fades through `colours` over `seconds`, at 10 frames a second."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = max(int(seconds * 10), len(colours))
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for n in range(frames):
            image = Image.new("RGB", size, colours[n * len(colours) // frames])
            ImageDraw.Draw(image).ellipse((20 + n * 4, 60, 120 + n * 4, 160), fill="white")
            for packet in stream.encode(av.VideoFrame.from_image(image)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def write_broken_video(path: Path, colours: list[str]) -> Path:
    """A real MP4 whose boxes still say when and how big, with its picture data zeroed."""
    data = bytearray(write_video(path, colours).read_bytes())
    at = data.find(b"mdat")
    (size,) = struct.unpack(">I", data[at - 4 : at])
    data[at + 4 : at - 4 + size] = bytes(size - 8)
    path.write_bytes(data)
    return path
