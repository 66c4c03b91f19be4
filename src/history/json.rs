//! JSON lines: the same events as the EDN, for tools that read JSON.

use std::fmt::{self, Write as _};
use std::io::{self, Write as _};

use super::{Edn, EdnEvent, Event, History, NEMESIS};

/// Writes `value` as JSON: keywords and symbols become strings without
/// their colon, lists, vectors and sets arrays, maps objects (a key that is
/// not a keyword or string is keyed by its EDN text), a tagged literal an
/// object `{"#tag": value}`, and floats that JSON cannot hold the strings
/// `"NaN"`, `"Infinity"` and `"-Infinity"`.
fn write_json(out: &mut String, value: &Edn) -> fmt::Result {
    match value {
        Edn::Nil => out.write_str("null"),
        Edn::Bool(b) => out.write_str(if *b { "true" } else { "false" }),
        Edn::Int(n) => write!(out, "{n}"),
        Edn::BigInt(digits) | Edn::BigDec(digits) => out.write_str(digits),
        Edn::Float(x) if x.is_nan() => out.write_str("\"NaN\""),
        Edn::Float(x) if x.is_infinite() => out.write_str(if *x > 0.0 {
            "\"Infinity\""
        } else {
            "\"-Infinity\""
        }),
        Edn::Float(x) => write!(out, "{x:?}"),
        Edn::Str(s) | Edn::Keyword(s) | Edn::Symbol(s) => write_json_string(out, s),
        Edn::Char(c) => write_json_string(out, c.encode_utf8(&mut [0; 4])),
        Edn::List(items) | Edn::Vector(items) | Edn::Set(items) => {
            out.write_char('[')?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_char(',')?;
                }
                write_json(out, item)?;
            }
            out.write_char(']')
        }
        Edn::Map(entries) => {
            out.write_char('{')?;
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.write_char(',')?;
                }
                write_json_key(out, k)?;
                write_json(out, v)?;
            }
            out.write_char('}')
        }
        Edn::Tagged(tag, value) => {
            out.write_char('{')?;
            write_json_string(out, &format!("#{tag}"))?;
            out.write_char(':')?;
            write_json(out, value)?;
            out.write_char('}')
        }
    }
}

fn write_json_key(out: &mut String, key: &Edn) -> fmt::Result {
    match key {
        Edn::Str(s) | Edn::Keyword(s) | Edn::Symbol(s) => write_json_string(out, s)?,
        other => write_json_string(out, &other.to_string())?,
    }
    out.write_char(':')
}

fn write_json_string(out: &mut String, s: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            '\n' => out.write_str("\\n")?,
            '\t' => out.write_str("\\t")?,
            '\r' => out.write_str("\\r")?,
            c if u32::from(c) < 0x20 => write!(out, "\\u{:04x}", u32::from(c))?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}

impl<O, V, E> History<O, V, E>
where
    Event<O, V, E>: EdnEvent,
{
    /// Writes the history as JSON lines, one object per event with the keys
    /// of [`write_edn`](History::write_edn) without their colons:
    /// `{"index":0,"time":0,"type":"invoke","process":0,"f":"write","value":3}`.
    /// Keyword values become strings (`:write` is `"write"`), the nemesis's
    /// process is `"nemesis"`.
    ///
    /// # Errors
    ///
    /// What `out` returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::read_edn;
    ///
    /// let history = read_edn("{:type :invoke, :process 0, :f :write, :value [1 \"a\"]}")?;
    /// let mut out = Vec::new();
    /// history.write_json_lines(&mut out)?;
    /// assert_eq!(
    ///     String::from_utf8(out)?,
    ///     "{\"index\":0,\"time\":0,\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":[1,\"a\"]}\n",
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_json_lines(&self, out: impl io::Write) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        let mut line = String::new();
        for (index, event) in self.iter().enumerate() {
            line.clear();
            let invocation = self.invocation_of(index).map(|i| &self[i]);
            json_line(&mut line, index, event, invocation).map_err(io::Error::other)?;
            out.write_all(line.as_bytes())?;
        }
        out.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .flush()
    }
}

fn json_line<O, V, E>(
    out: &mut String,
    index: usize,
    event: &Event<O, V, E>,
    invocation: Option<&Event<O, V, E>>,
) -> fmt::Result
where
    Event<O, V, E>: EdnEvent,
{
    write!(
        out,
        "{{\"index\":{index},\"time\":{},\"type\":\"{}\",\"process\":",
        event.time(),
        event.event_type()
    )?;
    if event.process() == NEMESIS {
        out.write_str("\"nemesis\"")?;
    } else {
        write!(out, "{}", event.process())?;
    }
    let mut written = Ok(());
    event.for_each_field(invocation, &mut |key, value| {
        written = written.and_then(|()| {
            out.write_char(',')?;
            write_json_key(out, key)?;
            write_json(out, value)
        });
    });
    written?;
    out.write_str("}\n")
}
