//! The lab's command interpreter behind exec: `echo`, `env`, `cat` (stdin echoed back),
//! `stty size` (the terminal size, as last resized), `true`, `false`, `exit N`, and
//! `sh`/`bash` as a line-reading shell with a `$ ` prompt that runs those (or `sh -c "…"`).
//! An unknown command exits 127 with a message on stderr.
//! With a TTY, input is echoed, lines end on Enter, and output newlines become CRLF, as a
//! terminal's line discipline does.

use tokio::sync::mpsc;

/// Input from the client.
#[derive(Debug)]
pub(super) enum Input {
    Data(Vec<u8>),
    /// Stdin closed (v5 close frame).
    Eof,
    /// The terminal was resized: columns, rows.
    Resize(u16, u16),
}

/// What to run and how.
pub(super) struct Process {
    pub argv: Vec<String>,
    pub tty: bool,
    /// `NAME=value` lines of the container's environment.
    pub env: Vec<String>,
}

/// Channels of the remotecommand protocol.
pub(super) const STDOUT: u8 = 1;
pub(super) const STDERR: u8 = 2;

struct Io {
    input: mpsc::UnboundedReceiver<Input>,
    out: mpsc::Sender<(u8, Vec<u8>)>,
    tty: bool,
    /// Bytes read but not yet consumed as a line.
    pending: Vec<u8>,
    eof: bool,
    /// The terminal's size (columns, rows), as last resized.
    size: (u16, u16),
}

impl Io {
    async fn write(&self, channel: u8, text: &str) {
        let (channel, text) = if self.tty {
            (STDOUT, text.replace('\n', "\r\n"))
        } else {
            (channel, text.to_string())
        };
        let _ = self.out.send((channel, text.into_bytes())).await;
    }

    /// The next chunk of stdin, `None` at its end.
    async fn read(&mut self) -> Option<Vec<u8>> {
        if !self.pending.is_empty() {
            return Some(std::mem::take(&mut self.pending));
        }
        if self.eof {
            return None;
        }
        loop {
            match self.input.recv().await {
                Some(Input::Data(d)) => return Some(d),
                Some(Input::Resize(cols, rows)) => self.size = (cols, rows),
                Some(Input::Eof) | None => {
                    self.eof = true;
                    return None;
                }
            }
        }
    }

    /// One line of stdin (with a TTY: echoed, edited with backspace, Ctrl-C drops it,
    /// Ctrl-D on an empty line ends input). `None` at the end of input.
    async fn line(&mut self) -> Option<String> {
        let mut line: Vec<u8> = Vec::new();
        loop {
            let chunk = self.read().await?;
            let mut echo = Vec::new();
            for (i, &b) in chunk.iter().enumerate() {
                match b {
                    b'\r' | b'\n' => {
                        self.pending = chunk[i + 1..].to_vec();
                        if self.tty {
                            echo.extend_from_slice(b"\r\n");
                            let _ = self.out.send((STDOUT, echo)).await;
                        }
                        return Some(String::from_utf8_lossy(&line).into_owned());
                    }
                    0x7f | 0x08 if self.tty => {
                        if line.pop().is_some() {
                            echo.extend_from_slice(b"\x08 \x08");
                        }
                    }
                    0x03 if self.tty => {
                        line.clear();
                        echo.extend_from_slice(b"^C\r\n$ ");
                    }
                    0x04 if self.tty && line.is_empty() => {
                        self.eof = true;
                        return None;
                    }
                    _ => {
                        line.push(b);
                        if self.tty {
                            echo.push(b);
                        }
                    }
                }
            }
            if !echo.is_empty() {
                let _ = self.out.send((STDOUT, echo)).await;
            }
        }
    }
}

/// Run a process to its end; its exit code.
pub(super) async fn run(
    process: Process,
    input: mpsc::UnboundedReceiver<Input>,
    out: mpsc::Sender<(u8, Vec<u8>)>,
) -> i32 {
    let mut io = Io {
        input,
        out,
        tty: process.tty,
        pending: Vec::new(),
        eof: false,
        size: (80, 24),
    };
    let argv = process.argv;
    match program(&argv) {
        "sh" | "bash" if argv.len() >= 3 && argv[1] == "-c" => {
            let words = split_words(&argv[2]);
            command(&mut io, &words, &process.env).await.unwrap_or(0)
        }
        "sh" | "bash" => shell(&mut io, &process.env).await,
        _ => command(&mut io, &argv, &process.env).await.unwrap_or(0),
    }
}

/// `bash` for `/bin/bash`.
fn program(argv: &[String]) -> &str {
    argv.first()
        .map(|c| c.rsplit('/').next().unwrap_or(c.as_str()))
        .unwrap_or("")
}

/// Words of a command line; single and double quotes group words.
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The interactive shell: prompt, read a line, run it, until `exit` or the end of input.
async fn shell(io: &mut Io, env: &[String]) -> i32 {
    let mut last = 0;
    loop {
        io.write(STDOUT, "$ ").await;
        let Some(line) = io.line().await else {
            return last;
        };
        let words = split_words(&line);
        if words.is_empty() {
            continue;
        }
        if program(&words) == "exit" {
            return words.get(1).and_then(|c| c.parse().ok()).unwrap_or(last);
        }
        match command(io, &words, env).await {
            Some(code) => last = code,
            None => return last,
        }
    }
}

/// Run one command; its exit code, or `None` when it asked the shell to exit.
async fn command(io: &mut Io, words: &[String], env: &[String]) -> Option<i32> {
    let args = words.get(1..).unwrap_or_default();
    match program(words) {
        "echo" => {
            io.write(STDOUT, &format!("{}\n", args.join(" "))).await;
            Some(0)
        }
        "env" => {
            io.write(STDOUT, &format!("{}\n", env.join("\n"))).await;
            Some(0)
        }
        "stty" if args.first().map(String::as_str) == Some("size") => {
            let (cols, rows) = io.size;
            io.write(STDOUT, &format!("{rows} {cols}\n")).await;
            Some(0)
        }
        "true" => Some(0),
        "false" => Some(1),
        "exit" => Some(args.first().and_then(|c| c.parse().ok()).unwrap_or(0)),
        "cat" => {
            while let Some(chunk) = io.read().await {
                let text = String::from_utf8_lossy(&chunk).into_owned();
                io.write(STDOUT, &text).await;
            }
            Some(0)
        }
        "" => Some(0),
        other => {
            io.write(STDERR, &format!("sh: {other}: command not found\n"))
                .await;
            Some(127)
        }
    }
}
