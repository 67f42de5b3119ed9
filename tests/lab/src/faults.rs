//! The run-time fault switches of one cluster: [`Fault`] (what a test or the control endpoint
//! switches on) and [`Faults`] (the set in force, read by the server on each request).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// A fault that can be switched on for one cluster at run time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum Fault {
    /// Healthy: clears every fault.
    None,
    /// Refuse connections: the listening socket is closed (and open connections dropped); recovery rebinds the same port.
    Down,
    /// Accept TCP but never answer (new connections are not even TLS-handshaken; open requests stall).
    Hang,
    /// The network goes silent, as when a laptop sleeps or a VPN drops: open connections (watches
    /// and streams included) neither send nor receive another byte and are not closed; new
    /// connections are accepted and never answered. Healing resumes the open ones.
    Blackhole,
    /// As [`Fault::Blackhole`], but the connections open when it began never carry a byte
    /// again, even once it is cleared, and are not closed — as when a VPN reconnects with a new
    /// address or the laptop wakes on another network, and the NAT that carried them forgot
    /// them. New connections work again once it is cleared.
    Severed,
    /// Add `ms` milliseconds of latency to every request.
    Slow {
        /// Added latency in milliseconds.
        ms: u64,
    },
    /// Answer `percent`% of API requests with 500/503.
    ServerErrors {
        /// Share of failing requests, 0–100.
        percent: u8,
    },
    /// Close every watch stream after it has sent `events` events (bookmarks not counted).
    DropWatchesAfter {
        /// Events per stream before it is closed.
        events: u32,
    },
    /// Compact history and send 410 Expired to open watches; while on, any watch or list with an older resourceVersion gets 410.
    ExpireResourceVersions,
    /// Every credential is rejected with 401 Unauthorized.
    RejectCredentials,
    /// Listing/getting/watching namespaces is 403 Forbidden (an RBAC-limited user); everything else still works.
    ForbidNamespaces,
    /// Every request for one resource is 403 Forbidden. `resource` is `plural` for the core
    /// group and `plural.group` otherwise (`pods`, `deployments.apps`, `pods.metrics.k8s.io`).
    Forbid {
        /// The forbidden resource, e.g. `secrets` or `deployments.apps`.
        resource: String,
    },
    /// Listing or watching one namespaced resource across all namespaces is 403 Forbidden,
    /// while the same request in one namespace works (a user bound by RoleBindings, not a
    /// ClusterRoleBinding). `resource` is named as for [`Fault::Forbid`].
    ForbidAllNamespaces {
        /// The resource forbidden at the cluster scope, e.g. `pods`.
        resource: String,
    },
    /// An aggregated API group is unavailable, as when its APIService is down: every request
    /// under `/apis/{group}` answers 503 and aggregated discovery marks the group `Stale`.
    GroupUnavailable {
        /// The group, e.g. `metrics.k8s.io`.
        group: String,
    },
    /// TLS and discovery work (`/version`, `/readyz`, `/api`, `/apis`, ...), every other
    /// request hangs until healed.
    HangAfterConnect,
    /// `/version`, `/healthz`, `/livez` and `/readyz` answer `code` (e.g. 500 or 503).
    HealthErrors {
        /// The HTTP status code to answer with.
        code: u16,
    },
    /// `percent`% of API requests answer 429 TooManyRequests with `Retry-After: retry_after`.
    TooManyRequests {
        /// Seconds in the `Retry-After` header and `details.retryAfterSeconds`.
        retry_after: u64,
        /// Share of throttled requests, 0–100 (default 100).
        #[serde(default = "all")]
        percent: u8,
    },
    /// Cut every exec, port-forward and followed log stream once it has sent `after_bytes`
    /// bytes (0 = at once, streams already open included), as a server or proxy that drops
    /// long-lived streams would. New streams are cut too while the fault is on.
    CutStreams {
        /// Bytes a stream may send before it is cut.
        #[serde(default)]
        after_bytes: u64,
    },
    /// Send every whole answer (lists, objects, discovery; not streams) no faster than
    /// `kbit_per_s`, as a cluster reached over a VPN or another continent is: what a list costs
    /// there is its size on the wire (gzip-encoded or not, see `gzip.rs`).
    SlowLink {
        /// The link's rate in kilobits (1,000 bits) a second.
        kbit_per_s: u64,
    },
    /// A load balancer or proxy in front of the API server fails: every request (health and
    /// discovery too) is answered `code` with the HTML page nginx sends, not a `Status`, and
    /// the connections open when it failed are ended (open watches, followed logs and exec
    /// sessions stop mid-stream, as their upstream went away).
    GatewayErrors {
        /// The HTTP status code, e.g. 502 or 504.
        code: u16,
    },
}

