"""Validates a Frictionless Data Package (schemas, types, keys). Exits 1 on errors."""
import sys

from frictionless import validate

report = validate(sys.argv[1])
for task in report.tasks:
    for error in task.errors:
        print(f"{task.name}: {error.type}: {error.message}")
for error in report.errors:
    print(f"package: {error.type}: {error.message}")
print("valid" if report.valid else "invalid")
sys.exit(0 if report.valid else 1)
