//! `kubeli-core`: everything Kubeli knows about Kubernetes, with no Tauri dependency.
//!
//! Start at [`kubeconfig`] (finding and validating the user's contexts), then [`pool`]
//! (connecting many clusters at once) and [`resources`] (what the UI does with them). The
//! Tauri crate only adapts these functions to commands and events. Items are `pub(crate)`
//! unless the app or the tests use them, so dead code is flagged.

#![deny(unreachable_pub)]

pub mod args;
pub mod compare;
pub mod context_id;
pub mod doctor;
pub mod downloads;
pub mod error;
pub mod events;
mod health;
pub mod kinds;
pub mod kubeconfig;
pub mod manual;
mod namespaces;
pub mod options;
pub mod pool;
mod reach;
pub mod redact;
pub mod resources;
pub mod settings;
pub mod stream_types;
pub mod streams;
mod sync;
mod tls_names;
mod web_page;

pub use context_id::ContextId;
