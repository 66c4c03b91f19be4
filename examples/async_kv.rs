//! Async workers against a real TCP key-value server, through the runner, then the same workload under turmoil.
//!
//! A small tokio key-value server listens on 127.0.0.1; eight async workers
//! send it gets, puts and appends over real sockets, each op paced to its
//! logical time by `Run::tokio`, while a nemesis drops the listener (and every
//! open connection) and restarts it. A client that cannot connect answers
//! `fail` (nothing was sent); one whose connection breaks mid-op answers
//! `info` (the op may have happened), and the runner retires its process. The
//! history is checked for linearizability with the `Kv` model.
//!
//! Then the very same workload, server and clients run on turmoil's simulated
//! network, seeded from the run's seed: twice, to show that the same seed gives
//! the same history, byte for byte.
//!
//! With `--planted-bug`, each server connection answers gets from its own copy
//! of what it last saw (stale reads), and the checker says so.
//!
//! ```text
//! LOCKSTEP_SEED=<seed> cargo run --example async_kv
//! LOCKSTEP_SEED=<seed> cargo run --example async_kv -- --planted-bug
//! ```

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lockstep_gen::history::{EventType, History, Outcome, SerdeOp};
use lockstep_gen::linearizability::{Kv, KvOp, check, operations};
use lockstep_gen::prelude::*;
use lockstep_gen::run::{AsyncClient, Nemesis, Run, RunOp};
use lockstep_gen::{BoxedGenerator, Cycle, Delay};

/// The nemesis's faults with their times.
type FaultTimes = std::iter::Map<Delay<Cycle<Fault>>, fn(Timed<Fault>) -> Timed<Fault>>;
use serde::Serialize;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::watch;

/// How long the workload runs (logical time).
pub const RUN: Duration = Duration::from_secs(2);
const WORKERS: usize = 8;
/// The mean gap between a worker's ops.
const MEAN: Duration = Duration::from_millis(5);
/// How long a client waits for an answer before it says nobody knows.
const TIMEOUT: Duration = Duration::from_millis(100);
const PORT: u16 = 7070;

/// A client's op on the store: three keys, each a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Op {
    Get(u8),
    Put(u8, u32),
    Append(u8, u32),
}

/// What the nemesis does to the server's listener.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Fault {
    Stop,
    Start,
}

// Both written to a history as their `Serialize` impls name them: `:f :append, :value [1 7]`.
impl SerdeOp for Op {}
impl SerdeOp for Fault {}

pub type KvHistory = History<RunOp<Op, Fault>, String, String>;

impl Op {
    /// The request line, as the server reads it.
    fn line(self) -> String {
        match self {
            Op::Get(k) => format!("get {k}\n"),
            Op::Put(k, v) => format!("put {k} {v}\n"),
            Op::Append(k, v) => format!("append {k} {v}\n"),
        }
    }

    /// The op as the checker's `Kv` model reads it: an append adds `<v>,`.
    fn kv(self) -> KvOp {
        match self {
            Op::Get(k) => KvOp::get(k.to_string()),
            Op::Put(k, v) => KvOp::put(k.to_string(), v.to_string()),
            Op::Append(k, v) => KvOp::append(k.to_string(), format!("{v},")),
        }
    }
}

/// A network: tokio's sockets on 127.0.0.1, or turmoil's simulated ones.
pub trait Net: Clone + Send + Sync + 'static {
    type Stream: AsyncRead + AsyncWrite + Unpin + Send + 'static;
    type Listener: Send + 'static;
    fn bind(&self) -> impl Future<Output = io::Result<Self::Listener>> + Send;
    fn accept(listener: &Self::Listener) -> impl Future<Output = io::Result<Self::Stream>> + Send;
    fn connect(&self) -> impl Future<Output = io::Result<Self::Stream>> + Send;
}

/// Real sockets: the server's address, fixed at its first bind.
#[derive(Clone, Copy, Debug)]
pub struct Tcp(pub SocketAddr);

