"""A configuration derived from one of the book's editions, for a build that needs a variation.

Jupyter Book takes one configuration file (its command line cannot pass ``-D``), and it finds
local extensions from that file's folder, so a variation is a copy of the edition's
configuration, written under the build's output folder, with its extension paths made absolute.
Used to render stored outputs instead of executing (the tests' build, `make pdf`) and to extract
the English text for the Korean catalogs (`make catalogs`).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def derived_config(edition, folder: Path, changes: dict) -> Path:
    """`edition` (a configuration file, e.g. "_config.ko.yml", relative to the project) with `changes`
    applied ({"execute.execute_notebooks": "off"}, dotted keys), written into `folder`; returns the
    new file's path. Nothing else differs but the local extensions' paths, made absolute."""
    import yaml

    source = (ROOT / edition).resolve()
    config = yaml.safe_load(source.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        *parents, key = dotted.split(".")
        node = config
        for parent in parents:
            node = node.setdefault(parent, {})
        node[key] = value
    extensions = config.get("sphinx", {}).get("local_extensions") or {}
    config["sphinx"]["local_extensions"] = {name: str((source.parent / path).resolve())
                                            for name, path in extensions.items()}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{Path(edition).stem}.derived.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
