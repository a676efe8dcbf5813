"""Helpers for the offline store tests: valid drafts, an embedded hub, a PII scanner."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kiosk.devtools.residents import DemoResident, demo_residents
from offline_cache.outbox import DraftMaterial, SubmissionDraft

TERMINAL_ID = "SIM-0001"


def seniors() -> list[DemoResident]:
    """Demo residents old enough for the senior card (a level-1 service with a material)."""
    today = dt.date.today()
    return [r for r in demo_residents() if (today - r.birth_date).days > 61 * 366]


def material_bytes(seed: int, size: int, marker: bytes = b"") -> bytes:
    """Deterministic JPEG-looking bytes of ``size`` (a marker may be embedded)."""
    rng = random.Random(seed)
    body = rng.randbytes(max(0, size - 4 - len(marker)))
    return b"\xff\xd8" + marker + body + b"\xff\xd9"


def senior_draft(person: DemoResident, now: dt.datetime, materials: Iterable[bytes],
                 *, phone: str | None = None) -> SubmissionDraft:
    """A senior-card application the reference hub accepts (level 1, id_card material)."""
    form: dict[str, str | bool | int | float] = {
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "id_number": person.id_number,
        "card_address": person.card_address,
        "phone": phone or person.phone,
    }
    return SubmissionDraft(
        service_id="senior_card", identity_kind="id_card", id_number=person.id_number,
        name=person.name, level=1, session_id=None, form=form,
        materials=[DraftMaterial("id_card", "image/jpeg", 2, m) for m in materials],
        result_mode="pickup", consent_version="2026-01", locale="zh-CN", created_at=now)


def encodings(value: str) -> list[bytes]:
    """How a value could appear on disk: UTF-8, UTF-16LE, GB18030, JSON ``\\u`` escapes."""
    forms = {value.encode("utf-8"), value.encode("utf-16-le"), value.encode("gb18030"),
             json.dumps(value, ensure_ascii=True)[1:-1].encode("ascii")}
    return [f for f in forms if len(f) >= 4]


def files_under(root: Path, skip: tuple[str, ...] = ("hub",)) -> Iterator[Path]:
    """Every regular file below ``root`` except the reference hub's own folder."""
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if rel.parts and rel.parts[0] in skip:
            continue
        if path.is_file():
            yield path


def find_personal(root: Path, values: Iterable[str]) -> list[str]:
    """``file: value-kind`` for every personal value readable in any file under ``root``."""
    needles = [(v, form) for v in values for form in encodings(v)]
    hits = []
    for path in files_under(root):
        data = path.read_bytes()
        for value, form in needles:
            if form in data:
                hits.append(f"{path.relative_to(root)}: {hashlib.sha256(value.encode()).hexdigest()[:8]}")
    return hits


class HubFixture:
    """An embedded reference hub plus this terminal's credentials on it."""

    def __init__(self, root: Path, signature_algorithm: str = "hmac-sha256") -> None:
        from kiosk.devtools.refhub.embedded import EmbeddedHub, ensure_enrolled

        self.hub = EmbeddedHub(root / "hub")
        self.url = self.hub.start()
        self.credentials = ensure_enrolled(self.url, self.hub.admin, root / "credentials.json",
                                           TERMINAL_ID, signature_algorithms=(signature_algorithm,))

    @property
    def prefix(self) -> str:
        """This terminal's tracking-code prefix."""
        return str(self.credentials.tracking_prefix)

    def client(self, timeout_s: float = 5.0) -> Any:
        """A fresh signed hub client (real clock: the hub checks signature times)."""
        from kiosk.hub.client import HubClient

        return HubClient(self.url, self.credentials, timeout_s=timeout_s, max_retries=0)

    def submissions(self) -> list[dict[str, Any]]:
        """The hub's admin listing."""
        return self.hub.admin.submissions()

    def document(self, sha256: str) -> bytes | None:
        """The bytes the hub stored for a document (read from its folder)."""
        found = [p for p in self.hub.hub_dir.rglob(sha256) if p.is_file()]
        return found[0].read_bytes() if found else None

    def stop(self) -> None:
        """Stop the hub."""
        self.hub.admin.set_faults("none")
        self.hub.stop()