impl Net for Tcp {
    type Stream = tokio::net::TcpStream;
    type Listener = tokio::net::TcpListener;
    async fn bind(&self) -> io::Result<Self::Listener> {
        // tokio sets SO_REUSEADDR, so a restart binds the same port at once.
        tokio::net::TcpListener::bind(self.0).await
    }
    async fn accept(listener: &Self::Listener) -> io::Result<Self::Stream> {
        Ok(listener.accept().await?.0)
    }
    async fn connect(&self) -> io::Result<Self::Stream> {
        tokio::net::TcpStream::connect(self.0).await
    }
}

/// turmoil's simulated sockets: the server is the host named `server`.
#[derive(Clone, Copy, Debug)]
pub struct Sim;

impl Net for Sim {
    type Stream = turmoil::net::TcpStream;
    type Listener = turmoil::net::TcpListener;
    async fn bind(&self) -> io::Result<Self::Listener> {
        turmoil::net::TcpListener::bind((Ipv4Addr::UNSPECIFIED, PORT)).await
    }
    async fn accept(listener: &Self::Listener) -> io::Result<Self::Stream> {
        Ok(listener.accept().await?.0)
    }
    async fn connect(&self) -> io::Result<Self::Stream> {
        turmoil::net::TcpStream::connect(("server", PORT)).await
    }
}

/// The server: a store behind a listener that is up while `up` says so; going down drops the listener and every connection.
///
/// With `stale`, the planted bug: each connection answers a get of a key it has
/// read or written before from its own copy, never the store's.
pub async fn serve<N: Net>(net: N, first: N::Listener, mut up: watch::Receiver<bool>, stale: bool) {
    let store = Arc::new(Mutex::new(HashMap::<u8, String>::new()));
    let mut listener = Some(first);
    // Open connections, closed in the order they opened when the server goes
    // down: a watch channel would wake them in a random order, which a
    // simulation must not have.
    let mut open: Vec<tokio::task::JoinHandle<()>> = Vec::new();
    loop {
        let Some(bound) = &listener else {
            if up.changed().await.is_err() {
                return;
            }
            if *up.borrow_and_update() {
                listener = net.bind().await.ok();
            }
            continue;
        };
        // `biased`: an unbiased select picks a branch at random, which a simulation must not.
        tokio::select! {
            biased;
            changed = up.changed() => match changed {
                Ok(()) if !*up.borrow_and_update() => {
                    listener = None;
                    open.drain(..).for_each(|conn| conn.abort());
                }
                Ok(()) => {}
                Err(_) => return,
            },
            conn = N::accept(bound) => if let Ok(conn) = conn {
                open.retain(|conn| !conn.is_finished());
                open.push(tokio::spawn(connection(conn, store.clone(), stale)));
            },
        }
    }
}

