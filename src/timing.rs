//! Phase timings for benchmarks: printed to stderr when HROMADA_TIMING is set.

use std::time::Instant;

pub struct Timer {
    last: std::cell::Cell<Instant>,
    on: bool,
}

impl Timer {
    pub fn start() -> Self {
        Timer {
            last: std::cell::Cell::new(Instant::now()),
            on: std::env::var_os("HROMADA_TIMING").is_some(),
        }
    }

    /// Prints the time since the last lap under `name`.
    pub fn lap(&self, name: &str) {
        let now = Instant::now();
        if self.on {
            eprintln!(
                "timing: {name:<8} {:>8.1} ms",
                (now - self.last.get()).as_secs_f64() * 1000.0
            );
        }
        self.last.set(now);
    }
}
