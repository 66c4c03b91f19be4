//! Reading Jepsen's EDN histories into a history of generic EDN values.

use std::path::Path;

use super::edn_parse::Parser;
use super::{
    Edn, EdnFields, EdnHistory, Event, History, NEMESIS, Outcome, ReadError, ReadErrorKind,
};

/// Reads a Jepsen history written as EDN: one map per line (as
/// `jepsen.history` writes `history.edn`), or one vector (or list) of maps.
///
/// Every event needs `:type` (`:invoke`, `:ok`, `:fail` or `:info`) and
/// `:process` (a number, or `:nemesis`). `:index` and `:time` are optional:
/// older histories have neither, and then the order of the maps is the
/// real-time order and each event's time is its index. When given, indices
/// must increase (they are renumbered densely from 0, keeping the order), and
/// times must be given on every event or none. Every other key (`:f`,
/// `:value`, `:error`, `:key`, …) is kept, in order, in the event's
/// [`EdnFields`].
///
/// # Errors
///
/// A [`ReadError`] naming the line: text that is not EDN, a truncated file,
/// an event that is not a map, a map without `:type` or `:process`, an
/// unknown `:type`, and events against Jepsen's rules (a completion without
/// an invocation, a process invoking twice without completing, or after its
/// `:info`).
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{read_edn, Edn, EventType};
///
/// let history = read_edn(r#"
/// {:type :invoke, :f :write, :value 3, :process 0, :time 10, :index 0}
/// {:type :invoke, :f :read, :value nil, :process 1, :time 15, :index 1}
/// {:type :ok, :f :write, :value 3, :process 0, :time 20, :index 2}
/// {:type :info, :f :read, :value nil, :process 1, :time 90, :index 3, :error :timeout}
/// "#)?;
/// assert_eq!(history.len(), 4);
/// assert_eq!(history[3].event_type(), EventType::Info);
/// assert_eq!(history[2].time(), 20);
/// let pairs: Vec<_> = history.pairs().map(|p| (p.op().f().cloned(), p.end())).collect();
/// assert_eq!(pairs, [(Some(Edn::keyword("write")), Some(2)), (Some(Edn::keyword("read")), None)]);
///
/// let err = read_edn("{:type :ok, :process 0, :f :read}").unwrap_err();
/// assert_eq!(err.to_string(), "line 1: process 0 completes an op it never invoked");
/// # Ok::<(), lockstep_gen::history::ReadError>(())
/// ```
pub fn read_edn(text: &str) -> Result<EdnHistory, ReadError> {
    read_edn_lines(text).map(|(history, _)| history)
}

/// As [`read_edn`], with the line each event starts on: for a checker that names an event by its line.
///
/// # Errors
///
/// As [`read_edn`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::read_edn_lines;
///
/// let (history, lines) = read_edn_lines("[{:type :invoke, :process 0, :f :read}\n\n {:type :ok, :process 0, :f :read}]")?;
/// assert_eq!((history.len(), lines), (2, vec![1, 3]));
/// # Ok::<(), lockstep_gen::history::ReadError>(())
/// ```
pub fn read_edn_lines(text: &str) -> Result<(EdnHistory, Vec<usize>), ReadError> {
    let mut parser = Parser::new(text);
    let mut maps = Vec::new();
    parser.at_end()?;
    let opened = parser.line();
    // One vector (or, as in Knossos's test data, one list) of maps.
    let close = if parser.eat(b'[')? {
        Some(b']')
    } else if parser.eat(b'(')? {
        Some(b')')
    } else {
        None
    };
    if let Some(close) = close {
        // Each map's own line still names it.
        loop {
            if parser.eat(close)? {
                break;
            }
            match parser.next_form()? {
                Some(form) => maps.push(form),
                None => {
                    return Err(ReadError::new(
                        Some(opened),
                        ReadErrorKind::Truncated { opened },
                    ));
                }
            }
        }
        if !parser.at_end()? {
            return Err(ReadError::new(
                Some(parser.line()),
                ReadErrorKind::Syntax {
                    message: "text after the collection of events".into(),
                },
            ));
        }
    } else {
        while let Some(form) = parser.next_form()? {
            maps.push(form);
        }
    }
    events(maps)
}

/// Reads a Jepsen EDN history from a file, as [`read_edn`] does.
///
/// # Errors
///
/// As [`read_edn`], naming the file as well as the line; a file that cannot
/// be read or is not UTF-8 is a [`ReadErrorKind::Io`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::read_edn_file;
///
/// let path = std::env::temp_dir().join("lockstep-doc-read_edn_file.edn");
/// std::fs::write(&path, "{:type :invoke, :process 0, :f :read}\n{:type :invoke, :process 0, :f :read}\n")?;
/// let err = read_edn_file(&path).unwrap_err();
/// assert_eq!(err.line(), Some(2));
/// assert_eq!(
///     err.to_string(),
///     format!("{}:2: process 0 invokes again before its invocation at line 1 completed", path.display()),
/// );
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_edn_file(path: impl AsRef<Path>) -> Result<EdnHistory, ReadError> {
    read_edn_file_lines(path).map(|(history, _)| history)
}

