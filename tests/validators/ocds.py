"""Validates OCDS packages against the official 1.1 schemas, offline.

Usage: ocds.py SCHEMA_DIR release|record FILE...
The package schemas $ref the release schema by URL: every local schema is
registered under its own `id`, so nothing is fetched. Exits 1 on any error.
"""
import json
import pathlib
import sys

import rfc3339_validator  # noqa: F401  (without it date-time goes unchecked)
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


def main():
    schema_dir, kind, files = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    registry = Registry()
    for path in schema_dir.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(schema["id"], Resource(schema, specification=DRAFT4))
    top = json.loads((schema_dir / f"{kind}-package-schema.json").read_text(encoding="utf-8"))
    validator = Draft4Validator(top, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)
    if "date-time" not in validator.format_checker.checkers:
        sys.exit("date-time format checker missing: install rfc3339-validator")
    errors = 0
    for name in files:
        package = json.loads(pathlib.Path(name).read_text(encoding="utf-8"))
        for error in sorted(validator.iter_errors(package), key=lambda e: list(e.absolute_path)):
            errors += 1
            path = "/".join(str(p) for p in error.absolute_path)
            print(f"{name}: {path}: {error.message}")
        count = len(package.get("releases", package.get("records", [])))
        print(f"{name}: {count} {kind}s checked")
    sys.exit(1 if errors else 0)


main()
