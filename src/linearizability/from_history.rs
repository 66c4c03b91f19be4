//! A history's ops as the checker's input: pairs of invocation and completion, positioned by index.

use crate::history::{History, Outcome as HistoryOutcome};

use super::Operation;

/// The ops of `history` that `input` turns into a model's input, as [`Operation`]s to check.
///
/// Each invocation pairs with its completion: `ok` gives
/// `output(&input, &value)`, `fail` an op that did not happen, and `info`, or
/// no completion at all, an op that may have taken effect any time after its
/// invocation, or never. Positions are the events' indices in the history,
/// whose total order is the real-time order. An op `input` maps to `None`
/// (a nemesis's fault, say) is left out.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Event, History, Outcome};
/// use lockstep_gen::linearizability::{operations, CasOp, CasRegister, Verdict, check};
/// use lockstep_gen::Seed;
///
/// let history = History::<CasOp<u64>, Option<u64>, String>::new(Seed::from(1), vec![
///     Event::invoke(0, 0, CasOp::Write(1)),
///     Event::invoke(1, 1, CasOp::Read),
///     Event::complete(2, 1, Outcome::Ok(Some(1))),
///     Event::complete(3, 0, Outcome::Ok(None)),
///     Event::invoke(4, 1, CasOp::Read),
///     Event::complete(5, 1, Outcome::Ok(None)), // the write is gone: not linearizable
/// ])?;
/// let ops = operations(&history, |op| Some(*op), |_, value| *value);
/// assert_eq!(ops.len(), 3);
/// assert!(!check(&CasRegister::new(), &ops).is_linearizable());
/// # Ok::<(), lockstep_gen::history::HistoryError>(())
/// ```
pub fn operations<O, V, E, I, R>(
    history: &History<O, V, E>,
    mut input: impl FnMut(&O) -> Option<I>,
    mut output: impl FnMut(&I, &V) -> R,
) -> Vec<Operation<I, R>> {
    history
        .pairs()
        .filter_map(|pair| {
            let input = input(pair.op())?;
            let (process, call) = (pair.process(), pair.index() as u64);
            Some(match (pair.outcome(), pair.end()) {
                (Some(HistoryOutcome::Ok(value)), Some(ret)) => {
                    let output = output(&input, value);
                    Operation::ok(process, input, call, output, ret as u64)
                }
                (Some(HistoryOutcome::Fail(_)), _) => Operation::fail(process, input, call),
                _ => Operation::info(process, input, call),
            })
        })
        .collect()
}
