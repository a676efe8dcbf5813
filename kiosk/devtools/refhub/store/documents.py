"""Uploaded documents: bytes as files named by their SHA-256, receipts in the database."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.hub import schema as s

from .database import HubDatabase, iso


class Documents:
    """Documents the terminals uploaded, stored once each."""

    def __init__(self, db: HubDatabase, folder: Path) -> None:
        self._db = db
        self.folder = folder
        folder.mkdir(exist_ok=True)

    def _path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / sha256

    def put(self, sha256: str, data: bytes, content_type: str) -> bool:
        """Store a document; ``False`` when it was already there (idempotent)."""
        if self.receipt(sha256) is not None:
            return False
        path = self._path(sha256)
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        with self._db.tx() as db:
            db.execute("INSERT OR IGNORE INTO documents VALUES (?, ?, ?, ?)",
                       (sha256, len(data), content_type, iso(self._db.now())))
        return True

    def receipt(self, sha256: str) -> s.DocumentReceipt | None:
        """A stored document's receipt."""
        row = self._db.one("SELECT * FROM documents WHERE sha256 = ?", sha256)
        if row is None:
            return None
        return s.DocumentReceipt.model_validate(
            {"sha256": row["sha256"], "size": row["size"], "content_type": row["content_type"]})
