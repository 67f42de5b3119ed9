//! Kubeconfig discovery: find the user's kubeconfig files, parse each on its own, and turn
//! every context into a [`Cluster`] card.
//!
//! Start at [`discover`]. Files are never merged into one config: each context stays tied
//! to the file it came from, so a same-named user or cluster in another file can never
//! leak into it. A broken file is reported in [`Discovery::errors`] and does not stop the
//! others; a context whose cluster or user is missing is listed with a [`Cluster::problem`].

mod parse;
mod sources;
mod watch;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use kube::config::{AuthInfo, Kubeconfig, NamedContext, NamedExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::context_id::ContextId;
pub use parse::{parse, KubeconfigCache, MAX_FILE_BYTES};
pub(crate) use sources::{expand_tilde, resolve_sources};
pub use sources::{home_dir, MAX_FOLDER_FILES};
pub use watch::SourceWatcher;

/// Name of the cluster extension that `kubeli-lab` writes into its kubeconfig.
pub(crate) const LAB_EXTENSION: &str = "kubeli-lab";

/// Where a kubeconfig source came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum SourceOrigin {
    /// Listed in the `KUBECONFIG` environment variable.
    KubeconfigEnv,
    /// The default `~/.kube/config`.
    Default,
    /// A file or folder the user added in the app (persisted in settings).
    UserAdded,
}

/// A place Kubeli looks for kubeconfig files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct KubeconfigSource {
    pub path: String,
    pub origin: SourceOrigin,
    pub exists: bool,
    pub is_dir: bool,
}

/// How a context's user authenticates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AuthType {
    Token,
    ClientCertificate,
    Exec { command: String },
    AuthProvider { name: String },
    Basic,
    None,
}

/// One kubeconfig context, as shown on a home-page card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    /// Stable and unique: the source file and the context name (plus a counter if one file
    /// repeats a context name).
    pub id: ContextId,
    /// The context name as the kubeconfig spells it (not unique across files).
    pub context: String,
    pub cluster_name: Option<String>,
    pub server: Option<String>,
    pub user: Option<String>,
    pub auth: AuthType,
    /// The context's default namespace, if it sets one.
    pub namespace: Option<String>,
    /// The kubeconfig file this context came from.
    pub source: String,
    /// This context is its file's `current-context`.
    pub is_current: bool,
    /// The same context name also appears in an earlier file (or earlier in the same file).
    pub duplicate: bool,
    /// A simulated `kubeli-lab` cluster.
    pub simulated: bool,
    /// Why this context cannot be used; `None` when it is valid.
    pub problem: Option<String>,
    /// Logging in may need the user (an exec plugin with `interactiveMode: Always` or
    /// `IfAvailable`, or an OIDC login flow that opens a browser): such contexts connect one
    /// at a time while the others connect in parallel.
    pub interactive: bool,
    /// The user this context's requests impersonate (the kubeconfig user's `as:`), if any.
    pub acts_as: Option<String>,
}

/// A kubeconfig file that could not be read or parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SourceError {
    pub file: String,
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// Everything the home page needs: every context found, every broken file, every place looked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Discovery {
    pub clusters: Vec<Cluster>,
    pub errors: Vec<SourceError>,
    pub sources: Vec<KubeconfigSource>,
    /// Id of the current context of the first file that names one.
    pub current_context: Option<ContextId>,
}

/// A parsed kubeconfig file, kept whole so a connection can later be built from exactly the
/// file its context came from.
#[derive(Debug, Clone)]
pub struct KubeconfigFile {
    pub path: PathBuf,
    pub config: Arc<Kubeconfig>,
}

/// The result of a discovery: the serialisable summary plus the parsed files behind it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub discovery: Discovery,
    pub files: Vec<KubeconfigFile>,
}

impl Loaded {
    /// The parsed file and the card behind a context id.
    pub fn context(&self, id: &ContextId) -> Option<(&KubeconfigFile, &Cluster)> {
        let cluster = self.discovery.clusters.iter().find(|c| &c.id == id)?;
        let file = self
            .files
            .iter()
            .find(|f| f.path.to_string_lossy() == cluster.source)?;
        Some((file, cluster))
    }
}

/// The inputs of discovery, read from the environment by [`SourceInputs::from_env`] or set
/// explicitly by tests.
#[derive(Debug, Clone, Default)]
pub struct SourceInputs {
    /// The raw `KUBECONFIG` value.
    pub kubeconfig_env: Option<std::ffi::OsString>,
    /// The user's home directory.
    pub home: Option<PathBuf>,
    /// Files and folders the user added in the app.
    pub extra: Vec<PathBuf>,
}

impl SourceInputs {
    /// Read `KUBECONFIG` and the home directory from the process environment.
    pub fn from_env(extra: Vec<PathBuf>) -> Self {
        Self {
            kubeconfig_env: std::env::var_os("KUBECONFIG"),
            home: home_dir(),
            extra,
        }
    }
}

/// Find, read and validate every kubeconfig file behind `inputs`.
pub fn discover(inputs: &SourceInputs) -> Loaded {
    discover_with(inputs, &KubeconfigCache::default())
}

