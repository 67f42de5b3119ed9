//! Exec sessions: a command (by default a shell: `/bin/bash`, else `/bin/sh`) in a container
//! with a TTY. Keystrokes and resizes come in through [`StreamManager::exec_input`] and
//! [`StreamManager::exec_resize`]; output goes out as [`Event::ExecOutput`], decoded as UTF-8
//! across chunk boundaries, sent as soon as no more is ready and at most every 16 ms while
//! it keeps coming; the end carries the exit code.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use futures::SinkExt;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Status;
use kube::api::{Api, AttachParams, AttachedProcess, TerminalSize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

use super::utf8::Utf8Decoder;
use super::{new_id, select, Control, ExecInput, StreamManager};
use crate::context_id::ContextId;
use crate::error::{Error, ErrorKind};
use crate::events::{Event, EventSink};
use crate::stream_types::{ExecRequest, ExecSession, StreamEnd, StreamInfo, StreamKind};

/// The longest output waits before it is sent.
const BATCH_WINDOW: Duration = Duration::from_millis(16);
/// How long a detected `/bin/bash` has to fail before it counts as started.
const DETECT_WINDOW: Duration = Duration::from_millis(300);

type StatusFuture = Pin<Box<dyn Future<Output = Option<Status>> + Send>>;

/// A started process and its exit status to come.
struct Started {
    process: AttachedProcess,
    status: StatusFuture,
    /// `AttachedProcess` hands out its resize sender once.
    resize: Option<futures::channel::mpsc::Sender<TerminalSize>>,
    command: Vec<String>,
}

impl StreamManager {
    /// Start an exec session. Fails, naming the cluster, when the pod is gone, the container
    /// is not running, exec is forbidden, or the command cannot start.
    pub async fn start_exec(
        &self,
        context: &ContextId,
        request: ExecRequest,
    ) -> Result<ExecSession, Error> {
        // An exec is a write (`create` on `pods/exec`): a read-only cluster refuses it.
        self.pool.ensure_writable(context, || {
            format!(
                "opening a shell in pod {}/{}",
                request.namespace, request.pod
            )
        })?;
        let client = self.client(context)?;
        let name = context.display_name();
        let api = Api::<Pod>::namespaced(client, &request.namespace);
        let pod = api
            .get(&request.pod)
            .await
            .map_err(|e| Error::from_kube(&name, &e))?;
        let container = match &request.container {
            Some(c) => c.clone(),
            None => select::containers(&pod).into_iter().next().ok_or_else(|| {
                Error::InvalidInput(format!("{name}: pod {} has no container", request.pod))
            })?,
        };
        if let Some(why) = not_running(&pod, &container) {
            return Err(Error::InvalidInput(format!(
                "{name}: container {container} in pod {}/{} is not running ({why}), so no shell can open in it",
                request.namespace, request.pod
            )));
        }
        let started = match &request.command {
            Some(command) => start(&api, &name, &request, &container, command.clone()).await?,
            None => detect_shell(&api, &name, &request, &container).await?,
        };
        let id = new_id(StreamKind::Exec);
        let session = ExecSession {
            id: id.clone(),
            context: context.clone(),
            namespace: request.namespace.clone(),
            pod: request.pod.clone(),
            container: container.clone(),
            command: started.command.clone(),
        };
        let info = StreamInfo {
            id: id.clone(),
            context: context.clone(),
            kind: StreamKind::Exec,
            title: format!("{}/{container}", request.pod),
            namespace: request.namespace.clone(),
            log: None,
            waiting: None,
        };
        let (tx, rx) = mpsc::unbounded_channel();
        let run = ExecRun {
            session: session.clone(),
            sink: self.sink(),
        };
        self.spawn(id, info, Control::Exec(tx), run.run(started, rx))?;
        Ok(session)
    }
}

/// Why `container` of `pod` cannot take an exec, from the pod's status: `waiting:
/// ContainerCreating`, `terminated: Completed`. `None` when it runs, or when the status does
/// not say (the server then answers for itself).
fn not_running(pod: &Pod, container: &str) -> Option<String> {
    let statuses = pod.status.as_ref()?.container_statuses.as_ref()?;
    let state = statuses
        .iter()
        .find(|c| c.name == container)?
        .state
        .as_ref()?;
    if state.running.is_some() {
        return None;
    }
    if let Some(w) = &state.waiting {
        return Some(format!(
            "waiting: {}",
            w.reason.as_deref().unwrap_or("no reason given")
        ));
    }
    let t = state.terminated.as_ref()?;
    Some(format!(
        "terminated: {}",
        t.reason
            .clone()
            .unwrap_or_else(|| format!("exit code {}", t.exit_code))
    ))
}

/// Start `command` with a TTY of the requested size.
async fn start(
    api: &Api<Pod>,
    context: &str,
    request: &ExecRequest,
    container: &str,
    command: Vec<String>,
) -> Result<Started, Error> {
    let params = AttachParams::interactive_tty()
        .container(container)
        .max_stdout_buf_size(64 * 1024)
        .max_stdin_buf_size(64 * 1024);
    let mut process = api
        .exec(&request.pod, command.clone(), &params)
        .await
        .map_err(|e| Error::from_kube(context, &e))?;
    let mut resize = process.terminal_size();
    if let Some(r) = resize.as_mut() {
        let size = TerminalSize {
            width: request.cols.max(1),
            height: request.rows.max(1),
        };
        // A failed send only loses the size: the session itself reports why it ended.
        let _ = r.send(size).await;
    }
    let status: StatusFuture = match process.take_status() {
        Some(s) => Box::pin(s),
        None => Box::pin(async { None }),
    };
    Ok(Started {
        process,
        status,
        resize,
        command,
    })
}

/// `/bin/bash` if it starts (does not fail within [`DETECT_WINDOW`]), else `/bin/sh`.
async fn detect_shell(
    api: &Api<Pod>,
    context: &str,
    request: &ExecRequest,
    container: &str,
) -> Result<Started, Error> {
    let bash = vec!["/bin/bash".to_owned()];
    if let Ok(mut started) = start(api, context, request, container, bash).await {
        match tokio::time::timeout(DETECT_WINDOW, started.status.as_mut()).await {
            Err(_) => return Ok(started),
            Ok(Some(s)) if s.status.as_deref() == Some("Success") => {
                started.status = Box::pin(async move { Some(s) });
                return Ok(started);
            }
            Ok(_) => {}
        }
    }
    start(api, context, request, container, vec!["/bin/sh".to_owned()]).await
}

/// A running exec session.
struct ExecRun {
    session: ExecSession,
    sink: std::sync::Arc<dyn EventSink>,
}

impl ExecRun {
    async fn run(
        self,
        started: Started,
        mut input: mpsc::UnboundedReceiver<ExecInput>,
    ) -> StreamEnd {
        let Started {
            mut process,
            mut status,
            mut resize,
            ..
        } = started;
        let (Some(mut stdout), Some(mut stdin)) = (process.stdout(), process.stdin()) else {
            return self.cut();
        };
        let mut decoder = Utf8Decoder::default();
        let mut out = String::new();
        let mut buf = vec![0u8; 16 * 1024];
        let mut tick = tokio::time::interval(BATCH_WINDOW);
        let mut last = Instant::now()
            .checked_sub(BATCH_WINDOW)
            .unwrap_or_else(Instant::now);
        let mut input_open = true;
        loop {
            tokio::select! {
                n = stdout.read(&mut buf) => match n {
                    Ok(n) if n > 0 => {
                        decoder.push(&buf[..n], &mut out);
                        let more = read_ready(&mut stdout, &mut buf, &mut decoder, &mut out);
                        // Output goes as soon as no more is ready (a keystroke's echo, a
                        // command's answer); output that keeps coming, every BATCH_WINDOW.
                        if (!more || last.elapsed() >= BATCH_WINDOW) && self.flush(&mut out) {
                            last = Instant::now();
                        }
                    }
                    _ => break,
                },
                _ = tick.tick() => {
                    if self.flush(&mut out) {
                        last = Instant::now();
                    }
                }
                msg = input.recv(), if input_open => match msg {
                    Some(ExecInput::Data(d)) => {
                        let _ = stdin.write_all(d.as_bytes()).await;
                    }
                    Some(ExecInput::Resize(cols, rows)) => {
                        if let Some(r) = resize.as_mut() {
                            let _ = r.send(TerminalSize { width: cols.max(1), height: rows.max(1) }).await;
                        }
                    }
                    None => input_open = false,
                },
                s = &mut status => {
                    // The process ended: read what it wrote before its status came.
                    let drain = async {
                        while let Ok(n) = stdout.read(&mut buf).await {
                            if n == 0 { break; }
                            decoder.push(&buf[..n], &mut out);
                        }
                    };
                    let _ = tokio::time::timeout(Duration::from_secs(1), drain).await;
                    let _ = self.flush(&mut out);
                    return self.exited(s);
                }
            }
        }
        // Output ended: the status follows at once, unless the server cut the stream.
        let s = tokio::time::timeout(Duration::from_secs(1), status).await;
        let _ = self.flush(&mut out);
        self.exited(s.ok().flatten())
    }

    /// Send the pending output; whether there was any.
    fn flush(&self, out: &mut String) -> bool {
        if out.is_empty() {
            return false;
        }
        self.sink.emit(Event::ExecOutput {
            id: self.session.id.clone(),
            context: self.session.context.clone(),
            data: std::mem::take(out),
        });
        true
    }

    fn where_(&self) -> String {
        let s = &self.session;
        format!("{}/{}/{}", s.namespace, s.pod, s.container)
    }

    /// The end a status means: exit code 0, another exit code, or a failure to run.
    fn exited(&self, status: Option<Status>) -> StreamEnd {
        let Some(status) = status else {
            return self.cut();
        };
        let name = self.session.context.display_name();
        let code = exit_code(&status);
        match code {
            Some(code) => StreamEnd {
                message: format!(
                    "{name}: the shell in {} exited with code {code}",
                    self.where_()
                ),
                kind: None,
                exit_code: Some(code),
            },
            None => StreamEnd {
                message: format!(
                    "{name}: the command in {} failed: {}",
                    self.where_(),
                    status.message.unwrap_or_default()
                ),
                kind: Some(ErrorKind::Api),
                exit_code: None,
            },
        }
    }

    /// The server closed the session without an exit status.
    fn cut(&self) -> StreamEnd {
        StreamEnd {
            message: format!(
                "{}: the server closed the shell session in {}",
                self.session.context.display_name(),
                self.where_()
            ),
            kind: Some(ErrorKind::Unreachable),
            exit_code: None,
        }
    }
}

/// Read whatever output is ready without waiting (up to 64 KiB); whether more may follow
/// at once (false when none was ready or the output ended).
fn read_ready<R: tokio::io::AsyncRead + Unpin>(
    stdout: &mut R,
    buf: &mut [u8],
    decoder: &mut Utf8Decoder,
    out: &mut String,
) -> bool {
    use futures::FutureExt;
    while out.len() < 64 * 1024 {
        match stdout.read(buf).now_or_never() {
            Some(Ok(n)) if n > 0 => decoder.push(&buf[..n], out),
            _ => return false,
        }
    }
    true
}

/// 0 for Success; the `ExitCode` cause of a `NonZeroExitCode` failure; `None` otherwise.
fn exit_code(status: &Status) -> Option<i32> {
    if status.status.as_deref() == Some("Success") {
        return Some(0);
    }
    if status.reason.as_deref() != Some("NonZeroExitCode") {
        return None;
    }
    status
        .details
        .as_ref()?
        .causes
        .as_ref()?
        .iter()
        .find(|c| c.reason.as_deref() == Some("ExitCode"))
        .and_then(|c| c.message.as_deref())
        .and_then(|m| m.parse().ok())
}
