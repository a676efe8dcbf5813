"""Sealing of personal data at rest, and where the terminal key comes from.

Everything personal the store keeps (identity, form values, materials) is
sealed under one terminal key, with the row's id bound as associated data so a
sealed value cannot be moved to another row unnoticed. Two algorithms exist:
AES-256-GCM (the standard profile) and SM4-GCM (the GM/商用密码 profile, its
SM4 key derived from the terminal key with HKDF-SM3). A store records which
one sealed it and keeps using that one.

Key loading is one small interface, ``KeyProvider``: it hands the store a
``Sealer``. A terminal reads the key from systemd's credential mechanism
(``LoadCredentialEncrypted=``, sealed to the TPM where there is one) via
``CredentialKeyProvider``; development and the demo use a 0600 key file in the
data dir via ``FileKeyProvider``. Either hands out the ``Sealer`` for the
algorithm the store asks for (``make_sealer``).
"""

from __future__ import annotations

import binascii
import enum
import os
import secrets
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.base.private_files import private_file_problem, write_private_file

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
# The first byte of every sealed value names its format, so a value sealed one way is
# never handed to the other cipher.
_FORMAT = b"\x01"  # AES-256-GCM
_SM4_FORMAT = b"\x02"  # SM4-GCM
AES_256_GCM = "aes-256-gcm"
SM4_GCM = "sm4-gcm"
ALGORITHMS = (AES_256_GCM, SM4_GCM)
SM4_KEY_BYTES = 16
# Fixed so the same terminal key always derives the same SM4 key; "v1" leaves room to change.
_SM4_KEY_INFO = b"kiosk offline store sm4-gcm key v1"
KEY_FILE_NAME = "kiosk-store.key"  # in the data dir; the same name kiosk.app.runtime uses


class KeyProblem(enum.StrEnum):
    """Why the store key cannot be used."""

    MISSING = "missing"
    WRONG = "wrong"
    MALFORMED = "malformed"
    INSECURE = "insecure"


class StoreKeyError(Exception):
    """The store key is missing, wrong or unsafe; the data on disk was left untouched."""

    message_key = "store.key_problem"

    def __init__(self, problem: KeyProblem, detail: str) -> None:
        super().__init__(f"store key {problem.value}: {detail}")
        self.problem = problem
        self.detail = detail


class UnsealError(Exception):
    """A sealed value failed authentication (wrong key, wrong row, or tampered bytes)."""


class Sealer(Protocol):
    """Authenticated encryption of small and large blobs bound to an id."""

    algorithm: str

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        """Encrypt and authenticate ``plaintext``, binding ``aad``."""

    def open(self, sealed: bytes, aad: bytes) -> bytes:
        """Decrypt a value from ``seal``; ``UnsealError`` if it does not authenticate."""


class KeyProvider(Protocol):
    """Where the terminal key comes from."""

    def describe(self) -> str:
        """Where the key lives, for operators (never the key itself)."""

    def sealer(self, create: bool, algorithm: str = AES_256_GCM) -> Sealer:
        """The sealer for ``algorithm``; ``create`` allows making a new key when none exists."""


