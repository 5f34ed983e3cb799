//! Criterion benchmarks of eniplan. Not yet built: the benchmark issue fills this crate.
