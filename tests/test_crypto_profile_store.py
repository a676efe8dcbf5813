"""The GM profile's store sealing: SM4-GCM values, and a store that keeps the cipher it was made with."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from store_support import TERMINAL_ID, find_personal, material_bytes, senior_draft, seniors

from kiosk.base.clock import ManualClock
from offline_cache.crypto import (
    AES_256_GCM,
    SM4_GCM,
    AesGcmSealer,
    FileKeyProvider,
    Sm4GcmSealer,
    UnsealError,
    make_sealer,
)
from offline_cache.db import STORE_DIR, Store, repair
from offline_cache.outbox import Outbox

KEY = bytes(range(32))


def _recorded_algorithm(data: Path) -> str:
    conn = sqlite3.connect(data / STORE_DIR / "kiosk.db")
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'algorithm'").fetchone()
    finally:
        conn.close()
    return str(row[0])


def test_sm4_round_trip_and_format() -> None:
    sealer = Sm4GcmSealer(KEY)
    sealed = sealer.seal("王小明 330106199001011234".encode(), b"outbox:abc")
    assert sealed[:1] == b"\x02"  # its own format byte, not AES-GCM's 0x01
    assert len(sealed) == 1 + 12 + len("王小明 330106199001011234".encode()) + 16
    assert sealer.open(sealed, b"outbox:abc").decode() == "王小明 330106199001011234"
    # A random nonce per value: the same plaintext never seals to the same bytes.
    assert sealer.seal(b"same", b"a") != sealer.seal(b"same", b"a")
    assert "key" not in repr(sealer).replace("<key hidden>", "")


def test_sm4_refuses_tampered_bytes_wrong_row_and_wrong_key() -> None:
    sealer = Sm4GcmSealer(KEY)
    sealed = sealer.seal(b"13800138000", b"outbox:one")
    for i in (1, 13, len(sealed) - 1):  # nonce, ciphertext, tag
        tampered = bytearray(sealed)
        tampered[i] ^= 0x01
        with pytest.raises(UnsealError):
            sealer.open(bytes(tampered), b"outbox:one")
    with pytest.raises(UnsealError):
        sealer.open(sealed, b"outbox:two")
    with pytest.raises(UnsealError):
        Sm4GcmSealer(bytes(32)).open(sealed, b"outbox:one")
    with pytest.raises(UnsealError):
        sealer.open(sealed[:20], b"outbox:one")


def test_values_of_one_cipher_never_open_with_the_other() -> None:
    aes, sm4 = AesGcmSealer(KEY), Sm4GcmSealer(KEY)
    with pytest.raises(UnsealError):
        sm4.open(aes.seal(b"x" * 40, b"r"), b"r")
    with pytest.raises(UnsealError):
        aes.open(sm4.seal(b"x" * 40, b"r"), b"r")
    assert make_sealer(SM4_GCM, KEY).algorithm == SM4_GCM
    with pytest.raises(ValueError, match="sm4-gcm"):
        make_sealer("sm4-cbc", KEY)


def _enqueue(store: Store, clock: ManualClock, people: range) -> list[str]:
    outbox = Outbox(store, TERMINAL_ID, "AB12")
    ids = []
    for i in people:
        draft = senior_draft(seniors()[i], clock.now(), [material_bytes(i, 20_000)])
        ids.append(outbox.enqueue(draft, draft.receipt("老年优待证", "Senior card")).client_id)
    return ids


@pytest.mark.parametrize(("made_with", "asked_for"), [(SM4_GCM, AES_256_GCM),
                                                      (AES_256_GCM, SM4_GCM)])
def test_a_store_reopens_with_the_cipher_it_recorded(tmp_path: Path, made_with: str,
                                                     asked_for: str) -> None:
    clock = ManualClock()
    key = FileKeyProvider(tmp_path / "store.key")
    with Store.open(tmp_path, key, clock, cipher=made_with) as store:
        assert store.sealer.algorithm == made_with
        [client_id] = _enqueue(store, clock, range(3, 4))
    assert _recorded_algorithm(tmp_path) == made_with
    # The configuration now asks for the other cipher: the store's own record wins.
    with Store.open(tmp_path, key, clock, cipher=asked_for) as store:
        assert store.sealer.algorithm == made_with
        sent = Outbox(store, TERMINAL_ID, "AB12").submission(client_id)
        assert seniors()[3].id_number in json.dumps(sent, ensure_ascii=False)
    with Store.open_read_only(tmp_path, key, clock) as store:
        assert store.sealer.algorithm == made_with
    assert _recorded_algorithm(tmp_path) == made_with


def test_a_payload_moved_to_another_row_is_refused(tmp_path: Path) -> None:
    clock = ManualClock()
    with Store.open(tmp_path, FileKeyProvider(tmp_path / "store.key"), clock,
                    cipher=SM4_GCM) as store:
        first, second = _enqueue(store, clock, range(5, 7))
        store.db.execute("UPDATE outbox SET payload = (SELECT payload FROM outbox "
                         "WHERE client_id = ?) WHERE client_id = ?", [first, second])
        outbox = Outbox(store, TERMINAL_ID, "AB12")
        outbox.submission(first)
        with pytest.raises(UnsealError):
            outbox.submission(second)


def test_repair_keeps_the_damaged_stores_cipher(tmp_path: Path) -> None:
    clock = ManualClock()
    key = FileKeyProvider(tmp_path / "store.key")
    with Store.open(tmp_path, key, clock, cipher=SM4_GCM) as store:
        _enqueue(store, clock, range(0, 6))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path / STORE_DIR / "kiosk.db"
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    # The last pages (material overflow) are scribbled over; meta, made first, stays readable.
    for n in range(len(data) // page - 4, len(data) // page):
        data[n * page : n * page + 40] = b"\x0d\xff" * 20
    path.write_bytes(bytes(data))
    report = repair(tmp_path, key, clock, sqlite_cli="", cipher=AES_256_GCM)
    assert report.needed
    assert _recorded_algorithm(tmp_path) == SM4_GCM
    with Store.open(tmp_path, key, clock, cipher=AES_256_GCM) as store:
        assert store.sealer.algorithm == SM4_GCM
        outbox = Outbox(store, TERMINAL_ID, "AB12")
        salvaged = [r.client_id for r in outbox.rows()]
        assert salvaged, "no submission was salvaged"
        for client_id in salvaged:
            outbox.submission(client_id)  # the salvaged SM4 values still open


def test_sm4_sealed_files_hold_no_personal_value(tmp_path: Path) -> None:
    clock = ManualClock()
    people = seniors()[20:23]
    secrets = [v for p in people for v in (p.name, p.id_number, p.phone, p.card_address)]
    with Store.open(tmp_path, FileKeyProvider(tmp_path / "store.key"), clock,
                    cipher=SM4_GCM) as store:
        outbox = Outbox(store, TERMINAL_ID, "AB12")
        for i, person in enumerate(people):
            marker = f"{person.name} {person.id_number}".encode()
            draft = senior_draft(person, clock.now(), [material_bytes(40 + i, 8000, marker)])
            outbox.enqueue(draft, draft.receipt("老年优待证", "Senior card"))
        assert find_personal(tmp_path, secrets) == []
    assert find_personal(tmp_path, secrets) == []
    assert _recorded_algorithm(tmp_path) == SM4_GCM
