//! The `kubeli-lab` command: start N simulated clusters, write one kubeconfig, print `ready`, run until SIGTERM/SIGINT.

use std::io::Write;
use std::path::PathBuf;

use kubeli_lab::{Lab, LabOptions};

const USAGE: &str = "usage: kubeli-lab --clusters N --pods M --kubeconfig PATH [--seed S] [--churn EVENTS_PER_S] [--control-file PATH] [--rancher-kubeconfig PATH]";

/// Files the command writes besides the lab's kubeconfig.
struct Files {
    /// `--control-file`: the control endpoint's URL and the kubeconfig's path, as JSON.
    control: Option<PathBuf>,
    /// `--rancher-kubeconfig`: the contexts of a Rancher-style front (`Lab::start_rancher`).
    rancher: Option<PathBuf>,
}

fn parse() -> Result<(LabOptions, Files), String> {
    let mut o = LabOptions::default();
    let mut files = Files {
        control: None,
        rancher: None,
    };
    let mut kubeconfig = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let (k, inline) = match a.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (a.clone(), None),
        };
        if k == "-h" || k == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let v = match inline {
            Some(v) => v,
            None => args
                .next()
                .ok_or_else(|| format!("{k} needs a value\n{USAGE}"))?,
        };
        let num = |v: &str| {
            v.parse::<u64>()
                .map_err(|_| format!("{k}: not a number: {v}"))
        };
        match k.as_str() {
            "--clusters" => o.clusters = num(&v)? as usize,
            "--pods" => o.pods_per_cluster = num(&v)? as usize,
            "--seed" => o.seed = num(&v)?,
            "--churn" => {
                o.churn = v
                    .parse::<f64>()
                    .map_err(|_| format!("--churn: not a number: {v}"))?
            }
            "--kubeconfig" => kubeconfig = Some(PathBuf::from(v)),
            "--control-file" => files.control = Some(PathBuf::from(v)),
            "--rancher-kubeconfig" => files.rancher = Some(PathBuf::from(v)),
            _ => return Err(format!("unknown argument {k}\n{USAGE}")),
        }
    }
    o.kubeconfig = Some(kubeconfig.ok_or_else(|| format!("--kubeconfig is required\n{USAGE}"))?);
    Ok((o, files))
}

#[tokio::main]
async fn main() {
    let (opts, files) = match parse() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let started = std::time::Instant::now();
    let lab = match Lab::start(opts).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let control = match lab.start_control().await {
        Ok(u) => u,
        Err(e) => {
            eprintln!("kubeli-lab: control endpoint: {e}");
            std::process::exit(1);
        }
    };
    if let Some(p) = &files.control {
        let body = serde_json::json!({"control": control, "kubeconfig": lab.kubeconfig_path()})
            .to_string();
        if let Err(e) = std::fs::write(p, body) {
            eprintln!("kubeli-lab: writing control file: {e}");
            std::process::exit(1);
        }
    }
    // Kept until the lab stops: dropping the handle stops the front.
    let _rancher = match &files.rancher {
        Some(p) => match lab.start_rancher(p).await {
            Ok(front) => {
                eprintln!(
                    "kubeli-lab: rancher front {} ({})",
                    front.url(),
                    p.display()
                );
                Some(front)
            }
            Err(e) => {
                eprintln!("kubeli-lab: rancher front: {e}");
                std::process::exit(1);
            }
        },
        None => None,
    };
    if !wait_ready(&lab).await {
        eprintln!("kubeli-lab: clusters did not become ready");
        std::process::exit(1);
    }
    for c in lab.clusters() {
        eprintln!(
            "kubeli-lab: {} {} {} pods={} auth={:?}",
            c.name(),
            c.server_url(),
            c.version(),
            c.pod_count(),
            c.auth()
        );
    }
    eprintln!(
        "kubeli-lab: kubeconfig {} (ready in {:?})",
        lab.kubeconfig_path().display(),
        started.elapsed()
    );
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "control {control}");
        let _ = writeln!(out, "ready");
        let _ = out.flush();
    }
    wait_for_signal().await;
    lab.stop().await;
    std::process::exit(0);
}

async fn wait_ready(lab: &Lab) -> bool {
    for c in lab.clusters() {
        let mut ok = false;
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(c.addr()).await.is_ok() {
                ok = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        if !ok {
            return false;
        }
    }
    true
}

async fn wait_for_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}
