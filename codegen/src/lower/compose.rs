//! Composed schemas: `oneOf`/`anyOf` become unions (tagged where a `discriminator` names the
//! tag), `allOf` becomes one struct holding every member's properties.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::docs::schema_docs;
use super::schema::{
    define_enum, define_name, hint_name, named_ref, object_type, type_of, NameHint, ObjectParts,
};
use super::Lowerer;
use crate::error::{Error, Pointer, SpecError};
use crate::model::{TypeDef, TypeKind, TypeRef, Union, UnionVariant, Variant};
use crate::naming::{self, Scope};

/// How many references deep `allOf` members may lead before the schema is refused.
const MAX_ALL_OF_DEPTH: usize = 64;

/// One member of a union, lowered.
struct Member {
    ty: TypeRef,
    /// The variant name it suggests (a component's name, a title, or its kind).
    name: String,
    /// The component name, for members that are references (the implicit discriminator value).
    component: Option<String>,
    /// The single value the member's own tag property allows, for inline members.
    inline_tag: Option<String>,
    description: Option<String>,
}

/// `oneOf`/`anyOf` (`members` at `at`): a union of the members' types. A `null` member, or a
/// nullable one, makes the whole union nullable; a single remaining member is just its type.
pub(super) fn union(
    lowerer: &mut Lowerer<'_>,
    schema: &Schema,
    members: &[ReferenceOr<Schema>],
    hint: NameHint<'_>,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    let parent = hint_name(&hint).to_owned();
    union_within(lowerer, schema, members, hint, &parent, at)
}

/// [`union`], its inline members' types named `{prefix}{member}`: a union held beside
/// properties is named `{Object}Variant`, but its members read better as `{Object}{member}`
/// than as `{Object}Variant{member}`.
pub(super) fn union_within(
    lowerer: &mut Lowerer<'_>,
    schema: &Schema,
    members: &[ReferenceOr<Schema>],
    hint: NameHint<'_>,
    prefix: &str,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    let parent = prefix.to_owned();
    let tag = schema
        .schema_data
        .discriminator
        .as_ref()
        .map(|d| d.property_name.as_str());
    let mut nullable = false;
    let first_inline_type = lowerer.types.len();
    let mut lowered: Vec<Member> = Vec::with_capacity(members.len());
    for (index, member) in members.iter().enumerate() {
        let at = at.push(index.to_string());
        if is_null(member) {
            nullable = true;
            continue;
        }
        let suggested = suggested_name(members, index);
        let mut m = lower_member(lowerer, member, &parent, index, tag, suggested, &at)?;
        if matches!((&m.ty, hint), (TypeRef::Named(name), NameHint::Fixed(own)) if name == own) {
            // `A: {oneOf: [A, B]}` admits nothing `B` does not; as a variant it would recurse
            // forever while decoding.
            continue;
        }
        if let TypeRef::Nullable(inner) = m.ty {
            nullable = true;
            m.ty = *inner;
        }
        if !lowered.iter().any(|known| known.ty == m.ty) {
            lowered.push(m);
        }
    }
    let ty = match lowered.len() {
        0 => TypeRef::Json,
        1 => lowered.remove(0).ty,
        _ => match all_strings(lowerer, &lowered) {
            Some(values) => {
                // The members' own enums, defined just now, are replaced by the merged one.
                lowerer.types.truncate(first_inline_type);
                string_union(lowerer, schema, values, hint, at)?
            }
            None => define_union(lowerer, schema, lowered, tag, hint, at)?,
        },
    };
    Ok(if nullable { ty.nullable() } else { ty })
}

/// `{type: "null"}`, `{nullable: true}` alone or `{enum: [null]}`: the member that only admits
/// `null`.
fn is_null(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            let only_null_enum =
                !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_null());
            let untyped_nothing = any.typ.is_none()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.all_of.is_empty()
                && any.enumeration.is_empty()
                && any.format.is_none()
                && schema.schema_data.nullable;
            any.typ.as_deref() == Some("null") || only_null_enum || untyped_nothing
        }
        SchemaKind::Type(Type::String(s)) => {
            !s.enumeration.is_empty() && s.enumeration.iter().all(Option::is_none)
        }
        _ => false,
    }
}

