//! Structurally identical inline schemas share one type. Specs without components (Hetzner's
//! has none) repeat the same inline object or enum under every operation that returns it; each
//! copy would otherwise be its own type (`ServerStatus`, `ServerStatus2`, …), which callers
//! cannot pass from one operation to another.
//!
//! Lowering is bottom-up for shapes: a type's fields and variants name the types of its parts,
//! which were shared already, so comparing one level (the [`TypeKind`]) compares the whole
//! tree. The first definition in document order keeps its name, so the result is the same on
//! every run. Component schemas are never merged: their names are the spec's own.

use std::collections::HashMap;

use super::schema::NameHint;
use super::Lowerer;
use crate::model::TypeDef;

/// Inline types defined so far, by shape: the text of their kind → (index in the lowerer's
/// types, name). The index is checked on use, since a failed schema's types are truncated.
#[derive(Debug, Default)]
pub(crate) struct Shapes {
    seen: HashMap<String, (usize, String)>,
}

/// The shape of a type: everything but its name and the schema's own description (the parts'
/// descriptions are part of it, so differently documented fields stay apart).
fn shape(def: &TypeDef) -> String {
    format!("{:?}", def.kind)
}

impl Lowerer<'_> {
    /// Completes the type just defined at `slot` (the last one, or followed by its parts): for an inline schema whose
    /// shape is already defined, removes it, frees its name and returns the earlier type's name.
    pub(crate) fn share_shape(&mut self, slot: usize, hint: NameHint<'_>) -> String {
        let own = self.types[slot].rust_name.clone();
        if !matches!(hint, NameHint::Inline(_)) {
            return own;
        }
        let key = shape(&self.types[slot]);
        // A type followed by new types of its own (its parts) names them, so it cannot equal
        // an earlier one; it is only recorded.
        let last = slot + 1 == self.types.len();
        if let Some((index, name)) = self.shapes.seen.get(&key) {
            let alive = self.types.get(*index).is_some_and(|t| &t.rust_name == name);
            if alive && last && *index != slot {
                let name = name.clone();
                self.types.truncate(slot);
                self.type_names.release(&own);
                return name;
            }
        }
        self.shapes.seen.insert(key, (slot, own.clone()));
        own
    }
}
