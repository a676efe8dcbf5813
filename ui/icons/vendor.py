"""Re-extract the vendored Tabler icons from the pinned npm package, byte for byte.

    python -m ui.icons.vendor            # npm pack, check the hash, write ui/icons/tabler/
    python -m ui.icons.vendor --check    # the same, but only compare with what is vendored
    python -m ui.icons.vendor --tarball tabler-icons-3.51.0.tgz   # no npm: a tarball at hand

``npm pack`` fetches the package's tarball from the registry npm is configured
for; its SHA-512 must equal :data:`INTEGRITY` (the registry's published
integrity of that version), so the set is the same wherever it is run. To move
to a newer version, change :data:`VERSION` and :data:`INTEGRITY` together
(``npm view @tabler/icons@X dist.integrity``) and run this again.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ui.icons import ICON_DIR, ICONS

PACKAGE = "@tabler/icons"
VERSION = "3.51.0"
INTEGRITY = ("sha512-0pinvPZz7YeX+OSfxuEAbnEPWbocVXW5iU8h5lh41pYG8sZuQfpWECC980lxOT0clGIcNGn8xsBr"
             "+zKaRGdA/g==")
LICENCE_MEMBER = "package/LICENSE"
STYLE = "outline"  # stroked 24×24 icons; the provider recolours their currentColor


class VendorError(Exception):
    """npm is missing or failed, the tarball's hash is wrong, or an icon is not in it."""


def integrity_of(data: bytes) -> str:
    """The npm ``integrity`` string (``sha512-<base64>``) of a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def npm_pack(dest: Path) -> Path:
    """Fetch the pinned package tarball into ``dest`` with ``npm pack``."""
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("npm not found: install Node.js (Debian: apt-get install npm) "
                          "or pass --tarball")
    proc = subprocess.run([npm, "pack", f"{PACKAGE}@{VERSION}", "--json", "--pack-destination",
                           str(dest)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise VendorError(f"npm pack failed ({proc.returncode}): {proc.stderr.strip()[:500]}")
    return dest / str(json.loads(proc.stdout)[0]["filename"])


def read_icons(tarball: Path, names: Sequence[str] = ICONS, *,
               integrity: str = INTEGRITY) -> dict[str, bytes]:
    """``<name>.svg`` → bytes for every name, plus ``LICENSE``, from a checked tarball."""
    data = tarball.read_bytes()
    found = integrity_of(data)
    if found != integrity:
        raise VendorError(f"{tarball.name}: integrity {found} is not the pinned {integrity}")
    out: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        wanted = {f"package/icons/{STYLE}/{n}.svg": f"{n}.svg" for n in names}
        wanted[LICENCE_MEMBER] = "LICENSE"
        for member, target in wanted.items():
            try:
                handle = archive.extractfile(member)
            except KeyError:
                handle = None
            if handle is None:
                raise VendorError(f"{member} is not in {PACKAGE}@{VERSION}")
            out[target] = handle.read()
    return out


def differences(files: dict[str, bytes], directory: Path = ICON_DIR) -> list[str]:
    """What differs between the package's files and the vendored directory."""
    problems = [f"{name}: differs from {PACKAGE}@{VERSION}" for name, data in files.items()
                if not (directory / name).exists() or (directory / name).read_bytes() != data]
    present = {p.name for p in directory.iterdir()} if directory.exists() else set()
    problems += [f"{name}: vendored but not used (remove it)" for name in
                 sorted(present - set(files))]
    return problems


def write(files: dict[str, bytes], directory: Path = ICON_DIR) -> None:
    """Replace the vendored directory's contents with ``files``."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    for name, data in sorted(files.items()):
        (directory / name).write_bytes(data)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ui.icons.vendor [--check] [--tarball FILE]``."""
    parser = argparse.ArgumentParser(prog="python -m ui.icons.vendor")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on a change")
    parser.add_argument("--tarball", type=Path, help="a downloaded tabler-icons tarball")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tarball = args.tarball or npm_pack(Path(tmp))
            files = read_icons(tarball)
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        problems = differences(files)
        for line in problems:
            print(line)
        print(f"{len(ICONS)} icons checked against {PACKAGE}@{VERSION}: "
              + ("differences found" if problems else "identical"))
        return 1 if problems else 0
    write(files)
    print(f"wrote {len(ICONS)} icons and LICENSE from {PACKAGE}@{VERSION} to {ICON_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
