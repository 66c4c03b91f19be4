//! Jepsen's EDN: fixtures in Jepsen's exact shape, round trips, JSON lines, and every bad input's error.

use std::path::Path;

use lockstep_gen::history::{
    Edn, EdnOp, Event, EventType, History, Outcome, ReadErrorKind, ToEdn, read_edn, read_edn_file,
};
use lockstep_gen::{Seed, random};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn kw(name: &str) -> Edn {
    Edn::keyword(name)
}

#[test]
fn a_cas_register_history_with_timeouts_and_a_nemesis_reads_in_full() {
    let history = read_edn_file(fixture("cas-register-info.edn")).unwrap();
    assert_eq!(history.len(), 27);
    assert_eq!(history.seed(), None);
    let counts = history.counts();
    assert_eq!(EventType::ALL.map(|t| counts.of(t)), [12, 7, 2, 6]);
    assert_eq!(history[13].time(), 1_021_004_812);

    // The nemesis's :info lines pair with nothing; clients' ops pair up.
    assert_eq!(history[8].process(), lockstep_gen::history::NEMESIS);
    assert_eq!(history.invocation_of(8), None);
    assert_eq!(history.pairs().len(), 12);
    let write_1 = history.pairs().find(|p| p.index() == 10).unwrap();
    assert_eq!(write_1.op().value(), Some(&Edn::Int(1)));
    assert_eq!(
        write_1.completion().map(Event::event_type),
        Some(EventType::Info)
    );
    assert_eq!(write_1.end(), None, "an :info lasts to the end");
    let last = history.pairs().last().unwrap();
    assert_eq!((last.index(), last.completion().is_none()), (26, true));

    // Keys beyond Jepsen's four are kept.
    assert_eq!(history[13].error().unwrap().error(), Some(&kw("timeout")));
    let partition = history[9].error().unwrap().value().unwrap();
    assert_eq!(
        partition,
        &"[:isolated {\"n3\" #{\"n1\"}, \"n2\" #{\"n1\"}, \"n1\" #{\"n3\" \"n2\"}}]"
            .parse::<Edn>()
            .unwrap(),
        "maps and sets compare whatever their order"
    );
    assert_eq!(history[18].value().unwrap().value(), Some(&Edn::Int(4)));

    // Written back, it is the same text, byte for byte.
    let text = std::fs::read_to_string(fixture("cas-register-info.edn")).unwrap();
    assert_eq!(history.to_edn_string(), text);
}

#[test]
fn an_older_history_without_index_or_time_keeps_line_order_and_extra_keys() {
    let history = read_edn_file(fixture("register-no-index.edn")).unwrap();
    assert_eq!(history.len(), 8, "the #_ discarded map is not an event");
    let times: Vec<u64> = history.iter().map(Event::time).collect();
    assert_eq!(times, (0..8).collect::<Vec<_>>());
    assert!(history.iter().all(|e| {
        [e.op(), e.value(), e.error()]
            .into_iter()
            .flatten()
            .all(|f| f.get("key").is_some())
    }));
    let info = history[5].error().unwrap();
    assert_eq!(
        info.error(),
        Some(&Edn::Str("indeterminate: connection reset".into()))
    );
    let processes: Vec<u64> = history.pairs().map(|p| p.process()).collect();
    assert_eq!(processes, [0, 1, 2, 3]);
}

