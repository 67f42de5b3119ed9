//! The pod Eviction subresource (`POST .../pods/{name}/eviction`), which `kubectl drain` and
//! Kubeli's drain use: the pod is deleted gracefully and its controller replaces it.
//! PodDisruptionBudgets are not simulated, so an eviction is always allowed.

use serde_json::{json, Value};

use super::{Reply, Res, Target};
use crate::cluster::Shared;
use crate::mutate::Tx;
use crate::resources::def;
use crate::store::ApiError;

/// Evicts pod `name`: checks the body names it (as the API server does), then deletes it
/// with garbage collection and lets its ReplicaSet or StatefulSet make a replacement.
pub(super) fn evict(state: &Shared, t: &Target, name: &str, body: &[u8]) -> Res {
    let eviction: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("the body is not an Eviction: {e}")))?;
    if eviction["kind"].as_str().is_some_and(|k| k != "Eviction") {
        return Err(ApiError::bad_request(
            "the body must be a policy/v1 Eviction",
        ));
    }
    if let Some(named) = eviction["metadata"]["name"].as_str() {
        if named != name {
            return Err(ApiError::bad_request(
                "name in URL does not match name in Eviction object",
            ));
        }
    }
    let mut tx = Tx::begin(state);
    if tx.store.get(t.res, &t.ns(), name).is_none() {
        return Err(ApiError::not_found(def(t.res), name));
    }
    tx.delete(t.res, &t.ns(), name)?;
    Ok(Reply::Json(
        201,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"}),
    ))
}
