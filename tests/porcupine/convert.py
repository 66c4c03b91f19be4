#!/usr/bin/env python3
"""Converts Porcupine's test histories (anishathalye/porcupine, test_data/) to Jepsen EDN.

    python3 tests/porcupine/convert.py SOURCE... OUT_DIR

- test_data/jepsen/etcd_NNN.log, Jepsen's old log format, one op event a line
  (fields apart by tabs, or by spaces where the tabs were expanded):
  `INFO  jepsen.util - 3\t:ok\t:cas\t[1 2]`, becomes one EDN map a line:
  `{:type :ok, :process 3, :f :cas, :value [1 2]}`. Events keep their order and
  types, as Porcupine's parser reads them: a timed-out op (`:info`) stays
  `:info`, so it may or may not have happened; a failed cas stays `:fail`.
  Porcupine reads a timed-out read (`:fail :read :timed-out`) as an unknown
  return, which for a read is the same as none: it stays `:fail`.
- test_data/kv/*.txt is EDN already (`{:process 0, :type :invoke, :f :get, ...}`):
  each line is checked to be one map and copied as it is.

Any other line is an error naming the file and line: nothing is skipped
silently. Standard library only, so CI needs nothing installed to rerun it.
"""

import pathlib
import re
import sys

LOG_LINE = re.compile(
    r"^INFO\s+jepsen\.util\s+-\s+(\d+)\s+(:invoke|:ok|:fail|:info)\s+(:read|:write|:cas)\s+(.*)$"
)
# What each event's value may be, by (type, f): Porcupine's parser's shapes.
NUMBER = r"\d+"
VALUE = {
    (":invoke", ":read"): r"nil",
    (":ok", ":read"): r"nil|\d+",
    (":invoke", ":write"): NUMBER,
    (":ok", ":write"): NUMBER,
    (":invoke", ":cas"): r"\[\d+ \d+\]",
    (":ok", ":cas"): r"\[\d+ \d+\]",
    (":fail", ":cas"): r"\[\d+ \d+\]",
    (":fail", ":read"): r":timed-out",
    (":info", ":read"): r":timed-out",
    (":info", ":write"): r":timed-out",
    (":info", ":cas"): r":timed-out",
}
KV_LINE = re.compile(r'^\{:process \d+, :type :(invoke|ok|fail|info), :f :(get|put|append), :key "[^"]*", :value (nil|"[^"]*")\}$')


class BadLine(Exception):
    pass


def convert_log(text, name):
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = LOG_LINE.match(line.rstrip("\r "))
        if not m:
            raise BadLine(f"{name}:{number}: not a jepsen.util op line: {line!r}")
        process, kind, f, value = m.groups()
        shape = VALUE.get((kind, f))
        if shape is None or not re.fullmatch(shape, value):
            raise BadLine(f"{name}:{number}: a {kind} {f} cannot have the value {value!r}")
        out.append(f"{{:type {kind}, :process {process}, :f {f}, :value {value}}}\n")
    return "".join(out)


def convert_kv(text, name):
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if not KV_LINE.match(line):
            raise BadLine(f"{name}:{number}: not a kv op map: {line!r}")
        out.append(line + "\n")
    return "".join(out)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out_dir = pathlib.Path(argv[-1])
    out_dir.mkdir(parents=True, exist_ok=True)
    for source in map(pathlib.Path, argv[1:-1]):
        text = source.read_text()
        try:
            edn = convert_log(text, source) if source.suffix == ".log" else convert_kv(text, source)
        except BadLine as bad:
            sys.exit(f"error: {bad}")
        target = out_dir / (source.stem + ".edn")
        target.write_text(edn)
        print(f"{source} -> {target} ({edn.count(chr(10))} events)")


if __name__ == "__main__":
    main(sys.argv)