fn all() -> u8 {
    100
}

/// The active set of faults of one cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    /// [`Fault::Down`]
    pub down: bool,
    /// [`Fault::Hang`]
    pub hang: bool,
    /// [`Fault::Blackhole`]
    pub blackhole: bool,
    /// [`Fault::Severed`]
    pub severed: bool,
    /// [`Fault::Slow`]
    pub slow_ms: u64,
    /// [`Fault::ServerErrors`]
    pub error_percent: u8,
    /// [`Fault::DropWatchesAfter`]
    pub drop_watches_after: Option<u32>,
    /// [`Fault::ExpireResourceVersions`]
    pub expire_rv: bool,
    /// [`Fault::RejectCredentials`]
    pub reject_credentials: bool,
    /// [`Fault::ForbidNamespaces`]
    pub forbid_namespaces: bool,
    /// [`Fault::Forbid`]: qualified resource names.
    pub forbidden: BTreeSet<String>,
    /// [`Fault::ForbidAllNamespaces`]: qualified resource names.
    pub forbidden_all_namespaces: BTreeSet<String>,
    /// [`Fault::GroupUnavailable`]
    pub unavailable_groups: BTreeSet<String>,
    /// [`Fault::HangAfterConnect`]
    pub hang_after_connect: bool,
    /// [`Fault::HealthErrors`]
    pub health_error: Option<u16>,
    /// [`Fault::TooManyRequests`]: `(retry_after, percent)`.
    pub throttle: Option<(u64, u8)>,
    /// [`Fault::CutStreams`]: bytes a stream may send.
    pub cut_streams_after: Option<u64>,
    /// [`Fault::SlowLink`]: kilobits a second.
    pub link_kbit_per_s: Option<u64>,
    /// [`Fault::GatewayErrors`]: the status code.
    pub gateway_error: Option<u16>,
}

