//! Gives the web process's memory back once every cluster is gone. WebKit keeps most of what
//! its web process grew to under load (JavaScript heap pages, malloc arenas, caches) after the
//! page has dropped every row: a 10-minute soak left it ~190 MiB over its idle baseline after
//! disconnect-all, and the app can neither force a collection nor pass WebKit's
//! memory-pressure settings through wry. So when the page has been idle with nothing
//! connected (it asks, `recycle_web_view`), and the web process holds more than a ceiling,
//! the backend ends that process; `webview_recovery` loads the page again in a fresh one.
//! Nothing is lost: no cluster is connected, the page keeps its saved state, and it does not
//! ask while a dialog is open or a text field holds text.
//!
//! `KUBELI_WEB_RECYCLE_MIB` sets the ceiling in MiB (default [`DEFAULT_CEILING_MIB`]); `0`
//! turns recycling off. Linux only (elsewhere the page is never recycled). Not while WebDriver
//! drives the window: WebKitWebDriver's session ends with the web process it automates, so a
//! recycle would end any test; `KUBELI_WEB_RECYCLE_UNDER_AUTOMATION=1` allows it (the soak and
//! its E2E test, which watch the app through `/proc` and its log once the session is gone).

use kubeli_core::error::AppError;
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::AppState;

/// A fresh web process idle on the home page holds ~100–150 MiB (PSS, debug build, no
/// compositing); one that served ten clusters for a while holds 300–700 MiB.
pub const DEFAULT_CEILING_MIB: u32 = 250;

/// What `recycle_web_view` found and did.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RecycleOutcome {
    /// The web process was ended; the page loads again in a new one.
    pub recycled: bool,
    /// PSS of the window's web processes when asked, MiB (0 where it cannot be read).
    pub web_pss_mib: u32,
    /// The ceiling in force, MiB; 0 when recycling is off.
    pub ceiling_mib: u32,
}

/// The ceiling from `KUBELI_WEB_RECYCLE_MIB` (unset or unreadable: the default; 0: off).
pub fn ceiling_mib(value: Option<&str>) -> u32 {
    value
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_CEILING_MIB)
}

/// Whether to end the web process: nothing connected, recycling on, over the ceiling.
pub fn should_recycle(connections: usize, web_pss_mib: u32, ceiling_mib: u32) -> bool {
    connections == 0 && ceiling_mib > 0 && web_pss_mib > ceiling_mib
}

/// Ends the window's web process when nothing is connected and it holds more than the
/// ceiling; the page is then loaded again in a fresh process (see the module's text).
#[tauri::command]
#[specta::specta]
pub async fn recycle_web_view(
    window: tauri::WebviewWindow,
    state: State<'_, AppState>,
) -> Result<RecycleOutcome, AppError> {
    let ceiling = ceiling_mib(std::env::var("KUBELI_WEB_RECYCLE_MIB").ok().as_deref());
    let web_pss_mib = linux::web_pss_mib();
    let allowed = !linux::automated(&window).await
        || std::env::var_os("KUBELI_WEB_RECYCLE_UNDER_AUTOMATION").is_some_and(|v| v == "1");
    let recycled = allowed
        && should_recycle(state.pool.connected().len(), web_pss_mib, ceiling)
        && linux::terminate(&window);
    if recycled {
        tracing::info!(
            "nothing connected and the web process holds {web_pss_mib} MiB (ceiling {ceiling}): recycling it"
        );
    }
    Ok(RecycleOutcome {
        recycled,
        web_pss_mib,
        ceiling_mib: ceiling,
    })
}

#[cfg(target_os = "linux")]
mod linux {
    /// PSS of this process's WebKit web processes (children and below), MiB.
    pub(super) fn web_pss_mib() -> u32 {
        u32::try_from(web_pss_kib() / 1024).unwrap_or(u32::MAX)
    }