fn lower_member(
    lowerer: &mut Lowerer<'_>,
    member: &ReferenceOr<Schema>,
    parent: &str,
    index: usize,
    tag: Option<&str>,
    suggested: Option<String>,
    at: &Pointer,
) -> Result<Member, Error> {
    match member {
        ReferenceOr::Reference { reference } => {
            let ty = named_ref(lowerer, reference, at)?;
            let component = super::refs::component_name(reference, "schemas", at)?.to_owned();
            let name = match &ty {
                TypeRef::Named(name) => name.clone(),
                _ => naming::pascal(&component),
            };
            Ok(Member {
                ty,
                name,
                component: Some(component),
                inline_tag: None,
                description: None,
            })
        }
        ReferenceOr::Item(schema) => {
            let title = schema
                .schema_data
                .title
                .as_deref()
                .map(naming::pascal)
                .or_else(|| suggested.map(|name| without_leading(&name, parent)));
            // Without a name of its own, the member's type is named for what it is: its
            // kind (`…Object`, `…Value`, made unique by number only when two members share
            // it), and an array's items after the union (`…Item`), which the union's
            // single-value member often is too (`oneOf: [X, {type: array, items: X}]`).
            let type_hint = match (&title, &schema.schema_kind) {
                (Some(title), _) => format!("{parent}{title}"),
                (None, _) if is_array(schema) => parent.to_owned(),
                (None, _) if member_parts(schema).is_some_and(|p| !p.properties.is_empty()) => {
                    format!("{parent}Object")
                }
                (None, _) => format!("{parent}Value"),
            };
            let ty = type_of(lowerer, member, &type_hint, at)?;
            let name = title.unwrap_or_else(|| kind_name(&ty, parent, index));
            Ok(Member {
                ty,
                name,
                component: None,
                inline_tag: tag.and_then(|tag| single_value_of(schema, tag)),
                description: schema.schema_data.description.clone(),
            })
        }
    }
}

/// A name for an inline member without a `title`, as a person would choose it: the value it
/// pins a property to (`type: {const: card}` → `Card`), else the first required property no
/// other member requires (`required: [email]` → `Email`), else the first property no other
/// member has. `None` leaves it to its kind.
fn suggested_name(members: &[ReferenceOr<Schema>], index: usize) -> Option<String> {
    let ReferenceOr::Item(schema) = members.get(index)? else {
        return None;
    };
    let own = member_parts(schema)?;
    let others: Vec<Parts<'_>> = members
        .iter()
        .enumerate()
        .filter(|(other, _)| *other != index)
        .filter_map(|(_, member)| match member {
            ReferenceOr::Item(m) => member_parts(m),
            ReferenceOr::Reference { .. } => None,
        })
        .collect();
    let pinned = own
        .properties
        .iter()
        .find_map(|(_, property)| match property {
            ReferenceOr::Item(p) => match &p.schema_kind {
                SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => {
                    s.enumeration[0].clone()
                }
                _ => None,
            },
            ReferenceOr::Reference { .. } => None,
        });
    let distinguishing = || {
        own.required
            .iter()
            .find(|name| others.iter().all(|o| !o.required.contains(name)))
            .map(|name| (*name).clone())
    };
    // Last, a property no other member has at all (`token` beside `authCode`).
    let only_here = || {
        own.properties
            .iter()
            .map(|(name, _)| *name)
            .find(|name| {
                others
                    .iter()
                    .all(|o| !o.properties.iter().any(|(p, _)| p == name))
            })
            .cloned()
    };
    let name = own_reference(members, index)
        .or(pinned)
        .or_else(distinguishing)
        .or_else(only_here)?;
    let name = naming::pascal(&name);
    // A name made of punctuation alone says nothing.
    (name != "Empty").then_some(name)
}

