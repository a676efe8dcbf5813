"""The Debian package, end to end: build it, publish it with reprepro, install it with apt into a bare Debian 12.

A technician's path, in a chroot made here: ``packaging/build-deb`` builds the
``.deb`` from this tree; reprepro publishes it into an apt repository folder;
inside a minimal bookworm root (``mmdebstrap --variant=apt``, its runtime
dependencies included and cached per day) apt installs it from a ``file:``
source. From the installed files: ``kiosk --version``, ``kiosk config check``
on the packaged config, ``systemd-analyze verify`` on the units,
``kiosk update-window``, and, as the unprivileged ``kiosk`` user, ``kiosk
screenshots --check`` in Chinese plus the Qt translator's own answer for a
label. Then remove keeps the residents' data and purge deletes it.

Needs root, mmdebstrap and the network to the Debian mirror and PyPI (CI has
all three); otherwise it is skipped and -ra says why. The root filesystem cache
lives in ``$KIOSK_PACKAGE_CACHE`` (default ``~/.cache/kiosk-package-test``);
``KIOSK_PACKAGE_DEB=path.deb`` tests a package built before instead of building.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tarfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

# The first run of a day builds the package and the root (about 15 minutes on 2 cores).
pytestmark = [pytest.mark.slow, pytest.mark.package, pytest.mark.timeout(2700)]

ROOT = Path(__file__).resolve().parents[1]
MIRROR_HOST = "deb.debian.org"
SUITE = "bookworm"
PACKAGE = "neighbourhood-kiosk"
# What `kiosk screenshots` needs beyond the package: the reference hub (the refhub extra).
REFHUB = ("fastapi", "uvicorn", "networkx")
ZH_LABEL = ("HomeScreen", "Place your ID card on the reader", "请把身份证放在读卡区")


def _why_not() -> str | None:
    if os.geteuid() != 0:
        return "needs root (dpkg-deb ownership, mount namespaces, chroot)"
    for tool in ("mmdebstrap", "dpkg-deb", "unshare", "chroot", "reprepro"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (./kiosk-dev setup installs it)"
    try:
        socket.create_connection((MIRROR_HOST, 80), timeout=10).close()
    except OSError as exc:
        return f"no network to the Debian mirror {MIRROR_HOST} ({exc})"
    return None


_REASON = _why_not()
if _REASON:
    pytestmark.append(pytest.mark.skip(reason=_REASON))


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, (
        f"{shlex.join(args)} exited {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


@dataclass
class Chroot:
    """A bookworm root; ``run`` executes a shell script in it with /proc, /dev and binds."""

    path: Path
    binds: dict[str, Path]

    def run(self, script: str, *, check: bool = True) -> subprocess.CompletedProcess[str]:
        mounts = "\n".join(
            f'mkdir -p "$R{inside}"; mount --bind {shlex.quote(str(outside))} "$R{inside}"'
            for inside, outside in self.binds.items())
        # A private mount namespace: every mount disappears with the process, even if the
        # test dies half way.
        outer = f"""set -e
R={shlex.quote(str(self.path))}
mount -t proc proc "$R/proc"
mount --rbind /dev "$R/dev"
mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
mount -t tmpfs -o mode=0755 tmpfs "$R/run"
{mounts}
exec chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive /bin/bash -euo pipefail -c {shlex.quote(script)}
"""
        proc = subprocess.run(["unshare", "--mount", "--propagation", "private", "--fork",
                               "--pid", "bash", "-c", outer],
                              capture_output=True, text=True, check=False)
        if check:
            assert proc.returncode == 0, (
                f"in the chroot, exit {proc.returncode}:\n{script}\n--- stdout\n"
                f"{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}")
        return proc


def _cache_dir() -> Path:
    base = os.environ.get("KIOSK_PACKAGE_CACHE") or Path.home() / ".cache" / "kiosk-package-test"
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _depends(deb: Path) -> list[str]:
    """The package's Depends, as names for mmdebstrap --include."""
    field = _run(["dpkg-deb", "-f", str(deb), "Depends"]).stdout
    return sorted(re.split(r"[\s(]", part.strip())[0] for part in field.split(","))


def _base_tarball(include: list[str]) -> Path:
    """A bookworm root with the package's dependencies: made once a day, then reused."""
    key = hashlib.sha256(" ".join(include).encode()).hexdigest()[:12]
    cache = _cache_dir()
    tarball = cache / f"{SUITE}-apt-{dt.date.today():%Y%m%d}-{key}.tar"
    if not tarball.exists():
        for old in cache.glob(f"{SUITE}-apt-*.tar"):
            old.unlink()
        partial = tarball.with_suffix(".partial.tar")
        _run(["mmdebstrap", "--variant=apt", "--quiet", "--include=" + ",".join(include),
              SUITE, str(partial)])
        partial.rename(tarball)
    return tarball


