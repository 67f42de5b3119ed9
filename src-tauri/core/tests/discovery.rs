//! Kubeconfig discovery over real files: several files joined as in `KUBECONFIG`, duplicate
//! context names, broken files, invalid references, folders and the default location.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use kubeli_core::kubeconfig::{discover, AuthType, Cluster, Discovery, SourceInputs, SourceOrigin};

const FIRST: &str = r#"
apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev-cluster
  cluster:
    server: https://dev.example:6443
- name: lab
  cluster:
    server: https://127.0.0.1:7443
    extensions:
    - name: kubeli-lab
      extension: {simulated: true}
users:
- name: dev-user
  user:
    token: abc
- name: eks-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token]
- name: cert-user
  user:
    client-certificate-data: AAAA
    client-key-data: AAAA
contexts:
- name: dev
  context: {cluster: dev-cluster, user: dev-user, namespace: team-a}
- name: prod
  context: {cluster: dev-cluster, user: eks-user}
- name: lab
  context: {cluster: lab, user: cert-user}
- name: ghost
  context: {cluster: nowhere, user: nobody}
"#;

const SECOND: &str = r#"
apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: other
  cluster:
    server: https://other.example
users:
- name: oidc
  user:
    auth-provider:
      name: oidc
      config: {}
- name: basic
  user: {username: admin, password: secret}
contexts:
- name: prod
  context: {cluster: other, user: oidc}
- name: plain
  context: {cluster: other, user: basic}
- name: anonymous
  context: {cluster: other}
"#;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn joined(paths: &[&Path]) -> OsString {
    std::env::join_paths(paths).unwrap()
}

fn by_context<'a>(d: &'a Discovery, name: &str) -> Vec<&'a Cluster> {
    d.clusters.iter().filter(|c| c.context == name).collect()
}

fn inputs(env: Option<OsString>, home: Option<&Path>, extra: Vec<PathBuf>) -> SourceInputs {
    SourceInputs {
        kubeconfig_env: env,
        home: home.map(Path::to_path_buf),
        extra,
    }
}

#[test]
fn lists_every_context_of_every_file_with_its_details() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", FIRST);
    let b = write(dir.path(), "b.yaml", SECOND);
    let d = discover(&inputs(Some(joined(&[&a, &b])), None, vec![])).discovery;

    let names: Vec<_> = d.clusters.iter().map(|c| c.context.as_str()).collect();
    assert_eq!(
        names,
        ["dev", "prod", "lab", "ghost", "prod", "plain", "anonymous"]
    );
    assert!(d.errors.is_empty(), "{:?}", d.errors);

    let dev = by_context(&d, "dev")[0];
    assert_eq!(dev.server.as_deref(), Some("https://dev.example:6443"));
    assert_eq!(dev.cluster_name.as_deref(), Some("dev-cluster"));
    assert_eq!(dev.user.as_deref(), Some("dev-user"));
    assert_eq!(dev.namespace.as_deref(), Some("team-a"));
    assert_eq!(dev.auth, AuthType::Token);
    assert_eq!(dev.source, a.to_string_lossy());
    assert!(dev.is_current && !dev.duplicate && !dev.simulated && dev.problem.is_none());

    assert_eq!(by_context(&d, "lab")[0].auth, AuthType::ClientCertificate);
    assert!(by_context(&d, "lab")[0].simulated);
    assert_eq!(by_context(&d, "plain")[0].auth, AuthType::Basic);
    assert_eq!(by_context(&d, "anonymous")[0].auth, AuthType::None);
    // The first file that names a current context wins.
    assert_eq!(d.current_context.as_ref(), Some(&dev.id));
}