/// For an `allOf` member, the first component it extends that no other member does
/// (GitHub's rules: `allOf: [{$ref: repository-rule-creation}, {$ref: …-ruleset-info}]`).
fn own_reference(members: &[ReferenceOr<Schema>], index: usize) -> Option<String> {
    fn references(member: &ReferenceOr<Schema>) -> Vec<&str> {
        match member {
            ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::AllOf { all_of },
                ..
            }) => all_of
                .iter()
                .filter_map(|m| match m {
                    ReferenceOr::Reference { reference } => Some(reference.as_str()),
                    ReferenceOr::Item(_) => None,
                })
                .collect(),
            ReferenceOr::Reference { reference } => vec![reference.as_str()],
            ReferenceOr::Item(_) => Vec::new(),
        }
    }
    let ReferenceOr::Item(Schema {
        schema_kind: SchemaKind::AllOf { .. },
        ..
    }) = members.get(index)?
    else {
        return None;
    };
    let others: Vec<&str> = members
        .iter()
        .enumerate()
        .filter(|(other, _)| *other != index)
        .flat_map(|(_, m)| references(m))
        .collect();
    let own = references(&members[index])
        .into_iter()
        .find(|r| !others.contains(r))?;
    // The component's name: the last segment of a local reference.
    let name = own
        .rsplit('/')
        .next()?
        .replace("~1", "/")
        .replace("~0", "~");
    Some(name)
}

/// The properties and required names an inline member writes itself: an object's, and for
/// an `allOf` those of its inline members (`allOf: [{$ref: Base}, {properties: {image: …}}]`
/// is told apart by `image`; what `Base` holds, the other members share).
struct Parts<'s> {
    properties: Vec<(&'s String, &'s ReferenceOr<Box<Schema>>)>,
    required: Vec<&'s String>,
}

fn member_parts(schema: &Schema) -> Option<Parts<'_>> {
    let written: Vec<&Schema> = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of
            .iter()
            .filter_map(|m| match m {
                ReferenceOr::Item(m) => Some(m),
                ReferenceOr::Reference { .. } => None,
            })
            .collect(),
        _ => {
            object_parts(schema)?;
            vec![schema]
        }
    };
    let mut parts = Parts {
        properties: Vec::new(),
        required: Vec::new(),
    };
    for (properties, required) in written.into_iter().filter_map(object_parts) {
        parts.properties.extend(properties.iter());
        parts.required.extend(required.iter());
    }
    Some(parts)
}

/// `name` without the words it begins with in common with `parent` (`RepositoryRuleCreation`
/// in `RepositoryRuleDetailed` → `Creation`): the variant is read after its union's name.
fn without_leading(name: &str, parent: &str) -> String {
    let starts = |s: &str| -> Vec<usize> {
        s.char_indices()
            .filter(|(i, c)| *i == 0 || c.is_ascii_uppercase())
            .map(|(i, _)| i)
            .chain([s.len()])
            .collect()
    };
    let (ours, theirs) = (starts(name), starts(parent));
    let mut shared = 0;
    for (w, pair) in ours.windows(2).enumerate() {
        let word = &name[pair[0]..pair[1]];
        match theirs.get(w..w + 2) {
            Some([a, b]) if &parent[*a..*b] == word => shared = pair[1],
            _ => break,
        }
    }
    match &name[shared..] {
        rest if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) => {
            name.to_owned()
        }
        rest => rest.to_owned(),
    }
}

/// Whether an inline schema is an array (`type: array`, or untyped with `items`).
fn is_array(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(_)) => true,
        SchemaKind::Any(any) => any.items.is_some() && any.properties.is_empty(),
        _ => false,
    }
}

/// An object schema's properties, by name.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// An object schema's properties and required names.
fn object_parts(schema: &Schema) -> Option<(&Properties, &Vec<String>)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some((&object.properties, &object.required)),
        SchemaKind::Any(any) => Some((&any.properties, &any.required)),
        _ => None,
    }
}

