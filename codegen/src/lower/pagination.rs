//! `x-pagination`: which query parameter carries the marker, and where the next marker and
//! the items are in the response body (JSON pointers). Checked against the lowered types, so
//! the generated all-pages method always compiles.

use super::Lowerer;
use crate::error::{Error, Pointer, SpecError};
use crate::model::{
    FieldStep, Pagination, PaginationStyle, Param, ParamLocation, ResponseKind, TypeIndex, TypeRef,
};

/// Reads the extension of one operation, if present.
pub(super) fn lower_pagination(
    lowerer: &Lowerer<'_>,
    extension: Option<&serde_json::Value>,
    params: &[Param],
    response: &ResponseKind,
    names: [String; 3],
    at: &Pointer,
) -> Result<Option<Pagination>, Error> {
    let Some(extension) = extension else {
        return Ok(None);
    };
    let at = at.push("x-pagination");
    let text = |key: &str| {
        extension.get(key).and_then(|v| v.as_str()).ok_or_else(|| {
            SpecError::invalid(
                at.push(key),
                format!("`x-pagination` needs `{key}` (a string)"),
            )
        })
    };
    let style = match extension.get("style").map(|v| v.as_str()) {
        None | Some(Some("marker")) => PaginationStyle::Marker,
        Some(Some("offset")) => PaginationStyle::Offset,
        Some(Some("page")) => PaginationStyle::PageNumber,
        Some(Some("link")) => PaginationStyle::Link,
        Some(_) => {
            return Err(SpecError::invalid(
                at.push("style"),
                "`style` must be `marker`, `offset`, `page` or `link`",
            ))
        }
    };
    // The marker style names its parameter `marker` (as it always has); the others `param`.
    let param_key = match style {
        PaginationStyle::Marker => "marker",
        _ => "param",
    };
    let marker = text(param_key)?;
    let marker_param = params
        .iter()
        .position(|p| {
            p.location == ParamLocation::Query && p.api_name == marker && p.client_param.is_none()
        })
        .filter(|i| !params[*i].required && param_type_fits(style, &params[*i].ty))
        .ok_or_else(|| {
            let kind = match style {
                PaginationStyle::Marker => "string",
                PaginationStyle::Offset | PaginationStyle::PageNumber => "integer",
                PaginationStyle::Link => "string or integer",
            };
            SpecError::invalid(
                at.push(param_key),
                format!("`{marker}` must be an optional query parameter of this operation, of type {kind}"),
            )
        })?;
    let ResponseKind::Json(body) = response else {
        return Err(SpecError::invalid(
            at.clone(),
            "a paginated operation must return a JSON body",
        ));
    };
    // Built here, not once per lowering: the types of later operations do not exist yet.
    let types = TypeIndex::new(&lowerer.types);
    let next_marker = match style {
        PaginationStyle::Marker => {
            let (steps, next_ty) =
                follow(&types, body, text("next-marker")?, &at.push("next-marker"))?;
            if next_ty != TypeRef::String {
                return Err(SpecError::invalid(
                    at.push("next-marker"),
                    "the next marker must be a string field",
                ));
            }
            steps
        }
        _ => Vec::new(),
    };
    let (items, items_ty) = match text("items")? {
        // The body is the list itself (GitHub's style).
        "" => (Vec::new(), types.resolve_alias(body.clone())),
        pointer => follow(&types, body, pointer, &at.push("items"))?,
    };
    let TypeRef::Vec(item_ty) = items_ty else {
        return Err(SpecError::invalid(
            at.push("items"),
            "the items must be an array field",
        ));
    };
    let [rust_name, pages_name, items_name] = names;
    Ok(Some(Pagination {
        style,
        rust_name,
        pages_name,
        items_name,
        marker_param,
        next_marker,
        items,
        item_ty: *item_ty,
    }))
}

fn param_type_fits(style: PaginationStyle, ty: &TypeRef) -> bool {
    let integer = matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::U64);
    match style {
        PaginationStyle::Marker => *ty == TypeRef::String,
        PaginationStyle::Offset | PaginationStyle::PageNumber => integer,
        PaginationStyle::Link => integer || *ty == TypeRef::String,
    }
}

/// Walks a JSON pointer through struct fields, from the type `start`.
fn follow(
    types: &TypeIndex<'_>,
    start: &TypeRef,
    pointer: &str,
    at: &Pointer,
) -> Result<(Vec<FieldStep>, TypeRef), Error> {
    let mut steps = Vec::new();
    let mut current = start.clone();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let fields = types.struct_fields(&current).ok_or_else(|| {
            SpecError::invalid(
                at.clone(),
                format!("`{pointer}`: `{segment}` is not inside an object"),
            )
        })?;
        let field = fields
            .iter()
            .find(|f| f.api_name == segment)
            .ok_or_else(|| {
                SpecError::invalid(
                    at.clone(),
                    format!("`{pointer}`: the response has no field `{segment}` there"),
                )
            })?;
        steps.push(FieldStep {
            rust_name: field.rust_name.clone(),
            optional: !field.required || field.nullable,
            three_state: field.three_state(),
        });
        current = field.ty.clone();
    }
    if steps.is_empty() {
        return Err(SpecError::invalid(
            at.clone(),
            format!("`{pointer}` must point at a field, like `/page_info/next_marker`"),
        ));
    }
    Ok((steps, types.resolve_alias(current)))
}
