"""The durable outbox: every submission is written here first, then synced.

A submission's client id (uuid4) and tracking code are made at enqueue, and the
row, its sealed personal payload, its sealed materials (content-addressed by
SHA-256) and the local receipt record are written in ONE transaction, so a
crash or a full disk never leaves half a submission. Only non-personal columns
are plain: state, times, attempts, sizes, the service id, the tracking code,
the material hashes and the masked name on the receipt record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.base import tracking
from kiosk.base.idnumber import mask_name
from kiosk.base.receipt_record import ReceiptRecord
from offline_cache import faults
from offline_cache.crypto import UnsealError
from offline_cache.db import StorageFault, Store, iso, parse_iso, storage_fault_from

log = logging.getLogger(__name__)

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
NEEDS_ATTENTION = "needs_attention"
STATES: tuple[str, ...] = (PENDING, SENDING, SENT, NEEDS_ATTENTION)


@dataclass(frozen=True)
class DraftMaterial:
    """One captured supporting document."""

    type: str
    content_type: str
    pages: int
    data: bytes

    def __repr__(self) -> str:
        return (f"DraftMaterial(type={self.type!r}, content_type={self.content_type!r}, "
                f"pages={self.pages}, size={len(self.data)})")


@dataclass(frozen=True)
class DeliveryDraft:
    """How the result should reach the resident: a hall to collect it at, or a postal address."""

    mode: str  # "on_the_spot" | "pickup" | "mail"
    pickup_point_id: str | None = None
    mail_recipient: str | None = None
    mail_phone: str | None = None
    mail_address: str | None = None

    def __repr__(self) -> str:
        return f"DeliveryDraft(mode={self.mode!r}, pickup_point_id={self.pickup_point_id!r})"

    def as_json(self) -> dict[str, str | None]:
        """The ``delivery`` object of the hub's submission."""
        return {"mode": self.mode, "pickup_point_id": self.pickup_point_id,
                "mail_recipient": self.mail_recipient, "mail_phone": self.mail_phone,
                "mail_address": self.mail_address}


@dataclass(frozen=True)
class SubmissionDraft:
    """A completed application as the journey hands it over: personal, sealed at rest."""

    service_id: str
    identity_kind: str  # "id_card" | "citizen_card" | "eid_qr"
    id_number: str
    name: str
    level: int
    session_id: str | None
    form: Mapping[str, str | bool | int | float]
    materials: Sequence[DraftMaterial]
    result_mode: str
    consent_version: str
    locale: str
    created_at: dt.datetime
    delivery: DeliveryDraft | None = None

    def __repr__(self) -> str:
        return (f"SubmissionDraft(service_id={self.service_id!r}, name={mask_name(self.name)!r}, "
                f"form=<{len(self.form)} fields>, materials={list(self.materials)!r})")

    def receipt(self, service_name_zh: str = "", service_name_en: str = "") -> ReceiptRecord:
        """This draft's receipt record (name masked), before the outbox mints its codes."""
        return ReceiptRecord(self.service_id, service_name_zh, service_name_en,
                             mask_name(self.name), self.result_mode, self.created_at)


@dataclass(frozen=True)
class Enqueued:
    """The result of a successful enqueue."""

    client_id: str
    tracking_code: str
    receipt: ReceiptRecord


@dataclass(frozen=True)
class OutboxRow:
    """A row as operators may see it (no personal data)."""

    client_id: str
    tracking_code: str
    service_id: str
    state: str
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    sent_at: dt.datetime | None
    case_id: str | None
    hub_status: str | None
    payload_bytes: int
    purged: bool


@dataclass(frozen=True)
class QueueStatus:
    """Counts per state, the oldest pending age and the store's size on disk."""

    counts: Mapping[str, int]
    oldest_pending_age_s: float | None
    bytes: int

    def as_json(self) -> dict[str, Any]:
        """The ``kiosk queue status --json`` shape."""
        out: dict[str, Any] = {state: int(self.counts.get(state, 0)) for state in STATES}
        out["oldest_pending_age_s"] = self.oldest_pending_age_s
        out["bytes"] = self.bytes
        return out


@dataclass(frozen=True)
class PendingUpload:
    """A material a submission needs on the hub before it can be submitted."""

    position: int
    sha256: str
    content_type: str
    size: int


