//! The picture of a counterexample: what it draws, and that a real browser renders it.

use std::process::Command;

use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, check, picture};

fn counterexample() -> String {
    let ops = [
        Operation::ok(0, CasOp::Write(1), 0, None, 1),
        Operation::info(2, CasOp::Write(7), 1),
        Operation::fail(3, CasOp::Cas(1, 9), 2),
        Operation::ok(1, CasOp::Read, 3, Some(2), 4), // nothing wrote 2
    ];
    let model = CasRegister::new();
    picture(&model, &ops, &check(&model, &ops))
}

#[test]
fn a_counterexample_shows_every_op_in_its_part() {
    let html = counterexample();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<title>lockstep: not linearizable</title>"));
    for lane in ["process 0", "process 1", "process 2", "process 3"] {
        assert!(html.contains(lane), "{lane}");
    }
    assert_eq!(html.matches(r#"<g class="blocked">"#).count(), 1);
    assert!(html.contains("read -&gt; 2"), "escaped text");
    assert!(html.contains(r#"<g class="failed">"#));
    // The write of 7 timed out: it may have happened, and the longest prefix has it.
    assert!(
        html.contains(r#"<g class="linearized"><title>op 1, process 2: write 7 (info)</title>"#),
        "{html}"
    );
    assert!(!html.contains("<script"), "self-contained, no script");
}

#[test]
fn a_linearizable_history_is_drawn_too() {
    let ops = [Operation::ok(0, CasOp::Write(1), 0, None, 1)];
    let model = CasRegister::new();
    let html = picture(&model, &ops, &check(&model, &ops));
    assert!(html.contains("<title>lockstep: linearizable</title>"));
    assert!(html.contains("All 1 ops."));
}

/// The first headless browser on the PATH, if any.
fn browser() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn a_real_browser_renders_it() {
    let Some(browser) = browser() else {
        eprintln!(
            "SKIPPED a_real_browser_renders_it: no chromium on the PATH (.ci/run installs it)"
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("lockstep-picture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("counterexample.html");
    std::fs::write(&page, counterexample()).unwrap();
    let url = format!("file://{}", page.display());
    let headless = ["--headless", "--no-sandbox", "--disable-gpu"];
    // The DOM the browser built from the page: the drawing is there, parsed.
    let dom = Command::new(browser)
        .args(headless)
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("<svg"), "{dom}");
    assert!(dom.contains(r#"<g class="blocked">"#), "{dom}");
    // And a screenshot of it: a PNG the size of the window.
    let png = dir.join("counterexample.png");
    let shot = Command::new(browser)
        .args(headless)
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=900,500")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    // Width and height, big-endian, in the IHDR chunk.
    let size = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (900, 500));
    assert!(
        bytes.len() > 5_000,
        "a page with a drawing, not a blank one: {} bytes",
        bytes.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
