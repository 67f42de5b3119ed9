//! A port-forward's "Open in browser": the OS opener — the `open` crate's launchers, `xdg-open`
//! first on Linux — started without the variables the app set in its own environment for its
//! WebKit ([`crate::startup_env`]: compositing off, JavaScriptCore's heap and JIT options, no GL),
//! so a browser it starts runs with the user's environment (GNOME Web is WebKitGTK too: it
//! would start without compositing and without its optimizing JIT). The page asks with a port
//! only: the URL is always `http://localhost:<port>/`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kubeli_core::error::{AppError, Error};
use kubeli_core::ContextId;

/// The names [`crate::startup_env::apply`] set, which programs the app starts must not get.
#[derive(Debug, Clone)]
pub struct ChildEnv(pub Vec<String>);

/// How long a launcher may take to fail before the next is tried; one still running then is
/// taken as started (`xdg-open` may wait for the browser it started).
const LAUNCHER_WAIT: Duration = Duration::from_secs(2);

/// Opens `http://localhost:<port>/` — a forward of `context` — in the user's browser.
#[tauri::command]
#[specta::specta]
pub async fn open_forward_in_browser(
    child_env: tauri::State<'_, ChildEnv>,
    context: ContextId,
    port: u16,
) -> Result<(), AppError> {
    let url = format!("http://localhost:{port}/");
    let remove = child_env.0.clone();
    let target = url.clone();
    let launched = tauri::async_runtime::spawn_blocking(move || {
        if remove.is_empty() {
            // Nothing of the app's to remove (not Linux, or all the user's own): the crate's own
            // launching, with its per-platform rules for when to try the next launcher.
            open::that_detached(&target).map_err(|e| e.to_string())
        } else {
            launch(open::commands(&target), &remove, LAUNCHER_WAIT)
        }
    })
    .await
    .map_err(|e| format!("the launcher stopped: {e}"))
    .and_then(|r| r);
    launched.map_err(|reason| {
        Error::OpenExternal {
            context: context.display_name(),
            what: url,
            reason,
        }
        .into()
    })
}

/// Starts each of `launchers` in turn, without the variables in `remove`, until one exits
/// successfully or is still running after `wait` (then reaped on a thread of its own). The
/// error says why each that ran failed, and names those not installed together. The next is tried after a failed exit too, as the `open` crate
/// does for every Unix launcher (`xdg-open`, `gio open`, …; only on Linux is anything removed).
pub fn launch(launchers: Vec<Command>, remove: &[String], wait: Duration) -> Result<(), String> {
    let mut failures = Vec::new();
    let mut missing = Vec::new();
    for mut command in launchers {
        let program = command.get_program().to_string_lossy().into_owned();
        for name in remove {
            command.env_remove(name);
        }
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                missing.push(program);
                continue;
            }
            Err(e) => {
                failures.push(format!("{program}: {e}"));
                continue;
            }
        };
        let started = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) if status.success() => return Ok(()),
                Ok(Some(status)) => {
                    failures.push(format!("{program}: {status}"));
                    break;
                }
                Ok(None) if started.elapsed() >= wait => {
                    std::thread::spawn(move || child.wait());
                    return Ok(());
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => {
                    failures.push(format!("{program}: {e}"));
                    break;
                }
            }
        }
    }
    // Launchers that are not installed are named once, together: most systems lack most of them.
    if !missing.is_empty() {
        failures.push(format!("not installed: {}", missing.join(", ")));
    }
    Err(if failures.is_empty() {
        "no opener is known for this system".to_owned()
    } else {
        format!("no opener started it ({})", failures.join("; "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("/bin/sh");
        command.args(["-c", script]);
        command
    }

    #[test]
    fn a_failing_launcher_is_followed_by_the_next_which_gets_the_users_environment_only() {
        let dir = tempfile::tempdir().unwrap();
        let saw = dir.path().join("saw");
        let record = format!(
            "echo \"${{SET_BY_APP-unset}} ${{USERS_OWN-unset}}\" > '{}'",
            saw.display()
        );
        // As if inherited: the launcher starts with both; the app set only the first.
        let mut last = sh(&record);
        last.env("SET_BY_APP", "webkit").env("USERS_OWN", "kept");
        let launchers = vec![Command::new("/nonexistent/opener"), sh("exit 3"), last];
        launch(
            launchers,
            &["SET_BY_APP".to_owned()],
            Duration::from_secs(5),
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&saw).unwrap().trim(), "unset kept");
    }

    #[test]
    fn a_launcher_still_running_after_the_wait_counts_as_started() {
        let started = Instant::now();
        launch(vec![sh("sleep 5")], &[], Duration::from_millis(200)).unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "it did not wait for the launcher"
        );
    }

    #[test]
    fn when_every_launcher_fails_the_error_says_why_for_each() {
        let error = launch(
            vec![Command::new("/nonexistent/opener"), sh("exit 3")],
            &[],
            Duration::from_secs(5),
        )
        .unwrap_err();
        assert_eq!(
            error,
            "no opener started it (/bin/sh: exit status: 3; not installed: /nonexistent/opener)"
        );
        assert_eq!(
            launch(Vec::new(), &[], Duration::ZERO).unwrap_err(),
            "no opener is known for this system"
        );
    }
}