impl Faults {
    /// Turns one fault on (or, for [`Fault::None`], everything off).
    pub fn apply(&mut self, f: &Fault) {
        match f {
            Fault::None => *self = Faults::default(),
            Fault::Down => self.down = true,
            Fault::Hang => self.hang = true,
            Fault::Blackhole => self.blackhole = true,
            Fault::Severed => self.severed = true,
            Fault::Slow { ms } => self.slow_ms = *ms,
            Fault::ServerErrors { percent } => self.error_percent = (*percent).min(100),
            Fault::DropWatchesAfter { events } => self.drop_watches_after = Some(*events),
            Fault::ExpireResourceVersions => self.expire_rv = true,
            Fault::RejectCredentials => self.reject_credentials = true,
            Fault::ForbidNamespaces => self.forbid_namespaces = true,
            Fault::Forbid { resource } => {
                self.forbidden.insert(resource.clone());
            }
            Fault::ForbidAllNamespaces { resource } => {
                self.forbidden_all_namespaces.insert(resource.clone());
            }
            Fault::GroupUnavailable { group } => {
                self.unavailable_groups.insert(group.clone());
            }
            Fault::HangAfterConnect => self.hang_after_connect = true,
            Fault::HealthErrors { code } => self.health_error = Some(*code),
            Fault::TooManyRequests {
                retry_after,
                percent,
            } => self.throttle = Some((*retry_after, (*percent).min(100))),
            Fault::CutStreams { after_bytes } => self.cut_streams_after = Some(*after_bytes),
            Fault::SlowLink { kbit_per_s } => {
                self.link_kbit_per_s = (*kbit_per_s > 0).then_some(*kbit_per_s)
            }
            Fault::GatewayErrors { code } => self.gateway_error = Some(*code),
        }
    }
    /// Turns one fault off.
    pub fn clear(&mut self, f: &Fault) {
        match f {
            Fault::None => {}
            Fault::Down => self.down = false,
            Fault::Hang => self.hang = false,
            Fault::Blackhole => self.blackhole = false,
            Fault::Severed => self.severed = false,
            Fault::Slow { .. } => self.slow_ms = 0,
            Fault::ServerErrors { .. } => self.error_percent = 0,
            Fault::DropWatchesAfter { .. } => self.drop_watches_after = None,
            Fault::ExpireResourceVersions => self.expire_rv = false,
            Fault::RejectCredentials => self.reject_credentials = false,
            Fault::ForbidNamespaces => self.forbid_namespaces = false,
            Fault::Forbid { resource } => {
                self.forbidden.remove(resource);
            }
            Fault::ForbidAllNamespaces { resource } => {
                self.forbidden_all_namespaces.remove(resource);
            }
            Fault::GroupUnavailable { group } => {
                self.unavailable_groups.remove(group);
            }
            Fault::HangAfterConnect => self.hang_after_connect = false,
            Fault::HealthErrors { .. } => self.health_error = None,
            Fault::TooManyRequests { .. } => self.throttle = None,
            Fault::CutStreams { .. } => self.cut_streams_after = None,
            Fault::SlowLink { .. } => self.link_kbit_per_s = None,
            Fault::GatewayErrors { .. } => self.gateway_error = None,
        }
    }
    /// The active faults as a list (empty when healthy).
    pub fn list(&self) -> Vec<Fault> {
        let mut v = Vec::new();
        if self.down {
            v.push(Fault::Down)
        }
        if self.hang {
            v.push(Fault::Hang)
        }
        if self.blackhole {
            v.push(Fault::Blackhole)
        }
        if self.severed {
            v.push(Fault::Severed)
        }
        if self.slow_ms > 0 {
            v.push(Fault::Slow { ms: self.slow_ms })
        }
        if self.error_percent > 0 {
            v.push(Fault::ServerErrors {
                percent: self.error_percent,
            })
        }
        if let Some(events) = self.drop_watches_after {
            v.push(Fault::DropWatchesAfter { events })
        }
        if self.expire_rv {
            v.push(Fault::ExpireResourceVersions)
        }
        if self.reject_credentials {
            v.push(Fault::RejectCredentials)
        }
        if self.forbid_namespaces {
            v.push(Fault::ForbidNamespaces)
        }
        for resource in &self.forbidden {
            v.push(Fault::Forbid {
                resource: resource.clone(),
            })
        }
        for resource in &self.forbidden_all_namespaces {
            v.push(Fault::ForbidAllNamespaces {
                resource: resource.clone(),
            })
        }
        for group in &self.unavailable_groups {
            v.push(Fault::GroupUnavailable {
                group: group.clone(),
            })
        }
        if self.hang_after_connect {
            v.push(Fault::HangAfterConnect)
        }
        if let Some(code) = self.health_error {
            v.push(Fault::HealthErrors { code })
        }
        if let Some((retry_after, percent)) = self.throttle {
            v.push(Fault::TooManyRequests {
                retry_after,
                percent,
            })
        }
        if let Some(after_bytes) = self.cut_streams_after {
            v.push(Fault::CutStreams { after_bytes })
        }
        if let Some(kbit_per_s) = self.link_kbit_per_s {
            v.push(Fault::SlowLink { kbit_per_s })
        }
        if let Some(code) = self.gateway_error {
            v.push(Fault::GatewayErrors { code })
        }
        v
    }
}
