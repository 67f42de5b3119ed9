//! The window survives its web view: when WebKitGTK reports that the web content process
//! ended (crashed, killed, out of memory), the page is loaded again. The backend keeps
//! every connection meanwhile, and the new page picks them up (`resync_session`).
//! A web process that keeps ending (one that aborts at start) is reloaded after a growing
//! wait instead of in a tight loop: [`Reloads`]. Linux only; elsewhere this does nothing.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Ends within [`WINDOW`] reloaded at once; each further one waits twice as long as the last,
/// up to [`MAX_WAIT`].
const AT_ONCE: usize = 3;
const WINDOW: Duration = Duration::from_secs(60);
const FIRST_WAIT: Duration = Duration::from_secs(1);
const MAX_WAIT: Duration = Duration::from_secs(60);

/// When the web process ended lately, to pace the reloads.
#[derive(Default)]
pub struct Reloads {
    ends: VecDeque<Instant>,
}

impl Reloads {
    /// Records an end at `now`; returns how long to wait before reloading.
    pub fn wait_after_end(&mut self, now: Instant) -> Duration {
        while self
            .ends
            .front()
            .is_some_and(|t| now.duration_since(*t) > WINDOW)
        {
            self.ends.pop_front();
        }
        self.ends.push_back(now);
        let over = self.ends.len().saturating_sub(AT_ONCE);
        if over == 0 {
            return Duration::ZERO;
        }
        let factor = 1u32 << (over - 1).min(6);
        (FIRST_WAIT * factor).min(MAX_WAIT)
    }
}

/// Reload the page of `window` whenever its web process terminates, and log why it ended.
#[cfg(target_os = "linux")]
pub fn reload_when_web_process_ends(window: &tauri::WebviewWindow) {
    let result = window.with_webview(|platform| {
        use webkit2gtk::{WebProcessTerminationReason, WebViewExt};
        let reloads = std::cell::RefCell::new(Reloads::default());
        platform
            .inner()
            .connect_web_process_terminated(move |webview, reason| {
                let why = match reason {
                    WebProcessTerminationReason::Crashed => "it crashed or was killed",
                    WebProcessTerminationReason::ExceededMemoryLimit => "it ran out of memory",
                    WebProcessTerminationReason::TerminatedByApi => "it was ended by the app",
                    _ => "an unknown reason",
                };
                let wait = reloads.borrow_mut().wait_after_end(Instant::now());
                if wait.is_zero() {
                    tracing::warn!("the window's web process ended ({why}); reloading the page");
                    webview.reload();
                    return;
                }
                tracing::warn!(
                    "the window's web process ended ({why}) again; reloading the page in {} s",
                    wait.as_secs()
                );
                let webview = webview.clone();
                webkit2gtk::glib::timeout_add_local_once(wait, move || webview.reload());
            });
    });
    if let Err(e) = result {
        tracing::warn!(
            "cannot watch the window's web process (it will not be reloaded if it ends): {e}"
        );
    }
}

#[cfg(not(target_os = "linux"))]
pub fn reload_when_web_process_ends(_window: &tauri::WebviewWindow) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_ends_reload_at_once_then_the_wait_doubles_up_to_a_minute() {
        let mut reloads = Reloads::default();
        let t = Instant::now();
        let waits: Vec<u64> = (0..12)
            .map(|i| {
                reloads
                    .wait_after_end(t + Duration::from_millis(i))
                    .as_secs()
            })
            .collect();
        assert_eq!(waits, [0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn ends_a_minute_apart_always_reload_at_once() {
        let mut reloads = Reloads::default();
        let t = Instant::now();
        for i in 0..10 {
            let at = t + Duration::from_secs(61 * i);
            assert_eq!(reloads.wait_after_end(at), Duration::ZERO);
        }
    }
}