def _payload_aad(client_id: str) -> bytes:
    return b"outbox:" + client_id.encode("ascii")


def _material_aad(sha256: str) -> bytes:
    return b"material:" + sha256.encode("ascii")


class Outbox:
    """Submissions waiting for (or done with) the hub."""

    def __init__(self, store: Store, terminal_id: str, tracking_prefix: str) -> None:
        self.store = store
        self.terminal_id = terminal_id
        self.tracking_prefix = tracking_prefix
        self._listeners: list[Callable[[str], None]] = []
        self._listener_lock = threading.Lock()

    @property
    def clock(self) -> Any:
        """The store's clock."""
        return self.store.clock

    def add_listener(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(client_id)`` after every enqueue (the sync worker's trigger)."""
        with self._listener_lock:
            self._listeners.append(listener)

    # --- enqueue -------------------------------------------------------------

    def enqueue(self, draft: SubmissionDraft, receipt: ReceiptRecord | None = None) -> Enqueued:
        """Write a submission durably; ``StorageFault`` (ask staff) if the disk refuses.

        Either everything (row, sealed payload, sealed materials, receipt record)
        is committed, or nothing is. ``receipt`` defaults to ``draft.receipt()``
        (no service names); its client id, tracking code, ``queued`` and case id
        are the outbox's to fill, so they are ignored here.
        """
        if receipt is None:
            receipt = draft.receipt()
        if (receipt.service_id, receipt.result_mode, receipt.created_at) != (
                draft.service_id, draft.result_mode, draft.created_at):
            raise ValueError("the receipt record describes another submission than the draft")
        client_id = str(uuid.uuid4())
        now = iso(self.clock.now())
        created = iso(draft.created_at)
        refs: list[dict[str, Any]] = []
        sealed_materials: list[tuple[str, str, int, bytes]] = []
        for m in draft.materials:
            sha = hashlib.sha256(m.data).hexdigest()
            refs.append({"type": m.type, "sha256": sha, "pages": m.pages,
                         "content_type": m.content_type, "size": len(m.data)})
            sealed_materials.append((sha, m.content_type, len(m.data),
                                     self.store.seal(m.data, _material_aad(sha))))
        payload = {
            "terminal_id": self.terminal_id,
            "created_at": draft.created_at.astimezone(dt.UTC).isoformat(),
            "locale": draft.locale.replace("_", "-"),
            "identity": {"kind": draft.identity_kind, "id_number": draft.id_number,
                         "name": draft.name, "level": draft.level,
                         "session_id": draft.session_id},
            "form": dict(draft.form),
            "materials": refs,
            "result_mode": draft.result_mode,
            "consent_version": draft.consent_version,
            "delivery": draft.delivery.as_json() if draft.delivery is not None else None,
        }
        plain = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        sealed = self.store.seal(plain, _payload_aad(client_id))
        # The service names go into the record's ``extra`` JSON (as since the first
        # schema), and only when known, so older stores and new ones read alike.
        names = {"service_name_zh": receipt.service_name_zh,
                 "service_name_en": receipt.service_name_en,
                 "expected_by": receipt.expected_by.isoformat() if receipt.expected_by else "",
                 "pickup_name_zh": receipt.pickup_name_zh,
                 "pickup_name_en": receipt.pickup_name_en,
                 "pickup_address_zh": receipt.pickup_address_zh,
                 "pickup_address_en": receipt.pickup_address_en,
                 "pickup_hours_zh": receipt.pickup_hours_zh,
                 "pickup_hours_en": receipt.pickup_hours_en, "mail_to": receipt.mail_to}
        extra = json.dumps({k: v for k, v in names.items() if v}, ensure_ascii=False)
        for _ in range(8):
            code = tracking.new_code(self.tracking_prefix)
            try:
                with self.store.atomic() as db:
                    db.execute(
                        "INSERT INTO outbox (client_id, tracking_code, service_id, state, "
                        "attempts, next_attempt_at, created_at, updated_at, payload, "
                        "payload_bytes) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)",
                        [client_id, code, draft.service_id, now, created, now, sealed,
                         len(plain) + sum(r["size"] for r in refs)],
                    )
                    for position, (sha, ctype, size, blob) in enumerate(sealed_materials):
                        db.execute(
                            "INSERT OR IGNORE INTO materials (sha256, content_type, size, sealed, "
                            "created_at) VALUES (?, ?, ?, ?, ?)", [sha, ctype, size, blob, now])
                        db.execute(
                            "INSERT INTO outbox_materials (client_id, position, sha256) "
                            "VALUES (?, ?, ?)", [client_id, position, sha])
                    db.execute(
                        "INSERT INTO receipts (client_id, tracking_code, service_id, masked_name, "
                        "created_at, result_mode, extra) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [client_id, code, receipt.service_id, receipt.masked_name, created,
                         receipt.result_mode, extra],
                    )
                    faults.checkpoint(faults.ENQUEUE_MID)
            except sqlite3.IntegrityError as exc:
                if "tracking_code" in str(exc):
                    continue  # 40 random bits collided with an earlier code: mint another
                raise
            except StorageFault as fault:
                self.store.record_fault(fault.kind)
                raise
            except OSError as exc:
                mapped = storage_fault_from(exc)
                if mapped is None:
                    raise
                self.store.record_fault(mapped.kind)
                raise mapped from exc
            break
        else:  # pragma: no cover - needs eight 40-bit collisions in a row
            raise RuntimeError("could not mint a unique tracking code")
        faults.checkpoint(faults.ENQUEUE_COMMITTED)
        with self._listener_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(client_id)
        result = self.receipt(client_id)
        assert result is not None
        return Enqueued(client_id, code, result)

    # --- reading -------------------------------------------------------------

    def receipt(self, key: str) -> ReceiptRecord | None:
        """The receipt record by client id or tracking code (what a reprint needs)."""
        rows = self.store.query(
            "SELECT r.*, o.state, o.case_id FROM receipts r JOIN outbox o USING (client_id) "
            "WHERE r.client_id = ? OR r.tracking_code = ?", [key, tracking.normalise(key)])
        if not rows:
            return None
        r = rows[0]
        extra: dict[str, str] = json.loads(r["extra"])
        return ReceiptRecord(
            service_id=r["service_id"], service_name_zh=extra.get("service_name_zh", ""),
            service_name_en=extra.get("service_name_en", ""), masked_name=r["masked_name"],
            result_mode=r["result_mode"], created_at=parse_iso(r["created_at"]),
            client_id=r["client_id"], tracking_code=r["tracking_code"],
            queued=r["state"] != SENT, case_id=r["case_id"],
            expected_by=dt.date.fromisoformat(extra["expected_by"])
            if extra.get("expected_by") else None,
            pickup_name_zh=extra.get("pickup_name_zh", ""),
            pickup_name_en=extra.get("pickup_name_en", ""),
            pickup_address_zh=extra.get("pickup_address_zh", ""),
            pickup_address_en=extra.get("pickup_address_en", ""),
            pickup_hours_zh=extra.get("pickup_hours_zh", ""),
            pickup_hours_en=extra.get("pickup_hours_en", ""),
            mail_to=extra.get("mail_to", ""))

    def state(self, client_id: str) -> str | None:
        """The row's state, or ``None`` if there is no such row."""
        rows = self.store.query("SELECT state FROM outbox WHERE client_id = ?", [client_id])
        return str(rows[0]["state"]) if rows else None

    def counts(self) -> dict[str, int]:
        """How many rows are in each state."""
        out = dict.fromkeys(STATES, 0)
        for r in self.store.query("SELECT state, count(*) AS n FROM outbox GROUP BY state"):
            out[r["state"]] = int(r["n"])
        return out

    def status(self) -> QueueStatus:
        """Counts, the oldest pending age and bytes on disk."""
        oldest = self.store.query(
            "SELECT min(created_at) AS t FROM outbox WHERE state IN ('pending', 'sending')")[0]["t"]
        age = None
        if oldest is not None:
            age = max(0.0, (self.clock.now() - parse_iso(oldest)).total_seconds())
        return QueueStatus(self.counts(), age, self.store.disk_bytes())

    def rows(self, state: str | None = None, limit: int = 1000) -> list[OutboxRow]:
        """Rows, newest first, without personal data."""
        where, params = ("WHERE state = ?", [state]) if state else ("", [])
        out = []
        for r in self.store.query(
            f"SELECT * FROM outbox {where} ORDER BY created_at DESC LIMIT ?",
            [*params, limit],
        ):
            out.append(OutboxRow(
                r["client_id"], r["tracking_code"], r["service_id"], r["state"], r["attempts"],
                parse_iso(r["next_attempt_at"]), r["last_error"], parse_iso(r["created_at"]),
                parse_iso(r["updated_at"]), parse_iso(r["sent_at"]) if r["sent_at"] else None,
                r["case_id"], r["hub_status"], r["payload_bytes"], r["purged_at"] is not None))
        return out

    def attempts(self, client_id: str) -> int:
        """How many attempts a row has had."""
        rows = self.store.query("SELECT attempts FROM outbox WHERE client_id = ?", [client_id])
        return int(rows[0]["attempts"]) if rows else 0

    def heartbeat_fields(self, today_start: dt.datetime) -> dict[str, Any]:
        """The queue part of a hub heartbeat: counts, ids needing staff, storage faults.

        Matches ``kiosk.hub.schema.Heartbeat`` (``queue``, ``needs_attention``,
        ``storage_faults``); ids only, nothing personal. Call
        ``store.mark_faults_reported()`` once the hub acknowledged it.
        """
        counts = self.counts()
        return {
            "queue": {"pending": counts[PENDING], "sending": counts[SENDING],
                      "needs_attention": counts[NEEDS_ATTENTION],
                      "sent_today": self.sent_since(today_start)},
            "needs_attention": self.needs_attention_ids()[:1000],
            "storage_faults": self.store.storage_faults(),
        }

    def needs_attention_ids(self) -> list[str]:
        """Client ids that staff must look at (for the heartbeat: ids only)."""
        return [r["client_id"] for r in self.store.query(
            "SELECT client_id FROM outbox WHERE state = 'needs_attention' ORDER BY created_at")]

    def sent_since(self, since: dt.datetime) -> int:
        """How many rows were confirmed by the hub since ``since``."""
        rows = self.store.query("SELECT count(*) AS n FROM outbox WHERE state = 'sent' "
                                "AND sent_at >= ?", [iso(since)])
        return int(rows[0]["n"])

    def due(self, limit: int = 50) -> list[str]:
        """Pending client ids whose next attempt time has come, oldest first."""
        return [r["client_id"] for r in self.store.query(
            "SELECT client_id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? "
            "ORDER BY created_at LIMIT ?", [iso(self.clock.now()), limit])]

    def next_due_at(self) -> dt.datetime | None:
        """When the earliest pending row becomes due."""
        rows = self.store.query(
            "SELECT min(next_attempt_at) AS t FROM outbox WHERE state = 'pending'")
        return parse_iso(rows[0]["t"]) if rows[0]["t"] else None

    def submission(self, client_id: str) -> dict[str, Any]:
        """The full submission as a JSON-able dict (personal data: only for sending)."""
        rows = self.store.query(
            "SELECT client_id, tracking_code, service_id, payload FROM outbox WHERE client_id = ?",
            [client_id])
        if not rows or rows[0]["payload"] is None:
            raise KeyError(f"no unpurged submission {client_id}")
        r = rows[0]
        payload: dict[str, Any] = json.loads(
            self.store.unseal(bytes(r["payload"]), _payload_aad(client_id)))
        payload.update(client_id=r["client_id"], tracking_code=r["tracking_code"],
                       service_id=r["service_id"])
        identity = payload["identity"]
        if identity.get("session_id") is None:
            identity.pop("session_id", None)
        return payload

    def pending_uploads(self, client_id: str) -> list[PendingUpload]:
        """Materials of a submission not yet confirmed on the hub."""
        return [PendingUpload(r["position"], r["sha256"], r["content_type"], r["size"])
                for r in self.store.query(
                    "SELECT l.position, l.sha256, m.content_type, m.size FROM outbox_materials l "
                    "JOIN materials m USING (sha256) WHERE l.client_id = ? AND l.uploaded = 0 "
                    "ORDER BY l.position", [client_id])]

    def material(self, sha256: str) -> bytes:
        """A material's bytes, checked against its address."""
        rows = self.store.query("SELECT sealed FROM materials WHERE sha256 = ?", [sha256])
        if not rows:
            raise KeyError(f"no material {sha256}")
        data = self.store.unseal(bytes(rows[0]["sealed"]), _material_aad(sha256))
        if hashlib.sha256(data).hexdigest() != sha256:
            raise UnsealError("material does not match its address")
        return data

    # --- state changes (each one transaction) --------------------------------

    def mark_sending(self, client_id: str) -> bool:
        """Claim a pending row for one attempt; ``False`` if it is not pending."""
        with self.store.atomic() as db:
            n = db.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? "
                "WHERE client_id = ? AND state = 'pending'",
                [iso(self.clock.now()), client_id]).rowcount
        return n == 1

    def mark_uploaded(self, client_id: str, sha256: str) -> None:
        """The hub holds this material now."""
        with self.store.atomic() as db:
            db.execute("UPDATE outbox_materials SET uploaded = 1 WHERE client_id = ? "
                       "AND sha256 = ?", [client_id, sha256])

    def mark_sent(self, client_id: str, case_id: str | None, hub_status: str) -> None:
        """The hub accepted the submission; keep its answer with the row."""
        now = iso(self.clock.now())
        with self.store.atomic() as db:
            db.execute(
                "UPDATE outbox SET state = 'sent', sent_at = ?, updated_at = ?, case_id = ?, "
                "hub_status = ?, last_error = NULL WHERE client_id = ?",
                [now, now, case_id, hub_status, client_id])
            faults.checkpoint(faults.SYNC_MID_UPDATE)

    def mark_retry(self, client_id: str, error: str, next_attempt_at: dt.datetime) -> None:
        """The attempt failed in a way that may pass later."""
        with self.store.atomic() as db:
            db.execute(
                "UPDATE outbox SET state = 'pending', last_error = ?, next_attempt_at = ?, "
                "updated_at = ? WHERE client_id = ? AND state IN ('sending', 'pending')",
                [error[:200], iso(next_attempt_at), iso(self.clock.now()), client_id])

    def mark_attention(self, client_id: str, error: str) -> None:
        """The hub says the submission itself is wrong: staff must act; never dropped."""
        with self.store.atomic() as db:
            db.execute(
                "UPDATE outbox SET state = 'needs_attention', last_error = ?, updated_at = ? "
                "WHERE client_id = ?", [error[:200], iso(self.clock.now()), client_id])
        log.warning("outbox: submission %s needs staff attention (%s)", client_id, error[:200])

    def retry(self, client_id: str) -> bool:
        """Put a ``needs_attention`` row back in the queue, due now."""
        now = iso(self.clock.now())
        with self.store.atomic() as db:
            n = db.execute(
                "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, "
                "updated_at = ? WHERE client_id = ? AND state IN ('needs_attention', 'pending')",
                [now, now, client_id]).rowcount
        return n == 1

    def retry_all_attention(self) -> int:
        """Put every ``needs_attention`` row back in the queue."""
        now = iso(self.clock.now())
        with self.store.atomic() as db:
            return int(db.execute(
                "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, "
                "updated_at = ? WHERE state = 'needs_attention'", [now, now]).rowcount)

    def make_all_due(self) -> int:
        """Make every pending row due now (the network came back)."""
        now = iso(self.clock.now())
        with self.store.atomic() as db:
            return int(db.execute(
                "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' "
                "AND next_attempt_at > ?", [now, now]).rowcount)

    def purge_sent(self, older_than: dt.timedelta) -> int:
        """Drop personal data and materials of rows sent before ``now - older_than``.

        Unsent rows are never purged. The row itself (state, times, case id,
        tracking code) and its receipt record stay for reprints and counts.
        """
        now = self.clock.now()
        cutoff = iso(now - older_than)
        with self.store.atomic() as db:
            ids = [r[0] for r in db.execute(
                "SELECT client_id FROM outbox WHERE state = 'sent' AND purged_at IS NULL "
                "AND sent_at <= ?", [cutoff]).fetchall()]
            for client_id in ids:
                db.execute("UPDATE outbox SET payload = NULL, purged_at = ? WHERE client_id = ?",
                           [iso(now), client_id])
                db.execute("DELETE FROM outbox_materials WHERE client_id = ?", [client_id])
            db.execute("DELETE FROM materials WHERE sha256 NOT IN "
                       "(SELECT sha256 FROM outbox_materials)")
        if ids:
            log.info("outbox: purged personal data of %d sent submission(s)", len(ids))
        return len(ids)
