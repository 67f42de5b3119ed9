//! The environment the app gives GTK and WebKit (and, by inheritance, WebKit's web and network
//! processes), set first thing in [`crate::run`], before GTK starts and before any thread.
//!
//! On Linux with software GL only (no DRM render node: VMs, remote desktops, Xvfb) and
//! accelerated compositing off (the default, below), GTK (GLX, to pick visuals) and WebKit's UI
//! side (EGL, for the DMA-BUF renderer and the render node) each loaded Mesa's software driver,
//! which maps LLVM, for nothing: with compositing off neither draws with GL. Three variables keep
//! GL out of the app process ([`to_set`]), ~22 MB of PSS, by default; the web process still loads
//! GL (WebKit 2.50 aborts without an EGL display). `KUBELI_LEAN_GL=0` keeps WebKit's own path.
//! Nothing is set where a GPU is present, nor when compositing is on (`KUBELI_WEBVIEW_COMPOSITING=1`
//! or `WEBKIT_DISABLE_COMPOSITING_MODE=0` set by the user), and a value the user set always wins.
//! While compositing was switched off only after the web process started, the same variables
//! also cost frames (a page catching up with an event storm 2–3× slower); with compositing off
//! from the start they cost none measured. The measurements are in `src-tauri/README.md` ("The
//! app's memory on Linux").
//!
//! Accelerated compositing is off by default, and is so from the web process's start
//! ([`compositing_defaults`]: `WEBKIT_DISABLE_COMPOSITING_MODE=1`, read by WebKitGTK as the web
//! view's settings are made); `KUBELI_WEBVIEW_COMPOSITING=1` or a value the user set leaves it.
//!
//! JavaScriptCore's heap is tuned by default too ([`heap_defaults`]): on a machine
//! with 16 GB of RAM or more, JSC lets its heap grow to ~4× what the last full collection kept
//! before it collects again (2× below 16 GB), so the page's garbage — thousands of rows per
//! cluster arrive as IPC text and are parsed — stayed mapped as the web process's memory (the
//! release bench's P8b: 23 MB per connected cluster, 15–16 with these options, frames
//! unchanged). Two JSC options, read from the environment when the web process starts, bring
//! the growth to ~1.5× and the first collection's threshold to 8 MB;
//! `KUBELI_WEB_HEAP=webkit` leaves WebKit's own, and a `JSC_` value the user set wins.
//!
//! And JavaScriptCore's optimizing JIT (DFG, and FTL above it) is off by default
//! ([`jit_defaults`], `KUBELI_WEB_JIT=webkit` keeps it): the idle web process ~8 MB smaller,
//! ~1 MB less per connected cluster, no slower frame measured, a 10,000-pod view opening ~13 ms
//! later. WebKit's processes must inherit these variables; the programs the app starts do not get
//! them (exec plugins, the login shell, "Open in browser": `PoolOptions::child_env_remove` and
//! [`crate::browser`], given the names [`apply`] returns).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// GTK's GL off: GDK then never opens GLX (the app draws no GL itself).
const GDK_GL: (&str, &str) = ("GDK_GL", "disable");
/// WebKit's DMA-BUF renderer serves accelerated compositing only; off, its EGL probe goes too.
const DMABUF: (&str, &str) = ("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
/// The render node WebKit passes to its web processes, given so the UI side needs no EGL display
/// to find it: a path that names no DRM device, so the web process picks none — what WebKit
/// itself finds with software GL.
const RENDER_DEVICE: (&str, &str) = ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/dri/none");
/// Where DRM render nodes live.
const DRI_DIR: &str = "/dev/dri";

/// Accelerated compositing off from the start (the default, [`crate::webview`]): WebKitGTK reads
/// it as the web view's settings are made, before its web process starts. The same policy set
/// only later (`webview::tune`) left that process running its threaded compositor and Mesa's
/// rasteriser threads, ~6 MB more, for no measured frame.
const NO_COMPOSITING: (&str, &str) = ("WEBKIT_DISABLE_COMPOSITING_MODE", "1");

/// [`NO_COMPOSITING`] when compositing is off (not `KUBELI_WEBVIEW_COMPOSITING=1`) and the
/// environment does not already have the variable.
pub fn compositing_defaults(
    compositing: bool,
    current: impl Fn(&str) -> Option<OsString>,
) -> Vec<(&'static str, String)> {
    if compositing {
        return Vec::new();
    }
    missing(&[NO_COMPOSITING], current)
}

/// JSC's heap growth after a collection: `max × e^(−2 × heap / RAM) + 1` (WebKit's default max
/// is 3, so ~4× for a page's heap on a large machine).
const HEAP_GROWTH: (&str, &str) = ("JSC_heapGrowthMaxIncrease", "0.5");
/// Bytes allocated before the first collection (and the least per cycle): WebKit's 32 MB is
/// more than the page's whole live heap with one cluster connected.
const HEAP_MIN: (&str, &str) = ("JSC_largeHeapSize", "8388608");

/// The JSC heap options to set: each of [`HEAP_GROWTH`] and [`HEAP_MIN`] the environment does
/// not already have, unless `choice` (`KUBELI_WEB_HEAP`) is `webkit`.
pub fn heap_defaults(
    choice: Option<&std::ffi::OsStr>,
    current: impl Fn(&str) -> Option<OsString>,
) -> Vec<(&'static str, String)> {
    unless_webkit(choice, &[HEAP_GROWTH, HEAP_MIN], current)
}

/// JavaScriptCore's optimizing tiers off (DFG, and with it FTL): the page runs in the
/// interpreter and the baseline JIT. The DFG's compiler, its compiled code and the profiles it
/// keeps held ~8 MB of the idle web process and ~1 MB more per connected cluster, and the
/// page's frames were no slower without it (measured in `src-tauri/README.md`).
const NO_DFG: (&str, &str) = ("JSC_useDFGJIT", "0");

/// [`NO_DFG`] unless the environment has it or `choice` (`KUBELI_WEB_JIT`) is `webkit`.
pub fn jit_defaults(
    choice: Option<&std::ffi::OsStr>,
    current: impl Fn(&str) -> Option<OsString>,
) -> Vec<(&'static str, String)> {
    unless_webkit(choice, &[NO_DFG], current)
}

/// [`missing`] of `defaults`, or nothing when the user chose `webkit` (WebKit's own values).
fn unless_webkit(
    choice: Option<&std::ffi::OsStr>,
    defaults: &[(&'static str, &str)],
    current: impl Fn(&str) -> Option<OsString>,
) -> Vec<(&'static str, String)> {
    if choice.is_some_and(|c| c == "webkit") {
        return Vec::new();
    }
    missing(defaults, current)
}

/// Each of `defaults` the environment (`current`) does not already have.
fn missing(
    defaults: &[(&'static str, &str)],
    current: impl Fn(&str) -> Option<OsString>,
) -> Vec<(&'static str, String)> {
    defaults
        .iter()
        .filter(|(name, _)| current(name).is_none())
        .map(|(name, value)| (*name, (*value).to_owned()))
        .collect()
}

/// The variables to set: `(name, value)` for each default the environment does not already have.
/// Nothing unless `wanted` (not `KUBELI_LEAN_GL=0`), when compositing is on (WebKit needs GL
/// then) or the machine has a GPU (a DRM render node).
pub fn to_set(
    wanted: bool,
    compositing: bool,
    render_nodes: &[PathBuf],
    current: impl Fn(&str) -> Option<OsString>,
) -> Vec<(&'static str, String)> {
    if !wanted || compositing || !render_nodes.is_empty() {
        return Vec::new();
    }
    missing(&[GDK_GL, DMABUF, RENDER_DEVICE], current)
}

/// Whether WebKit will composite: asked for (`KUBELI_WEBVIEW_COMPOSITING=1`), or the user set
/// `WEBKIT_DISABLE_COMPOSITING_MODE=0` themselves (WebKit reads any other value as off).
pub fn compositing_wanted(asked: bool, disable_mode: Option<&std::ffi::OsStr>) -> bool {
    asked || disable_mode.is_some_and(|v| v == "0")
}

/// The DRM render nodes (`renderD*`) in `dir`, unsorted; none when it cannot be read.
pub fn render_nodes(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with("renderD"))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

/// What the app starts with: the variables to set, and whether WebKit composites — the one
/// decision both the environment ([`plan`]) and the web view's policy ([`crate::webview::tune`])
/// follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// `(name, value)` of each variable set (none the user already had).
    pub set: Vec<(&'static str, String)>,
    /// Compositing asked for (`KUBELI_WEBVIEW_COMPOSITING=1`) or left on by the user
    /// (`WEBKIT_DISABLE_COMPOSITING_MODE=0`): WebKit's own acceleration policy is kept.
    pub compositing: bool,
}

/// The plan for an environment read through `current`, on a machine with `render_nodes`.
pub fn plan(current: impl Fn(&str) -> Option<OsString>, render_nodes: &[PathBuf]) -> Plan {
    let mut set = heap_defaults(current("KUBELI_WEB_HEAP").as_deref(), &current);
    set.extend(jit_defaults(current("KUBELI_WEB_JIT").as_deref(), &current));
    let asked = crate::webview::compositing_on(current("KUBELI_WEBVIEW_COMPOSITING").as_deref());
    set.extend(compositing_defaults(asked, &current));
    let lean_wanted = current("KUBELI_LEAN_GL").is_none_or(|v| v != "0");
    // The user's own value: nothing is set yet.
    let compositing = compositing_wanted(asked, current(NO_COMPOSITING.0).as_deref());
    set.extend(to_set(lean_wanted, compositing, render_nodes, &current));
    Plan { set, compositing }
}

/// The plan for this process's environment and machine; nothing to set outside Linux, where
/// WebKit's processes do not inherit the app's environment. `kubeli --webkit-env` prints its
/// variables (the bench's blank window starts with them).
pub fn current_plan() -> Plan {
    let plan = plan(
        |name| std::env::var_os(name),
        &render_nodes(Path::new(DRI_DIR)),
    );
    if cfg!(target_os = "linux") {
        plan
    } else {
        Plan {
            set: Vec::new(),
            ..plan
        }
    }
}

/// Sets what [`current_plan`] says and returns the plan: what it set, to be logged once logging
/// runs, and whether WebKit composites. Call before GTK starts and before any other thread
/// exists.
pub fn apply() -> Plan {
    let plan = current_plan();
    for (name, value) in &plan.set {
        // Only this thread runs yet (`run` calls this first), so nothing reads the
        // environment concurrently.
        std::env::set_var(name, value);
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(set: &[(&'static str, String)]) -> Vec<&'static str> {
        set.iter().map(|(n, _)| *n).collect()
    }

    #[test]
    fn sets_all_three_when_the_user_set_none() {
        let set = to_set(true, false, &[], |_| None);
        assert_eq!(
            names(&set),
            ["GDK_GL", "WEBKIT_DISABLE_DMABUF_RENDERER", RENDER_DEVICE.0]
        );
        assert_eq!(set[0].1, "disable");
        assert_eq!(set[1].1, "1");
        assert_eq!(set[2].1, "/dev/dri/none");
    }

    #[test]
    fn a_value_the_user_set_wins() {
        let set = to_set(true, false, &[], |name| {
            (name == "GDK_GL" || name == RENDER_DEVICE.0).then(|| OsString::from("mine"))
        });
        assert_eq!(names(&set), ["WEBKIT_DISABLE_DMABUF_RENDERER"]);
    }

    #[test]
    fn nothing_is_set_with_compositing_on() {
        assert!(to_set(true, true, &[], |_| None).is_empty());
    }

    #[test]
    fn nothing_is_set_where_a_gpu_is_present() {
        let nodes = [PathBuf::from("/dev/dri/renderD128")];
        assert!(to_set(true, false, &nodes, |_| None).is_empty());
    }

    #[test]
    fn nothing_is_set_when_not_wanted() {
        assert!(to_set(false, false, &[], |_| None).is_empty());
    }

    #[test]
    fn compositing_is_wanted_when_asked_for_or_the_user_turned_webkits_off_switch_off() {
        assert!(!compositing_wanted(false, None));
        assert!(compositing_wanted(true, None));
        assert!(compositing_wanted(false, Some(std::ffi::OsStr::new("0"))));
        assert!(!compositing_wanted(false, Some(std::ffi::OsStr::new("1"))));
    }

    #[test]
    fn the_heap_options_are_set_unless_the_user_set_them_or_chose_webkit() {
        let all = heap_defaults(None, |_| None);
        assert_eq!(
            names(&all),
            ["JSC_heapGrowthMaxIncrease", "JSC_largeHeapSize"]
        );
        assert_eq!(all[0].1, "0.5");
        assert_eq!(all[1].1, "8388608");
        let mine = heap_defaults(None, |name| {
            (name == "JSC_largeHeapSize").then(|| OsString::from("1048576"))
        });
        assert_eq!(names(&mine), ["JSC_heapGrowthMaxIncrease"]);
        assert!(heap_defaults(Some(std::ffi::OsStr::new("webkit")), |_| None).is_empty());
        assert_eq!(
            heap_defaults(Some(std::ffi::OsStr::new("tuned")), |_| None).len(),
            2
        );
    }

    #[test]
    fn the_optimizing_jit_is_off_unless_the_user_set_it_or_chose_webkit() {
        assert_eq!(
            jit_defaults(None, |_| None),
            vec![("JSC_useDFGJIT", "0".to_owned())]
        );
        assert!(jit_defaults(Some(std::ffi::OsStr::new("webkit")), |_| None).is_empty());
        let user = |name: &str| (name == "JSC_useDFGJIT").then(|| "1".into());
        assert!(jit_defaults(None, user).is_empty());
    }

    #[test]
    fn compositing_is_off_from_the_start_unless_asked_for_or_set_by_the_user() {
        assert_eq!(
            compositing_defaults(false, |_| None),
            vec![("WEBKIT_DISABLE_COMPOSITING_MODE", "1".to_owned())]
        );
        assert!(compositing_defaults(true, |_| None).is_empty());
        let user = |name: &str| (name == "WEBKIT_DISABLE_COMPOSITING_MODE").then(|| "0".into());
        assert!(compositing_defaults(false, user).is_empty());
    }

    #[test]
    fn one_plan_for_the_environment_and_the_web_view() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        let default = plan(env(&[]), &[]);
        assert!(!default.compositing);
        assert_eq!(default.set.len(), 7, "{:?}", default.set);
        // The user's own "do not disable compositing": WebKit composites, so GL stays, and the
        // web view keeps WebKit's policy (the same `compositing`).
        let users = plan(env(&[(NO_COMPOSITING.0, "0")]), &[]);
        assert!(users.compositing);
        assert_eq!(
            names(&users.set),
            [
                "JSC_heapGrowthMaxIncrease",
                "JSC_largeHeapSize",
                "JSC_useDFGJIT"
            ]
        );
        let asked = plan(env(&[("KUBELI_WEBVIEW_COMPOSITING", "1")]), &[]);
        assert!(asked.compositing);
        assert_eq!(asked.set, users.set);
        // The user's own "disable": compositing off, nothing of theirs overwritten.
        let off = plan(env(&[(NO_COMPOSITING.0, "1")]), &[]);
        assert!(!off.compositing);
        assert!(!names(&off.set).contains(&NO_COMPOSITING.0));
        assert_eq!(off.set.len(), 6);
    }

    #[test]
    fn render_nodes_are_the_render_entries_of_the_folder() {
        let dir = std::env::temp_dir().join(format!("kubeli-dri-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["card0", "renderD128", "by-path"] {
            std::fs::write(dir.join(name), "").unwrap();
        }
        let nodes = render_nodes(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(nodes, [dir.join("renderD128")]);
        assert!(render_nodes(&dir).is_empty());
    }
}
