"""Loads every CSV of a data package in pandas the way the docs tell users to:
text columns as str (codes keep their leading zeros), numbers as numbers.
Prints one JSON object: per table the dtypes and a few values the Rust test checks."""
import json
import pathlib
import sys

import pandas as pd

folder = pathlib.Path(sys.argv[1])
package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
result = {}
for resource in package["resources"]:
    fields = resource["schema"]["fields"]
    text = {f["name"]: str for f in fields if f["type"] in ("string", "date")}
    frame = pd.read_csv(folder / resource["path"], dtype=text, keep_default_na=False, na_values=[""])
    numbers = [f["name"] for f in fields if f["type"] == "number"]
    result[resource["name"]] = {
        "rows": len(frame),
        "columns": list(frame.columns),
        "numeric": {n: bool(pd.api.types.is_numeric_dtype(frame[n])) for n in numbers},
        "values": {c: [None if pd.isna(v) else v for v in frame[c].tolist()] for c in frame.columns if c in text},
        "sums": {n: float(frame[n].sum()) for n in numbers},
    }
print(json.dumps(result, ensure_ascii=False))
