//! Agreement with Porcupine on its test corpus: all 102 Jepsen etcd cas-register logs and the
//! MIT 6.824 kv logs with 1, 10 and 50 clients from
//! anishathalye/porcupine's `test_data/`, kept unchanged in `tests/fixtures/porcupine/source/`
//! (see its README). Each verdict must equal the one Porcupine's own tests (`porcupine_test.go`)
//! expect.
//!
//! The etcd logs are in Jepsen's old log format; they are turned into EDN here, at test time
//! (the sources are smaller than their EDN), by the same rules as `tests/porcupine/convert.py`,
//! which makes EDN files for the command line; a test checks the two agree.

use std::path::{Path, PathBuf};
use std::process::Command;

use lockstep_gen::history::{read_edn, read_edn_file};
use lockstep_gen::linearizability::{Checker, EdnModel, Verdict};

#[path = "porcupine/etcd.rs"]
mod etcd;
use etcd::{etcd_line_to_edn, etcd_log_to_edn};

/// The etcd logs Porcupine's tests expect linearizable (`checkJepsen(t, n, true)`); every other
/// log, 000 to 102, is expected not linearizable. There is no 095: "etcd cluster failed to start
/// up in test 95".
const ETCD_LINEARIZABLE: [u32; 23] = [
    2, 5, 7, 18, 25, 31, 38, 45, 48, 49, 51, 53, 56, 67, 75, 76, 80, 87, 92, 98, 100, 101, 102,
];

/// The kv logs and whether Porcupine's tests expect them linearizable (`TestKv*`).
const KV: [(&str, bool); 6] = [
    ("c01-ok", true),
    ("c01-bad", false),
    ("c10-ok", true),
    ("c10-bad", false),
    ("c50-ok", true),
    ("c50-bad", false),
];

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/porcupine/source")
}

fn etcd_numbers() -> Vec<u32> {
    (0..=102).filter(|&n| n != 95).collect()
}

fn etcd_path(n: u32) -> PathBuf {
    source_dir().join(format!("etcd_{n:03}.log"))
}

fn kv_path(name: &str) -> PathBuf {
    source_dir().join(format!("{name}.txt"))
}

fn verdict_is(verdict: &Verdict, linearizable: bool, name: &str) {
    assert!(
        !matches!(verdict, Verdict::Unknown(_)),
        "{name}: no budget was set, yet {verdict}"
    );
    assert_eq!(
        verdict.is_linearizable(),
        linearizable,
        "{name}: Porcupine expects linearizable = {linearizable}, we say {verdict}"
    );
}

#[test]
fn etcd_verdicts_equal_porcupines() {
    let checker = Checker::new();
    for n in etcd_numbers() {
        let name = format!("etcd_{n:03}");
        let history =
            read_edn(&etcd_log_to_edn(&etcd_path(n))).unwrap_or_else(|e| panic!("{name}: {e}"));
        let checked = EdnModel::CasRegister
            .check(&history, &checker)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        verdict_is(checked.verdict(), ETCD_LINEARIZABLE.contains(&n), &name);
    }
}

