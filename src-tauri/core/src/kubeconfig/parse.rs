//! Reading kubeconfig files: parse one file's text without echoing any of its values in
//! errors, and a cache so a file is parsed again only when it changed on disk.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use kube::config::Kubeconfig;

use super::SourceError;

/// Parse one kubeconfig file's text. An empty file is an empty config, as kubectl treats
/// it. The error says where and what is wrong, never which value was there: a kubeconfig
/// holds tokens and keys.
pub fn parse(text: &str) -> Result<Kubeconfig, (String, Option<u32>, Option<u32>)> {
    if text.trim().is_empty() {
        return Ok(Kubeconfig::default());
    }
    serde_saphyr::from_str_with_options::<Kubeconfig>(text, limits()).map_err(|e| {
        let loc = e.location();
        let line = loc.and_then(|l| u32::try_from(l.line()).ok());
        let column = loc.and_then(|l| u32::try_from(l.column()).ok());
        let what = redact_values(&e.without_snippet().to_string());
        (format!("not a valid kubeconfig: {what}"), line, column)
    })
}

/// Parser limits far above any real kubeconfig (hundreds of contexts are a few thousand
/// nodes) and far below what an alias bomb ("billion laughs") expands to, so one fails in
/// milliseconds with "budget breached" instead of eating memory and time.
fn limits() -> serde_saphyr::Options {
    let mut options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_nodes: 100_000,
            max_aliases: 10_000,
            max_depth: 32,
        },
    };
    options.alias_limits.max_total_replayed_events = 100_000;
    options
}

/// Replace every quoted part of a parser message (where serde puts the offending value)
/// with `…`, and keep only its first line.
pub(crate) fn redact_values(message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    let mut out = String::with_capacity(first.len());
    let mut open: Option<char> = None;
    for c in first.chars() {
        match open {
            Some(q) if c == q => {
                out.push('…');
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                if matches!(c, '"' | '`' | '\'') {
                    open = Some(c);
                }
            }
        }
    }
    if open.is_some() {
        out.push('…');
    }
    out
}

/// A parsed file, or why it cannot be used.
pub(super) type Parsed = Result<Arc<Kubeconfig>, SourceError>;

/// Parsed kubeconfig files, keyed by path and checked against the file's size and
/// modification time, so discovery and every connect share one parse of each file.
#[derive(Debug, Default)]
pub struct KubeconfigCache {
    files: Mutex<HashMap<PathBuf, (Stamp, Parsed)>>,
}

/// What tells a changed file from an unchanged one.
type Stamp = (u64, Option<SystemTime>);

impl KubeconfigCache {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// The file at `path`, parsed again only when its size or modification time changed.
    pub(super) fn read(&self, path: &Path) -> Parsed {
        let stamp = std::fs::metadata(path)
            .ok()
            .map(|m| (m.len(), m.modified().ok()));
        if let Some(stamp) = stamp {
            let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((seen, parsed)) = files.get(path) {
                if *seen == stamp {
                    return parsed.clone();
                }
            }
        }
        let parsed = read_and_parse(path);
        if let Some(stamp) = stamp {
            self.files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path.to_path_buf(), (stamp, parsed.clone()));
        }
        parsed
    }
}

/// The largest kubeconfig file read; real ones are kilobytes, a few hundred with many
/// embedded certificates.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

fn read_and_parse(path: &Path) -> Parsed {
    let file = path.to_string_lossy().into_owned();
    let error = |message: String| SourceError {
        file: file.clone(),
        message,
        line: None,
        column: None,
    };
    let text = read_text(path).map_err(error)?;
    parse(&text)
        .map(|mut config| {
            if let Some(folder) = path.parent() {
                anchor_paths(&mut config, folder);
            }
            Arc::new(config)
        })
        .map_err(|(message, line, column)| SourceError {
            file: file.clone(),
            message,
            line,
            column,
        })
}

/// Makes the file paths in `config` absolute against `folder`, the kubeconfig's own, as
/// kubectl (client-go's `ResolvePaths`) and kube's `Kubeconfig::read_from` do: the certificate
/// authority, client certificate and key, token file, and an exec plugin's command when it
/// names a path (has a separator; a bare name is looked up in `PATH`).
fn anchor_paths(config: &mut Kubeconfig, folder: &Path) {
    let anchor = |path: &mut Option<String>| {
        if let Some(p) = path
            .as_mut()
            .filter(|p| !p.is_empty() && Path::new(p.as_str()).is_relative())
        {
            *p = folder.join(p.as_str()).to_string_lossy().into_owned();
        }
    };
    for named in &mut config.clusters {
        if let Some(cluster) = named.cluster.as_mut() {
            anchor(&mut cluster.certificate_authority);
        }
    }
    for named in &mut config.auth_infos {
        let Some(auth) = named.auth_info.as_mut() else {
            continue;
        };
        anchor(&mut auth.client_certificate);
        anchor(&mut auth.client_key);
        anchor(&mut auth.token_file);
        if let Some(exec) = auth.exec.as_mut() {
            if exec
                .command
                .as_deref()
                .is_some_and(|c| c.contains(std::path::MAIN_SEPARATOR))
            {
                anchor(&mut exec.command);
            }
        }
    }
}