/// [`discover`], parsing only the files that changed since `cache` last saw them.
pub fn discover_with(inputs: &SourceInputs, cache: &KubeconfigCache) -> Loaded {
    let sources = resolve_sources(inputs);
    let mut errors = Vec::new();
    let mut files = Vec::new();
    for path in sources::files_of(&sources, &mut errors) {
        match cache.read(&path) {
            Ok(config) => files.push(KubeconfigFile { path, config }),
            Err(e) => errors.push(e),
        }
    }

    let mut clusters = Vec::new();
    let mut names_seen = HashSet::new();
    let mut current_context = None;
    for file in &files {
        let mut ordinals: HashMap<&str, u32> = HashMap::new();
        for named in &file.config.contexts {
            let ordinal = ordinals.entry(named.name.as_str()).or_insert(0);
            *ordinal += 1;
            let id = ContextId::new(&file.path, &named.name, *ordinal);
            let is_current = file.config.current_context.as_deref() == Some(named.name.as_str());
            if is_current && current_context.is_none() {
                current_context = Some(id.clone());
            }
            let mut card = describe(&file.config, named, id, file.path.to_string_lossy().into());
            card.is_current = is_current;
            card.duplicate = !names_seen.insert(named.name.clone());
            clusters.push(card);
        }
    }

    Loaded {
        discovery: Discovery {
            clusters,
            errors,
            sources,
            current_context,
        },
        files,
    }
}

/// Build the card for one context of one file, resolving its cluster and user in that file only.
fn describe(config: &Kubeconfig, named: &NamedContext, id: ContextId, source: String) -> Cluster {
    let context = named.context.as_ref();
    let mut problems: Vec<String> = Vec::new();
    let mut card = Cluster {
        id,
        context: named.name.clone(),
        cluster_name: None,
        server: None,
        user: None,
        auth: AuthType::None,
        namespace: None,
        source,
        is_current: false,
        duplicate: false,
        simulated: false,
        problem: None,
        interactive: false,
        acts_as: None,
    };
    let Some(context) = context else {
        card.problem = Some("it sets no cluster and no user".to_owned());
        return card;
    };
    card.namespace = context.namespace.clone().filter(|n| !n.is_empty());

    if context.cluster.is_empty() {
        problems.push("it names no cluster".to_owned());
    } else {
        card.cluster_name = Some(context.cluster.clone());
        match config.clusters.iter().find(|c| c.name == context.cluster) {
            None => problems.push(format!(
                "it refers to cluster \"{}\", which this file does not define",
                context.cluster
            )),
            Some(named) => match named.cluster.as_ref() {
                None => problems.push(format!("cluster \"{}\" is empty", context.cluster)),
                Some(cluster) => {
                    card.server = cluster.server.clone().filter(|s| !s.is_empty());
                    card.simulated = is_lab(cluster.extensions.as_deref());
                    if card.server.is_none() {
                        problems.push(format!(
                            "cluster \"{}\" has no server address",
                            context.cluster
                        ));
                    }
                }
            },
        }
    }

    match context.user.as_deref().filter(|u| !u.is_empty()) {
        None => {}
        Some(user) => {
            card.user = Some(user.to_owned());
            match config.auth_infos.iter().find(|a| a.name == user) {
                None => problems.push(format!(
                    "it refers to user \"{user}\", which this file does not define"
                )),
                Some(named) => {
                    card.auth = named.auth_info.as_ref().map_or(AuthType::None, auth_type);
                    card.interactive = named.auth_info.as_ref().is_some_and(interactive);
                    card.acts_as = named
                        .auth_info
                        .as_ref()
                        .and_then(|a| a.impersonate.clone())
                        .filter(|u| !u.is_empty());
                }
            }
        }
    }

    if !problems.is_empty() {
        card.problem = Some(problems.join("; "));
    }
    card
}

fn is_lab(extensions: Option<&[NamedExtension]>) -> bool {
    extensions
        .unwrap_or_default()
        .iter()
        .any(|e| e.name == LAB_EXTENSION)
}

/// Whether logging in with this user entry may need the user: an exec plugin that says it
/// may prompt (`interactiveMode: Always` or `IfAvailable`; kubelogin's `oidc-login` opens a
/// browser whatever it says) or the `oidc` auth provider.
pub(crate) fn interactive(auth: &AuthInfo) -> bool {
    use kube::config::ExecInteractiveMode;
    if let Some(exec) = &auth.exec {
        let prompts = matches!(
            exec.interactive_mode,
            Some(ExecInteractiveMode::Always | ExecInteractiveMode::IfAvailable)
        );
        let command = exec.command.as_deref().unwrap_or_default();
        let oidc_login =
            command.ends_with("kubelogin") || exec.args.iter().flatten().any(|a| a == "oidc-login");
        return prompts || oidc_login;
    }
    auth.auth_provider
        .as_ref()
        .is_some_and(|p| p.name == "oidc")
}

/// The auth method a user entry uses, in the order kubectl prefers them.
pub(crate) fn auth_type(auth: &AuthInfo) -> AuthType {
    if let Some(exec) = &auth.exec {
        AuthType::Exec {
            command: exec.command.clone().unwrap_or_default(),
        }
    } else if let Some(provider) = &auth.auth_provider {
        AuthType::AuthProvider {
            name: provider.name.clone(),
        }
    } else if auth.client_certificate.is_some() || auth.client_certificate_data.is_some() {
        AuthType::ClientCertificate
    } else if auth.token.is_some() || auth.token_file.is_some() {
        AuthType::Token
    } else if auth.username.is_some() || auth.password.is_some() {
        AuthType::Basic
    } else {
        AuthType::None
    }
}