/// A variant name for an inline member from what it is.
fn kind_name(ty: &TypeRef, parent: &str, index: usize) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U64 | TypeRef::U32 | TypeRef::U16 | TypeRef::U8 => {
            "Integer".to_owned()
        }
        TypeRef::F64 => "Number".to_owned(),
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::Vec(_) => "Array".to_owned(),
        TypeRef::Map(_) => "Object".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::Formatted(format) => format.type_name().to_owned(),
        TypeRef::External(path) => path.last_name().to_owned(),
        TypeRef::Nullable(inner) => kind_name(inner, parent, index),
        TypeRef::Named(name) => match name.strip_prefix(parent) {
            Some(rest) if !rest.is_empty() => rest.to_owned(),
            // A type of its own (an inline `allOf` of one reference): its name says it.
            None => name.clone(),
            _ => format!("Variant{index}"),
        },
    }
}

/// The one string an inline member's `tag` property allows (`enum: [x]`).
fn single_value_of(schema: &Schema, tag: &str) -> Option<String> {
    let properties = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => &object.properties,
        SchemaKind::Any(any) => &any.properties,
        _ => return None,
    };
    let ReferenceOr::Item(property) = properties.get(tag)? else {
        return None;
    };
    match &property.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => s.enumeration[0].clone(),
        _ => None,
    }
}

/// When every member is a string (or a string enum), the wire values of a merged enum —
/// `None` as a value stands for "any string". An untagged union could never tell them apart.
fn all_strings(lowerer: &Lowerer<'_>, members: &[Member]) -> Option<Vec<Option<String>>> {
    let mut values = Vec::new();
    for member in members {
        match &member.ty {
            // A formatted string among other strings: the union is text either way.
            TypeRef::String | TypeRef::Formatted(_) => values.push(None),
            TypeRef::Named(name) => {
                let variants = enum_variants(lowerer, name)?;
                values.extend(variants.iter().map(|v| Some(v.api_value.clone())));
            }
            _ => return None,
        }
    }
    Some(values)
}

fn enum_variants<'l>(lowerer: &'l Lowerer<'_>, name: &str) -> Option<&'l [Variant]> {
    lowerer.types.iter().rev().find_map(|def| match &def.kind {
        TypeKind::Enum(variants) if def.rust_name == name => Some(variants.as_slice()),
        _ => None,
    })
}

/// Strings only: a plain string if any member allows every string, else one enum of all the
/// members' values.
fn string_union(
    lowerer: &mut Lowerer<'_>,
    schema: &Schema,
    values: Vec<Option<String>>,
    hint: NameHint<'_>,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    if values.iter().any(Option::is_none) {
        return Ok(TypeRef::String);
    }
    define_enum(lowerer, schema, &values, hint, at)
}

fn define_union(
    lowerer: &mut Lowerer<'_>,
    schema: &Schema,
    members: Vec<Member>,
    tag: Option<&str>,
    hint: NameHint<'_>,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    let tag_values = match tag {
        Some(tag) => tag_values(schema, &members, tag, at)?,
        None => None,
    };
    let mapped: Vec<bool> = members
        .iter()
        .map(|m| named_by_mapping(schema, m))
        .collect();
    let mut names = Scope::new();
    names.reserve("Unknown");
    let mut variants: Vec<UnionVariant> = members
        .into_iter()
        .enumerate()
        .map(|(index, m)| UnionVariant {
            rust_name: names.unique(naming::pascal(&m.name)),
            ty: m.ty,
            tag_values: tag_values
                .as_ref()
                .and_then(|values| values.get(index).cloned())
                .unwrap_or_default(),
            implicit_tag: !mapped.get(index).copied().unwrap_or(false),
            constant_tag: false,
            boxed: false,
            indirect: false,
            description: m.description,
        })
        .collect();
    if tag_values.is_none() {
        // Untagged: the first variant that decodes wins, so those that accept anything go last.
        variants.sort_by_key(|v| matches!(v.ty, TypeRef::Json | TypeRef::Map(_)));
    }
    let rust_name = define_name(lowerer, hint);
    let slot = lowerer.types.len();
    lowerer.types.push(TypeDef {
        rust_name,
        api_name: hint_name(&hint).to_owned(),
        docs: schema_docs(schema),
        kind: TypeKind::Union(Union {
            variants,
            tag: tag_values.map(|_| tag.unwrap_or_default().to_owned()),
            shared_tags: Vec::new(),
        }),
    });
    Ok(TypeRef::Named(lowerer.share_shape(
        slot,
        hint,
        schema.schema_data.title.as_deref(),
    )))
}

