"""Reads a history written as EDN, one map per line, with Python's edn_format
(an EDN reader independent of lockstep_gen), and prints each map as one line
of JSON in a tagged form that keeps EDN's types apart."""
import json
import sys
from collections.abc import Mapping, Sequence, Set

import edn_format
from edn_format import Keyword, Symbol


def norm(value):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Keyword):
        return {"kw": value.name}
    if isinstance(value, Symbol):
        return {"sym": value.name}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": value}
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, Set):
        return {"set": [norm(v) for v in value]}
    if isinstance(value, Sequence):
        return {"vec": [norm(v) for v in value]}
    if isinstance(value, Mapping):
        return {"map": [[norm(k), norm(v)] for k, v in value.items()]}
    raise TypeError(f"unexpected {type(value)}: {value!r}")


with open(sys.argv[1], encoding="utf-8") as lines:
    for number, line in enumerate(lines, 1):
        try:
            print(json.dumps(norm(edn_format.loads(line))))
        except Exception as error:  # report the line, let the Rust test fail on it
            print(json.dumps({"error": f"line {number}: {error}"}))
