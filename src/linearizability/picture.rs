//! A picture of a checked history: one self-contained HTML file, processes as lanes, ops as bars.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::{Model, Operation, Outcome, Verdict};

/// Lanes and bars, in pixels.
const LANE: usize = 34;
const BAR: usize = 22;
const LEFT: usize = 110;
const STEP: usize = 48;
/// Past this many ops, a counterexample's picture shows the ops around it.
const FOCUS: usize = 150;
/// And it shows this many ops called before the first of those involved.
const LEAD_UP: usize = 40;
const TOP: usize = 30;

/// A picture of `ops` as checked against `model`: one self-contained HTML page, as Porcupine draws one.
///
/// Each process is a lane, each op a bar from its call to its return, with
/// the op as the model describes it (hover a bar for the whole text). Time
/// runs left to right, squeezed so that only the order of calls and returns
/// shows, which is all that linearizability reads. An `info` op, which may
/// take effect any time after its call, runs dashed to the right edge; a
/// `fail` op, which did not happen, is struck through. For a history that is
/// not linearizable, the longest linearizable prefix found is green and
/// numbered in its order, the op that cannot follow it red, and the ops tried
/// in its place orange; the counterexample's text heads the page. The page
/// has no script and loads nothing: open it in any browser.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, check, picture};
///
/// let ops = [
///     Operation::ok(0, CasOp::Write(1), 0, None, 1),
///     Operation::ok(1, CasOp::Read, 2, Some(2), 3), // nothing wrote 2
/// ];
/// let model = CasRegister::new();
/// let html = picture(&model, &ops, &check(&model, &ops));
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("read -&gt; 2"));
/// std::fs::write(std::env::temp_dir().join("counterexample.html"), html)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[must_use]
pub fn picture<M: Model>(
    model: &M,
    ops: &[Operation<M::Input, M::Output>],
    verdict: &Verdict,
) -> String {
    let (prefix, blocked, tried) = match verdict {
        Verdict::NotLinearizable(c) => (c.prefix(), Some(c.blocked()), c.tried()),
        _ => (&[][..], None, &[][..]),
    };
    let shown = focus(ops, prefix, blocked, tried);
    // Each op's place in the prefix, if it has one.
    let mut order_of = vec![None; ops.len()];
    for (k, &op) in prefix.iter().enumerate() {
        order_of[op] = Some(k);
    }
    let processes: Vec<u64> = shown
        .iter()
        .map(|&i| ops[i].process())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // Only the order of positions matters: give each distinct one a column.
    let positions: Vec<u64> = shown
        .iter()
        .flat_map(|&i| [Some(ops[i].call()), ops[i].ret()])
        .flatten()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let column = |p: u64| positions.partition_point(|&q| q < p);
    let width = LEFT + STEP * (positions.len() + 2);
    let height = TOP + LANE * processes.len() + 10;
    let mut svg = String::new();
    for (lane, process) in processes.iter().enumerate() {
        let y = TOP + lane * LANE;
        let _ = write!(
            svg,
            r#"<text class="lane" x="8" y="{}">process {process}</text><line class="lane" x1="{LEFT}" x2="{width}" y1="{}" y2="{}"/>"#,
            y + BAR / 2 + 4,
            y + BAR + 5,
            y + BAR + 5
        );
    }
    for &i in &shown {
        let op = &ops[i];
        let lane = processes.binary_search(&op.process()).unwrap_or(0);
        let y = TOP + lane * LANE;
        let x = LEFT + STEP * column(op.call());
        let end = match (op.outcome(), op.ret()) {
            (_, Some(ret)) => LEFT + STEP * column(ret) + STEP / 2,
            // A failed op's return is not known here: a short bar at its call.
            (Outcome::Fail, None) => x + STEP,
            (_, None) => width - 4,
        };
        let order = order_of[i];
        let class = match (&op.outcome(), order) {
            _ if Some(i) == blocked => "blocked",
            _ if tried.contains(&i) => "tried",
            (_, Some(_)) => "linearized",
            (Outcome::Fail, _) => "failed",
            (Outcome::Info, _) => "info",
            _ => "op",
        };
        let text = model.describe_operation(op.input(), op.output());
        let text = match (op.outcome(), text.strip_suffix(" (info)")) {
            (Outcome::Fail, Some(op)) => format!("{op} (fail)"),
            _ => text,
        };
        let label = match order {
            Some(k) => format!("#{} {text}", k + 1),
            None => text.clone(),
        };
        let _ = write!(
            svg,
            r#"<g class="{class}"><title>op {i}, process {}: {}</title><rect x="{x}" y="{y}" width="{}" height="{BAR}" rx="4"/><text x="{}" y="{}">{}</text></g>"#,
            op.process(),
            escape(&text),
            end.saturating_sub(x).max(6),
            x + 4,
            y + BAR / 2 + 4,
            escape(&short(&label, (end.saturating_sub(x) / 7).max(6))),
        );
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lockstep: {title}</title>
<style>
body {{ font-family: sans-serif; margin: 16px; }}
pre {{ background: #f6f6f6; padding: 8px; overflow-x: auto; }}
svg text {{ font: 11px monospace; pointer-events: none; }}
text.lane {{ font: 12px sans-serif; }}
line.lane {{ stroke: #ddd; }}
g rect {{ fill: #cfd8e3; stroke: #7a8ea8; }}
g.linearized rect {{ fill: #a7e3a1; stroke: #3c8d34; }}
g.blocked rect {{ fill: #f4a3a3; stroke: #c0392b; stroke-width: 2; }}
g.tried rect {{ fill: #f7d08a; stroke: #c87f0a; }}
g.info rect {{ fill: #eef2f7; stroke-dasharray: 4 3; }}
g.failed rect {{ fill: #f3f3f3; stroke: #bbb; }}
g.failed text {{ text-decoration: line-through; fill: #999; }}
</style></head>
<body>
<h1>{title}</h1>
<p>Processes as lanes, each op a bar from its call to its return, in the order of calls and returns.
Green: the longest linearizable prefix found, numbered in its order; red: the op that cannot follow it;
orange: the ops tried in its place; dashed: unknown (<code>info</code>), may take effect any time after its call;
struck through: failed, did not happen.</p>
<pre>{verdict_text}</pre>
<p>{shown_text}</p>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">{svg}</svg>
</body></html>
"#,
        title = match verdict {
            Verdict::Linearizable => "linearizable",
            Verdict::NotLinearizable(_) => "not linearizable",
            Verdict::Unknown(_) => "unknown",
        },
        verdict_text = escape(&verdict.to_string()),
        shown_text = if shown.len() == ops.len() {
            format!("All {} ops.", ops.len())
        } else {
            format!(
                "The {} ops around the counterexample, of {}: those that overlap it in time.",
                shown.len(),
                ops.len()
            )
        },
    )
}

/// The ops to draw: all of them, or for a long history that is not
/// linearizable, those that overlap the stretch of time from the earliest
/// call to the latest return among the blocked op, the ops tried in its
/// place, and the last few of the prefix.
fn focus<I, O>(
    ops: &[Operation<I, O>],
    prefix: &[usize],
    blocked: Option<usize>,
    tried: &[usize],
) -> Vec<usize> {
    let Some(blocked) = blocked.filter(|_| ops.len() > FOCUS) else {
        return (0..ops.len()).collect();
    };
    let recent = &prefix[prefix.len().saturating_sub(8)..];
    let involved = recent.iter().chain(tried).chain([&blocked]);
    let end = |op: &Operation<I, O>| op.ret().unwrap_or(op.call());
    let to = involved.clone().map(|&i| end(&ops[i])).max().unwrap_or(0);
    let from = involved.map(|&i| ops[i].call()).min().unwrap_or(0);
    // And the ops called just before: what led up to it (a failed write that did happen, say).
    let mut calls: Vec<u64> = ops
        .iter()
        .map(Operation::call)
        .filter(|&c| c < from)
        .collect();
    calls.sort_unstable();
    let from = calls.len().checked_sub(LEAD_UP).map_or(0, |k| calls[k]);
    (0..ops.len())
        .filter(|&i| match ops[i].outcome() {
            Outcome::Info => ops[i].call() <= to,
            _ => ops[i].call() <= to && end(&ops[i]) >= from,
        })
        .collect()
}

/// `text` cut to `chars` characters, with an ellipsis when cut.
fn short(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `text` safe inside HTML and SVG.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
