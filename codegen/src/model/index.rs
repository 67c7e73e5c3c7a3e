//! [`TypeIndex`]: the relations between the model's types, computed once per use site instead
//! of by each stage that needs them (prune, validation emission, pagination).

use std::collections::{BTreeSet, HashMap};

use super::{Api, BodyKind, Field, Operation, PartKind, ResponseKind, TypeDef, TypeKind, TypeRef};

/// Lookups by Rust name and reachability over one set of type definitions.
pub(crate) struct TypeIndex<'a> {
    by_name: HashMap<&'a str, &'a TypeDef>,
}

impl<'a> TypeIndex<'a> {
    pub(crate) fn new(types: &'a [TypeDef]) -> Self {
        let by_name = types.iter().map(|t| (t.rust_name.as_str(), t)).collect();
        TypeIndex { by_name }
    }

    /// The definition named `name`, if there is one.
    pub(crate) fn get(&self, name: &str) -> Option<&'a TypeDef> {
        self.by_name.get(name).copied()
    }

    pub(crate) fn kind(&self, name: &str) -> Option<&'a TypeKind> {
        self.get(name).map(|t| &t.kind)
    }

    /// Follows type aliases to what they name (bounded: alias cycles are rejected by lowering,
    /// and a cycle here ends after as many steps as there are types).
    pub(crate) fn resolve_alias(&self, mut ty: TypeRef) -> TypeRef {
        for _ in 0..=self.by_name.len() {
            let TypeRef::Named(name) = &ty else { return ty };
            match self.kind(name) {
                Some(TypeKind::Alias(target)) => ty = target.clone(),
                _ => return ty,
            }
        }
        ty
    }

    /// The fields of the struct `ty` names (through aliases), if it names a struct.
    pub(crate) fn struct_fields(&self, ty: &TypeRef) -> Option<&'a [Field]> {
        match self.resolve_alias(ty.clone()) {
            TypeRef::Named(name) => match self.kind(&name)? {
                TypeKind::Struct(fields) => Some(fields),
                _ => None,
            },
            _ => None,
        }
    }

    /// Names of the named types `roots` reach, directly or through other types.
    pub(crate) fn reachable<'r>(
        &self,
        roots: impl IntoIterator<Item = &'r TypeRef>,
    ) -> BTreeSet<String>
    where
        'a: 'r,
    {
        let mut seen = BTreeSet::new();
        let mut pending: Vec<&TypeRef> = roots.into_iter().collect();
        while let Some(ty) = pending.pop() {
            for name in named_in(ty) {
                if seen.insert(name.to_owned()) {
                    pending.extend(self.kind(name).into_iter().flat_map(TypeKind::held_types));
                }
            }
        }
        seen
    }
}

/// Where the types of an API travel: computed once from its operations.
pub(crate) struct ApiReach {
    /// Types any operation mentions (what pruning keeps).
    pub(crate) used: BTreeSet<String>,
    /// Types a request carries in a JSON or form body or in a parameter the caller passes
    /// (what is checked before sending).
    pub(crate) requests: BTreeSet<String>,
    /// Types a request can encode: `requests`, the parameters the client itself sets, and
    /// the parts of multipart bodies (what needs `Serialize`).
    pub(crate) sent: BTreeSet<String>,
    /// Types a response can decode: success bodies (every outcome), documented error bodies
    /// and page items (what needs `Deserialize`).
    pub(crate) received: BTreeSet<String>,
}

impl ApiReach {
    pub(crate) fn new(api: &Api, index: &TypeIndex<'_>) -> Self {
        let used = index.reachable(api.operations.iter().flat_map(operation_types));
        let bodies = api
            .operations
            .iter()
            .filter_map(|op| op.body.as_ref()?.model_type());
        let params = api
            .operations
            .iter()
            .flat_map(|op| &op.params)
            .filter(|p| p.client_param.is_none())
            .map(|p| &p.ty);
        let requests = index.reachable(bodies.chain(params));
        let mut sent = requests.clone();
        sent.extend(index.reachable(api.operations.iter().flat_map(sent_extra)));
        let received = index.reachable(api.operations.iter().flat_map(received_types));
        ApiReach {
            used,
            requests,
            sent,
            received,
        }
    }
}

/// What an operation sends besides its validated body and parameters: the parameters the
/// client sets itself and the parts of a multipart body.
fn sent_extra(op: &Operation) -> Vec<&TypeRef> {
    let mut types: Vec<&TypeRef> = op
        .params
        .iter()
        .filter(|p| p.client_param.is_some())
        .map(|p| &p.ty)
        .collect();
    if let Some(BodyKind::Multipart(multipart)) = op.body.as_ref().map(|b| &b.kind) {
        types.extend(multipart.fields.iter().filter_map(|f| match &f.part {
            PartKind::Text(ty) | PartKind::Json(ty) => Some(ty),
            PartKind::File => None,
        }));
    }
    types
}

/// What an operation decodes: its success bodies, documented error bodies and page items.
fn received_types(op: &Operation) -> Vec<&TypeRef> {
    let mut types = Vec::new();
    match &op.response {
        ResponseKind::Json(ty) => types.push(ty),
        ResponseKind::Several(outcomes) => {
            types.extend(outcomes.variants.iter().filter_map(|v| match &v.body {
                ResponseKind::Json(ty) => Some(ty),
                _ => None,
            }))
        }
        ResponseKind::Events(data) => types.extend(data),
        ResponseKind::Text | ResponseKind::Bytes | ResponseKind::Empty => {}
    }
    if let Some(ResponseKind::Events(Some(data))) = op.stream.as_ref().map(|s| &s.response) {
        types.push(data);
    }
    types.extend(op.errors.iter().filter_map(|e| e.body.as_ref()));
    types.extend(op.pagination.as_ref().map(|p| &p.item_ty));
    types
}

/// The named types inside a type (through lists, maps and nullability).
pub(crate) fn named_in(ty: &TypeRef) -> Vec<&str> {
    match ty {
        TypeRef::Named(name) => vec![name.as_str()],
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named_in(inner),
        TypeRef::String
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U64
        | TypeRef::U32
        | TypeRef::U16
        | TypeRef::U8
        | TypeRef::F64
        | TypeRef::Bool
        | TypeRef::Json
        | TypeRef::Formatted(_)
        | TypeRef::External(_) => Vec::new(),
    }
}

/// Every type an operation mentions: parameters, body (and multipart fields), responses
/// (every outcome), documented error bodies, page items.
pub(crate) fn operation_types(op: &Operation) -> Vec<&TypeRef> {
    let mut types: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    match op.body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Json(ty) | BodyKind::Form(ty)) => types.push(ty),
        Some(BodyKind::Multipart(multipart)) => {
            types.extend(multipart.fields.iter().filter_map(|f| match &f.part {
                PartKind::Text(ty) | PartKind::Json(ty) => Some(ty),
                PartKind::File => None,
            }))
        }
        Some(BodyKind::MultipartParts | BodyKind::Text | BodyKind::Binary) | None => {}
    }
    types.extend(received_types(op));
    types
}