def _refhub_requirements(out: Path) -> Path:
    """requirements-dev.lock's pins (with hashes) of the refhub extra beyond requirements.lock."""
    def blocks(lock: Path) -> dict[str, str]:
        """Package name → its pin line and hash lines (pip-compile's layout)."""
        found: dict[str, list[str]] = {}
        name = ""
        for line in lock.read_text(encoding="utf-8").splitlines():
            if re.match(r"[A-Za-z0-9]", line):
                name = canonicalize_name(line.split("==")[0])
                found[name] = [line]
            elif line.lstrip().startswith("--hash") and name:
                found[name].append(line)
        return {key: "\n".join(lines) for key, lines in found.items()}

    dev, production = blocks(ROOT / "requirements-dev.lock"), blocks(ROOT / "requirements.lock")
    wanted: set[str] = set()
    todo = [canonicalize_name(n) for n in REFHUB]
    while todo:
        name = todo.pop()
        if name in wanted or name in production:
            continue
        wanted.add(name)
        for spec in metadata.requires(name) or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(req.name))
    out.write_text("\n".join(dev[name] for name in sorted(wanted)) + "\n", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chroot]:
    """The package built, published with reprepro and installed with apt into a fresh root."""
    work = tmp_path_factory.mktemp("package")
    prebuilt = os.environ.get("KIOSK_PACKAGE_DEB")
    if prebuilt:
        # Iterating on the test itself: a package built before from this tree.
        deb = work / Path(prebuilt).name
        shutil.copy(prebuilt, deb)
    else:
        built = _run([str(ROOT / "packaging" / "build-deb"), "--out", str(work / "dist")])
        deb = Path(built.stdout.strip().splitlines()[-1])
    with (ROOT / "pyproject.toml").open("rb") as f:
        version = tomllib.load(f)["project"]["version"]
    assert deb.name == f"{PACKAGE}_{version}_{_run(['dpkg', '--print-architecture']).stdout.strip()}.deb"

    # Publish as a city would (packaging/README.md), unsigned: apt trusts this test repo.
    repo = work / "repo"
    (repo / "conf").mkdir(parents=True)
    (repo / "conf" / "distributions").write_text(
        "Codename: kiosk-stable\nSuite: kiosk-stable\nComponents: main\n"
        f"Architectures: {deb.name.rsplit('_', 1)[1].removesuffix('.deb')}\n"
        "Description: neighbourhood kiosk (test)\n", encoding="utf-8")
    _run(["reprepro", "-b", str(repo), "includedeb", "kiosk-stable", str(deb)])
    deb.unlink()  # the repository holds its own copy

    wheels = work / "wheels"
    refhub = _refhub_requirements(work / "refhub.txt")
    _run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--require-hashes",
          "-r", str(refhub), "-d", str(wheels)])
    shutil.copy(refhub, wheels / "refhub.txt")

    root = work / "root"
    root.mkdir()
    with tarfile.open(_base_tarball(_depends_from_repo(repo))) as tar:
        tar.extractall(root, filter="fully_trusted")
    chroot = Chroot(root, {"/srv/kiosk-repo": repo, "/srv/wheels": wheels})
    chroot.run("""
echo 'deb [trusted=yes] file:/srv/kiosk-repo kiosk-stable main' >/etc/apt/sources.list.d/kiosk.list
apt-get -o Dir::Etc::sourcelist=/etc/apt/sources.list.d/kiosk.list -o Dir::Etc::sourceparts=- \
  update -qq
apt-get install -y -qq --no-install-recommends neighbourhood-kiosk
""")
    yield chroot


def _depends_from_repo(repo: Path) -> list[str]:
    (deb,) = repo.glob("pool/main/*/*/*.deb")
    return _depends(deb)


def test_version_and_config_check_from_the_installed_files(installed: Chroot) -> None:
    with (ROOT / "pyproject.toml").open("rb") as f:
        version = tomllib.load(f)["project"]["version"]
    out = installed.run("kiosk --version; kiosk config check; dpkg-query -W neighbourhood-kiosk")
    lines = out.stdout.splitlines()
    # Installed, not a checkout: no git commit.
    assert lines[0] == f"neighbourhood-kiosk {version}"
    assert lines[1] == "/etc/kiosk/kiosk.toml: OK (profile production, terminal T-0000-EXAMPLE)"
    assert lines[-1] == f"neighbourhood-kiosk\t{version}"
    # No resident can be in a session: no kiosk runs in the chroot.
    window = installed.run("kiosk update-window")
    assert window.stdout.startswith("open: ")


