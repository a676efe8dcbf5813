"""Finding 11: a small file claiming a huge picture is refused from its header, not decoded."""

from __future__ import annotations

import base64
import json
import resource
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from kiosk.base.images import MAX_PIXELS, ImageRejected, decode_image


def _png(width: int, height: int) -> bytes:
    """A valid greyscale PNG of zeros, built by streaming so the test holds little memory."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    comp = zlib.compressobj(9)
    row = bytes(width + 1)  # filter byte + one byte per pixel
    parts = [comp.compress(row) for _ in range(height)]
    idat = b"".join(parts) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """20000×20000 pixels in well under a megabyte."""
    data = _png(20_000, 20_000)
    assert len(data) < 1_000_000 and MAX_PIXELS < 20_000 * 20_000
    return data


def test_decode_refuses_it_from_the_header(bomb: bytes) -> None:
    with pytest.raises(ImageRejected, match="pixels"):
        decode_image(bomb)


def test_a_normal_picture_still_decodes() -> None:
    image = decode_image(_png(64, 48))
    assert image.shape == (48, 64, 3)


def _limited() -> None:
    # Far below the 2.4 GB that decoding the bomb takes: a decode attempt fails here.
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))


def test_documents_detect_refuses_it_within_a_memory_limit(bomb: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb)
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "documents", "detect", str(path),
                           "--json"], capture_output=True, text=True, timeout=120,
                          preexec_fn=_limited)
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    answer = json.loads(done.stdout)
    assert answer["ok"] is False


def test_the_dev_dock_refuses_it(bomb: bytes, tmp_path: Path) -> None:
    from dock_support import call, running_dock

    with running_dock(tmp_path) as (dock, _devices):
        status, answer = call(dock.url, "POST", "/camera/image",
                              {"png_base64": base64.b64encode(bomb).decode("ascii")})
    assert status == 400
    assert "pixels" in answer["error"]
