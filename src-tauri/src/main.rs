//! The `kubeli` binary: opens the app window, or runs `kubeli doctor` / `kubeli --version`
//! / `kubeli credential <name>` (the keychain's exec credential plugin) / `kubeli --webkit-env`
//! (the variables the window would set for WebKit here, `NAME=value` per line) without one.

// Keep a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if matches!(args.first().map(String::as_str), Some("--version" | "-V")) {
        println!("{}", kubeli_app::about::version_line());
        return;
    }
    if args.first().map(String::as_str) == Some("doctor") {
        kubeli_app::init_tracing();
        std::process::exit(kubeli_app::doctor::main(&args[1..]));
    }
    if args.first().map(String::as_str) == Some("--webkit-env") {
        for (name, value) in kubeli_app::startup_env::current_plan().set {
            println!("{name}={value}");
        }
        return;
    }
    // The exec credential plugin of the clusters added by hand (reads the OS keychain).
    if args.first().map(String::as_str) == Some("credential") {
        std::process::exit(kubeli_app::commands_manual::credential_main(&args[1..]));
    }
    kubeli_app::run();
}
