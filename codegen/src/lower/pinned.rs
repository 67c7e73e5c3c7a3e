//! Union members told apart by a property each one pins to a single value (`const`, or a
//! one-value `enum`: `type: {const: "pause-deployment"}`, the style of FastAPI/pydantic, or
//! Discord's integer `type: {const: 2}`).
//!
//! Runs once every type is lowered, because a union may name members defined after it. Then:
//! - without a `discriminator`, a property every member pins (to different strings, or to
//!   different integers) is one: the union becomes tagged on it, and values no member pins are
//!   kept as `Unknown`;
//! - with a `discriminator` but no `mapping` for a member, the value the member pins is
//!   accepted beside the component's name, and is the one written;
//! - the pinned properties of every member become strict constants, so an untagged union never
//!   takes a member whose pinned value contradicts the data (the first member that decodes
//!   would otherwise take every value, dropping the fields of the right one).

use std::collections::{HashMap, HashSet};

use crate::model::{ConstValue, Field, SharedTag, TypeDef, TypeKind, TypeRef, Union};
use crate::naming::{self, Scope};

/// The types being settled, with an index by Rust name (lookups stay cheap in specs of
/// thousands of types).
struct Types<'t> {
    defs: &'t mut Vec<TypeDef>,
    index: HashMap<String, usize>,
}

impl Types<'_> {
    fn get(&self, name: &str) -> Option<&TypeDef> {
        self.index.get(name).map(|i| &self.defs[*i])
    }

    fn get_mut(&mut self, name: &str) -> Option<&mut TypeDef> {
        self.index.get(name).map(|i| &mut self.defs[*i])
    }

    fn push(&mut self, def: TypeDef) {
        self.index.insert(def.rust_name.clone(), self.defs.len());
        self.defs.push(def);
    }
}

/// One member's struct and the properties it pins, `(api name, value)` in field order.
struct Pins {
    owner: String,
    pinned: Vec<(String, ConstValue)>,
}

/// Settles every union in `types` (see the module docs). `components` holds the Rust names of
/// component types: those are shared, so they are never turned into constants in place.
pub(super) fn settle_unions(
    defs: &mut Vec<TypeDef>,
    components: &HashSet<String>,
    names: &mut Scope,
) {
    let index = defs
        .iter()
        .enumerate()
        .map(|(i, t)| (t.rust_name.clone(), i))
        .collect();
    let mut types = Types { defs, index };
    for position in 0..types.defs.len() {
        let TypeKind::Union(union) = &types.defs[position].kind else {
            continue;
        };
        let mut union = union.clone();
        let pins: Vec<Option<Pins>> = union
            .variants
            .iter()
            .map(|v| pins_of(&types, &v.ty))
            .collect();
        let strict = match union.tag.clone() {
            Some(tag) => prefer_pinned_values(&mut union, &pins, &tag),
            None => match implicit_tag(&pins) {
                Some(tag) => tag_by(&mut union, &pins, tag),
                None => all_pinned_fields(&pins),
            },
        };
        types.defs[position].kind = TypeKind::Union(union);
        for (owner, field) in strict {
            make_strict(&mut types, &owner, &field, components, names);
        }
    }
}

/// The struct a member's type is (through aliases) and what it pins; `None` for a member that
/// is not a struct.
fn pins_of(types: &Types<'_>, ty: &TypeRef) -> Option<Pins> {
    let mut ty = ty.clone();
    for _ in 0..=types.defs.len() {
        let TypeRef::Named(name) = &ty else {
            return None;
        };
        let def = types.get(name)?;
        match &def.kind {
            TypeKind::Alias(target) => ty = target.clone(),
            TypeKind::Struct(fields) => {
                let pinned = fields
                    .iter()
                    .filter_map(|f| Some((f.api_name.clone(), pinned_by(types, f)?)))
                    .collect();
                return Some(Pins {
                    owner: def.rust_name.clone(),
                    pinned,
                });
            }
            _ => return None,
        }
    }
    None
}

