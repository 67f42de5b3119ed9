//! The one mutation path. Every write — from the HTTP API, the Rust API ([`crate::ClusterHandle`])
//! or the control endpoint — goes through a [`Tx`], so controllers, garbage collection and CRD
//! registration react the same way whoever made the change.

use std::sync::MutexGuard;

use serde_json::{json, Value};

use crate::cluster::{lock, ClusterState};
use crate::controller;
use crate::crd;
use crate::endpoints;
use crate::patch::{self, PatchKind};
use crate::resources::{def, ids::*, View};
use crate::store::{ApiError, Store};
use crate::util::Rng;

/// A write transaction on one cluster: its store and controller randomness, locked in that order.
pub struct Tx<'a> {
    /// The locked store (reads inside the transaction see every earlier write).
    pub store: MutexGuard<'a, Store>,
    /// The locked controller randomness.
    pub rng: MutexGuard<'a, Rng>,
}

/// What a write did: the resulting object and whether it was created.
pub struct Written {
    /// The object after the write (after controllers reacted).
    pub obj: Value,
    /// `true` when the object did not exist before (HTTP 201).
    pub created: bool,
}

fn writable(res: usize) -> Result<(), ApiError> {
    let r = def(res);
    if r.view != View::Stored {
        return Err(ApiError::new(
            405,
            "MethodNotAllowed",
            format!(
                "the server does not allow this method on the requested resource ({})",
                r.qualified()
            ),
        ));
    }
    Ok(())
}

impl<'a> Tx<'a> {
    /// Opens a transaction on `state`.
    pub fn begin(state: &'a ClusterState) -> Self {
        let store = lock(&state.store);
        let rng = lock(&state.rng);
        Tx { store, rng }
    }

    /// The current JSON of an object after a write, once controllers and CRD registration ran.
    /// `endpoints_before` is what the endpoints saw of a pod before an update: when it is
    /// unchanged the Services' endpoints are not re-published.
    fn settle(
        &mut self,
        res: usize,
        ns: &str,
        name: &str,
        endpoints_before: Option<Value>,
    ) -> Result<Value, ApiError> {
        controller::reconcile(&mut self.store, &mut self.rng, res, ns, name);
        if res == CRDS {
            crd::establish(&mut self.store, name);
        }
        let v = self
            .store
            .get(res, ns, name)
            .map(|o| o.value())
            .ok_or_else(|| ApiError::not_found(def(res), name))?;
        if endpoints_before.is_none_or(|b| b != endpoints::pod_view(&v)) {
            endpoints::after_change(&mut self.store, res, &v, false);
        }
        Ok(v)
    }

    /// Creates an object (`metadata.generateName` is honoured); the namespace must exist.
    pub fn create(&mut self, res: usize, mut v: Value) -> Result<Value, ApiError> {
        writable(res)?;
        if v["metadata"]["name"].as_str().unwrap_or("").is_empty() {
            if let Some(g) = v["metadata"]["generateName"].as_str().map(str::to_string) {
                v["metadata"]["name"] = json!(format!("{g}{}", self.rng.suffix(5)));
            }
        }
        self.check_namespace(res, v["metadata"]["namespace"].as_str().unwrap_or(""))?;
        if res == CRDS {
            crd::validate(&v)?;
        }
        let o = self.store.create(res, v)?;
        self.settle(res, &o.namespace, &o.name, None)
    }

    /// Replaces an object (a `metadata.resourceVersion` in `v` is a precondition).
    pub fn update(&mut self, res: usize, v: Value) -> Result<Value, ApiError> {
        writable(res)?;
        let endpoints_before = (res == PODS)
            .then(|| {
                let ns = v["metadata"]["namespace"].as_str().unwrap_or("");
                let name = v["metadata"]["name"].as_str().unwrap_or("");
                self.store.get(res, ns, name)
            })
            .flatten()
            .map(|o| endpoints::pod_view(&o.value()));
        let old = (res == CRDS)
            .then(|| {
                crd::validate(&v)?;
                let name = v["metadata"]["name"].as_str().unwrap_or("");
                Ok::<_, ApiError>(self.store.get(res, "", name).map(|o| o.value()))
            })
            .transpose()?
            .flatten();
        let o = self.store.update(res, v)?;
        if let Some(old) = old {
            if crd::definition(&old).ok() != crd::definition(&o.value()).ok() {
                crd::withdraw(&mut self.store, &old);
            }
        }
        self.settle(res, &o.namespace, &o.name, endpoints_before)
    }

    /// Patches an object; server-side apply of a missing object creates it.
    /// `dry_run` computes the result without storing it.
    pub fn patch(
        &mut self,
        res: usize,
        ns: &str,
        name: &str,
        kind: PatchKind,
        p: &Value,
        dry_run: bool,
    ) -> Result<Written, ApiError> {
        writable(res)?;
        let r = def(res);
        let Some(cur) = self.store.get(res, ns, name) else {
            if kind != PatchKind::Apply {
                return Err(ApiError::not_found(r, name));
            }
            let mut v = p.clone();
            v["metadata"]["name"] = json!(name);
            if r.namespaced {
                v["metadata"]["namespace"] = json!(ns);
            }
            if dry_run {
                return Ok(Written {
                    obj: v,
                    created: true,
                });
            }
            let obj = self.create(res, v)?;
            return Ok(Written { obj, created: true });
        };
        let mut v = cur.value();
        patch::apply(kind, &mut v, p).map_err(|e| ApiError::new(422, "Invalid", e))?;
        v["metadata"]["name"] = json!(name);
        if r.namespaced {
            v["metadata"]["namespace"] = json!(ns);
        }
        // A resourceVersion in the patch is a precondition, as on a real API server: a
        // stale one answers 409 Conflict instead of overwriting a change made meanwhile.
        let stale = p["metadata"]["resourceVersion"]
            .as_str()
            .is_some_and(|want| !want.is_empty() && want != cur.rv.to_string());
        if stale {
            return Err(ApiError::new(409, "Conflict", format!("Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", r.qualified())));
        }
        v["metadata"]["resourceVersion"] = json!(cur.rv.to_string());
        if dry_run {
            return Ok(Written {
                obj: v,
                created: false,
            });
        }
        let obj = self.update(res, v)?;
        Ok(Written {
            obj,
            created: false,
        })
    }

    /// Deletes an object with garbage collection; owned pods are replaced by their controller,
    /// a deleted CRD takes its kind and objects with it.
    pub fn delete(&mut self, res: usize, ns: &str, name: &str) -> Result<Value, ApiError> {
        writable(res)?;
        let o = controller::delete(&mut self.store, &mut self.rng, res, ns, name)?;
        let v = o.value();
        endpoints::after_change(&mut self.store, res, &v, true);
        if res == CRDS {
            crd::withdraw(&mut self.store, &v);
        }
        Ok(v)
    }

    /// `404 NotFound` for the namespace when a namespaced object names one that does not exist.
    pub fn check_namespace(&self, res: usize, ns: &str) -> Result<(), ApiError> {
        if def(res).namespaced && !ns.is_empty() && self.store.get(NAMESPACES, "", ns).is_none() {
            let mut e = ApiError::not_found(def(NAMESPACES), ns);
            e.details = json!({"name": ns, "kind": "namespaces"});
            return Err(e);
        }
        Ok(())
    }
}
