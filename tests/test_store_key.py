"""Missing, wrong and unsafe store keys give a clear error and leave the data untouched."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from store_support import TERMINAL_ID, senior_draft, seniors

from kiosk.base.clock import ManualClock
from offline_cache.crypto import (
    CredentialKeyProvider,
    FileKeyProvider,
    KeyProblem,
    StoreKeyError,
    key_provider,
)
from offline_cache.db import Store
from offline_cache.outbox import Outbox


def _files_digest(store_dir: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store_dir.iterdir()) if p.is_file() and p.suffix != ".lock"}


def _store_with_one_row(data: Path, clock: ManualClock) -> str:
    with Store.open(data, FileKeyProvider(data / "store.key"), clock) as store:
        done = Outbox(store, TERMINAL_ID, "K7Q4").enqueue(
            senior_draft(seniors()[0], clock.now(), [b"\xff\xd8scan\xff\xd9"]))
    return done.client_id


def test_wrong_key_is_refused_and_the_store_is_unchanged(tmp_path: Path) -> None:
    clock = ManualClock()
    client_id = _store_with_one_row(tmp_path, clock)
    before = _files_digest(tmp_path / "store")
    wrong = tmp_path / "other.key"
    wrong.write_bytes(os.urandom(32))
    wrong.chmod(0o600)
    with pytest.raises(StoreKeyError) as info:
        Store.open(tmp_path, FileKeyProvider(wrong), clock)
    assert info.value.problem is KeyProblem.WRONG
    assert info.value.message_key == "store.key_problem"
    assert "restore" in str(info.value)
    assert _files_digest(tmp_path / "store") == before
    with Store.open(tmp_path, FileKeyProvider(tmp_path / "store.key"), clock) as store:
        assert Outbox(store, TERMINAL_ID, "K7Q4").submission(client_id)["service_id"] == \
            "senior_card"


def test_missing_key_file_is_not_silently_replaced(tmp_path: Path) -> None:
    clock = ManualClock()
    _store_with_one_row(tmp_path, clock)
    before = _files_digest(tmp_path / "store")
    (tmp_path / "store.key").rename(tmp_path / "store.key.bak")
    with pytest.raises(StoreKeyError) as info:
        Store.open(tmp_path, FileKeyProvider(tmp_path / "store.key"), clock)
    assert info.value.problem is KeyProblem.MISSING
    assert not (tmp_path / "store.key").exists()
    assert _files_digest(tmp_path / "store") == before


def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    key = tmp_path / "store.key"
    key.write_bytes(os.urandom(32))
    key.chmod(0o644)
    with pytest.raises(StoreKeyError) as info:
        Store.open(tmp_path, FileKeyProvider(key), ManualClock())
    assert info.value.problem is KeyProblem.INSECURE


def test_credential_key_from_systemd_directory(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    creds = tmp_path / "creds"
    creds.mkdir()
    (creds / "kiosk-store-key").write_text(os.urandom(32).hex() + "\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    provider = key_provider("credential", "kiosk-store-key", tmp_path)
    assert isinstance(provider, CredentialKeyProvider)
    clock = ManualClock()
    with Store.open(tmp_path / "data", provider, clock) as store:
        Outbox(store, TERMINAL_ID, "K7Q4").enqueue(senior_draft(seniors()[0], clock.now(), []))
    # The same credential opens it again; a different one is refused.
    Store.open(tmp_path / "data", provider, clock).close()
    (creds / "kiosk-store-key").write_bytes(os.urandom(32))
    with pytest.raises(StoreKeyError) as info:
        Store.open(tmp_path / "data", provider, clock)
    assert info.value.problem is KeyProblem.WRONG


def test_credential_missing_names_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    with pytest.raises(StoreKeyError) as info:
        Store.open(tmp_path, CredentialKeyProvider("kiosk-store-key"), ManualClock())
    assert info.value.problem is KeyProblem.MISSING
    assert "LoadCredentialEncrypted" in str(info.value)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "kiosk-store-key").write_bytes(b"short")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path / "c"))
    with pytest.raises(StoreKeyError) as info:
        Store.open(tmp_path, CredentialKeyProvider("kiosk-store-key"), ManualClock())
    assert info.value.problem is KeyProblem.MALFORMED
