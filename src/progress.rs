//! Progress bars for long builds and imports: drawn on the terminal only
//! when stdout is one, so logs, pipes and CI stay quiet.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Below this many steps a bar would only flicker.
pub(crate) const MIN_STEPS: u64 = 200;

/// A bar of `len` steps labelled `what` ("pagine", "atti"), hidden when
/// stdout is not a terminal or the job is short.
pub(crate) fn bar(len: u64, what: &str) -> ProgressBar {
    let visible = len >= MIN_STEPS && std::io::stdout().is_terminal();
    bar_with(len, what, visible)
}

/// A bar whose length is not known yet (an import learns it source by
/// source): hidden until `grow` makes it long enough, and drawn only when
/// stderr, where it goes, is a terminal (stdout holds the summary).
pub(crate) fn growing_bar(what: &str) -> ProgressBar {
    bar_with(0, what, false)
}

/// Adds `steps` to a bar made by `growing_bar`, showing it once the job is
/// long enough to need one.
pub(crate) fn grow(bar: &ProgressBar, steps: u64) {
    bar.inc_length(steps);
    let long = bar.length().is_some_and(|len| len >= MIN_STEPS);
    if long && bar.is_hidden() && std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
    }
}

fn bar_with(len: u64, what: &str, visible: bool) -> ProgressBar {
    let target = if visible {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(len), target);
    if let Ok(style) =
        ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {msg} ({eta} al termine)")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(what.to_string());
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_bars_still_count() {
        let hidden = bar_with(10, "pagine", false);
        hidden.inc(3);
        assert!(hidden.is_hidden());
        assert_eq!(hidden.position(), 3);
        assert!(bar(10, "pagine").is_hidden(), "short jobs draw nothing");
    }

    #[test]
    fn growing_bars_count_what_they_are_told() {
        let bar = growing_bar("record");
        grow(&bar, 150);
        grow(&bar, 100);
        bar.inc(2);
        assert_eq!((bar.length(), bar.position()), (Some(250), 2));
        // Tests run without a terminal on stderr: nothing is drawn.
        assert!(bar.is_hidden());
    }
}
