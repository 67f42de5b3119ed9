//! Reads: list (selectors, paging, Table) and get, for stored kinds and computed views alike.

use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use serde_json::{json, Value};

use super::{Query, Reply, Res, Target};
use crate::cluster::{lock, Shared};
use crate::resources::{def, View};
use crate::selectors::{FieldSelector, LabelSelector};
use crate::store::{ApiError, Store, StoredObj};
use crate::table::{self, IncludeObject};
use crate::views;

/// Objects of `res` (stored or computed) in `ns` that match the selectors, in key order.
pub(super) fn select(
    store: &Store,
    res: usize,
    ns: Option<&str>,
    ls: &LabelSelector,
    fs: &FieldSelector,
) -> Vec<Arc<StoredObj>> {
    match def(res).view {
        View::Stored => store.list(res, ns, ls, fs),
        _ => views::list(store, res, ns, ls, fs),
    }
}

pub(super) fn selectors(q: &Query) -> Result<(LabelSelector, FieldSelector), ApiError> {
    let ls = LabelSelector::parse(q.get("labelSelector").map(String::as_str).unwrap_or(""))
        .map_err(|e| ApiError::bad_request(format!("unable to parse requirement: {e}")))?;
    let fs = FieldSelector::parse(q.get("fieldSelector").map(String::as_str).unwrap_or(""))
        .map_err(ApiError::bad_request)?;
    Ok((ls, fs))
}

pub(super) fn parse_rv(q: &Query) -> Option<u64> {
    q.get("resourceVersion")
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|x| *x > 0)
}

fn join_items(prefix: &str, items: &[Arc<StoredObj>], suffix: &str) -> Bytes {
    let total: usize = items.iter().map(|o| o.json.len() + 1).sum();
    let mut b = BytesMut::with_capacity(prefix.len() + total + suffix.len() + 2);
    b.extend_from_slice(prefix.as_bytes());
    for (i, o) in items.iter().enumerate() {
        if i > 0 {
            b.extend_from_slice(b",");
        }
        b.extend_from_slice(&o.json);
    }
    b.extend_from_slice(suffix.as_bytes());
    b.freeze()
}

fn encode_continue(rv: u64, ns: &str, name: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .encode(json!({"rv": rv, "ns": ns, "name": name}).to_string())
}

fn decode_continue(s: &str) -> Result<(u64, String, String), ApiError> {
    use base64::Engine;
    let bad = || ApiError::bad_request("continue key is not valid");
    let raw = base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|_| bad())?;
    let v: Value = serde_json::from_slice(&raw).map_err(|_| bad())?;
    Ok((
        v["rv"].as_u64().ok_or_else(bad)?,
        v["ns"].as_str().unwrap_or("").into(),
        v["name"].as_str().unwrap_or("").into(),
    ))
}

pub(super) fn list(state: &Shared, t: &Target, q: &Query, table: bool) -> Res {
    let r = t.def();
    *lock(&state.lists).entry(r.plural.to_owned()).or_default() += 1;
    let (ls, fs) = selectors(q)?;
    let store = lock(&state.store);
    if let Some(rv) = parse_rv(q) {
        if state.faults().expire_rv && rv < store.rv() {
            return Err(ApiError::expired(format!(
                "too old resource version: {rv} ({})",
                store.rv()
            )));
        }
    }
    let mut items = select(&store, t.res, t.ns.as_deref(), &ls, &fs);
    let rv = store.rv();
    drop(store);
    let mut list_rv = rv;
    if let Some(c) = q.get("continue").filter(|c| !c.is_empty()) {
        let (crv, cns, cname) = decode_continue(c)?;
        if crv < lock(&state.store).floor() && state.faults().expire_rv {
            return Err(ApiError::expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."));
        }
        list_rv = crv;
        let key = (cns, cname);
        items.retain(|o| (o.namespace.clone(), o.name.clone()) > key);
    }
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| *l > 0);
    let mut cont = None;
    let mut remaining = 0;
    if let Some(l) = limit {
        if items.len() > l {
            remaining = items.len() - l;
            items.truncate(l);
            let last = items
                .last()
                .map(|o| (o.namespace.clone(), o.name.clone()))
                .unwrap_or_default();
            cont = Some(encode_continue(list_rv, &last.0, &last.1));
        }
    }
    if table {
        let vals: Vec<Value> = items.iter().map(|o| o.value()).collect();
        let inc = IncludeObject::parse(q.get("includeObject").map(String::as_str));
        return Ok(Reply::Json(
            200,
            table::table(t.res, &vals, inc, &list_rv.to_string(), cont.as_deref()),
        ));
    }
    let mut md = json!({"resourceVersion": list_rv.to_string()});
    if let Some(c) = &cont {
        md["continue"] = json!(c);
        md["remainingItemCount"] = json!(remaining);
    }
    let prefix = format!(
        "{{\"kind\":\"{}\",\"apiVersion\":\"{}\",\"metadata\":{},\"items\":[",
        r.list_kind(),
        r.api_version(),
        md
    );
    Ok(Reply::Raw(join_items(&prefix, &items, "]}")))
}

pub(super) fn get(state: &Shared, t: &Target, name: &str, table: bool, q: &Query) -> Res {
    let r = t.def();
    let store = lock(&state.store);
    let o = match r.view {
        View::Stored => store.get(t.res, &t.ns(), name),
        _ => views::get(&store, t.res, &t.ns(), name),
    }
    .ok_or_else(|| ApiError::not_found(r, name))?;
    drop(store);
    let v = o.value();
    if table {
        let inc = IncludeObject::parse(q.get("includeObject").map(String::as_str));
        return Ok(Reply::Json(
            200,
            table::table(t.res, &[v], inc, &o.rv.to_string(), None),
        ));
    }
    Ok(Reply::Json(200, v))
}