#[test]
fn kv_verdicts_equal_porcupines() {
    let checker = Checker::new();
    for (name, linearizable) in KV {
        // The kv logs are EDN already, one map a line.
        let history = read_edn_file(kv_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let checked = EdnModel::Kv
            .check(&history, &checker)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        verdict_is(checked.verdict(), linearizable, name);
    }
}

/// Nothing in the corpus is left unchecked, and nothing checked is missing.
#[test]
fn every_source_file_has_an_expected_verdict() {
    let mut found: Vec<String> = std::fs::read_dir(source_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    found.sort();
    let mut expected: Vec<String> = etcd_numbers()
        .into_iter()
        .map(|n| format!("etcd_{n:03}.log"))
        .chain(KV.iter().map(|(name, _)| format!("{name}.txt")))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
    assert_eq!(etcd_numbers().len(), 102);
}

/// The command line gives the same verdicts on the whole corpus, one line per file in order,
/// and exit 1 (some histories are not linearizable).
#[test]
fn the_command_line_agrees() {
    let dir = std::env::temp_dir().join(format!("lockstep-porcupine-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut etcd = Vec::new();
    for n in etcd_numbers() {
        let path = dir.join(format!("etcd_{n:03}.edn"));
        std::fs::write(&path, etcd_log_to_edn(&etcd_path(n))).unwrap();
        etcd.push((path, ETCD_LINEARIZABLE.contains(&n)));
    }
    let kv: Vec<(PathBuf, bool)> = KV.iter().map(|&(name, ok)| (kv_path(name), ok)).collect();
    for (model, cases) in [(EdnModel::CasRegister, etcd), (EdnModel::Kv, kv)] {
        let out = Command::new(env!("CARGO_BIN_EXE_lockstep"))
            .args(["check", "--model", &model.to_string()])
            .args(cases.iter().map(|(path, _)| path))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{model}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), cases.len(), "{stdout}");
        for ((path, linearizable), line) in cases.iter().zip(&lines) {
            let verdict = line
                .strip_prefix(&format!("{}: ", path.display()))
                .unwrap_or_else(|| panic!("{line}"));
            assert_eq!(verdict == "linearizable", *linearizable, "{line}");
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

fn python3() -> bool {
    let found = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if !found {
        eprintln!(
            "\n!!! SKIPPED: python3 is not installed, so tests/porcupine/convert.py was not run\n"
        );
    }
    found
}

fn converter() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/porcupine/convert.py")
}

/// `tests/porcupine/convert.py`, which makes the EDN files the command line is timed on
/// (BENCHMARKS.md), writes what this test reads.
#[test]
fn the_converter_writes_what_the_test_reads() {
    if !python3() {
        return;
    }
    let out_dir = std::env::temp_dir().join(format!("lockstep-porcupine-{}", std::process::id()));
    let sources: Vec<PathBuf> = etcd_numbers()
        .into_iter()
        .map(etcd_path)
        .chain(KV.iter().map(|(name, _)| kv_path(name)))
        .collect();
    let out = Command::new("python3")
        .arg(converter())
        .args(&sources)
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for n in etcd_numbers() {
        let made = std::fs::read_to_string(out_dir.join(format!("etcd_{n:03}.edn"))).unwrap();
        assert!(made == etcd_log_to_edn(&etcd_path(n)), "etcd_{n:03}");
    }
    for (name, _) in KV {
        let made = std::fs::read_to_string(out_dir.join(format!("{name}.edn"))).unwrap();
        let source = std::fs::read_to_string(kv_path(name)).unwrap();
        assert!(made == source, "{name}: kv logs are copied unchanged");
    }
    std::fs::remove_dir_all(out_dir).unwrap();
}

/// Both converters name the file and line of anything they cannot read; the Python one writes
/// nothing for it.
#[test]
fn the_converters_reject_what_they_cannot_read() {
    assert_eq!(
        etcd_line_to_edn("INFO  jepsen.util - 0\t:ok\t:cas\tnil"),
        Err("a :ok :cas cannot have the value \"nil\"".to_string())
    );
    assert!(etcd_line_to_edn("WARN  jepsen.core - crashed").is_err());
    assert_eq!(
        etcd_line_to_edn("INFO  jepsen.util - 10  :fail   :read   :timed-out").as_deref(),
        Ok("{:type :fail, :process 10, :f :read, :value :timed-out}\n")
    );
    if !python3() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("lockstep-porcupine-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.log");
    std::fs::write(
        &bad,
        "INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:cas\tnil\n",
    )
    .unwrap();
    let out = Command::new("python3")
        .arg(converter())
        .arg(&bad)
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.log:2: a :ok :cas cannot have the value 'nil'"),
        "{stderr}"
    );
    assert!(!dir.join("out/bad.edn").exists());
    std::fs::remove_dir_all(dir).unwrap();
}
