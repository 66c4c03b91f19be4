//! Porcupine's etcd logs, in Jepsen's old log format, as EDN: shared by `tests/porcupine.rs`
//! and `benches/linearizability.rs`, by the same rules as `tests/porcupine/convert.py`.

use std::path::Path;

/// One line of Jepsen's old log format, `INFO  jepsen.util - 3\t:ok\t:cas\t[1 2]` (some logs
/// have the tabs expanded to spaces), as one EDN map; the value shapes are Porcupine's parser's.
pub fn etcd_line_to_edn(line: &str) -> Result<String, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let ["INFO", "jepsen.util", "-", process, kind, f, ref value @ ..] = words[..] else {
        return Err(format!("not a jepsen.util op line: {line:?}"));
    };
    if process.is_empty() || !process.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("not a process number: {process:?}"));
    }
    let value = value.join(" ");
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let pair = |s: &str| {
        s.strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .and_then(|s| s.split_once(' '))
            .is_some_and(|(a, b)| number(a) && number(b))
    };
    let shape_ok = match (kind, f) {
        (":invoke", ":read") => value == "nil",
        (":ok", ":read") => value == "nil" || number(&value),
        (":invoke" | ":ok", ":write") => number(&value),
        (":invoke" | ":ok" | ":fail", ":cas") => pair(&value),
        (":fail", ":read") | (":info", ":read" | ":write" | ":cas") => value == ":timed-out",
        _ => false,
    };
    if !shape_ok {
        return Err(format!("a {kind} {f} cannot have the value {value:?}"));
    }
    Ok(format!(
        "{{:type {kind}, :process {process}, :f {f}, :value {value}}}\n"
    ))
}

/// A whole etcd log as EDN, or the first line that is not an op, named by file and line.
pub fn etcd_log_to_edn(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut edn = String::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let map = etcd_line_to_edn(line)
            .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), number + 1));
        edn.push_str(&map);
    }
    edn
}
