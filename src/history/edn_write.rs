//! Writing EDN: values as Clojure's reader reads them, and histories as Jepsen writes them.

use std::fmt::{self, Write as _};
use std::io::{self, Write as _};

use super::{Edn, EdnEvent, History};

/// Writes `value` as EDN.
pub(crate) fn write_value(out: &mut impl fmt::Write, value: &Edn) -> fmt::Result {
    match value {
        Edn::Nil => out.write_str("nil"),
        Edn::Bool(b) => out.write_str(if *b { "true" } else { "false" }),
        Edn::Int(n) => write!(out, "{n}"),
        Edn::BigInt(digits) => write!(out, "{digits}N"),
        Edn::Float(x) => write_float(out, *x),
        Edn::BigDec(text) => write!(out, "{text}M"),
        Edn::Str(s) => write_string(out, s),
        Edn::Char(c) => write_char(out, *c),
        Edn::Keyword(name) => {
            out.write_char(':')?;
            out.write_str(name)
        }
        Edn::Symbol(name) => out.write_str(name),
        Edn::List(items) => write_seq(out, "(", items, ")"),
        Edn::Vector(items) => write_seq(out, "[", items, "]"),
        Edn::Set(items) => write_seq(out, "#{", items, "}"),
        Edn::Map(entries) => {
            out.write_char('{')?;
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    // Clojure's printer separates entries with ", ".
                    out.write_str(", ")?;
                }
                write_value(out, k)?;
                out.write_char(' ')?;
                write_value(out, v)?;
            }
            out.write_char('}')
        }
        Edn::Tagged(tag, value) => {
            write!(out, "#{tag} ")?;
            write_value(out, value)
        }
    }
}

fn write_seq(out: &mut impl fmt::Write, open: &str, items: &[Edn], close: &str) -> fmt::Result {
    out.write_str(open)?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.write_char(' ')?;
        }
        write_value(out, item)?;
    }
    out.write_str(close)
}

fn write_float(out: &mut impl fmt::Write, x: f64) -> fmt::Result {
    if x.is_nan() {
        out.write_str("##NaN")
    } else if x.is_infinite() {
        out.write_str(if x > 0.0 { "##Inf" } else { "##-Inf" })
    } else {
        // `{:?}` always has a `.` or an exponent, so the reader sees a float, not an integer.
        write!(out, "{x:?}")
    }
}

fn write_string(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            '\n' => out.write_str("\\n")?,
            '\t' => out.write_str("\\t")?,
            '\r' => out.write_str("\\r")?,
            '\u{8}' => out.write_str("\\b")?,
            '\u{c}' => out.write_str("\\f")?,
            c if c.is_control() => write!(out, "\\u{:04x}", c as u32)?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}

fn write_char(out: &mut impl fmt::Write, c: char) -> fmt::Result {
    match c {
        '\n' => out.write_str("\\newline"),
        ' ' => out.write_str("\\space"),
        '\t' => out.write_str("\\tab"),
        '\r' => out.write_str("\\return"),
        '\u{8}' => out.write_str("\\backspace"),
        '\u{c}' => out.write_str("\\formfeed"),
        c if c.is_control() || c.is_whitespace() => write!(out, "\\u{:04x}", c as u32),
        c => write!(out, "\\{c}"),
    }
}