/// Whether the discriminator's `mapping` names this member (its tag values are then given).
fn named_by_mapping(schema: &Schema, member: &Member) -> bool {
    let mapping = schema
        .schema_data
        .discriminator
        .as_ref()
        .map(|d| &d.mapping);
    mapping
        .into_iter()
        .flatten()
        .any(|(_, target)| member.component.as_deref() == Some(mapping_target(target)))
}

/// The component a `mapping` value names, by reference or by bare component name.
fn mapping_target(target: &str) -> &str {
    target.rsplit('/').next().unwrap_or(target)
}

/// The discriminator values of each member: from `mapping`, else the component's name, else
/// the single value an inline member's tag property allows. `None` (an untagged union) when
/// some member has no value at all.
fn tag_values(
    schema: &Schema,
    members: &[Member],
    tag: &str,
    at: &Pointer,
) -> Result<Option<Vec<Vec<String>>>, Error> {
    let mapping = schema
        .schema_data
        .discriminator
        .as_ref()
        .map(|d| &d.mapping);
    let mut values = vec![Vec::new(); members.len()];
    for (value, target) in mapping.into_iter().flatten() {
        let target_name = mapping_target(target);
        if let Some(index) = members
            .iter()
            .position(|m| m.component.as_deref() == Some(target_name))
        {
            values[index].push(value.clone());
        }
    }
    for (index, member) in members.iter().enumerate() {
        if values[index].is_empty() {
            let implicit = member
                .component
                .clone()
                .or_else(|| member.inline_tag.clone());
            values[index].extend(implicit);
        }
        if values[index].is_empty() {
            return Ok(None);
        }
    }
    let mut seen = std::collections::HashSet::new();
    for value in values.iter().flatten() {
        if !seen.insert(value) {
            return Err(SpecError::invalid(
                at.clone(),
                format!("discriminator `{tag}`: the value {value:?} chooses more than one member"),
            ));
        }
    }
    Ok(Some(values))
}

/// `allOf`: the members' properties gathered into one struct (with `own`, the properties
/// written beside `allOf`). Members that only annotate (a description, `nullable`) add
/// nothing; a single member that is not an object is that member's type.
pub(super) fn all_of(
    lowerer: &mut Lowerer<'_>,
    schema: &Schema,
    members: &[ReferenceOr<Schema>],
    own: ObjectParts<'_>,
    hint: NameHint<'_>,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    let at_all_of = at.push("allOf");
    let substantive: Vec<usize> = (0..members.len())
        .filter(|i| !is_annotation(&members[*i]))
        .collect();
    if let ([only], true) = (substantive.as_slice(), own.is_empty()) {
        // `allOf: [{$ref: X}]` (often with a description or `nullable` beside it) is just `X`.
        let member = &members[*only];
        let ty = type_of(
            lowerer,
            member,
            hint_name(&hint),
            &at_all_of.push(only.to_string()),
        )?;
        let nullable = members
            .iter()
            .any(|m| matches!(m, ReferenceOr::Item(s) if s.schema_data.nullable));
        return Ok(if nullable { ty.nullable() } else { ty });
    }
    let doc = lowerer.doc;
    let mut gathered = Gathered {
        parts: ObjectParts::default(),
        others: Vec::new(),
        nullable: false,
        visited: std::collections::HashSet::new(),
    };
    for (index, member) in members.iter().enumerate() {
        gather(
            doc,
            member,
            &at_all_of.push(index.to_string()),
            0,
            &mut gathered,
        )?;
    }
    // The members' properties first, as a reader of the base-then-extension pattern expects.
    gathered.parts.extend(own);
    let Gathered {
        mut parts,
        mut others,
        nullable,
        ..
    } = gathered;
    let all_unions = others.iter().all(|(member, _)| is_union(doc, member));
    let ty = if parts.is_empty() && (others.len() <= 1 || !all_unions) {
        match others.len() {
            0 => TypeRef::Json,
            1 => {
                let (member, at) = others.remove(0);
                type_of(lowerer, member, hint_name(&hint), &at)?
            }
            _ => same_type(lowerer, others, hint)?,
        }
    } else {
        // Unions among object members: their fields sit beside the gathered properties.
        let numbered = others.len() > 1;
        for (index, (member, at)) in others.into_iter().enumerate() {
            if !is_union(doc, member) {
                return Err(SpecError::unsupported(
                    at,
                    "an `allOf` member that is neither an object nor a union, beside members that are, is not supported",
                ));
            }
            let variant_hint = match numbered {
                true => format!("{}Variant{index}", hint_name(&hint)),
                false => format!("{}Variant", hint_name(&hint)),
            };
            parts
                .flattened
                .push(type_of(lowerer, member, &variant_hint, &at)?);
        }
        object_type(lowerer, schema, parts, hint)?
    };
    // `allOf: [{$ref: X}, {nullable: true}]` is how some specs write a nullable reference.
    Ok(if nullable { ty.nullable() } else { ty })
}

