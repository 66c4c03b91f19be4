//! A small EDN reader: every form of the EDN spec, with the line of every error.

use super::{Edn, ReadError, ReadErrorKind};

/// Deeper nesting than this is refused rather than risk the stack.
const MAX_DEPTH: usize = 256;

/// Reads EDN forms one after another from a text, counting lines.
pub(crate) struct Parser<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

/// Whether byte `b` ends a token (a number, symbol, keyword or character).
/// EDN's delimiters and whitespace are all ASCII, so bytes serve.
fn is_delimiter(b: u8) -> bool {
    is_blank(b) || matches!(b, b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'"' | b';')
}

/// Whether `c` may appear in a symbol or keyword.
fn is_symbol_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '.' | '*'
                    | '+'
                    | '!'
                    | '-'
                    | '_'
                    | '?'
                    | '$'
                    | '%'
                    | '&'
                    | '='
                    | '<'
                    | '>'
                    | '/'
                    | ':'
                    | '#'
                    | '\''
            )
    } else {
        c.is_alphanumeric()
    }
}

/// EDN's whitespace, commas included.
fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b'\x0c')
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Parser {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// The line the parser is on (from 1).
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    /// The character at the parser, a whole UTF-8 sequence.
    fn bump_char(&mut self) -> Option<char> {
        let c = self.text[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn syntax(&self, message: impl Into<String>) -> ReadError {
        ReadError::new(
            Some(self.line),
            ReadErrorKind::Syntax {
                message: message.into(),
            },
        )
    }

    fn truncated(opened: usize) -> ReadError {
        ReadError::new(Some(opened), ReadErrorKind::Truncated { opened })
    }

    /// Skips whitespace, commas, `;` comments and `#_` discarded forms.
    pub(crate) fn skip_blank(&mut self, depth: usize) -> Result<(), ReadError> {
        loop {
            match self.peek() {
                Some(b) if is_blank(b) => {
                    self.bump();
                }
                Some(b';') => {
                    while let Some(b) = self.bump() {
                        if b == b'\n' {
                            break;
                        }
                    }
                }
                Some(b'#') if self.text.as_bytes().get(self.pos + 1) == Some(&b'_') => {
                    let opened = self.line;
                    self.pos += 2;
                    // `#_ #_ a b` nests: count it as depth, so no input can exhaust the stack.
                    if depth >= MAX_DEPTH {
                        return Err(self.syntax(format!("forms nested deeper than {MAX_DEPTH}")));
                    }
                    self.skip_blank(depth + 1)?;
                    if self.peek().is_none() {
                        return Err(Self::truncated(opened));
                    }
                    // `#_` reads the next form and drops it.
                    let _discarded = self.form(depth + 1)?;
                }
                _ => return Ok(()),
            }
        }
    }

    /// Whether only blanks are left.
    pub(crate) fn at_end(&mut self) -> Result<bool, ReadError> {
        self.skip_blank(0)?;
        Ok(self.peek().is_none())
    }

    /// If the next form opens with the ASCII character `c`, consumes it and says so.
    pub(crate) fn eat(&mut self, c: u8) -> Result<bool, ReadError> {
        self.skip_blank(0)?;
        if self.peek() == Some(c) {
            self.bump();
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// The next form and the line it starts on; `None` at the end of the input.
    pub(crate) fn next_form(&mut self) -> Result<Option<(usize, Edn)>, ReadError> {
        self.skip_blank(0)?;
        if self.peek().is_none() {
            return Ok(None);
        }
        let line = self.line;
        Ok(Some((line, self.form(0)?)))
    }

    /// One form, starting at a non-blank character.
    fn form(&mut self, depth: usize) -> Result<Edn, ReadError> {
        if depth > MAX_DEPTH {
            return Err(self.syntax(format!("forms nested deeper than {MAX_DEPTH}")));
        }
        let opened = self.line;
        let Some(b) = self.peek() else {
            return Err(Self::truncated(opened));
        };
        match b {
            b'(' => {
                self.bump();
                Ok(Edn::List(self.items(b')', opened, depth)?))
            }
            b'[' => {
                self.bump();
                Ok(Edn::Vector(self.items(b']', opened, depth)?))
            }
            b'{' => {
                self.bump();
                self.map(opened, depth)
            }
            b')' | b']' | b'}' => Err(self.syntax(format!("unmatched `{}`", b as char))),
            b'"' => {
                self.bump();
                self.string(opened).map(Edn::Str)
            }
            b'\\' => {
                self.bump();
                self.character()
            }
            b'#' => {
                self.bump();
                self.dispatch(opened, depth)
            }
            _ => self.atom(),
        }
    }

    /// The forms up to `close`, which is consumed.
    fn items(&mut self, close: u8, opened: usize, depth: usize) -> Result<Vec<Edn>, ReadError> {
        let mut items = Vec::new();
        loop {
            self.skip_blank(depth)?;
            match self.peek() {
                None => return Err(Self::truncated(opened)),
                Some(b) if b == close => {
                    self.bump();
                    return Ok(items);
                }
                Some(_) => items.push(self.form(depth + 1)?),
            }
        }
    }

    fn map(&mut self, opened: usize, depth: usize) -> Result<Edn, ReadError> {
        let mut entries: Vec<(Edn, Edn)> = Vec::new();
        loop {
            self.skip_blank(depth)?;
            match self.peek() {
                None => return Err(Self::truncated(opened)),
                Some(b'}') => {
                    self.bump();
                    return Ok(Edn::Map(entries));
                }
                Some(_) => {}
            }
            let key = self.form(depth + 1)?;
            self.skip_blank(depth)?;
            match self.peek() {
                None => return Err(Self::truncated(opened)),
                Some(b'}') => {
                    return Err(ReadError::new(
                        Some(opened),
                        ReadErrorKind::Syntax {
                            message: "a map needs a value for every key".into(),
                        },
                    ));
                }
                Some(_) => {}
            }
            let value = self.form(depth + 1)?;
            if entries.iter().any(|(seen, _)| *seen == key) {
                return Err(ReadError::new(
                    Some(opened),
                    ReadErrorKind::Syntax {
                        message: format!("the key {key} appears twice in a map"),
                    },
                ));
            }
            entries.push((key, value));
        }
    }

    fn string(&mut self, opened: usize) -> Result<String, ReadError> {
        let mut s = String::new();
        loop {
            // Copy the run up to the next quote or backslash at once: both
            // are ASCII, so the run ends on a character boundary.
            let rest = &self.text[self.pos..];
            let run = rest
                .bytes()
                .position(|b| b == b'"' || b == b'\\')
                .unwrap_or(rest.len());
            let chunk = &rest[..run];
            s.push_str(chunk);
            self.line += chunk.bytes().filter(|&b| b == b'\n').count();
            self.pos += run;
            match self.bump() {
                None => return Err(Self::truncated(opened)),
                Some(b'"') => return Ok(s),
                Some(_) => {
                    let escaped = match self.bump() {
                        None => return Err(Self::truncated(opened)),
                        Some(b'n') => '\n',
                        Some(b't') => '\t',
                        Some(b'r') => '\r',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'u') => self.unicode_escape()?,
                        Some(_) => {
                            self.pos -= 1;
                            let other = self.bump_char().unwrap_or('?');
                            return Err(
                                self.syntax(format!("unknown escape `\\{other}` in a string"))
                            );
                        }
                    };
                    s.push(escaped);
                }
            }
        }
    }

    /// The four hex digits after `\u`.
    fn unicode_escape(&mut self) -> Result<char, ReadError> {
        let hex = self.text.get(self.pos..self.pos + 4).unwrap_or("");
        let code = (hex.len() == 4 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u32::from_str_radix(hex, 16).ok())
            .flatten();
        match code.and_then(char::from_u32) {
            Some(c) => {
                self.pos += 4;
                Ok(c)
            }
            None => Err(self.syntax("`\\u` must be followed by four hex digits of a character")),
        }
    }

    /// A token: the text up to the next delimiter (no newline inside, so no line to count).
    fn token(&mut self) -> &'a str {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() && !is_delimiter(bytes[self.pos]) {
            self.pos += 1;
        }
        // Delimiters are ASCII, so the token ends on a character boundary.
        &self.text[start..self.pos]
    }

    fn character(&mut self) -> Result<Edn, ReadError> {
        let start = self.pos;
        // The first character may be a delimiter: `\(` is a character.
        match self.bump_char() {
            None => return Err(Self::truncated(self.line)),
            Some(c) if c.is_whitespace() => {
                return Err(self.syntax("a `\\` must be followed by a character"));
            }
            Some(_) => {}
        }
        self.token();
        let name = &self.text[start..self.pos];
        let mut chars = name.chars();
        let c = match (chars.next(), chars.next()) {
            (Some(c), None) => c,
            _ => match name {
                "newline" => '\n',
                "space" => ' ',
                "tab" => '\t',
                "return" => '\r',
                "backspace" => '\u{8}',
                "formfeed" => '\u{c}',
                _ => name
                    .strip_prefix('u')
                    .filter(|hex| hex.len() == 4)
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .and_then(char::from_u32)
                    .ok_or_else(|| self.syntax(format!("unknown character `\\{name}`")))?,
            },
        };
        Ok(Edn::Char(c))
    }

    /// What follows a `#`: a set, a symbolic value (`##Inf`) or a tagged literal.
    fn dispatch(&mut self, opened: usize, depth: usize) -> Result<Edn, ReadError> {
        match self.peek() {
            None => Err(Self::truncated(opened)),
            Some(b'{') => {
                self.bump();
                let items = self.items(b'}', opened, depth)?;
                for (i, item) in items.iter().enumerate() {
                    if items[..i].contains(item) {
                        return Err(ReadError::new(
                            Some(opened),
                            ReadErrorKind::Syntax {
                                message: format!("{item} appears twice in a set"),
                            },
                        ));
                    }
                }
                Ok(Edn::Set(items))
            }
            Some(b'#') => {
                self.bump();
                match self.token() {
                    "Inf" => Ok(Edn::Float(f64::INFINITY)),
                    "-Inf" => Ok(Edn::Float(f64::NEG_INFINITY)),
                    "NaN" => Ok(Edn::Float(f64::NAN)),
                    other => Err(self.syntax(format!("unknown symbolic value `##{other}`"))),
                }
            }
            Some(_) if self.text[self.pos..].starts_with(char::is_alphabetic) => {
                let tag = self.token();
                self.skip_blank(depth)?;
                if self.peek().is_none() {
                    return Err(Self::truncated(opened));
                }
                let value = self.form(depth + 1)?;
                Ok(Edn::Tagged(tag.to_owned(), Box::new(value)))
            }
            Some(_) => {
                let c = self.text[self.pos..].chars().next().unwrap_or('?');
                Err(self.syntax(format!("`#{c}` is not EDN")))
            }
        }
    }

    /// A number, keyword, symbol, `nil`, `true` or `false`.
    fn atom(&mut self) -> Result<Edn, ReadError> {
        let token = self.token();
        if token.is_empty() {
            let c = self.text[self.pos..].chars().next().unwrap_or(' ');
            return Err(self.syntax(format!("unexpected `{c}`")));
        }
        let bytes = token.as_bytes();
        let starts_number = bytes[0].is_ascii_digit()
            || (matches!(bytes[0], b'+' | b'-') && bytes.get(1).is_some_and(u8::is_ascii_digit));
        if starts_number {
            return number(token).ok_or_else(|| self.syntax(format!("`{token}` is not a number")));
        }
        match token {
            "nil" => return Ok(Edn::Nil),
            "true" => return Ok(Edn::Bool(true)),
            "false" => return Ok(Edn::Bool(false)),
            _ => {}
        }
        let valid = |name: &str| {
            !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && !name.ends_with('/')
                && name.chars().all(is_symbol_char)
        };
        if let Some(name) = token.strip_prefix(':') {
            if valid(name) && !name.starts_with(':') && !name.starts_with('/') {
                return Ok(Edn::Keyword(name.to_owned()));
            }
            return Err(self.syntax(format!("`{token}` is not a keyword")));
        }
        if valid(token) && !token.starts_with(['#', ':', '\'']) {
            return Ok(Edn::Symbol(token.to_owned()));
        }
        Err(self.syntax(format!("`{token}` is not EDN")))
    }
}

/// An integer (`3`, `-3`, `3N`), a float (`1.5`, `1e3`) or a decimal (`1.5M`).
fn number(token: &str) -> Option<Edn> {
    let unsigned = token.strip_prefix(['+', '-']).unwrap_or(token);
    let negative = token.starts_with('-');
    let digits = unsigned.strip_suffix('N').unwrap_or(unsigned);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // EDN forbids leading zeros (Clojure would read them as octal).
        if digits.len() > 1 && digits.starts_with('0') {
            return None;
        }
        // Most integers fit: parse them without building a string.
        let int = match digits.parse::<u64>() {
            Ok(m) if negative => 0i64.checked_sub_unsigned(m),
            Ok(m) => i64::try_from(m).ok(),
            Err(_) => None,
        };
        return Some(int.map_or_else(
            || {
                Edn::BigInt(if negative {
                    format!("-{digits}")
                } else {
                    digits.to_owned()
                })
            },
            Edn::Int,
        ));
    }
    if unsigned.ends_with('N') {
        return None;
    }
    let (body, exact) = match unsigned.strip_suffix('M') {
        Some(body) => (body, true),
        None => (unsigned, false),
    };
    // digits, then an optional fraction, then an optional exponent.
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    if int.is_empty() || !all_digits(int) || !frac.is_none_or(all_digits) || !exponent_ok {
        return None;
    }
    if frac.is_none() && exponent.is_none() && !exact {
        return None;
    }
    let text = if negative {
        format!("-{body}")
    } else {
        body.to_owned()
    };
    if exact {
        return Some(Edn::BigDec(text));
    }
    text.parse::<f64>().ok().map(Edn::Float)
}

impl std::str::FromStr for Edn {
    type Err = ReadError;

    /// Reads exactly one EDN value; errors name the line.
    fn from_str(text: &str) -> Result<Edn, ReadError> {
        let mut parser = Parser::new(text);
        let Some((_, value)) = parser.next_form()? else {
            return Err(ReadError::new(
                Some(parser.line()),
                ReadErrorKind::Syntax {
                    message: "no EDN value in the text".into(),
                },
            ));
        };
        if !parser.at_end()? {
            return Err(parser.syntax("more than one EDN value in the text"));
        }
        Ok(value)
    }
}