    /// The same in KiB.
    pub(super) fn web_pss_kib() -> u64 {
        descendants(std::process::id())
            .into_iter()
            .filter(|pid| comm(*pid).starts_with("WebKitWebProces"))
            .map(pss_kib)
            .sum()
    }

    /// Whether WebDriver drives the view of `window`.
    pub(super) async fn automated(window: &tauri::WebviewWindow) -> bool {
        use webkit2gtk::WebViewExt;
        let (tx, rx) = tokio::sync::oneshot::channel();
        let reached = window.with_webview(move |view| {
            let _ = tx.send(view.inner().is_controlled_by_automation());
        });
        // Unknown counts as driven: never end a session by guessing.
        reached.is_err() || rx.await.unwrap_or(true)
    }

    /// Ends the web process of `window`; false when the view could not be reached.
    pub(super) fn terminate(window: &tauri::WebviewWindow) -> bool {
        use webkit2gtk::WebViewExt;
        match window.with_webview(|view| view.inner().terminate_web_process()) {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!("cannot recycle the web process: {e}");
                false
            }
        }
    }

    fn comm(pid: u32) -> String {
        std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default()
    }

    fn pss_kib(pid: u32) -> u64 {
        let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        text.lines()
            .find_map(|l| l.strip_prefix("Pss:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// Every process below `root`, from each process's parent in `/proc/PID/stat`.
    fn descendants(root: u32) -> Vec<u32> {
        let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
            .filter_map(|pid| {
                let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
                // "pid (comm) state ppid …": comm may hold spaces and parentheses.
                let rest = &stat[stat.rfind(')')? + 2..];
                Some((pid, rest.split(' ').nth(1)?.parse().ok()?))
            })
            .collect();
        let mut found = Vec::new();
        let mut frontier = vec![root];
        while let Some(p) = frontier.pop() {
            for &(child, parent) in &parents {
                if parent == p {
                    found.push(child);
                    frontier.push(child);
                }
            }
        }
        found
    }
}

#[cfg(not(target_os = "linux"))]
mod linux {
    pub(super) fn web_pss_mib() -> u32 {
        0
    }

    pub(super) fn terminate(_window: &tauri::WebviewWindow) -> bool {
        false
    }

    pub(super) async fn automated(_window: &tauri::WebviewWindow) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ceiling_comes_from_the_variable_and_zero_turns_recycling_off() {
        assert_eq!(ceiling_mib(None), DEFAULT_CEILING_MIB);
        assert_eq!(ceiling_mib(Some("400")), 400);
        assert_eq!(ceiling_mib(Some(" 0 ")), 0);
        assert_eq!(ceiling_mib(Some("lots")), DEFAULT_CEILING_MIB);
    }

    #[test]
    fn only_an_empty_pool_over_the_ceiling_recycles() {
        assert!(should_recycle(0, 300, 250));
        assert!(
            !should_recycle(1, 900, 250),
            "a connected cluster keeps its page"
        );
        assert!(
            !should_recycle(0, 250, 250),
            "at the ceiling is not over it"
        );
        assert!(!should_recycle(0, 900, 0), "0 turns it off");
    }

    /// Only children named as WebKit's web process count: a copy of `sleep` named so is
    /// measured, a plain `sleep` beside it is not.
    #[cfg(target_os = "linux")]
    #[test]
    fn only_the_web_processes_below_this_one_are_measured() {
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("WebKitWebProcess");
        std::fs::copy("/bin/sleep", &fake).unwrap();
        let mut other = std::process::Command::new("/bin/sleep")
            .arg("30")
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(200));
        let without = linux::web_pss_kib();
        let mut web = std::process::Command::new(&fake).arg("30").spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(200));
        let with = linux::web_pss_kib();
        let _ = web.kill();
        let _ = other.kill();
        let _ = (web.wait(), other.wait());
        assert_eq!(without, 0, "a plain child is not a web process");
        assert!(with > 0, "the web process's PSS is read ({with} KiB)");
    }
}