#[test]
fn a_generic_history_round_trips_through_edn() {
    for name in ["cas-register-info.edn", "register-no-index.edn"] {
        let history = read_edn_file(fixture(name)).unwrap();
        let again = read_edn(&history.to_edn_string()).unwrap();
        assert_eq!(again.events(), history.events(), "{name}");
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Read,
    Write(u64),
    Cas(u64, u64),
}

impl EdnOp for Op {
    fn f(&self) -> Edn {
        kw(match self {
            Op::Read => "read",
            Op::Write(_) => "write",
            Op::Cas(..) => "cas",
        })
    }
    fn value(&self) -> Edn {
        match *self {
            Op::Read => Edn::Nil,
            Op::Write(v) => v.to_edn(),
            Op::Cas(a, b) => (a, b).to_edn(),
        }
    }
}

/// A typed history of `n` ops over 4 processes, each outcome picked from the seed.
fn typed_history(n: usize) -> History<Op, Option<u64>, String> {
    let ops = random([Op::Read, Op::Write(1), Op::Write(u64::MAX), Op::Cas(1, 2)]).seed(5);
    let outcomes = random([0u8, 1, 2, 3]).seed(6);
    let mut events = Vec::new();
    let mut process = [0, 1, 2, 3];
    for (i, (op, outcome)) in ops.zip(outcomes).take(n).enumerate() {
        let worker = i % 4;
        let p = process[worker];
        let t = i as u64 * 10;
        events.push(Event::invoke(t, p, op));
        let outcome = match outcome {
            0 => Outcome::Ok(None),
            1 => Outcome::Ok(Some(i as u64)),
            2 => Outcome::Fail(format!("refused \"{i}\"\n")),
            _ => Outcome::Info("timeout".to_string()),
        };
        if outcome.is_info() {
            process[worker] += 4;
        }
        events.push(Event::complete(t + 5, p, outcome));
    }
    History::new(Seed::from(1), events).unwrap()
}

#[test]
fn a_typed_history_reads_back_as_the_same_generic_values() {
    let typed = typed_history(400);
    let generic = read_edn(&typed.to_edn_string()).unwrap();
    assert_eq!(generic.len(), typed.len());
    for (i, (t, g)) in typed.iter().zip(generic.iter()).enumerate() {
        assert_eq!(
            (g.time(), g.process(), g.event_type()),
            (t.time(), t.process(), t.event_type())
        );
        let op = typed
            .invocation_of(i)
            .map_or_else(|| *t.op().unwrap(), |j| *typed[j].op().unwrap());
        let fields = [g.op(), g.value(), g.error()]
            .into_iter()
            .flatten()
            .next()
            .unwrap();
        assert_eq!(
            fields.f(),
            Some(&op.f()),
            "event {i}: a completion carries its invocation's :f"
        );
        match t.outcome() {
            None => assert_eq!(fields.value(), Some(&op.value())),
            Some(Outcome::Ok(v)) => assert_eq!(fields.value(), Some(&v.to_edn())),
            Some(Outcome::Fail(e) | Outcome::Info(e)) => {
                assert_eq!(
                    fields.value(),
                    Some(&op.value()),
                    "event {i}: the invocation's :value"
                );
                assert_eq!(fields.error(), Some(&Edn::Str(e.clone())));
            }
        }
    }
    // u64::MAX is past i64: Clojure reads it as a BigInt.
    assert!(
        typed
            .to_edn_string()
            .contains(":value 18446744073709551615N}")
    );
}

#[test]
fn json_lines_carry_the_same_keys_without_colons() {
    let typed = typed_history(40);
    let mut out = Vec::new();
    typed.write_json_lines(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), typed.len());
    for (i, (line, event)) in text.lines().zip(typed.iter()).enumerate() {
        let json: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(json["index"], i);
        assert_eq!(json["time"], event.time());
        assert_eq!(json["type"], event.event_type().as_str());
        assert_eq!(json["process"], event.process());
        assert!(["read", "write", "cas"].contains(&json["f"].as_str().unwrap()));
        if let Some(Outcome::Fail(e) | Outcome::Info(e)) = event.outcome() {
            assert_eq!(json["error"], e.as_str());
        }
    }
    let history = read_edn_file(fixture("cas-register-info.edn")).unwrap();
    let mut out = Vec::new();
    history.write_json_lines(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let nemesis: serde_json::Value = serde_json::from_str(text.lines().nth(9).unwrap()).unwrap();
    assert_eq!(nemesis["process"], "nemesis");
    assert_eq!(nemesis["value"][0], "isolated");
    assert_eq!(nemesis["value"][1]["n1"], serde_json::json!(["n2", "n3"]));
}

#[test]
fn edn_values_print_as_they_read() {
    let cases = [
        ("nil", "nil"),
        ("true", "true"),
        ("-42", "-42"),
        ("42N", "42"),
        (
            "123456789012345678901234567890N",
            "123456789012345678901234567890N",
        ),
        ("-9223372036854775809", "-9223372036854775809N"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("+7", "7"),
        ("0", "0"),
        ("1.5", "1.5"),
        ("-2e3", "-2000.0"),
        ("1.25M", "1.25M"),
        ("##NaN", "##NaN"),
        ("##-Inf", "##-Inf"),
        (r#""a\"b\\c\nd\te\u00e9""#, r#""a\"b\\c\nd\teé""#),
        (r"\a", r"\a"),
        (r"\newline", r"\newline"),
        (r"\u03bb", r"\λ"),
        (r"\(", r"\("),
        (":ns/kw", ":ns/kw"),
        ("my.ns/sym", "my.ns/sym"),
        ("(1 [2 3] {:a #{4}})", "(1 [2 3] {:a #{4}})"),
        ("{:a 1,, :b 2}", "{:a 1, :b 2}"),
        ("[1 #_ 2 3 ; a comment\n 4]", "[1 3 4]"),
        (
            "#inst \"1985-04-12T23:20:50.52Z\"",
            "#inst \"1985-04-12T23:20:50.52Z\"",
        ),
        ("#my/tag [1 #_#_ 2 3]", "#my/tag [1]"),
        ("[+ - ->> a? <=]", "[+ - ->> a? <=]"),
    ];
    for (text, printed) in cases {
        let value: Edn = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(value.to_string(), printed, "{text}");
        let again: Edn = printed.parse().unwrap();
        if text != "##NaN" {
            assert_eq!(again, value, "{text}");
        }
    }
}

/// Reads `text` and returns the error's line and message.
fn error(text: &str) -> (Option<usize>, ReadErrorKind, String) {
    let err = read_edn(text).unwrap_err();
    (err.line(), err.kind().clone(), err.to_string())
}

const GOOD: &str = "{:type :invoke, :process 0, :f :read, :value nil}\n";

#[test]
fn a_truncated_file_names_the_line_where_the_cut_form_opens() {
    let (line, kind, message) = error(&format!("{GOOD}{{:type :ok, :process 0, :f :read, :val"));
    assert_eq!(
        (line, kind),
        (Some(2), ReadErrorKind::Truncated { opened: 2 })
    );
    assert_eq!(
        message,
        "line 2: the input ends inside a form opened on line 2: is the file truncated?"
    );
    let (line, kind, _) = error(&format!("{GOOD}{{:type :ok, :process 0, :value \"abc"));
    assert_eq!(
        (line, kind),
        (Some(2), ReadErrorKind::Truncated { opened: 2 })
    );
    let (line, kind, _) = error(&format!("\n[{GOOD}"));
    assert_eq!(
        (line, kind),
        (Some(2), ReadErrorKind::Truncated { opened: 2 })
    );
}

#[test]
fn unparseable_edn_names_its_line() {
    for (text, line, message) in [
        ("{:type :ok, :value @}", 1, "line 1: `@` is not EDN"),
        (
            "\n\n{:a 1 :b}",
            3,
            "line 3: a map needs a value for every key",
        ),
        (
            "{:a 1 :a 2}",
            1,
            "line 1: the key :a appears twice in a map",
        ),
        (
            "\n\"bad \\q escape\"",
            2,
            "line 2: unknown escape `\\q` in a string",
        ),
        ("{:a 1]", 1, "line 1: unmatched `]`"),
        ("{:a 012}", 1, "line 1: `012` is not a number"),
        ("{:a #\"re\"}", 1, "line 1: `#\"` is not EDN"),
        ("{:a ::b}", 1, "line 1: `::b` is not a keyword"),
        ("{:a \\bogus}", 1, "line 1: unknown character `\\bogus`"),
    ] {
        let (got_line, kind, got) = error(text);
        assert!(
            matches!(kind, ReadErrorKind::Syntax { .. }),
            "{text}: {kind:?}"
        );
        assert_eq!((got_line, got.as_str()), (Some(line), message), "{text}");
    }
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let (line, _, message) = error(&deep);
    assert_eq!(
        (line, message.as_str()),
        (Some(1), "line 1: forms nested deeper than 256")
    );
    let discards = format!("{}1", "#_ ".repeat(100_000));
    let (line, _, message) = error(&discards);
    assert_eq!(
        (line, message.as_str()),
        (Some(1), "line 1: forms nested deeper than 256")
    );
    // Discards that nest less deeply are read as EDN says.
    assert_eq!(
        "[#_ #_ 1 2 3]".parse::<Edn>().unwrap(),
        Edn::Vector(vec![Edn::Int(3)])
    );
}

#[test]
fn events_that_are_not_jepsen_maps_name_their_line() {
    let cases = [
        (
            format!("{GOOD}[1 2]"),
            2,
            "line 2: an event must be a map, found [1 2]",
        ),
        (
            format!("{GOOD}{{:process 1, :f :read}}"),
            2,
            "line 2: the event has no :type",
        ),
        (
            format!("{GOOD}{{:type :invoke}}"),
            2,
            "line 2: the event has no :process",
        ),
        (
            format!("{GOOD}{{:type :done, :process 1}}"),
            2,
            "line 2: :type is :done, not one of :invoke, :ok, :fail, :info",
        ),
        (
            format!("{GOOD}[{}]", "1 ".repeat(100)),
            2,
            &format!(
                "line 2: an event must be a map, found [{}…",
                "1 ".repeat(40).trim_end()
            ),
        ),
        (
            format!("{GOOD}{{:type :invoke, :process -1}}"),
            2,
            "line 2: :process is -1, not a process number or :nemesis",
        ),
        (
            "{:index 3, :type :invoke, :process 0}\n{:index 3, :type :ok, :process 0}".to_string(),
            2,
            "line 2: :index is 3, not an index above the previous event's",
        ),
        (
            "{:time 5, :type :invoke, :process 0}\n{:type :ok, :process 0}".to_string(),
            2,
            "line 2: the event has no :time",
        ),
        (
            format!("{GOOD}{{:time 5, :type :ok, :process 0}}"),
            2,
            "line 2: :time is 5, not absent, as on the events before",
        ),
    ];
    for (text, line, message) in cases {
        let (got_line, _, got) = error(&text);
        assert_eq!((got_line, got.as_str()), (Some(line), message), "{text}");
    }
}

#[test]
fn events_against_jepsens_rules_name_both_lines() {
    let (line, _, message) = error(&format!("{GOOD}{{:type :ok, :process 1, :f :read}}"));
    assert_eq!(line, Some(2));
    assert_eq!(
        message,
        "line 2: process 1 completes an op it never invoked"
    );

    let (line, _, message) = error(&format!("{GOOD}\n; a comment\n{GOOD}"));
    assert_eq!(line, Some(4));
    assert_eq!(
        message,
        "line 4: process 0 invokes again before its invocation at line 1 completed"
    );

    let text = format!("{GOOD}{{:type :info, :process 0, :f :read, :error :timeout}}\n{GOOD}");
    let (line, kind, message) = error(&text);
    assert_eq!(line, Some(3));
    assert!(matches!(
        kind,
        ReadErrorKind::History {
            earlier_line: Some(2),
            ..
        }
    ));
    assert_eq!(
        message,
        "line 3: process 0 invokes after its :info at line 2; an :info retires a process"
    );
}

#[test]
fn errors_from_a_file_name_the_file_and_the_line() {
    let dir = std::env::temp_dir().join(format!("lockstep-history-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.edn");
    std::fs::write(&path, format!("{GOOD}{{:type :ok, :process 7}}\n")).unwrap();
    let err = read_edn_file(&path).unwrap_err();
    assert_eq!(err.path(), Some(path.as_path()));
    assert_eq!(
        err.to_string(),
        format!(
            "{}:2: process 7 completes an op it never invoked",
            path.display()
        )
    );
    let missing = read_edn_file(dir.join("missing.edn")).unwrap_err();
    assert!(matches!(missing.kind(), ReadErrorKind::Io { .. }));
    assert!(
        missing
            .to_string()
            .starts_with(&format!("{}: ", dir.join("missing.edn").display()))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_empty_history_is_empty_not_an_error() {
    assert!(read_edn("").unwrap().is_empty());
    assert!(read_edn("; nothing yet\n").unwrap().is_empty());
    assert!(read_edn("[]").unwrap().is_empty());
}
