//! The in-memory state: sessions, filters and filter rules, each kept in creation order.
//!
//! Resources are stored as the JSON objects the vendor returns, so a response is the
//! stored object itself, and tests can seed sessions in exactly the shape they want.
//! Creation order is the stable order of every list, which is what makes marker
//! pagination return each item exactly once.

use serde_json::{Map, Value};

use crate::errors::ApiError;

/// A resource as its JSON object.
pub(crate) type Object = Map<String, Value>;

/// The `id` of a stored resource ("" if a seeded one has none, which never matches).
pub(crate) fn id_of(object: &Object) -> &str {
    text(object, "id")
}

/// A string field of a resource, "" when absent or not a string.
pub(crate) fn text<'a>(object: &'a Object, key: &str) -> &'a str {
    object.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A fresh resource id: a UUID, as the vendor's ids are.
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Converts a `json!({...})` literal into an object.
pub(crate) fn object(value: Value) -> Object {
    match value {
        Value::Object(object) => object,
        _ => Object::new(),
    }
}

/// Validated field values from a create or update body, applied in one go so that a
/// request is all or nothing: nothing is written until every field has passed.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    fields: Vec<(&'static str, Value)>,
}

impl Changes {
    /// Records `key` if the request gave a value for it.
    pub(crate) fn set<T: Into<Value>>(&mut self, key: &'static str, value: Option<T>) {
        if let Some(value) = value {
            self.fields.push((key, value.into()));
        }
    }

    /// The new value of `key`, if the request gave one.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The new value of a string field, if the request gave one.
    pub(crate) fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    /// Writes every change into `object`, and stamps `updated_at` with `now`.
    pub(crate) fn apply(self, object: &mut Object, now: &str) {
        for (key, value) in self.fields {
            object.insert(key.to_owned(), value);
        }
        object.insert("updated_at".to_owned(), Value::from(now));
    }
}

/// One collection of resources in creation order.
#[derive(Debug, Default)]
pub(crate) struct Table {
    items: Vec<Object>,
}

impl Table {
    /// The resource with this id.
    pub(crate) fn get(&self, id: &str) -> Option<&Object> {
        self.items.iter().find(|item| id_of(item) == id)
    }

    /// The resource with this id, or the vendor's 404 naming `kind`.
    pub(crate) fn find(&self, kind: &'static str, id: &str) -> Result<&Object, ApiError> {
        self.get(id).ok_or_else(|| ApiError::not_found(kind, id))
    }

    /// Mutable access to the resource with this id, or the vendor's 404 naming `kind`.
    pub(crate) fn find_mut(
        &mut self,
        kind: &'static str,
        id: &str,
    ) -> Result<&mut Object, ApiError> {
        self.items
            .iter_mut()
            .find(|item| id_of(item) == id)
            .ok_or_else(|| ApiError::not_found(kind, id))
    }

    /// Stores a resource: it replaces one with the same id in place (keeping its position
    /// in the list order) or goes last.
    pub(crate) fn upsert(&mut self, object: Object) {
        let id = id_of(&object).to_owned();
        match self.items.iter_mut().find(|item| id_of(item) == id) {
            Some(existing) => *existing = object,
            None => self.items.push(object),
        }
    }

    /// Removes and returns the resource with this id.
    pub(crate) fn remove(&mut self, id: &str) -> Option<Object> {
        let index = self.items.iter().position(|item| id_of(item) == id)?;
        Some(self.items.remove(index))
    }

    /// Keeps only the resources `keep` accepts.
    pub(crate) fn retain(&mut self, keep: impl FnMut(&Object) -> bool) {
        let mut keep = keep;
        self.items.retain(|item| keep(item));
    }

    /// All resources, in creation order.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, Object> {
        self.items.iter()
    }

    /// All resources as a slice, in creation order (what pagination cuts pages from).
    pub(crate) fn all(&self) -> &[Object] {
        &self.items
    }
}

/// Everything the server remembers about the account's resources.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) sessions: Table,
    pub(crate) filters: Table,
    pub(crate) rules: Table,
    /// Written into every created resource's `project_id`.
    pub(crate) project_id: String,
    /// Per-session source quota (ref §1, "at most 10 sources per session by default").
    pub(crate) max_sources: usize,
}

impl Store {
    /// An empty account.
    pub(crate) fn new(project_id: String, max_sources: usize) -> Self {
        Store {
            sessions: Table::default(),
            filters: Table::default(),
            rules: Table::default(),
            project_id,
            max_sources,
        }
    }

    /// A snapshot for tests: `{"sessions": [..], "filters": [..], "rules": [..]}`, each as
    /// the API would return it (filters with their rules).
    pub(crate) fn snapshot(&self) -> Value {
        let all = |table: &Table| table.iter().cloned().map(Value::Object).collect::<Vec<_>>();
        let filters = self
            .filters
            .iter()
            .map(|filter| crate::filters::render(self, filter))
            .collect::<Vec<_>>();
        serde_json::json!({
            "sessions": all(&self.sessions),
            "filters": filters,
            "rules": all(&self.rules),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn upsert_replaces_in_place_and_appends_new_ids() {
        let mut table = Table::default();
        table.upsert(object(json!({"id": "a", "v": 1})));
        table.upsert(object(json!({"id": "b"})));
        table.upsert(object(json!({"id": "a", "v": 2})));
        let ids: Vec<_> = table.iter().map(id_of).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(table.get("a").and_then(|a| a.get("v")), Some(&json!(2)));
        assert!(table.remove("a").is_some());
        assert!(table.find("Thing", "a").is_err());
    }
}
