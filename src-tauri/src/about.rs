//! What this build of Kubeli is: the About panel's facts and `kubeli --version`, from one
//! place (the Cargo workspace version; `tauri.conf.json` carries no version of its own).

use serde::Serialize;
use specta::Type;

/// The app's identity and build, as the About panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: String,
    /// The workspace version (`Cargo.toml`).
    pub version: String,
    /// `debug` or `release`.
    pub profile: String,
    /// The target triple's architecture and OS, e.g. `x86_64-linux`.
    pub platform: String,
    /// The commit the release was built from, when the build was given one
    /// (`KUBELI_BUILD_COMMIT` at compile time, set by `make dist`).
    pub commit: Option<String>,
    pub homepage: String,
}

/// Where the project lives; shown as a link in the About panel.
pub const HOMEPAGE: &str = "https://kubeli.dev";

/// This build's identity.
pub fn app_info() -> AppInfo {
    AppInfo {
        name: "Kubeli".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        profile: if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
        .to_owned(),
        platform: format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS),
        commit: option_env!("KUBELI_BUILD_COMMIT")
            .filter(|c| !c.is_empty())
            .map(str::to_owned),
        homepage: HOMEPAGE.to_owned(),
    }
}

/// The line `kubeli --version` prints, e.g. `kubeli 0.1.0 (release, x86_64-linux, 1a2b3c4)`.
pub fn version_line() -> String {
    let info = app_info();
    let mut build = vec![info.profile, info.platform];
    build.extend(info.commit);
    format!("kubeli {} ({})", info.version, build.join(", "))
}