/// As [`read_edn_file`], with the line each event starts on, as [`read_edn_lines`] gives them.
///
/// # Errors
///
/// As [`read_edn_file`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::read_edn_file_lines;
///
/// let path = std::env::temp_dir().join("lockstep-doc-read_edn_file_lines.edn");
/// std::fs::write(&path, "; a comment\n{:type :invoke, :process 0, :f :read}\n")?;
/// let (_, lines) = read_edn_file_lines(&path)?;
/// assert_eq!(lines, [2]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_edn_file_lines(path: impl AsRef<Path>) -> Result<(EdnHistory, Vec<usize>), ReadError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| {
        ReadError::new(
            None,
            ReadErrorKind::Io {
                message: e.to_string(),
            },
        )
        .with_path(path)
    })?;
    read_edn_lines(&text).map_err(|e| e.with_path(path))
}

/// The events of the maps read, checked against Jepsen's rules, and their lines.
fn events(maps: Vec<(usize, Edn)>) -> Result<(EdnHistory, Vec<usize>), ReadError> {
    let mut lines = Vec::with_capacity(maps.len());
    let mut events = Vec::with_capacity(maps.len());
    let mut timed = None;
    let mut last_index: Option<(i64, usize)> = None;
    for (position, (line, form)) in maps.into_iter().enumerate() {
        let fail = |kind| ReadError::new(Some(line), kind);
        let Edn::Map(entries) = form else {
            return Err(fail(ReadErrorKind::NotAMap {
                found: brief(&form),
            }));
        };
        let (mut event_type, mut process, mut index, mut time) = (None, None, None, None);
        let mut entries = entries;
        // Take Jepsen's four keys out in place; the rest stay, in order, as the fields.
        entries.retain_mut(|(key, value)| {
            let slot = match key.as_keyword() {
                Some("type") => &mut event_type,
                Some("process") => &mut process,
                Some("index") => &mut index,
                Some("time") => &mut time,
                _ => return true,
            };
            *slot = Some(std::mem::replace(value, Edn::Nil));
            false
        });
        let rest = entries;
        let invalid = |key, found: &Edn, expected| {
            fail(ReadErrorKind::Invalid {
                key,
                found: brief(found),
                expected,
            })
        };
        let event_type = event_type.ok_or_else(|| fail(ReadErrorKind::Missing { key: "type" }))?;
        let process =
            match process.ok_or_else(|| fail(ReadErrorKind::Missing { key: "process" }))? {
                Edn::Int(p) if p >= 0 => p as u64,
                Edn::Keyword(name) if name == "nemesis" => NEMESIS,
                other => return Err(invalid("process", &other, "a process number or :nemesis")),
            };
        if let Some(index) = index {
            match (index.as_int(), last_index) {
                (Some(i), Some((last, _))) if i > last => last_index = Some((i, line)),
                (Some(i), None) if i >= 0 => last_index = Some((i, line)),
                _ => {
                    return Err(invalid(
                        "index",
                        &index,
                        "an index above the previous event's",
                    ));
                }
            }
        }
        let time = match (time, timed) {
            (Some(Edn::Int(t)), None | Some(true)) if t >= 0 => {
                timed = Some(true);
                t as u64
            }
            (None, None | Some(false)) => {
                timed = Some(false);
                position as u64
            }
            (None, Some(true)) => return Err(fail(ReadErrorKind::Missing { key: "time" })),
            (Some(t), Some(false)) => {
                return Err(invalid("time", &t, "absent, as on the events before"));
            }
            (Some(t), _) => return Err(invalid("time", &t, "a number of nanoseconds")),
        };
        let fields = EdnFields::new(rest);
        let event = match event_type.as_keyword() {
            Some("invoke") => Event::invoke(time, process, fields),
            Some("ok") => Event::complete(time, process, Outcome::Ok(fields)),
            Some("fail") => Event::complete(time, process, Outcome::Fail(fields)),
            Some("info") => Event::complete(time, process, Outcome::Info(fields)),
            _ => {
                return Err(invalid(
                    "type",
                    &event_type,
                    "one of :invoke, :ok, :fail, :info",
                ));
            }
        };
        events.push(event);
        lines.push(line);
    }
    let history = History::checked(None, events).map_err(|error| {
        let line = lines.get(error.index()).copied();
        let earlier_line = error.earlier().and_then(|i| lines.get(i).copied());
        ReadError::new(
            line,
            ReadErrorKind::History {
                error,
                earlier_line,
            },
        )
    })?;
    Ok((history, lines))
}

/// A value as EDN for an error message, cut short so that one bad line
/// cannot flood a terminal.
fn brief(value: &Edn) -> String {
    const MAX: usize = 80;
    let text = value.to_string();
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