#[test]
fn duplicate_context_names_stay_distinct_and_resolve_in_their_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", FIRST);
    let b = write(dir.path(), "b.yaml", SECOND);
    let d = discover(&inputs(Some(joined(&[&a, &b])), None, vec![])).discovery;

    let prods = by_context(&d, "prod");
    assert_eq!(prods.len(), 2);
    assert_ne!(prods[0].id, prods[1].id);
    assert!(!prods[0].duplicate && prods[1].duplicate);
    // Each resolves its user and cluster in the file it came from.
    assert_eq!(
        prods[0].auth,
        AuthType::Exec {
            command: "aws".into()
        }
    );
    assert_eq!(prods[0].server.as_deref(), Some("https://dev.example:6443"));
    assert_eq!(
        prods[1].auth,
        AuthType::AuthProvider {
            name: "oidc".into()
        }
    );
    assert_eq!(prods[1].server.as_deref(), Some("https://other.example"));
    // "prod" is the second file's current context, but not the overall one.
    assert!(prods[1].is_current);
    assert_ne!(d.current_context.as_ref(), Some(&prods[1].id));
}

#[test]
fn a_context_with_a_missing_cluster_or_user_is_listed_as_invalid_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", FIRST);
    let d = discover(&inputs(Some(joined(&[&a])), None, vec![])).discovery;
    let ghost = by_context(&d, "ghost")[0];
    let problem = ghost.problem.as_deref().unwrap();
    assert!(problem.contains("cluster \"nowhere\""), "{problem}");
    assert!(problem.contains("user \"nobody\""), "{problem}");
}

#[test]
fn a_cluster_in_another_file_never_satisfies_a_reference() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", FIRST);
    let c = write(
        dir.path(),
        "c.yaml",
        "contexts:\n- name: borrow\n  context: {cluster: dev-cluster, user: dev-user}\n",
    );
    let d = discover(&inputs(Some(joined(&[&a, &c])), None, vec![])).discovery;
    let borrow = by_context(&d, "borrow")[0];
    assert!(borrow
        .problem
        .as_deref()
        .unwrap()
        .contains("cluster \"dev-cluster\""));
}

#[test]
fn a_malformed_file_is_reported_with_its_line_and_the_others_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", FIRST);
    let broken = write(
        dir.path(),
        "broken.yaml",
        "apiVersion: v1\nclusters:\n- name: x\n  cluster: [unclosed\n",
    );
    let wrong_shape = write(dir.path(), "shape.yaml", "contexts: 42\n");
    let d = discover(&inputs(
        Some(joined(&[&broken, &a, &wrong_shape])),
        None,
        vec![],
    ))
    .discovery;
    assert_eq!(d.clusters.len(), 4);
    assert_eq!(d.errors.len(), 2);
    let e = &d.errors[0];
    assert_eq!(e.file, broken.to_string_lossy());
    assert!(
        e.message.starts_with("not a valid kubeconfig"),
        "{}",
        e.message
    );
    assert!(e.line.is_some() && e.column.is_some(), "{e:?}");
    assert_eq!(d.errors[1].file, wrong_shape.to_string_lossy());
}

#[test]
fn an_unreadable_file_is_reported_and_a_missing_source_is_only_marked() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", FIRST);
    // Not UTF-8 text: cannot be read as a kubeconfig (unlike permission bits, this holds for root too).
    let binary = dir.path().join("bin.yaml");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
    let missing = dir.path().join("gone.yaml");
    let d = discover(&inputs(Some(joined(&[&binary, &a])), None, vec![missing])).discovery;
    assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
    assert_eq!(d.errors[0].file, binary.to_string_lossy());
    assert!(
        d.errors[0].message.starts_with("cannot read file"),
        "{:?}",
        d.errors
    );
    assert_eq!(d.clusters.len(), 4);
    // A missing source is shown as not existing, not as an error.
    assert!(!d.sources[2].exists);
}

