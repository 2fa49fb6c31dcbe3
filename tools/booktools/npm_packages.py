"""Install the npm packages that ``package-lock.json`` pins into ``node_modules``, with Python alone.

    python -m booktools.npm_packages

The book takes two packages from the npm registry: the Korean edition's font (`booktools.korean_font`)
and axe-core, which the browser tests inject into every page. ``make`` runs this instead of ``npm ci``
so that a machine with Python 3.11 and make needs no Node.js: each package of the lock file is
downloaded from the registry (``npm_config_registry`` if set, else registry.npmjs.org), checked
against the lock file's ``integrity`` hash, and unpacked where npm would put it. A package already
there at the locked version is left alone.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

from .config import ROOT

REGISTRY = "https://registry.npmjs.org"


def locked_packages(root: Path = ROOT) -> dict[str, dict]:
    """{name: its entry in ``package-lock.json``} for every package the lock file installs."""
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    prefix = "node_modules/"
    return {path[len(prefix):]: entry for path, entry in lock["packages"].items() if path.startswith(prefix)}


def installed_version(root: Path, name: str) -> str | None:
    manifest = root / "node_modules" / name / "package.json"
    if not manifest.is_file():
        return None
    return json.loads(manifest.read_text(encoding="utf-8")).get("version")


def tarball_url(name: str, version: str) -> str:
    registry = os.environ.get("npm_config_registry", REGISTRY).rstrip("/")
    return f"{registry}/{name}/-/{name.split('/')[-1]}-{version}.tgz"


def verified(data: bytes, integrity: str, name: str) -> bytes:
    """`data`, if its hash is the lock file's `integrity` ("sha512-<base64>"); else an error in words."""
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise RuntimeError(f"the download of {name} does not match package-lock.json's integrity hash; "
                           "nothing was installed (is the registry or a proxy serving another file?)")
    return data


def install(name: str, entry: dict, root: Path = ROOT) -> None:
    url = tarball_url(name, entry["version"])
    with urllib.request.urlopen(url, timeout=60) as response:
        data = verified(response.read(), entry["integrity"], name)
    target = root / "node_modules" / name
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if member.isfile() and len(parts) > 1 and ".." not in parts:
                path = target.joinpath(*parts[1:])  # npm tarballs hold one top folder, "package/"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(archive.extractfile(member).read())


def main() -> int:
    for name, entry in locked_packages().items():
        if installed_version(ROOT, name) != entry["version"]:
            print(f"installing {name} {entry['version']} from the npm registry", flush=True)
            install(name, entry)
    return 0


if __name__ == "__main__":
    sys.exit(main())