/// The one value a field allows: a one-value string enum, an integer the schema pins, or a
/// constant already.
fn pinned_by(types: &Types<'_>, field: &Field) -> Option<ConstValue> {
    if field.flatten || field.nullable {
        return None;
    }
    let named = match &field.ty {
        TypeRef::Named(name) => types.get(name).map(|t| &t.kind),
        _ => None,
    };
    match (named, field.pinned_integer) {
        (Some(TypeKind::Const(value)), _) => Some(value.clone()),
        (_, Some(integer)) => Some(ConstValue::Integer(integer)),
        (Some(TypeKind::Enum(variants)), None) if variants.len() == 1 => {
            Some(ConstValue::String(variants[0].api_value.clone()))
        }
        _ => None,
    }
}

/// The string a member pins `property` to (tags are strings).
fn pinned_value(pins: Option<&Pins>, property: &str) -> Option<String> {
    pins?
        .pinned
        .iter()
        .find(|(name, _)| name == property)
        .and_then(|(_, value)| match value {
            ConstValue::String(value) => Some(value.clone()),
            ConstValue::Integer(_) => None,
        })
}

/// The value a member pins `property` to, as tag text, and whether it is an integer.
fn pinned_tag(pins: Option<&Pins>, property: &str) -> Option<(String, bool)> {
    pins?
        .pinned
        .iter()
        .find(|(name, _)| name == property)
        .map(|(_, value)| match value {
            ConstValue::String(value) => (value.clone(), false),
            ConstValue::Integer(value) => (value.to_string(), true),
        })
}

/// A property every member (each a struct) pins, to a different value in each and all strings
/// or all integers (Discord's `type: {const: 2}`).
fn implicit_tag(pins: &[Option<Pins>]) -> Option<String> {
    let all: Vec<&Pins> = pins.iter().map(Option::as_ref).collect::<Option<_>>()?;
    let first = all.first()?;
    first.pinned.iter().map(|(name, _)| name).find_map(|name| {
        let mut seen = HashSet::new();
        let kind = pinned_tag(Some(first), name).map(|(_, integer)| integer);
        let distinct = all.iter().all(|p| {
            pinned_tag(Some(p), name)
                .is_some_and(|(value, integer)| Some(integer) == kind && seen.insert(value))
        });
        distinct.then(|| name.clone())
    })
}

/// A tagged union: each member whose tag values were not given by a `mapping` also accepts
/// the value it pins, and writes it (it goes first), unless another member already claims it.
/// Returns the tag fields to make strict: those whose pinned value chooses their member.
fn prefer_pinned_values(
    union: &mut Union,
    pins: &[Option<Pins>],
    tag: &str,
) -> Vec<(String, String)> {
    let claimed: HashSet<String> = union
        .variants
        .iter()
        .flat_map(|v| v.tag_values.iter().cloned())
        .collect();
    let pinned: Vec<Option<String>> = pins.iter().map(|p| pinned_value(p.as_ref(), tag)).collect();
    for (index, (variant, value)) in union.variants.iter_mut().zip(&pinned).enumerate() {
        let Some(value) = value.clone() else {
            continue;
        };
        // Members pinning the same value (told apart by another property): that value tries
        // each of them (a shared tag); their component names still choose one.
        let sharing: Vec<usize> = (0..pinned.len())
            .filter(|i| pinned[*i].as_ref() == Some(&value))
            .collect();
        if sharing.len() > 1 {
            let known = union.shared_tags.iter().any(|t| t.value == value);
            if sharing.first() == Some(&index) && !known && !claimed.contains(&value) {
                union.shared_tags.push(SharedTag {
                    value,
                    variants: sharing,
                });
            }
            continue;
        }
        if let Some(position) = variant.tag_values.iter().position(|v| *v == value) {
            let value = variant.tag_values.remove(position);
            variant.tag_values.insert(0, value);
        } else if variant.implicit_tag && !claimed.contains(&value) {
            variant.tag_values.insert(0, value);
        }
    }
    let mut strict = Vec::new();
    for (variant, pins) in union.variants.iter_mut().zip(pins) {
        let Some(pins) = pins else { continue };
        // A value the member pins that does not choose it (a `mapping` naming other values)
        // would make the member undecodable: such a tag field stays as it is.
        if pinned_value(Some(pins), tag).is_some_and(|v| variant.tag_values.first() == Some(&v)) {
            variant.constant_tag = true;
            strict.push((pins.owner.clone(), tag.to_owned()));
        }
    }
    strict
}