/// Several non-object `allOf` members. A reference among them names the type, the others
/// only constrain it (`allOf: [{$ref: Slug}, {type: string, nullable: true}]` is common);
/// inline members alone must all lower to one type.
fn same_type(
    lowerer: &mut Lowerer<'_>,
    others: Vec<(&ReferenceOr<Schema>, Pointer)>,
    hint: NameHint<'_>,
) -> Result<TypeRef, Error> {
    if let Some((member, at)) = others
        .iter()
        .find(|(m, _)| matches!(m, ReferenceOr::Reference { .. }))
    {
        return type_of(lowerer, *member, hint_name(&hint), at);
    }
    let mut found: Option<TypeRef> = None;
    for (member, at) in &others {
        let ty = type_of(lowerer, *member, hint_name(&hint), at)?;
        match &found {
            Some(known) if *known != ty => {
                return Err(SpecError::unsupported(
                    at.clone(),
                    "`allOf` members of different non-object types are not supported",
                ))
            }
            _ => found = Some(ty),
        }
    }
    Ok(found.unwrap_or(TypeRef::Json))
}

struct Gathered<'d> {
    parts: ObjectParts<'d>,
    /// Members that are neither objects nor annotations, with where they are.
    others: Vec<(&'d ReferenceOr<Schema>, Pointer)>,
    nullable: bool,
    /// Components already gathered: a second visit adds nothing, and skipping it keeps
    /// diamond-shaped `allOf` graphs linear instead of exponential.
    visited: std::collections::HashSet<&'d str>,
}

/// Adds one `allOf` member to `into`, following references and nested `allOf`s.
fn gather<'d>(
    doc: &'d openapiv3::OpenAPI,
    member: &'d ReferenceOr<Schema>,
    at: &Pointer,
    depth: usize,
    into: &mut Gathered<'d>,
) -> Result<(), Error> {
    if depth > MAX_ALL_OF_DEPTH {
        return Err(SpecError::invalid(
            at.clone(),
            format!("`allOf` nests more than {MAX_ALL_OF_DEPTH} levels deep (through references): is it a cycle?"),
        ));
    }
    let (schema, at) = match member {
        ReferenceOr::Reference { reference } => {
            let name = super::refs::component_name(reference, "schemas", at)?;
            let target = doc
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(name))
                .ok_or_else(|| {
                    SpecError::invalid(
                        at.push("$ref"),
                        format!("reference {reference:?} does not resolve: there is no `{name}` in `components.schemas`"),
                    )
                })?;
            let target_at = Pointer::root()
                .push("components")
                .push("schemas")
                .push(name);
            if !into.visited.insert(name) {
                return Ok(());
            }
            if !is_object_like(target) {
                into.others.push((member, at.clone()));
                return Ok(());
            }
            return gather(doc, target, &target_at, depth + 1, into);
        }
        ReferenceOr::Item(schema) => (schema, at.clone()),
    };
    into.nullable |= schema.schema_data.nullable;
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            into.parts.add(
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                &at,
            );
        }
        SchemaKind::AllOf { all_of } => {
            gather_all_of(doc, all_of, &at, depth, into)?;
        }
        SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => {
            into.parts.add(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                &at,
            );
            gather_all_of(doc, &any.all_of, &at, depth, into)?;
            let typed_other = matches!(any.typ.as_deref(), Some(t) if t != "object")
                || any.items.is_some()
                || !any.enumeration.is_empty();
            if typed_other {
                into.others.push((member, at));
            }
        }
        _ => into.others.push((member, at)),
    }
    Ok(())
}

