//! The EDN a history writes, read back by an independent reader: Python's
//! `edn_format` (`.ci/run` installs it; without Python or the package this
//! test says so loudly and skips).

use std::path::Path;
use std::process::Command;

use lockstep_gen::Seed;
use lockstep_gen::history::{Edn, EdnOp, Event, History, Outcome, read_edn_file};
use serde_json::{Value, json};

/// An op with any `:f` and any value, to write every shape of EDN.
struct AnyOp(&'static str, Edn);

impl EdnOp for AnyOp {
    fn f(&self) -> Edn {
        Edn::keyword(self.0)
    }
    fn value(&self) -> Edn {
        self.1.clone()
    }
}

fn parse(text: &str) -> Edn {
    text.parse().unwrap()
}

/// `value` in the tagged JSON form the Python script prints, with sets and
/// maps sorted so that order does not matter.
fn norm(value: &Edn) -> Value {
    let sorted = |mut items: Vec<Value>| {
        items.sort_by_key(|v| v.to_string());
        Value::Array(items)
    };
    match value {
        Edn::Nil => Value::Null,
        Edn::Bool(b) => json!(b),
        Edn::Int(n) => json!({ "int": n.to_string() }),
        Edn::BigInt(digits) => json!({ "int": digits }),
        Edn::Float(x) => json!({ "float": x }),
        // edn_format reads a character as a one-character string.
        Edn::Char(c) => json!({ "str": c.to_string() }),
        Edn::Str(s) => json!({ "str": s }),
        Edn::Keyword(k) => json!({ "kw": k }),
        Edn::Symbol(s) => json!({ "sym": s }),
        Edn::List(items) | Edn::Vector(items) => {
            json!({ "vec": items.iter().map(norm).collect::<Vec<_>>() })
        }
        Edn::Set(items) => json!({ "set": sorted(items.iter().map(norm).collect()) }),
        Edn::Map(entries) => {
            json!({ "map": sorted(entries.iter().map(|(k, v)| json!([norm(k), norm(v)])).collect()) })
        }
        other => panic!("no tagged form for {other:?}"),
    }
}

/// Sorts the sets and maps of what Python printed, as `norm` does.
fn canonical(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        Value::Object(mut object) => {
            for key in ["set", "map"] {
                if let Some(Value::Array(items)) = object.remove(key) {
                    let mut items: Vec<Value> = items.into_iter().map(canonical).collect();
                    items.sort_by_key(|v| v.to_string());
                    object.insert(key.into(), Value::Array(items));
                }
            }
            Value::Object(object.into_iter().map(|(k, v)| (k, canonical(v))).collect())
        }
        other => other,
    }
}

fn python_with_edn_format() -> Option<&'static str> {
    ["python3", "python"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import edn_format"])
            .output()
            .is_ok_and(|out| out.status.success())
    })
}

/// Python's reading of `text`, one tagged JSON value per line; `None` when it cannot run.
fn read_with_python(text: &str, name: &str) -> Option<Vec<Value>> {
    let Some(python) = python_with_edn_format() else {
        eprintln!(
            "\n!!! SKIPPED: the independent EDN reader is missing: no python3 with edn_format. \
             Install it with `python3 -m pip install edn_format` (.ci/run does).\n"
        );
        return None;
    };
    let dir = std::env::temp_dir().join(format!("lockstep-python-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("history.edn");
    std::fs::write(&path, text).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/read_edn_history.py");
    let out = Command::new(python)
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    Some(
        stdout
            .lines()
            .map(|line| canonical(serde_json::from_str(line).unwrap()))
            .collect(),
    )
}

fn assert_python_reads(text: &str, name: &str) {
    let Some(read) = read_with_python(text, name) else {
        return;
    };
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(read.len(), lines.len());
    for (line, python) in lines.iter().zip(read) {
        assert_eq!(
            python,
            norm(&parse(line)),
            "Python read this line differently:\n{line}"
        );
    }
}

#[test]
fn python_edn_format_reads_every_shape_the_writer_writes() {
    let values = [
        "nil",
        "true",
        "-17",
        "9223372036854775807",
        "123456789012345678901234567890N",
        "2.5",
        "-1.0E-7",
        r#""quotes \" backslash \\ newline \n tab \t unicode é λ 🎉 control \u0001""#,
        r"\x",
        "[1 [2 [3 []]] ()]",
        "{:a 1, :b [nil true], \"s\" {:deep #{1 2 3}}}",
        "#{:x :y}",
        "my.ns/symbol",
        ":ns/keyword",
        "[:isolated {\"n1\" #{\"n2\" \"n3\"}}]",
    ];
    let mut events = Vec::new();
    for (p, value) in values.iter().enumerate() {
        let p = p as u64;
        let t = p * 100;
        events.push(Event::invoke(t, p, AnyOp("write", parse(value))));
        let outcome = match p % 3 {
            0 => Outcome::Ok(parse(value)),
            1 => Outcome::Fail(parse(value)),
            _ => Outcome::Info(Edn::Str(format!("timeout after {p} s: \"{value}\""))),
        };
        events.push(Event::complete(t + 50, p, outcome));
    }
    let history = History::new(Seed::from(3), events).unwrap();
    let text = history.to_edn_string();
    assert_python_reads(&text, "shapes");

    if let Some(read) = read_with_python(&text, "keys") {
        // Jepsen's keys, in Jepsen's order, as Python sees them.
        let first = &read[1]["map"];
        let keys: Vec<&Value> = first
            .as_array()
            .unwrap()
            .iter()
            .map(|kv| &kv[0]["kw"])
            .collect();
        let mut expected = vec!["f", "index", "process", "time", "type", "value"];
        expected.sort_by_key(|k| json!({ "kw": k }).to_string());
        let mut keys: Vec<&str> = keys.iter().map(|k| k.as_str().unwrap()).collect();
        keys.sort_by_key(|k| json!({ "kw": k }).to_string());
        assert_eq!(keys, expected);
    }
}

#[test]
fn python_edn_format_reads_a_rewritten_jepsen_history() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/register-no-index.edn");
    let history = read_edn_file(path).unwrap();
    assert_python_reads(&history.to_edn_string(), "rewritten");
}
