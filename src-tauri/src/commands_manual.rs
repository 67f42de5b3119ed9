//! Commands for clusters added by hand (see `kubeli_core::manual`): list, save (after a
//! real connection succeeded; the secret goes to the OS keychain, the file Kubeli writes
//! only references it) and remove (which deletes the keychain item too).

use kubeli_core::error::AppError;
use kubeli_core::kubeconfig::Discovery;
use kubeli_core::manual::{self, keychain, ManualCluster, ManualClusterInfo};
use tauri::State;

use crate::AppState;

fn file() -> std::path::PathBuf {
    manual::file_path(&crate::config_dir())
}

/// The clusters added by hand, without their secrets.
#[tauri::command]
#[specta::specta]
pub fn list_manual_clusters() -> Result<Vec<ManualClusterInfo>, AppError> {
    Ok(manual::list(&file())?)
}

/// Validate `cluster` with a real connection, then keep its secret in the OS keychain and
/// its entry in Kubeli's kubeconfig file (replacing `previous` when it was edited), and
/// rediscover. Nothing is written when the connection or the keychain fails.
#[tauri::command]
#[specta::specta]
pub async fn save_manual_cluster(
    state: State<'_, AppState>,
    cluster: ManualCluster,
    previous: Option<String>,
) -> Result<Discovery, AppError> {
    manual::check(&cluster)?;
    let saved = match &previous {
        Some(name) => keychain::load(name)?,
        None => None,
    };
    let secret = manual::secret_of(&cluster, saved)?;
    let probe = manual::probe_config(&cluster, secret.as_ref());
    state.pool.probe_kubeconfig(&cluster.name, probe).await?;
    let kubeli = std::env::current_exe().map_err(|e| {
        kubeli_core::error::Error::Settings(format!("cannot find Kubeli's own binary: {e}"))
    })?;
    if let Some(secret) = &secret {
        keychain::store(&cluster.name, secret)?;
    }
    let path = file();
    manual::save(
        &path,
        &cluster,
        previous.as_deref(),
        &kubeli.to_string_lossy(),
    )?;
    if let Some(old) = previous.filter(|p| *p != cluster.name) {
        keychain::delete(&old)?;
    }
    if secret.is_none() {
        keychain::delete(&cluster.name)?;
    }
    state
        .settings
        .add_kubeconfig_source(&path.to_string_lossy())?;
    crate::commands::list_clusters(state).await
}

/// Remove a cluster added by hand: its entry and its keychain item; then rediscover.
#[tauri::command]
#[specta::specta]
pub async fn remove_manual_cluster(
    state: State<'_, AppState>,
    name: String,
) -> Result<Discovery, AppError> {
    keychain::delete(&name)?;
    manual::remove(&file(), &name)?;
    crate::commands::list_clusters(state).await
}

/// `kubeli credential <name>`: print the cluster's `ExecCredential` from the OS keychain,
/// as the exec plugin of Kubeli's kubeconfig file. Returns the exit code.
pub fn credential_main(args: &[String]) -> i32 {
    let [name] = args else {
        eprintln!("usage: kubeli credential <cluster name>");
        return 2;
    };
    match manual::exec_credential(name) {
        Ok(json) => {
            println!("{json}");
            0
        }
        Err(e) => {
            eprintln!("kubeli credential: {e}");
            1
        }
    }
}
