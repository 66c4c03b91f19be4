//! With the `serde` feature, an op enum deriving `Serialize` and opting in with
//! `SerdeOp` writes itself into Jepsen's EDN: the variant in kebab-case is `:f`,
//! its fields `:value`.
#![cfg(feature = "serde")]

use lockstep_gen::Seed;
use lockstep_gen::history::{
    Edn, EdnOp, Event, History, Outcome, SerdeOp, read_edn, serde_op, serde_to_edn,
};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
enum Op {
    Read,
    Write(u64),
    Cas(u64, u64),
    AppendAll { key: String, values: Vec<i32> },
    ReadKey(Key),
}

impl SerdeOp for Op {}

#[derive(Clone, Debug, Serialize)]
struct Key {
    name: &'static str,
    shard_id: Option<u8>,
}

#[test]
fn a_serialize_enum_is_a_jepsen_op() {
    let cases = [
        (Op::Read, ":read", "nil"),
        (Op::Write(3), ":write", "3"),
        (Op::Cas(1, 2), ":cas", "[1 2]"),
        (
            Op::AppendAll {
                key: "x".into(),
                values: vec![1, -2],
            },
            ":append-all",
            r#"{:key "x", :values [1 -2]}"#,
        ),
        (
            Op::ReadKey(Key {
                name: "k1",
                shard_id: None,
            }),
            ":read-key",
            r#"{:name "k1", :shard-id nil}"#,
        ),
    ];
    for (op, f, value) in cases {
        assert_eq!(op.f().to_string(), f, "{op:?}");
        assert_eq!(op.value().to_string(), value, "{op:?}");
        assert_eq!(serde_op(&op), (op.f(), op.value()));
    }
}

#[test]
fn a_history_of_serialize_ops_writes_jepsens_edn() {
    let history = History::<Op, Option<u64>, String>::new(
        Seed::from(11),
        vec![
            Event::invoke(0, 0, Op::Cas(1, 2)),
            Event::invoke(1, 1, Op::Read),
            Event::complete(2, 0, Outcome::Fail("mismatch".into())),
            Event::complete(3, 1, Outcome::Ok(Some(1))),
        ],
    )
    .unwrap();
    assert_eq!(
        history.to_edn_string(),
        "{:index 0, :time 0, :type :invoke, :process 0, :f :cas, :value [1 2]}\n\
         {:index 1, :time 1, :type :invoke, :process 1, :f :read, :value nil}\n\
         {:index 2, :time 2, :type :fail, :process 0, :f :cas, :value [1 2], :error \"mismatch\"}\n\
         {:index 3, :time 3, :type :ok, :process 1, :f :read, :value 1}\n"
    );
    assert_eq!(read_edn(&history.to_edn_string()).unwrap().len(), 4);
}

#[test]
fn nested_values_take_serdes_usual_shapes() {
    #[derive(Serialize)]
    enum Error {
        Timeout,
        Refused(u8),
        Moved { to: u8 },
    }
    assert_eq!(serde_to_edn(&Error::Timeout), Edn::keyword("timeout"));
    assert_eq!(serde_to_edn(&Error::Refused(2)).to_string(), "{:refused 2}");
    assert_eq!(
        serde_to_edn(&Error::Moved { to: 3 }).to_string(),
        "{:moved {:to 3}}"
    );
    assert_eq!(
        serde_to_edn(&(1u8, "a", Some(true))).to_string(),
        r#"[1 "a" true]"#
    );
    assert_eq!(
        serde_to_edn(&u128::MAX).to_string(),
        format!("{}N", u128::MAX)
    );
    // A plain value has no name: :f nil, and the value is the :value.
    assert_eq!(serde_op(&7u8), (Edn::Nil, Edn::Int(7)));
}

#[test]
fn a_failing_serialize_impl_shows_in_the_value() {
    struct Broken;
    impl Serialize for Broken {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("cannot serialize"))
        }
    }
    impl SerdeOp for Broken {}
    assert_eq!(
        Broken.value().to_string(),
        "#lockstep/serialize-error \"cannot serialize\""
    );
}

/// The feature stays additive: turned on by any crate of a build, it leaves a
/// `Serialize` type free to name itself with an `EdnOp` written by hand.
#[test]
fn a_serialize_type_keeps_its_own_edn_op() {
    #[derive(Serialize)]
    struct Custom(u8);
    impl EdnOp for Custom {
        fn f(&self) -> Edn {
            Edn::keyword("custom")
        }
        fn value(&self) -> Edn {
            Edn::Int(i64::from(self.0))
        }
    }
    // Its own names, not the ones its `Serialize` impl would give.
    assert_eq!(Custom(3).f(), Edn::keyword("custom"));
    assert_eq!(serde_op(&Custom(3)).0, Edn::Nil);
}
