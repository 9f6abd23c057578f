//! A short fuzz run (fixed seed): real specs, cut and mutated structurally (`mutate/`), must
//! generate code that parses as Rust or be refused with located errors, never panic. The long run,
//! which also compiles samples of the output, is `examples/fuzz.rs` (see the README).

use std::sync::atomic::{AtomicU32, Ordering};

use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

mod mutate;

/// Cases of the short run: about 50 s in a debug build (the long run draws the same way).
const CASES: u32 = 2000;

#[test]
fn mutated_specs_generate_rust_or_located_errors_and_never_panic() {
    // Seeds up to 300 kB: the five larger corpus specs are the long run's.
    let seeds = mutate::seeds(300_000);
    assert!(seeds.len() >= 30, "{} seeds", seeds.len());
    mutate::quiet_panics();
    mutate::guard_memory(4 << 30);
    let config = Config { cases: CASES, failure_persistence: None, max_shrink_iters: 2000, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let (generated, refused) = (AtomicU32::new(0), AtomicU32::new(0));
    let result = mutate::on_big_stack(|| {
        runner.run(&mutate::cases(seeds.len(), 8, 1), |case| {
            let text = mutate::spec_text(&case, &seeds);
            mutate::set_current(format!("{case:?}"), &text);
            match mutate::check(&mutate::file_name(&case, &seeds), &text, case.strict) {
                Ok(mutate::Outcome::Generated(_)) => generated.fetch_add(1, Ordering::Relaxed),
                Ok(mutate::Outcome::Refused) => refused.fetch_add(1, Ordering::Relaxed),
                Err(failure) => return Err(TestCaseError::fail(failure)),
            };
            Ok(())
        })
    });
    let _ = std::panic::take_hook();
    if let Err(error) = result {
        panic!("{error}");
    }
    // Both outcomes are reached: the mutations neither break every spec nor leave them all valid.
    let (generated, refused) = (generated.into_inner(), refused.into_inner());
    assert!(generated > 100 && refused > 100, "{generated} generated, {refused} refused");
}
