//! A bounded fuzz loop on stable Rust (proptest), shared by the fuzz targets: a short smoke
//! of a few hundred cases by default (what `make test` runs), or fresh random rounds for
//! `KUBELI_FUZZ_SECONDS` seconds (`make fuzz`). A failure is shrunk to a minimal input and
//! reported with the seed that found it; found cases become regression tests.
//!
//! Used by the integration tests (`tests/fuzz_kubeconfig.rs`) and, by path, by the crate's
//! own unit tests (`src/resources/batch_fuzz.rs`), which reach crate-private types.

use std::time::{Duration, Instant};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

/// Cases per round; also the whole smoke run when no duration is set.
const ROUND: u32 = 300;

/// Run `test` on inputs from `strategy`; panics with the minimal failing input. Returns the
/// number of executions (printed too, for `make fuzz`'s report).
pub(crate) fn fuzz<S: Strategy>(
    target: &str,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) -> u64
where
    S::Value: std::fmt::Debug,
{
    let budget = std::env::var("KUBELI_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs);
    let started = Instant::now();
    let mut executions = 0u64;
    for round in 0u64.. {
        let seed = seed(round);
        let config = Config {
            cases: ROUND,
            failure_persistence: None,
            ..Config::default()
        };
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed);
        let mut runner = TestRunner::new_with_rng(config, rng);
        match runner.run(&strategy, &test) {
            Ok(()) => executions += u64::from(ROUND),
            Err(TestError::Fail(reason, input)) => panic!(
                "fuzz {target}: {reason}\nminimal input: {input:?}\nseed: {}",
                hex(&seed)
            ),
            Err(TestError::Abort(reason)) => panic!("fuzz {target}: aborted: {reason}"),
        }
        if budget.is_none_or(|b| started.elapsed() >= b) {
            break;
        }
    }
    println!(
        "fuzz {target}: {executions} executions in {:.1} s, 0 failures",
        started.elapsed().as_secs_f64()
    );
    executions
}

/// Round 0 of a smoke run is fixed (the same cases every `make test`); longer runs add
/// rounds seeded from the clock.
fn seed(round: u64) -> [u8; 32] {
    let mut seed = [0u8; 32];
    let salt = if round == 0 {
        0
    } else {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    };
    seed[..8].copy_from_slice(&round.to_le_bytes());
    seed[8..16].copy_from_slice(&salt.to_le_bytes());
    seed
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