/// The file's text, refusing before opening anything that is not a regular file (opening
/// a FIFO blocks until a writer comes; a device never ends) and anything over
/// [`MAX_FILE_BYTES`] (checked again while reading, in case it grows).
fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read file: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "cannot read file: it is {}, not a regular file",
            kind_of(&meta.file_type())
        ));
    }
    let too_big = |size: u64| {
        format!(
            "cannot read file: it is {:.1} MiB, over the {} MiB limit for a kubeconfig",
            size as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read file: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    decode(bytes)
}

/// The text of a kubeconfig: UTF-8 (a byte-order mark is left to the parser, which skips it),
/// or UTF-16 with its byte-order mark, as PowerShell writes a redirected `kubectl config view`
/// and as kubectl reads it.
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
        (bytes.len() % 2 == 0)
            .then(|| String::from_utf16(&units).ok())
            .flatten()
            .ok_or_else(|| "cannot read file: it is not valid UTF-16 text".to_owned())
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8(bytes)
            .map_err(|_| "cannot read file: it is not UTF-8 text".to_owned()),
    }
}

/// What a non-regular file is, for the error.
fn kind_of(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_anchored_to_the_files_folder_and_others_left() {
        let text = r#"
clusters: [{name: a, cluster: {server: "https://x", certificate-authority: pki/ca.crt}},
           {name: b, cluster: {server: "https://y", certificate-authority: /etc/ca.crt}}]
users:
- {name: c, user: {client-certificate: c.crt, client-key: ../keys/c.key, tokenFile: t}}
- {name: e, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: bin/get-token}}}
- {name: f, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}}}
"#;
        let mut config = parse(text).unwrap();
        anchor_paths(&mut config, Path::new("/home/ana/.kube"));
        let cluster = |i: usize| {
            config.clusters[i]
                .cluster
                .as_ref()
                .unwrap()
                .certificate_authority
                .clone()
        };
        assert_eq!(cluster(0).as_deref(), Some("/home/ana/.kube/pki/ca.crt"));
        assert_eq!(cluster(1).as_deref(), Some("/etc/ca.crt"));
        let user = |i: usize| config.auth_infos[i].auth_info.clone().unwrap();
        assert_eq!(
            user(0).client_certificate.as_deref(),
            Some("/home/ana/.kube/c.crt")
        );
        assert_eq!(
            user(0).client_key.as_deref(),
            Some("/home/ana/.kube/../keys/c.key")
        );
        assert_eq!(user(0).token_file.as_deref(), Some("/home/ana/.kube/t"));
        assert_eq!(
            user(1).exec.unwrap().command.as_deref(),
            Some("/home/ana/.kube/bin/get-token")
        );
        assert_eq!(
            user(2).exec.unwrap().command.as_deref(),
            Some("aws"),
            "a bare command is looked up in PATH"
        );
    }

    #[test]
    fn utf16_files_with_a_byte_order_mark_are_read_as_kubectl_reads_them() {
        let text = "apiVersion: v1\ncontexts: [{name: ü, context: {cluster: c, user: u}}]\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(le).unwrap(), text);
        assert_eq!(decode(be).unwrap(), text);
        assert_eq!(decode(text.as_bytes().to_vec()).unwrap(), text);
        assert!(decode(vec![0xFF, 0xFE, 0x61])
            .unwrap_err()
            .contains("UTF-16"));
        assert!(decode(vec![0xC3, 0x28]).unwrap_err().contains("UTF-8"));
        let bom = format!("\u{feff}{text}");
        assert_eq!(
            parse(&decode(bom.into_bytes()).unwrap()).unwrap().contexts[0].name,
            "ü"
        );
    }

    #[test]
    fn parse_errors_never_echo_values() {
        let text = "apiVersion: v1\nusers:\n- name: u\n  user: {token: [\"sekrit-token\"]}\n";
        let (message, line, _) = parse(text).unwrap_err();
        assert!(!message.contains("sekrit"), "{message}");
        assert!(line.is_some(), "{message}");
    }

    #[test]
    fn quoted_parts_are_redacted() {
        assert_eq!(
            redact_values("invalid type: string \"abc\", expected `x`\nsnippet"),
            "invalid type: string \"…\", expected `…`"
        );
    }
}
