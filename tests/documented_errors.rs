//! The `# Errors` sections no other test held to, each checked on its documented variant or
//! error kind: what a history writer's `out` returns, a history file that is not UTF-8, an
//! EDN op whose value is not of the model's shape.

use lockstep_gen::Seed;
use lockstep_gen::history::{Event, History, Outcome, ReadErrorKind, read_edn, read_edn_file};
use lockstep_gen::linearizability::{CasRegister, Checker, EdnModel, RegisterOp};

/// A writer that fails on every write, as a full disk does.
struct Full;

impl std::io::Write for Full {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "disk full",
        ))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "disk full",
        ))
    }
}

/// `History::write_edn` and `write_json_lines`: "# Errors: What `out` returns."
#[test]
fn writing_a_history_returns_the_writers_error() {
    let history = History::<RegisterOp<u64>, (), String>::new(
        Seed::from(7),
        vec![
            Event::invoke(0, 0, RegisterOp::Write(3)),
            Event::complete(5, 0, Outcome::Ok(())),
        ],
    )
    .unwrap();
    let edn = history.write_edn(Full).unwrap_err();
    assert_eq!(edn.kind(), std::io::ErrorKind::StorageFull);
    let json = history.write_json_lines(Full).unwrap_err();
    assert_eq!(json.kind(), std::io::ErrorKind::StorageFull);
}

/// `read_edn_file`: "a file that cannot be read or is not UTF-8 is a `ReadErrorKind::Io`".
#[test]
fn a_history_file_that_is_not_utf8_is_an_io_error_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("lockstep-promises-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.edn");
    std::fs::write(
        &path,
        b"{:type :invoke, :process 0, :f :read, :value \"caf\xe9\"}\n",
    )
    .unwrap();
    let err = read_edn_file(&path).unwrap_err();
    assert!(matches!(err.kind(), ReadErrorKind::Io { .. }), "{err:?}");
    assert_eq!(err.path(), Some(path.as_path()));
    assert!(
        err.to_string()
            .starts_with(&format!("{}: ", path.display())),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `EdnModel::check`: "whose value is not of its shape" (the unknown op is checked by a doctest).
#[test]
fn an_edn_op_whose_value_is_not_of_the_models_shape_is_an_error_naming_its_event() {
    let history = read_edn(
        "{:type :invoke, :process 0, :f :read, :value nil}\n\
         {:type :ok, :process 0, :f :read, :value nil}\n\
         {:type :invoke, :process 1, :f :write}\n",
    )
    .unwrap();
    let err = EdnModel::CasRegister
        .check(&history, &Checker::new())
        .unwrap_err();
    assert_eq!(err.index(), 2);
    assert_eq!(err.to_string(), "event 2: a :write needs a :value");
    assert!(
        Checker::new()
            .threads(1)
            .check(&CasRegister::<u64>::new(), &[])
            .is_linearizable()
    );
}

/// `PoolTooLarge`: "the pool holds more than `u32::MAX` ops". Items that say how many they are
/// (an exact `size_hint`) are refused at once, before any is made, whichever constructor takes them.
#[test]
fn a_pool_past_u32_max_is_refused_before_it_is_collected() {
    use lockstep_gen::{Error, MixRandom, MixSwarm, Swarm, Weighted};
    let too_many = u32::MAX as usize + 1;
    let expected = Error::PoolTooLarge {
        ops: too_many,
        max: u32::MAX as usize,
    };
    let pairs = || std::iter::repeat_n(("op", 1), too_many);
    assert_eq!(Weighted::try_new(pairs()).unwrap_err(), expected);
    assert_eq!(Swarm::try_new(pairs()).unwrap_err(), expected);
    let children = || std::iter::repeat_n((std::iter::empty::<u8>(), 1), too_many);
    assert_eq!(MixRandom::try_weighted(children()).unwrap_err(), expected);
    assert_eq!(MixSwarm::try_new(children()).unwrap_err(), expected);
}
