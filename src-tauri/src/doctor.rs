//! `kubeli doctor [--context C]... [--json]`: check contexts without opening a window.

use kubeli_core::doctor;
use kubeli_core::kubeconfig::SourceInputs;
use kubeli_core::settings::SettingsStore;

const USAGE: &str = "usage: kubeli doctor [--context NAME]... [--json]

Connects the chosen contexts (default: all) in parallel and reports, per context,
whether it is reachable and why, its server version, latency, visible namespaces and
auth type. Exits 1 when any chosen context is unreachable.";

/// Run the subcommand with the arguments after `doctor`; returns the process exit code.
pub fn main(args: &[String]) -> i32 {
    let mut contexts = Vec::new();
    let mut json = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--context" => match it.next() {
                Some(c) => contexts.push(c.clone()),
                None => return usage("--context needs a context name"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return 0;
            }
            other => match other.strip_prefix("--context=") {
                Some(c) => contexts.push(c.to_owned()),
                None => return usage(&format!("unknown argument {other}")),
            },
        }
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kubeli doctor: cannot start: {e}");
            return 2;
        }
    };
    // The same sources as the app: KUBECONFIG or ~/.kube/config, plus the user's additions.
    let (settings, _) = SettingsStore::load(&crate::config_dir());
    let inputs = SourceInputs::from_env(settings.get().kubeconfig_sources);
    match runtime.block_on(doctor::run(inputs, &contexts, crate::pool_options())) {
        Err(e) => {
            eprintln!("kubeli doctor: {e}");
            2
        }
        Ok(reports) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&reports).unwrap_or_default()
                );
            } else {
                print!("{}", doctor::render(&reports));
            }
            i32::from(reports.iter().any(|r| !r.reachable))
        }
    }
}

fn usage(problem: &str) -> i32 {
    eprintln!("kubeli doctor: {problem}\n\n{USAGE}");
    2
}