def test_files_users_and_units(installed: Chroot) -> None:
    out = installed.run("""
id kiosk
stat -c '%U %a %n' /var/lib/kiosk /var/cache/kiosk /etc/kiosk
dpkg-query -W -f='${Conffiles}\\n' neighbourhood-kiosk
ls /opt/kiosk/venv/lib/python3*/site-packages/ui/i18n/
readlink -f /opt/kiosk/venv/bin/python
dpkg --verify neighbourhood-kiosk && echo verified
systemd-analyze verify /usr/lib/systemd/system/kiosk.service apt-daily-upgrade.service \
  apt-daily-upgrade.timer 2>&1 | grep -v -e 'Failed to connect to bus' -e '^$' || true
systemd-analyze cat-config systemd/journald.conf | grep -E '^(Storage|SystemMaxUse)='
systemctl is-enabled kiosk.service || true
""")
    text = out.stdout
    assert re.search(r"groups=.*\bdialout\b.*", text) and "(kiosk)" in text
    assert "kiosk 700 /var/lib/kiosk" in text and "root 755 /etc/kiosk" in text
    assert re.search(r"/etc/kiosk/kiosk\.toml [0-9a-f]{32}", text)
    assert "kiosk_zh_CN.qm" in text and ".ts" not in text
    assert "/usr/bin/python3.11" in text
    assert "verified" in text
    assert "Storage=persistent" in text and "SystemMaxUse=500M" in text
    assert "enabled" in text.split()
    # systemd-analyze verify prints nothing but the unit's own problems, if any.
    problems = [line for line in text.splitlines()
                if "kiosk" in line and ("Unknown" in line or "rror" in line or "not" in line)]
    assert not problems, "\n".join(problems)


def test_screenshots_in_chinese_as_the_kiosk_user(installed: Chroot) -> None:
    """The installed UI renders Chinese labels for an unprivileged user: shipped .qm, loaded."""
    out = installed.run(f"""
/opt/kiosk/venv/bin/python -m pip install -q --no-index --no-deps --require-hashes \
  --find-links /srv/wheels -r /srv/wheels/refhub.txt
install -d -o kiosk -g kiosk /tmp/shots /tmp/kiosk-data
# The screenshot tour runs on the simulated profile, not the terminal's /etc/kiosk one.
echo 'profile = "simulated"' >/tmp/simulated.toml
as_kiosk() {{
  setpriv --reuid=kiosk --regid=kiosk --init-groups env HOME=/var/lib/kiosk \
    XDG_CACHE_HOME=/var/cache/kiosk KIOSK_DATA_DIR=/tmp/kiosk-data QT_QPA_PLATFORM=offscreen \
    KIOSK_VOICE=none KIOSK_CONFIG=/tmp/simulated.toml "$@"
}}
as_kiosk /opt/kiosk/venv/bin/python - <<'EOF'
from PySide6.QtGui import QGuiApplication
from ui import translations
app = QGuiApplication([])
assert translations.install(app, "zh_CN")
print("translator:", app.translate({ZH_LABEL[0]!r}, {ZH_LABEL[1]!r}))
EOF
as_kiosk kiosk screenshots /tmp/shots --check --locale zh_CN --orientation landscape \
  --elder off --screen Home
cat /tmp/shots/layout.txt
ls /tmp/shots/zh_CN-landscape/
""")
    assert f"translator: {ZH_LABEL[2]}" in out.stdout
    assert "layout check: no violations" in out.stdout
    assert "Home.png" in out.stdout


def test_remove_keeps_the_data_and_purge_deletes_it(installed: Chroot) -> None:
    out = installed.run("""
echo sealed >/var/lib/kiosk/store-marker
apt-get remove -y -qq neighbourhood-kiosk >/dev/null
test -f /var/lib/kiosk/store-marker && echo "kept after remove"
test -f /etc/kiosk/kiosk.toml && echo "config kept after remove"
test ! -e /usr/bin/kiosk && echo "program removed"
apt-get purge -y -qq neighbourhood-kiosk >/dev/null
test ! -e /var/lib/kiosk && test ! -e /etc/kiosk && test ! -e /opt/kiosk && echo "purged"
""")
    for line in ("kept after remove", "config kept after remove", "program removed", "purged"):
        assert line in out.stdout
