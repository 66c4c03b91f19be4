//! Agreement with Porcupine on its own test histories: Jepsen's etcd cas-register logs and
//! MIT 6.824 kv logs from anishathalye/porcupine's `test_data/`, converted to EDN by
//! `tests/porcupine/convert.py` (see `tests/fixtures/porcupine/README.md`). Each verdict must
//! equal the one Porcupine's own tests (`porcupine_test.go`) expect.

use std::path::{Path, PathBuf};
use std::process::Command;

use lockstep_gen::history::read_edn_file;
use lockstep_gen::linearizability::{Checker, EdnModel, Verdict};

/// Each fixture, its model, and whether Porcupine's tests expect it linearizable
/// (`checkJepsen(t, n, correct)` and the kv tests' `-ok`/`-bad` names).
const EXPECTED: [(&str, EdnModel, bool); 8] = [
    ("etcd_000", EdnModel::CasRegister, false),
    ("etcd_001", EdnModel::CasRegister, false),
    ("etcd_002", EdnModel::CasRegister, true),
    ("etcd_003", EdnModel::CasRegister, false),
    ("etcd_005", EdnModel::CasRegister, true),
    ("etcd_007", EdnModel::CasRegister, true),
    ("c01-ok", EdnModel::Kv, true),
    ("c01-bad", EdnModel::Kv, false),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/porcupine")
}

fn edn_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".edn"))
        .collect();
    names.sort();
    names
}

#[test]
fn verdicts_equal_porcupines() {
    for (name, model, linearizable) in EXPECTED {
        let path = fixtures().join(format!("{name}.edn"));
        let history = read_edn_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let checked = model
            .check(&history, &Checker::new())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let verdict = checked.verdict();
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
}

#[test]
fn every_fixture_has_an_expected_verdict() {
    let mut listed: Vec<String> = EXPECTED
        .iter()
        .map(|(name, _, _)| format!("{name}.edn"))
        .collect();
    listed.sort();
    assert_eq!(edn_files(&fixtures()), listed);
}

/// The command line gives the same verdicts, one line per file, and exit 1 (some are not linearizable).
#[test]
fn the_command_line_agrees() {
    for model in [EdnModel::CasRegister, EdnModel::Kv] {
        let cases: Vec<_> = EXPECTED.iter().filter(|c| c.1 == model).collect();
        let paths: Vec<PathBuf> = cases
            .iter()
            .map(|(name, _, _)| fixtures().join(format!("{name}.edn")))
            .collect();
        let out = Command::new(env!("CARGO_BIN_EXE_lockstep"))
            .args(["check", "--model", &model.to_string()])
            .args(&paths)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{model}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), cases.len(), "{stdout}");
        for ((_, _, linearizable), (line, path)) in cases.iter().zip(lines.iter().zip(&paths)) {
            let verdict = line
                .strip_prefix(&format!("{}: ", path.display()))
                .unwrap_or_else(|| panic!("{line}"));
            assert_eq!(verdict == "linearizable", *linearizable, "{line}");
        }
    }
}

/// The committed EDN is what the converter makes of Porcupine's files (kept in `source/`).
#[test]
fn fixtures_are_the_converters_output() {
    let python = Command::new("python3").arg("--version").output();
    if !python.is_ok_and(|out| out.status.success()) {
        eprintln!("SKIPPED: python3 is not installed, so tests/porcupine/convert.py was not run");
        return;
    }
    let out_dir = std::env::temp_dir().join(format!("lockstep-porcupine-{}", std::process::id()));
    let source = fixtures().join("source");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&source)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    sources.sort();
    let converter = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/porcupine/convert.py");
    let status = Command::new("python3")
        .arg(converter)
        .args(&sources)
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert_eq!(edn_files(&out_dir), edn_files(&fixtures()));
    for name in edn_files(&fixtures()) {
        let made = std::fs::read_to_string(out_dir.join(&name)).unwrap();
        let committed = std::fs::read_to_string(fixtures().join(&name)).unwrap();
        assert!(
            made == committed,
            "{name} differs from the converter's output"
        );
    }
    std::fs::remove_dir_all(out_dir).unwrap();
}

/// The converter names the file and line of anything it cannot read, and writes nothing for it.
#[test]
fn the_converter_rejects_what_it_cannot_read() {
    let python = Command::new("python3").arg("--version").output();
    if !python.is_ok_and(|out| out.status.success()) {
        eprintln!("SKIPPED: python3 is not installed, so tests/porcupine/convert.py was not run");
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
    let converter = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/porcupine/convert.py");
    let out = Command::new("python3")
        .arg(converter)
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
