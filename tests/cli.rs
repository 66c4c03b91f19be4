//! The `lockstep` command line: one line per history, exit codes scripts can branch on, and
//! bad input named by file and line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .join(name)
}

fn lockstep(args: &[&str], histories: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lockstep"))
        .arg("check")
        .args(args)
        .args(histories)
        .output()
        .expect("the lockstep binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn linearizable_histories_exit_0_with_a_line_each() {
    for model in ["cas-register", "register", "kv"] {
        let history = fixture(&format!("{model}-linearizable.edn"));
        let out = lockstep(&["--model", model], std::slice::from_ref(&history));
        assert_eq!(out.status.code(), Some(0), "{model}: {}", stderr(&out));
        assert_eq!(
            stdout(&out),
            format!("{}: linearizable\n", history.display())
        );
    }
}

#[test]
fn a_history_that_is_not_linearizable_exits_1() {
    for model in ["cas-register", "register", "kv"] {
        let good = fixture(&format!("{model}-linearizable.edn"));
        let bad = fixture(&format!("{model}-not-linearizable.edn"));
        let out = lockstep(&["--model", model], &[good.clone(), bad.clone()]);
        assert_eq!(out.status.code(), Some(1), "{model}: {}", stderr(&out));
        let lines: Vec<_> = stdout(&out).lines().map(str::to_owned).collect();
        assert_eq!(lines.len(), 2, "{model}: {lines:?}");
        assert_eq!(lines[0], format!("{}: linearizable", good.display()));
        let prefix = format!("{}: not linearizable: the op invoked (line ", bad.display());
        assert!(lines[1].starts_with(&prefix), "{model}: {}", lines[1]);
    }
}

#[test]
fn kv_keys_are_compared_as_the_edn_they_are_written_as() {
    let history = fixture("kv-distinct-keys.edn");
    let out = lockstep(&["--model", "kv"], std::slice::from_ref(&history));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn a_history_that_is_not_linearizable_wins_over_bad_input() {
    let bad = fixture("cas-register-not-linearizable.edn");
    let missing = fixture("no-such-history.edn");
    let out = lockstep(&["--model", "cas-register"], &[missing, bad]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn html_draws_the_counterexample() {
    let dir = std::env::temp_dir().join(format!("lockstep-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("counterexample.html");
    let bad = fixture("cas-register-not-linearizable.edn");
    let page_arg = page.display().to_string();
    let out = lockstep(
        &["--model", "cas-register", "--html", &page_arg],
        std::slice::from_ref(&bad),
    );
    assert_eq!(out.status.code(), Some(1));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains(r#"<g class="blocked">"#));
    // --html draws one history.
    let two = lockstep(
        &["--model", "cas-register", "--html", &page_arg],
        &[bad.clone(), bad],
    );
    assert_eq!(two.status.code(), Some(2));
    assert!(
        stderr(&two).contains("--html draws one history"),
        "{}",
        stderr(&two)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_budget_that_runs_out_is_unknown_and_exits_3() {
    // Forty writes that may each have happened, all at once, and a read of a value nobody wrote:
    // proving it impossible means trying every subset of the writes.
    let dir = std::env::temp_dir().join(format!("lockstep-cli-hard-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::new();
    for p in 0..40 {
        text += &format!("{{:type :invoke, :process {p}, :f :write, :value {p}}}\n");
    }
    text += "{:type :invoke, :process 99, :f :read, :value nil}\n";
    text += "{:type :ok, :process 99, :f :read, :value 1000}\n";
    for p in 0..40 {
        text += &format!("{{:type :info, :process {p}, :f :write, :value {p}}}\n");
    }
    let hard = dir.join("hard.edn");
    std::fs::write(&hard, text).unwrap();
    let good = fixture("cas-register-linearizable.edn");
    let out = lockstep(
        &["--model", "cas-register", "--timeout", "0.2"],
        &[good, hard.clone()],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let last = stdout(&out).lines().last().unwrap().to_owned();
    assert_eq!(
        last,
        format!(
            "{}: unknown: the time budget (200ms) ran out",
            hard.display()
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_exits_2_naming_the_file_and_line() {
    let unknown = fixture("unknown-op.edn");
    let out = lockstep(&["--model", "cas-register"], std::slice::from_ref(&unknown));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "{}:4: cas-register has no op :frobnicate (it has :read, :write and :cas)\n",
            unknown.display()
        )
    );
    let truncated = fixture("truncated.edn");
    let out = lockstep(
        &["--model", "cas-register"],
        std::slice::from_ref(&truncated),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(&format!("{}:2: ", truncated.display())),
        "{}",
        stderr(&out)
    );
    // A missing file, a bad model, a bad timeout: named, exit 2, never a panic.
    let missing = fixture("no-such-history.edn");
    let out = lockstep(&["--model", "kv"], std::slice::from_ref(&missing));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no-such-history.edn"),
        "{}",
        stderr(&out)
    );
    let out = lockstep(&["--model", "counter"], std::slice::from_ref(&unknown));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no model named \"counter\""),
        "{}",
        stderr(&out)
    );
    for timeout in ["0", "1e20", "NaN"] {
        let out = lockstep(
            &["--model", "kv", "--timeout", timeout],
            std::slice::from_ref(&unknown),
        );
        assert_eq!(out.status.code(), Some(2), "{timeout}: {}", stderr(&out));
        assert!(stderr(&out).contains("--timeout"), "{}", stderr(&out));
    }
}