/// Makes an untagged union tagged on the property `tag` every member pins; returns the tag
/// fields to make strict.
fn tag_by(union: &mut Union, pins: &[Option<Pins>], tag: String) -> Vec<(String, String)> {
    for (variant, pins) in union.variants.iter_mut().zip(pins) {
        let pinned = pinned_tag(pins.as_ref(), &tag);
        // An integer tag is only ever chosen by its own value: nothing to rewrite (pinning
        // would write the integer as a string).
        variant.constant_tag = pinned.as_ref().is_some_and(|(_, integer)| !integer);
        variant.tag_values = pinned.map(|(value, _)| value).into_iter().collect();
        variant.implicit_tag = true;
    }
    let strict = pins
        .iter()
        .flatten()
        .map(|p| (p.owner.clone(), tag.clone()))
        .collect();
    union.tag = Some(tag);
    strict
}

fn all_pinned_fields(pins: &[Option<Pins>]) -> Vec<(String, String)> {
    pins.iter()
        .flatten()
        .flat_map(|p| {
            p.pinned
                .iter()
                .map(|(name, _)| (p.owner.clone(), name.clone()))
        })
        .collect()
}

/// Turns the field `property` of struct `owner` into a constant: its inline one-value enum
/// becomes one in place; a component enum (shared) is left alone and a constant type is made
/// for the field.
fn make_strict(
    types: &mut Types<'_>,
    owner: &str,
    property: &str,
    components: &HashSet<String>,
    names: &mut Scope,
) {
    let Some(field) = struct_field(types, owner, property) else {
        return;
    };
    if let Some(integer) = field.pinned_integer {
        // The field's type is the wider integer type; the constant is the field's own.
        if !matches!(&field.ty, TypeRef::Named(name) if matches!(types.get(name).map(|t| &t.kind), Some(TypeKind::Const(_))))
        {
            let rust_name = names.unique(naming::pascal(&format!("{owner}_{property}")));
            types.push(TypeDef {
                rust_name: rust_name.clone(),
                api_name: property.to_owned(),
                docs: Default::default(),
                kind: TypeKind::Const(ConstValue::Integer(integer)),
            });
            if let Some(field) = struct_field_mut(types, owner, property) {
                field.ty = TypeRef::Named(rust_name);
            }
        }
        return;
    }
    let TypeRef::Named(target) = field.ty.clone() else {
        return;
    };
    let Some(def) = types.get_mut(&target) else {
        return;
    };
    let value = match &def.kind {
        TypeKind::Enum(variants) if variants.len() == 1 => {
            ConstValue::String(variants[0].api_value.clone())
        }
        _ => return,
    };
    if !components.contains(&target) {
        def.kind = TypeKind::Const(value);
        return;
    }
    let (api_name, docs) = (def.api_name.clone(), def.docs.clone());
    // One constant per component enum, shared by every member pinning through it.
    let wanted = format!("{target}Const");
    let rust_name = match types.get(&wanted) {
        Some(known) if known.kind == TypeKind::Const(value.clone()) => wanted,
        _ => {
            let rust_name = names.unique(wanted);
            types.push(TypeDef {
                rust_name: rust_name.clone(),
                api_name,
                docs,
                kind: TypeKind::Const(value),
            });
            rust_name
        }
    };
    if let Some(field) = struct_field_mut(types, owner, property) {
        field.ty = TypeRef::Named(rust_name);
    }
}

fn struct_field<'t>(types: &'t Types<'_>, owner: &str, property: &str) -> Option<&'t Field> {
    match &types.get(owner)?.kind {
        TypeKind::Struct(fields) => fields.iter().find(|f| f.api_name == property && !f.flatten),
        _ => None,
    }
}

fn struct_field_mut<'t>(
    types: &'t mut Types<'_>,
    owner: &str,
    property: &str,
) -> Option<&'t mut Field> {
    match &mut types.get_mut(owner)?.kind {
        TypeKind::Struct(fields) => fields
            .iter_mut()
            .find(|f| f.api_name == property && !f.flatten),
        _ => None,
    }
}
