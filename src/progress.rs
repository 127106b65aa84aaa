//! Progress bars for long builds and imports: drawn on the terminal only
//! when stdout is one, so logs, pipes and CI stay quiet.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Below this many steps a bar would only flicker.
pub const MIN_STEPS: u64 = 200;

/// A bar of `len` steps labelled `what` ("pagine", "atti"), hidden when
/// stdout is not a terminal or the job is short.
pub fn bar(len: u64, what: &str) -> ProgressBar {
    let visible = len >= MIN_STEPS && std::io::stdout().is_terminal();
    bar_with(len, what, visible)
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
}
