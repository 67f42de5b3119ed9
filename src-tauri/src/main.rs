//! The `kubeli` binary: opens the app window.

// Keep a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    kubeli_app::run();
}
