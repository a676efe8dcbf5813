"""The real-photo document set: committed images, their sources, licences and corner annotations.

``manifest.json`` lists every image (see ``README.md`` beside it). The split into a
tuning part and a report part is fixed by a hash of the file name, decided before any
tuning (``split_of``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.json"
LONG_SIDE = 1280  # committed images are downscaled to this long side (JPEG quality 82)

Verdict = Literal["whole", "cut_off", "not_found"]
Split = Literal["tune", "report"]


@dataclass(frozen=True)
class Source:
    """Where an image came from, exactly enough to fetch it again."""

    repo: str  # GitHub owner/name
    path: str
    commit: str
    url: str
    licence: str  # SPDX id
    author: str


@dataclass(frozen=True)
class Entry:
    """One image of the set with its annotation (corners in the committed image's pixels)."""

    file: str
    kind: Literal["photo", "scan"]
    material: str | None  # a key of kiosk.app.documents.materials, or None for any paper
    verdict: Verdict
    corners: list[list[float]] | None  # clockwise from top-left; None when not found
    source: Source
    checked: bool = False  # a person looked at the overlay and accepted the annotation
    note: str = ""


def split_of(file: str) -> Split:
    """``tune`` or ``report``, from the first byte of the SHA-256 of the file name."""
    return "tune" if hashlib.sha256(file.encode("utf-8")).digest()[0] % 2 == 0 else "report"


def load(path: Path = MANIFEST) -> list[Entry]:
    """The manifest's entries (an absent manifest is an empty set)."""
    if not path.is_file():
        return []
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [Entry(**{**item, "source": Source(**item["source"])}) for item in raw["images"]]


def save(entries: list[Entry], path: Path = MANIFEST) -> None:
    """Write the manifest sorted by file name, one stable JSON layout."""
    data = {"about": "Real document images for bench/documents.py --real; see README.md.",
            "images": [asdict(e) for e in sorted(entries, key=lambda e: e.file)]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