/// A member that only annotates: no type, no properties, no composition (a description,
/// `nullable`, a default).
fn is_annotation(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => *any == openapiv3::AnySchema::default(),
            _ => false,
        },
    }
}

/// Gathers the members of a nested `allOf` found at `at`.
fn gather_all_of<'d>(
    doc: &'d openapiv3::OpenAPI,
    members: &'d [ReferenceOr<Schema>],
    at: &Pointer,
    depth: usize,
    into: &mut Gathered<'d>,
) -> Result<(), Error> {
    for (index, inner) in members.iter().enumerate() {
        gather(
            doc,
            inner,
            &at.push("allOf").push(index.to_string()),
            depth,
            into,
        )?;
    }
    Ok(())
}

/// Whether a member is (a reference to) a `oneOf`/`anyOf` union.
fn is_union(doc: &openapiv3::OpenAPI, member: &ReferenceOr<Schema>) -> bool {
    let mut current = member;
    // Reference chains are bounded; a longer one is not a union worth flattening.
    for _ in 0..32 {
        match current {
            ReferenceOr::Reference { reference } => {
                let Ok(name) = super::refs::component_name(reference, "schemas", &Pointer::root())
                else {
                    return false;
                };
                match doc.components.as_ref().and_then(|c| c.schemas.get(name)) {
                    Some(target) => current = target,
                    None => return false,
                }
            }
            ReferenceOr::Item(schema) => {
                return match &schema.schema_kind {
                    SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
                    SchemaKind::Any(any) => !any.one_of.is_empty() || !any.any_of.is_empty(),
                    _ => false,
                }
            }
        }
    }
    false
}

/// Whether a component contributes properties to an `allOf` (rather than being a type of its
/// own, like an enum or a union, that the merged struct cannot absorb).
fn is_object_like(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
            SchemaKind::Any(any) => {
                any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && (!any.properties.is_empty()
                        || any.additional_properties.is_some()
                        || !any.all_of.is_empty()
                        || any.typ.as_deref() == Some("object"))
            }
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_name_drops_the_words_its_union_begins_with() {
        assert_eq!(
            without_leading("RepositoryRuleCreation", "RepositoryRuleDetailed"),
            "Creation"
        );
        assert_eq!(without_leading("Token", "AddDomainRequestBody"), "Token");
        // Nothing would be left, or only a number: the whole name stays.
        assert_eq!(without_leading("PetStore", "PetStore"), "PetStore");
        assert_eq!(without_leading("Pet2", "Pet"), "Pet2");
    }

    #[test]
    fn an_all_of_member_is_named_by_the_component_only_it_extends() {
        let members: Vec<ReferenceOr<Schema>> = serde_json::from_value(serde_json::json!([
            {"allOf": [{"$ref": "#/components/schemas/rule-creation"},
                       {"$ref": "#/components/schemas/ruleset-info"}]},
            {"allOf": [{"$ref": "#/components/schemas/rule-update"},
                       {"$ref": "#/components/schemas/ruleset-info"}]},
            {"allOf": [{"$ref": "#/components/schemas/ruleset-info"}]}
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(own_reference(&members, 0).as_deref(), Some("rule-creation"));
        assert_eq!(own_reference(&members, 1).as_deref(), Some("rule-update"));
        assert_eq!(own_reference(&members, 2), None);
    }
}
