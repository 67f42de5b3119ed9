//! `kubeli-core`: everything Kubeli knows about Kubernetes, with no Tauri dependency.
//!
//! Start at [`kubeconfig`] (finding and validating the user's contexts) and
//! [`settings`] (the user's extra kubeconfig sources). The Tauri crate only adapts
//! these functions to commands and events.

pub mod doctor;
pub mod error;
pub mod events;
pub mod health;
pub mod kubeconfig;
pub mod namespaces;
pub mod pool;
pub mod resources;
pub mod settings;
