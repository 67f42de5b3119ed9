//! The list half of a resource watch: every object of a kind read page by page within the
//! read timeout and reported as it comes, so a large view paints its first page early.
//! Each page's text is parsed straight into compact rows ([`super::rows::rule`]): what a
//! row leaves out is skipped while reading, never built as a whole object first.

use std::fmt;
use std::time::Duration;

use kube::api::{DynamicObject, ListParams};
use kube::Api;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::batch::Report;
use super::prune::{Keep, Pruned};
use super::rows::{finish, row_key, rule};
use crate::error::Error;
use crate::kinds::KindInfo;
use crate::pool::WatchStats;

/// Every object of the kind, page by page, within the read timeout, reported as it comes:
/// the first page replaces what the UI holds, the others add to it, so a view of 10,000
/// objects paints its first rows before the last page is read (pages of one batch window
/// still go out as one delta). The list's resourceVersion, or `None` when nobody listens
/// any more.
pub(super) async fn list_all(
    api: &Api<DynamicObject>,
    kind: &KindInfo,
    name: &str,
    read_timeout: Duration,
    send: impl Fn(Report) -> bool,
    stats: &WatchStats,
) -> Result<Option<String>, Error> {
    let pages = async {
        let mut params = ListParams::default().limit(500);
        let mut first = true;
        let mut listed = 0;
        loop {
            let page = read_page(api, &params, rule(kind))
                .await
                .map_err(|e| Error::from_kube(name, &e))?;
            listed += page.rows.len();
            stats.listed(listed);
            let mut rows = page.rows.into_iter().map(|r| finish(kind, r));
            let sent = if std::mem::take(&mut first) {
                send(Report::Reset(rows.collect()))
            } else {
                rows.all(|r| send(Report::Upsert(row_key(&r), r)))
            };
            if !sent {
                return Ok(None);
            }
            match page.continue_token.filter(|c| !c.is_empty()) {
                Some(token) => params = params.continue_token(&token),
                None => return Ok(Some(page.resource_version.unwrap_or_default())),
            }
        }
    };
    tokio::time::timeout(read_timeout, pages)
        .await
        .map_err(|_| timeout_error(name, kind, "listing", read_timeout))?
}

/// The error of a call that got no answer within `timeout`, naming the cluster and what it did.
pub(super) fn timeout_error(name: &str, kind: &KindInfo, during: &str, timeout: Duration) -> Error {
    Error::Timeout {
        context: name.to_owned(),
        during: format!("{during} {}", kind.qualified_name()),
        seconds: crate::error::secs(timeout),
    }
}

/// One page of a list, its items already trimmed by the rule it was read with.
#[derive(Default)]
pub(super) struct Page {
    pub rows: Vec<Value>,
    pub continue_token: Option<String>,
    pub resource_version: Option<String>,
}

/// Requests one page and parses it straight into values kept by `keep`: the parts of each
/// object the rule leaves out are skipped while reading, never built.
pub(super) async fn read_page(
    api: &Api<DynamicObject>,
    params: &ListParams,
    keep: Keep,
) -> Result<Page, kube::Error> {
    let mut req = kube::core::Request::new(api.resource_url())
        .list(params)
        .map_err(kube::Error::BuildRequest)?;
    req.extensions_mut().insert("list");
    let client: kube::Client = api.clone().into();
    let text = client.request_text(req).await?;
    let mut de = serde_json::Deserializer::from_str(&text);
    let page = PageSeed(keep)
        .deserialize(&mut de)
        .and_then(|page| de.end().map(|()| page))
        .map_err(kube::Error::SerdeError)?;
    Ok(page)
}

/// Reads a list object: its `metadata` (continue token, resourceVersion) and its `items`
/// as rows; `kind` and `apiVersion` of the list are skipped.
struct PageSeed(Keep);

impl<'de> DeserializeSeed<'de> for PageSeed {
    type Value = Page;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Page, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PageSeed {
    type Value = Page;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page, A::Error> {
        let mut page = Page::default();
        while let Some(field) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match field.as_ref() {
                "metadata" => {
                    let meta: Option<ListMeta> = map.next_value()?;
                    let meta = meta.unwrap_or_default();
                    (page.continue_token, page.resource_version) =
                        (meta.continue_token, meta.resource_version);
                }
                "items" => page.rows = map.next_value_seed(Items(self.0))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(page)
    }
}

/// What a list's metadata says about paging.
#[derive(Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListMeta {
    #[serde(rename = "continue")]
    continue_token: Option<String>,
    resource_version: Option<String>,
}

/// A list's `items` (or `null`), each parsed by [`Pruned`].
struct Items(Keep);

impl<'de> DeserializeSeed<'de> for Items {
    type Value = Vec<Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Value>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Items {
    type Value = Vec<Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list's items")
    }

    fn visit_unit<E>(self) -> Result<Vec<Value>, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Value>, A::Error> {
        let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(row) = seq.next_element_seed(Pruned(self.0))? {
            rows.push(row);
        }
        Ok(rows)
    }
}