impl<O, V, E> History<O, V, E>
where
    super::Event<O, V, E>: EdnEvent,
{
    /// Writes the history as Jepsen's EDN, one map per line, in the order
    /// `jepsen.history`, Elle and elle-cli read:
    /// `{:index 0, :time 0, :type :invoke, :process 0, :f :write, :value 3}`.
    ///
    /// A completion carries its invocation's `:f`; an `:ok` carries its value
    /// as `:value`; a `:fail` or `:info` carries the invocation's `:value` and
    /// its `:error`. The run's seed is not written: Jepsen's readers expect
    /// nothing but ops. Writes through a [`BufWriter`](io::BufWriter) of its
    /// own, so a bare [`File`](std::fs::File) is fine.
    ///
    /// # Errors
    ///
    /// What `out` returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, EdnOp, Event, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// struct Write(u64);
    ///
    /// impl EdnOp for Write {
    ///     fn f(&self) -> Edn { Edn::keyword("write") }
    ///     fn value(&self) -> Edn { Edn::Int(self.0 as i64) }
    /// }
    ///
    /// let history = History::<_, (), String>::new(Seed::from(7), vec![
    ///     Event::invoke(0, 0, Write(3)),
    ///     Event::complete(5, 0, Outcome::Ok(())),
    /// ])?;
    /// let mut out = Vec::new();
    /// history.write_edn(&mut out)?;
    /// assert_eq!(String::from_utf8(out)?, "\
    /// {:index 0, :time 0, :type :invoke, :process 0, :f :write, :value 3}
    /// {:index 1, :time 5, :type :ok, :process 0, :f :write, :value nil}
    /// ");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_edn(&self, out: impl io::Write) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        let mut line = String::new();
        for index in 0..self.len() {
            line.clear();
            self.edn_line(index, &mut line).map_err(io::Error::other)?;
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
        out.into_inner().map_err(|e| e.into_error())?.flush()
    }

    /// The history as Jepsen's EDN in a string, as [`write_edn`](History::write_edn) writes it.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, EdnOp, Event, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// struct Read;
    ///
    /// impl EdnOp for Read {
    ///     fn f(&self) -> Edn { Edn::keyword("read") }
    ///     fn value(&self) -> Edn { Edn::Nil }
    /// }
    ///
    /// let history = History::<_, Option<u64>, String>::new(Seed::from(7), vec![
    ///     Event::invoke(0, 1, Read),
    ///     Event::complete(9, 1, Outcome::Info("timeout".to_string())),
    /// ])?;
    /// assert_eq!(history.to_edn_string(), "\
    /// {:index 0, :time 0, :type :invoke, :process 1, :f :read, :value nil}
    /// {:index 1, :time 9, :type :info, :process 1, :f :read, :value nil, :error \"timeout\"}
    /// ");
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn to_edn_string(&self) -> String {
        let mut text = String::new();
        for index in 0..self.len() {
            // Writing to a String cannot fail.
            let _ = self.edn_line(index, &mut text);
            text.push('\n');
        }
        text
    }

    /// A digest of the history: FNV-1a, 64 bits, of [`to_edn_string`](History::to_edn_string).
    ///
    /// The same history gives the same digest on every platform and release,
    /// so a simulated run's digest can be printed and compared, or pinned in
    /// a test, to show that a seed replays the run byte for byte.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let history = |value| History::<u64, u64, String>::new(Seed::from(1), vec![
    ///     Event::invoke(0, 0, 7),
    ///     Event::complete(5, 0, Outcome::Ok(value)),
    /// ]);
    /// assert_eq!(history(1)?.digest(), history(1)?.digest());
    /// assert_ne!(history(1)?.digest(), history(2)?.digest());
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn digest(&self) -> u64 {
        crate::digest::fnv1a(self.to_edn_string().as_bytes())
    }

    fn edn_line(&self, index: usize, out: &mut String) -> fmt::Result {
        let event = &self.events()[index];
        let invocation = self.invocation_of(index).map(|i| &self.events()[i]);
        write!(out, "{{:index {index}, :time {}, :type :", event.time())?;
        out.write_str(event.event_type().as_str())?;
        out.write_str(", :process ")?;
        write_process(out, event.process())?;
        let mut written = Ok(());
        event.for_each_field(invocation, &mut |key, value| {
            written = written.and_then(|()| {
                out.write_str(", ")?;
                write_value(out, key)?;
                out.write_char(' ')?;
                write_value(out, value)
            });
        });
        written?;
        out.write_char('}')
    }
}

/// Jepsen names the nemesis's process `:nemesis`; every other is a number.
fn write_process(out: &mut String, process: u64) -> fmt::Result {
    if process == super::NEMESIS {
        out.write_str(":nemesis")
    } else {
        write!(out, "{process}")
    }
}
