//! Table column definitions per kind, as the real API server declares them.

use serde_json::{json, Value};

use crate::resources::ids::*;

const S: &str = "string";
const I: &str = "integer";

/// `(name, type, priority)` of each column.
type Columns = &'static [(&'static str, &'static str, u8)];

const PODS_COLUMNS: Columns = &[
    ("Name", S, 0),
    ("Ready", S, 0),
    ("Status", S, 0),
    ("Restarts", S, 0),
    ("Age", S, 0),
    ("IP", S, 1),
    ("Node", S, 1),
    ("Nominated Node", S, 1),
    ("Readiness Gates", S, 1),
];
const DEPLOYMENTS_COLUMNS: Columns = &[
    ("Name", S, 0),
    ("Ready", S, 0),
    ("Up-to-date", I, 0),
    ("Available", I, 0),
    ("Age", S, 0),
    ("Containers", S, 1),
    ("Images", S, 1),
    ("Selector", S, 1),
];
const REPLICASETS_COLUMNS: Columns = &[
    ("Name", S, 0),
    ("Desired", I, 0),
    ("Current", I, 0),
    ("Ready", I, 0),
    ("Age", S, 0),
    ("Containers", S, 1),
    ("Images", S, 1),
    ("Selector", S, 1),
];
const STATEFULSETS_COLUMNS: Columns = &[
    ("Name", S, 0),
    ("Ready", S, 0),
    ("Age", S, 0),
    ("Containers", S, 1),
    ("Images", S, 1),
];
const DAEMONSETS_COLUMNS: Columns = &[
    ("Name", S, 0),
    ("Desired", I, 0),
    ("Current", I, 0),
    ("Ready", I, 0),
    ("Up-to-date", I, 0),
    ("Available", I, 0),
    ("Node Selector", S, 0),
    ("Age", S, 0),
];
const SERVICES_COLUMNS: Columns = &[
    ("Name", S, 0),
    ("Type", S, 0),
    ("Cluster-IP", S, 0),
    ("External-IP", S, 0),
    ("Port(s)", S, 0),
    ("Age", S, 0),
    ("Selector", S, 1),
];
const NODES_COLUMNS: Columns = &[
    ("Name", S, 0),
    ("Status", S, 0),
    ("Roles", S, 0),
    ("Age", S, 0),
    ("Version", S, 0),
    ("Internal-IP", S, 1),
    ("OS-Image", S, 1),
    ("Kernel-Version", S, 1),
    ("Container-Runtime", S, 1),
];
const NAMESPACES_COLUMNS: Columns = &[("Name", S, 0), ("Status", S, 0), ("Age", S, 0)];
const CONFIGMAPS_COLUMNS: Columns = &[("Name", S, 0), ("Data", I, 0), ("Age", S, 0)];
const SECRETS_COLUMNS: Columns = &[
    ("Name", S, 0),
    ("Type", S, 0),
    ("Data", I, 0),
    ("Age", S, 0),
];
const EVENTS_COLUMNS: Columns = &[
    ("Last Seen", S, 0),
    ("Type", S, 0),
    ("Reason", S, 0),
    ("Object", S, 0),
    ("Message", S, 0),
];
const ENDPOINTSLICES_COLUMNS: Columns = &[
    ("Name", S, 0),
    ("AddressType", S, 0),
    ("Ports", S, 0),
    ("Endpoints", S, 0),
    ("Age", S, 0),
];
const DEFAULT_COLUMNS: Columns = &[("Name", S, 0), ("Age", S, 0)];

fn col(name: &str, ty: &str, priority: u8) -> Value {
    let desc = match name {
        "Name" => "Name must be unique within a namespace.",
        "Age" => "CreationTimestamp is a timestamp representing the server time when this object was created.",
        _ => name,
    };
    let format = if name == "Name" { "name" } else { "" };
    json!({"name": name, "type": ty, "format": format, "description": desc, "priority": priority})
}

/// Column definitions for a resource.
pub fn columns(res: usize) -> Vec<Value> {
    let cols = match res {
        PODS => PODS_COLUMNS,
        DEPLOYMENTS => DEPLOYMENTS_COLUMNS,
        REPLICASETS => REPLICASETS_COLUMNS,
        STATEFULSETS => STATEFULSETS_COLUMNS,
        DAEMONSETS => DAEMONSETS_COLUMNS,
        SERVICES => SERVICES_COLUMNS,
        NODES => NODES_COLUMNS,
        NAMESPACES => NAMESPACES_COLUMNS,
        CONFIGMAPS => CONFIGMAPS_COLUMNS,
        SECRETS => SECRETS_COLUMNS,
        EVENTS => EVENTS_COLUMNS,
        ENDPOINTSLICES => ENDPOINTSLICES_COLUMNS,
        _ => DEFAULT_COLUMNS,
    };
    cols.iter().map(|(n, t, p)| col(n, t, *p)).collect()
}