/// One connection: a request line, applied to the store, then its answer, until the client closes it.
async fn connection<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    store: Arc<Mutex<HashMap<u8, String>>>,
    stale: bool,
) {
    let mut stream = BufReader::new(stream);
    let mut copy = stale.then(HashMap::new);
    let mut line = String::new();
    while matches!(stream.read_line(&mut line).await, Ok(n) if n > 0) {
        // No await between reading a request and applying it: the server going
        // down (an abort) drops a request whole or applies it whole; one
        // applied but not answered is the client's `info`.
        let answer = apply(&store, copy.as_mut(), line.trim_end());
        line.clear();
        if stream.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// One request applied to the store; `copy` is a connection's own copy of what it saw, with the planted bug.
fn apply(
    store: &Mutex<HashMap<u8, String>>,
    copy: Option<&mut HashMap<u8, String>>,
    request: &str,
) -> String {
    let mut store = store.lock().unwrap();
    let words: Vec<&str> = request.split(' ').collect();
    let key = |i: usize| words.get(i).and_then(|w| w.parse::<u8>().ok());
    match (words.first(), key(1), words.get(2)) {
        (Some(&"get"), Some(k), None) => {
            let value = store.get(&k).cloned().unwrap_or_default();
            let value = match copy {
                Some(copy) => copy.entry(k).or_insert(value).clone(),
                None => value,
            };
            format!("ok:{value}\n")
        }
        (Some(&"put"), Some(k), Some(v)) => {
            store.insert(k, v.to_string());
            if let Some(copy) = copy {
                copy.insert(k, v.to_string());
            }
            "ok:\n".to_string()
        }
        (Some(&"append"), Some(k), Some(v)) => {
            let value = store.entry(k).or_default();
            value.push_str(v);
            value.push(',');
            if let Some(copy) = copy {
                copy.insert(k, value.clone());
            }
            "ok:\n".to_string()
        }
        _ => format!("error:bad request {request:?}\n"),
    }
}

/// A worker's connection to the server, made at its first op.
pub struct KvClient<N: Net> {
    net: N,
    conn: Option<BufReader<N::Stream>>,
}

impl<N: Net> AsyncClient for KvClient<N> {
    type Op = Op;
    type Value = String;
    type Error = String;

    async fn invoke(&mut self, op: &Op) -> Outcome<String, String> {
        let conn = match &mut self.conn {
            Some(conn) => conn,
            None => match self.net.connect().await {
                Ok(stream) => self.conn.insert(BufReader::new(stream)),
                // Nothing was sent: the op certainly did not happen.
                Err(e) => return Outcome::Fail(format!("connect: {}", e.kind())),
            },
        };
        let mut answer = String::new();
        let exchange = async {
            conn.write_all(op.line().as_bytes()).await?;
            conn.read_line(&mut answer).await
        };
        // From here on the request may have reached the server: nobody knows.
        match tokio::time::timeout(TIMEOUT, exchange).await {
            Ok(Ok(n)) if n > 0 => match answer.trim_end().split_once(':') {
                Some(("ok", value)) => Outcome::Ok(value.to_string()),
                _ => Outcome::Info(format!("answer: {answer:?}")),
            },
            Ok(Ok(_)) => Outcome::Info("connection closed".into()),
            Ok(Err(e)) => Outcome::Info(format!("io: {}", e.kind())),
            Err(_) => Outcome::Info("timed out".into()),
        }
    }
}

/// The run: eight workers on three keys, and a nemesis that stops and starts the listener.
// A run's type names its closures; the test reads its planned ops, so it is returned whole.
#[allow(clippy::type_complexity)]
pub fn workload<N: Net>(
    seed: Seed,
    run: Duration,
    net: N,
    up: Arc<watch::Sender<bool>>,
) -> Run<
    impl Fn(u64) -> KvClient<N> + Clone + Send + Sync + 'static,
    impl Fn(usize, Seed) -> BoxedGenerator<'static, Timed<Op>>,
    Nemesis<
        impl Fn(Seed) -> FaultTimes + Clone + Send + Sync + 'static,
        impl Fn(&Fault) -> Outcome<String, String> + Clone + Send + Sync + 'static,
    >,
> {
    Run::new(
        Workers::new(seed, WORKERS),
        move |_process| KvClient {
            net: net.clone(),
            conn: None,
        },
        |_worker, _seed| {
            let key = || random(0..3u8);
            let gets = key().map(Op::Get).boxed();
            let puts = key().zip(random(0..100u32)).map(|(k, v)| Op::Put(k, v));
            let appends = key().zip(random(0..100u32)).map(|(k, v)| Op::Append(k, v));
            mix_weighted([(gets, 2), (puts.boxed(), 1), (appends.boxed(), 1)])
                .stagger(MEAN)
                .boxed()
        },
    )
    .nemesis(
        // Down 30 ms of every 200: a stop at 170 ms, a start at 200 ms, and so on.
        |_seed| {
            cycle([Fault::Start, Fault::Stop])
                .delay(MEAN * 20)
                .map(stop_later as fn(Timed<Fault>) -> Timed<Fault>)
        },
        move |fault: &Fault| {
            up.send_replace(*fault == Fault::Start);
            Outcome::Ok(String::new())
        },
    )
    .time_limit(run)
}

/// A stop 140 ms after its slot, so the server is down 30 ms before the next start.
fn stop_later(t: Timed<Fault>) -> Timed<Fault> {
    match t.op {
        Fault::Stop => Timed::new(t.at + MEAN * 14, t.op),
        Fault::Start => t,
    }
}

/// Plays the workload on real sockets against a server on 127.0.0.1.
pub async fn on_tcp(seed: Seed, run: Duration, stale: bool) -> io::Result<KvHistory> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let net = Tcp(listener.local_addr()?);
    let (up, down) = watch::channel(true);
    let server = tokio::spawn(serve(net, listener, down, stale));
    let history = workload(seed, run, net, Arc::new(up)).tokio().await;
    server.abort();
    Ok(history)
}

/// Plays the workload on turmoil's network, its simulation seeded from the run's seed.
pub fn on_turmoil(seed: Seed, run: Duration, stale: bool) -> KvHistory {
    let mut sim = turmoil::Builder::new()
        .rng_seed(seed.value())
        .min_message_latency(Duration::from_micros(100))
        .max_message_latency(Duration::from_millis(2))
        .simulation_duration(run + Duration::from_secs(5))
        .build();
    let (up, down) = watch::channel(true);
    sim.host("server", move || {
        let down = down.clone();
        async move {
            serve(Sim, Sim.bind().await?, down, stale).await;
            Ok(())
        }
    });
    let history = Arc::new(Mutex::new(None));
    let played = history.clone();
    let up = Arc::new(up);
    sim.client("runner", async move {
        let run = workload(seed, run, Sim, up);
        *played.lock().unwrap() = Some(run.tokio().await);
        Ok(())
    });
    sim.run().expect("the simulation runs to its end");
    let history = history.lock().unwrap().take();
    history.expect("the runner finished")
}

/// Whether the client ops of a history are linearizable for a key-value store that starts empty.
pub fn linearizable(history: &KvHistory) -> bool {
    let ops = operations(
        history,
        |op| op.client().map(|op| op.kv()),
        |_, value| value.clone(),
    );
    check(&Kv, &ops).is_linearizable()
}

fn summary(history: &KvHistory) -> String {
    let counts = history.counts_by(|op| op.client().is_some());
    let ops = &counts[&true];
    let faults = counts.get(&false).map_or(0, |c| c.of(EventType::Invoke));
    format!(
        "{} ops: {} ok, {} fail, {} info; nemesis: {faults} faults; {} processes",
        ops.of(EventType::Invoke),
        ops.of(EventType::Ok),
        ops.of(EventType::Fail),
        ops.of(EventType::Info),
        history.processes().len(),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Not `?`: that would print the error's `Debug`; its `Display` says what a seed must look like.
    let seed = Seed::base().unwrap_or_else(|e| {
        eprintln!("LOCKSTEP_SEED: {e}");
        std::process::exit(2)
    });
    println!("seed: {seed}");
    if std::env::args().any(|a| a == "--planted-bug") {
        // A stale read is the server's bug, not the network's: turmoil finds it, and replays it.
        let history = on_turmoil(seed, RUN, true);
        println!("turmoil, stale reads planted: {}", summary(&history));
        let ok = linearizable(&history);
        println!("turmoil linearizable: {ok}");
        assert!(!ok, "the checker finds the planted stale reads");
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let history = runtime.block_on(on_tcp(seed, RUN, false))?;
    println!("tcp on 127.0.0.1: {}", summary(&history));
    let ok = linearizable(&history);
    println!("tcp linearizable: {ok}");
    assert!(ok, "the key-value server is linearizable");

    let history = on_turmoil(seed, RUN, false);
    println!("turmoil: {}", summary(&history));
    let ok = linearizable(&history);
    println!("turmoil linearizable: {ok}");
    assert!(
        ok,
        "the key-value server is linearizable on turmoil's network too"
    );
    let again = on_turmoil(seed, RUN, false);
    assert_eq!(
        again.digest(),
        history.digest(),
        "the same seed, the same history"
    );
    println!("turmoil history digest: {:016x} (twice)", history.digest());
    Ok(())
}