class AesGcmSealer:
    """AES-256-GCM with a random 96-bit nonce per value."""

    algorithm = AES_256_GCM

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise StoreKeyError(KeyProblem.MALFORMED, f"the key must be {KEY_BYTES} bytes")
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        """``format byte || nonce || ciphertext+tag``."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        return _FORMAT + nonce + self._aead.encrypt(nonce, plaintext, aad)

    def open(self, sealed: bytes, aad: bytes) -> bytes:
        """Check and decrypt one sealed value."""
        if len(sealed) < 1 + NONCE_BYTES + TAG_BYTES or sealed[:1] != _FORMAT:
            raise UnsealError("not a sealed value")
        nonce = sealed[1 : 1 + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, sealed[1 + NONCE_BYTES :], aad)
        except InvalidTag:
            raise UnsealError("sealed value does not authenticate") from None

    def __repr__(self) -> str:
        return "AesGcmSealer(<key hidden>)"


class Sm4GcmSealer:
    """SM4-GCM with a random 96-bit nonce per value, keyed by HKDF-SM3 of the terminal key."""

    algorithm = SM4_GCM

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise StoreKeyError(KeyProblem.MALFORMED, f"the key must be {KEY_BYTES} bytes")
        # SM4 takes 128-bit keys; the 256-bit terminal key is reduced with a KDF rather
        # than truncated, so the two profiles never use related key bytes.
        hkdf = HKDF(algorithm=hashes.SM3(), length=SM4_KEY_BYTES, salt=None, info=_SM4_KEY_INFO)
        self._key = hkdf.derive(key)

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        """``format byte || nonce || ciphertext || tag``."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        encryptor = Cipher(algorithms.SM4(self._key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(aad)
        ciphertext = encryptor.update(plaintext) + encryptor.finalize()
        return _SM4_FORMAT + nonce + ciphertext + encryptor.tag

    def open(self, sealed: bytes, aad: bytes) -> bytes:
        """Check and decrypt one sealed value."""
        if len(sealed) < 1 + NONCE_BYTES + TAG_BYTES or sealed[:1] != _SM4_FORMAT:
            raise UnsealError("not a sealed value")
        nonce = sealed[1 : 1 + NONCE_BYTES]
        tag = sealed[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(self._key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(aad)
        try:
            return decryptor.update(sealed[1 + NONCE_BYTES : -TAG_BYTES]) + decryptor.finalize()
        except InvalidTag:
            raise UnsealError("sealed value does not authenticate") from None

    def __repr__(self) -> str:
        return "Sm4GcmSealer(<key hidden>)"


def make_sealer(algorithm: str, key: bytes) -> Sealer:
    """The sealer for one of ``ALGORITHMS``; ``ValueError`` names the known ones otherwise."""
    if algorithm == AES_256_GCM:
        return AesGcmSealer(key)
    if algorithm == SM4_GCM:
        return Sm4GcmSealer(key)
    raise ValueError(f"unknown store cipher {algorithm!r}; known: {', '.join(ALGORITHMS)}")


def parse_key(raw: bytes, source: str) -> bytes:
    """Accept 32 raw bytes or 64 hex characters (a trailing newline is fine)."""
    if len(raw) == KEY_BYTES:
        return raw
    text = raw.strip()
    if len(text) == 2 * KEY_BYTES:
        try:
            return binascii.unhexlify(text)
        except binascii.Error:
            pass
    raise StoreKeyError(
        KeyProblem.MALFORMED,
        f"{source} must hold {KEY_BYTES} random bytes or {2 * KEY_BYTES} hex characters",
    )


class FileKeyProvider:
    """A key file (0600, owned by the kiosk's user) for development and the demo."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def describe(self) -> str:
        """The key file's path."""
        return f"key file {self.path}"

    def sealer(self, create: bool, algorithm: str = AES_256_GCM) -> Sealer:
        """Load the key file, making it first when allowed and absent."""
        if not self.path.exists():
            if not create:
                raise StoreKeyError(
                    KeyProblem.MISSING,
                    f"{self.path} is missing but the store holds sealed data; restore the "
                    "key file from the terminal's backup (a new key cannot read old data)",
                )
            self._create()
        problem = private_file_problem(self.path)
        if problem is not None:
            raise StoreKeyError(KeyProblem.INSECURE, problem)
        return make_sealer(algorithm, parse_key(self.path.read_bytes(), str(self.path)))

    def _create(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Atomic, so a crash never leaves a short key file.
        write_private_file(self.path, secrets.token_bytes(KEY_BYTES))


class CredentialKeyProvider:
    """The key systemd decrypted for us (``LoadCredentialEncrypted=``)."""

    def __init__(self, name: str, directory: str | None = None) -> None:
        self.name = name
        self.directory = directory

    def describe(self) -> str:
        """Which credential the key is read from."""
        return f"systemd credential {self.name!r}"

    def sealer(self, create: bool, algorithm: str = AES_256_GCM) -> Sealer:
        """Read ``$CREDENTIALS_DIRECTORY/<name>``; a credential is never created here."""
        directory = self.directory or os.environ.get("CREDENTIALS_DIRECTORY")
        if not directory:
            raise StoreKeyError(
                KeyProblem.MISSING,
                "CREDENTIALS_DIRECTORY is not set; start the kiosk from its systemd unit, which "
                f"has LoadCredentialEncrypted={self.name}:… (see docs/offline.md)",
            )
        path = Path(directory) / self.name
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise StoreKeyError(
                KeyProblem.MISSING,
                f"credential {self.name!r} is not in {directory}; check LoadCredentialEncrypted=",
            ) from None
        return make_sealer(algorithm, parse_key(raw, f"credential {self.name!r}"))


def key_provider(key_source: str, credential_name: str, data_dir: Path) -> KeyProvider:
    """The provider named by ``[store] key_source``."""
    if key_source == "credential":
        return CredentialKeyProvider(credential_name)
    return FileKeyProvider(data_dir / KEY_FILE_NAME)
