//! The list half of a resource watch: every object of a kind read page by page within the
//! read timeout and reported as it comes, so a large view paints its first page early.

use std::time::Duration;

use kube::api::{DynamicObject, ListParams};
use kube::Api;

use super::batch::Report;
use super::object_key;
use super::rows::row;
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
            let page = api
                .list(&params)
                .await
                .map_err(|e| Error::from_kube(name, &e))?;
            listed += page.items.len();
            stats.listed(listed);
            let sent = if std::mem::take(&mut first) {
                send(Report::Reset(
                    page.items.into_iter().map(|o| row(kind, o)).collect(),
                ))
            } else {
                page.items
                    .into_iter()
                    .all(|o| send(Report::Upsert(object_key(&o), row(kind, o))))
            };
            if !sent {
                return Ok(None);
            }
            match page.metadata.continue_.filter(|c| !c.is_empty()) {
                Some(token) => params = params.continue_token(&token),
                None => return Ok(Some(page.metadata.resource_version.unwrap_or_default())),
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
