//! Per-stage wall time and peak memory of a build, for `--timings` and the bench.

use std::time::{Duration, Instant};

/// One finished stage: its name, how long it took, and the peak resident
/// memory of the process while it ran (Linux only; `None` elsewhere).
#[derive(Clone, Debug)]
pub struct Stage {
    pub name: &'static str,
    pub time: Duration,
    pub peak_bytes: Option<u64>,
}

#[derive(Default)]
pub(crate) struct Stages(Vec<Stage>);

impl Stages {
    /// Runs `work` as the stage `name` and records it.
    pub fn run<T>(&mut self, name: &'static str, work: impl FnOnce() -> T) -> T {
        reset_peak();
        let started = Instant::now();
        let value = work();
        self.0.push(Stage {
            name,
            time: started.elapsed(),
            peak_bytes: peak_resident_bytes(),
        });
        value
    }

    pub(crate) fn into_vec(self) -> Vec<Stage> {
        self.0
    }
}

/// Resets the kernel's high-water mark of resident memory, so that the next
/// reading is the peak of one stage rather than of the whole process.
fn reset_peak() {
    // Best effort: without /proc the figures are just absent.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// `VmHWM` of /proc/self/status: the peak resident set since the last reset.
fn peak_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_sees_the_memory_it_touches() {
        let mut stages = Stages::default();
        let len = stages.run("alloc", || {
            let v = vec![1u8; 64 << 20];
            std::hint::black_box(&v).len()
        });
        assert_eq!(len, 64 << 20);
        let stage = &stages.into_vec()[0];
        assert_eq!(stage.name, "alloc");
        if cfg!(target_os = "linux") {
            assert!(stage.peak_bytes.expect("VmHWM on Linux") >= 64 << 20);
        }
    }
}
