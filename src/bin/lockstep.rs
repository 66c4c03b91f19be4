//! `lockstep`: checks Jepsen histories for linearizability, one line per file.
//!
//! ```text
//! lockstep check --model cas-register|register|kv [--timeout SECS] [--html FILE] HISTORY.edn…
//! ```
//!
//! Exit codes, for scripts: 0 when every history is linearizable, 1 when any is not, 3 when any
//! is unknown (a budget ran out) and none is not, 2 on bad input (a message names the file and
//! line) and none is not linearizable: a violation found wins over every other news.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use lockstep_gen::history::read_edn_file_lines;
use lockstep_gen::linearizability::{Checker, EdnModel, Verdict};

/// Checks histories of concurrent systems, as Jepsen writes them.
#[derive(Parser)]
#[command(name = "lockstep", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Checks each history for linearizability against a model; one line per file.
    ///
    /// Exit codes: 0 all linearizable, 1 any not linearizable, 2 bad input (and none not
    /// linearizable), 3 any unknown (and no other news).
    Check {
        /// The sequential specification: cas-register, register (both nil until written) or kv (a missing key reads as "").
        #[arg(long, value_parser = clap::value_parser!(EdnModel))]
        model: EdnModel,
        /// Seconds each history may take before its verdict is unknown.
        #[arg(long, value_name = "SECS")]
        timeout: Option<f64>,
        /// Writes a picture of the history (one self-contained HTML page) to FILE; one history only.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Jepsen EDN histories: one map per line, or one vector of maps.
        #[arg(required = true, value_name = "HISTORY")]
        histories: Vec<PathBuf>,
    },
}

/// What became of one history, in the order the exit code heeds them: a
/// history that is not linearizable is the news, whatever else went wrong.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Linearizable,
    Unknown,
    BadInput,
    NotLinearizable,
}

impl Status {
    fn code(self) -> u8 {
        match self {
            Status::Linearizable => 0,
            Status::NotLinearizable => 1,
            Status::BadInput => 2,
            Status::Unknown => 3,
        }
    }
}

fn main() -> ExitCode {
    let Command::Check {
        model,
        timeout,
        html,
        histories,
    } = Cli::parse().command;
    let mut checker = Checker::new();
    match timeout.map(|secs| (secs, Duration::try_from_secs_f64(secs))) {
        Some((_, Ok(budget))) if !budget.is_zero() => checker = checker.timeout(budget),
        Some((secs, _)) => {
            eprintln!(
                "lockstep: --timeout {secs}: a number of seconds above 0 (at most about 584 billion years)"
            );
            return ExitCode::from(Status::BadInput.code());
        }
        None => {}
    }
    if html.is_some() && histories.len() != 1 {
        eprintln!("lockstep: --html draws one history: give one HISTORY, or run once per history");
        return ExitCode::from(Status::BadInput.code());
    }
    let worst = histories
        .iter()
        .map(|path| check(path, model, &checker, html.as_deref()))
        .max()
        .unwrap_or(Status::Linearizable);
    ExitCode::from(worst.code())
}

/// Checks one history and prints its line.
fn check(path: &Path, model: EdnModel, checker: &Checker, html: Option<&Path>) -> Status {
    let file = path.display();
    let (history, lines) = match read_edn_file_lines(path) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("{e}");
            return Status::BadInput;
        }
    };
    let checked = match model.check(&history, checker) {
        Ok(checked) => checked,
        Err(e) => {
            let line = lines.get(e.index()).copied().unwrap_or(0);
            eprintln!("{file}:{line}: {}", e.message());
            return Status::BadInput;
        }
    };
    if let Some(html) = html
        && let Err(e) = std::fs::write(html, checked.picture())
    {
        eprintln!("lockstep: cannot write {}: {e}", html.display());
        return Status::BadInput;
    }
    match checked.verdict() {
        Verdict::Linearizable => {
            println!("{file}: linearizable");
            Status::Linearizable
        }
        Verdict::NotLinearizable(c) => {
            let line = checked.invocation(c.blocked()).and_then(|i| lines.get(i));
            let at = line.map_or(String::new(), |line| format!(" (line {line})"));
            let prefix = c.prefix().len();
            let processes: Vec<String> = c.processes().iter().map(u64::to_string).collect();
            println!(
                "{file}: not linearizable: the op invoked{at} cannot follow the longest linearizable prefix found ({prefix} ops); processes {}",
                processes.join(", ")
            );
            Status::NotLinearizable
        }
        Verdict::Unknown(why) => {
            println!("{file}: unknown: {why}");
            Status::Unknown
        }
    }
}