#[test]
fn kubeconfig_env_replaces_the_default_file_and_user_folders_come_last() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".kube")).unwrap();
    write(&home.path().join(".kube"), "config", SECOND);
    let env_dir = tempfile::tempdir().unwrap();
    let a = write(env_dir.path(), "a.yaml", FIRST);
    let folder = tempfile::tempdir().unwrap();
    let one = |name: &str| {
        format!("contexts:\n- name: {name}\n  context: {{cluster: c}}\nclusters:\n- name: c\n  cluster: {{server: 'https://x'}}\n")
    };
    write(folder.path(), "z.yaml", &one("from-folder-z"));
    write(folder.path(), "m.yaml", &one("from-folder-m"));
    write(folder.path(), ".hidden", "contexts: [broken");

    // As kubectl does: KUBECONFIG, when set, is used instead of ~/.kube/config.
    let with_env = discover(&inputs(
        Some(joined(&[&a, &a])),
        Some(home.path()),
        vec![folder.path().to_path_buf(), a.clone()],
    ))
    .discovery;
    let origins: Vec<_> = with_env.sources.iter().map(|s| s.origin).collect();
    assert_eq!(
        origins,
        [SourceOrigin::KubeconfigEnv, SourceOrigin::UserAdded],
        "a path listed twice is kept once"
    );
    assert!(with_env.sources[1].is_dir);
    let names: Vec<_> = with_env
        .clusters
        .iter()
        .map(|c| c.context.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "dev",
            "prod",
            "lab",
            "ghost",
            "from-folder-m",
            "from-folder-z"
        ]
    );
    assert!(
        with_env.errors.is_empty(),
        "hidden files are skipped: {:?}",
        with_env.errors
    );

    // Without KUBECONFIG, the default file is read.
    let without = discover(&inputs(None, Some(home.path()), vec![])).discovery;
    assert_eq!(without.sources[0].origin, SourceOrigin::Default);
    assert_eq!(without.clusters.len(), 3);
}

#[test]
fn with_nothing_found_the_sources_say_where_we_looked() {
    let home = tempfile::tempdir().unwrap();
    let d = discover(&inputs(None, Some(home.path()), vec![])).discovery;
    assert!(d.clusters.is_empty() && d.errors.is_empty());
    assert_eq!(d.sources.len(), 1);
    assert_eq!(d.sources[0].origin, SourceOrigin::Default);
    assert!(d.sources[0].path.ends_with("config"));
    assert!(!d.sources[0].exists);
}

#[test]
fn an_empty_file_is_an_empty_config() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.yaml", "\n");
    let d = discover(&inputs(Some(joined(&[&empty])), None, vec![])).discovery;
    assert!(d.clusters.is_empty() && d.errors.is_empty());
}

#[test]
fn loaded_files_map_ids_back_to_their_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", FIRST);
    let b = write(dir.path(), "b.yaml", SECOND);
    let loaded = discover(&inputs(Some(joined(&[&a, &b])), None, vec![]));
    let second_prod = &by_context(&loaded.discovery, "prod")[1].id;
    let (file, cluster) = loaded.context(second_prod).unwrap();
    assert_eq!(file.path, b);
    assert_eq!(cluster.context, "prod");
    assert!(loaded.context(&"nope".into()).is_none());
}

const LOGINS: &str = r#"
apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: https://c.example}
users:
- name: browser
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: gke-auth, interactiveMode: Always}
- name: maybe
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: aws, args: [eks, get-token], interactiveMode: IfAvailable}
- name: never
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: aws, args: [eks, get-token], interactiveMode: Never}
- name: kubelogin
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kubectl, args: [oidc-login, get-token]}
- name: oidc
  user:
    auth-provider: {name: oidc, config: {}}
- name: token
  user: {token: abc}
contexts:
- {name: browser, context: {cluster: c, user: browser}}
- {name: maybe, context: {cluster: c, user: maybe}}
- {name: never, context: {cluster: c, user: never}}
- {name: kubelogin, context: {cluster: c, user: kubelogin}}
- {name: oidc, context: {cluster: c, user: oidc}}
- {name: token, context: {cluster: c, user: token}}
"#;

#[test]
fn contexts_whose_login_may_need_the_user_are_marked_interactive() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "logins.yaml", LOGINS);
    let d = discover(&inputs(Some(joined(&[&a])), None, vec![])).discovery;
    let interactive: Vec<_> = d
        .clusters
        .iter()
        .map(|c| (c.context.as_str(), c.interactive))
        .collect();
    assert_eq!(
        interactive,
        [
            ("browser", true),
            ("maybe", true),
            ("never", false),
            ("kubelogin", true),
            ("oidc", true),
            ("token", false),
        ]
    );
}
