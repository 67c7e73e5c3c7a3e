//! How a parameter's value is written (`style`, `explode`), checked against its type.
//!
//! Scalars are sent as they are and lists in the query as repeated keys by default; those
//! need no style. Other lists and objects get the style the spec gives; what no style can
//! write (lists of objects, `matrix`/`label` paths) is a located error.

use openapiv3::{Parameter, PathStyle, QueryStyle};

use super::schema::is_scalar;
use super::Lowerer;
use crate::error::{Error, Pointer, SpecError};
use crate::model::{ParamStyle, TypeKind, TypeRef};

pub(super) fn style_of(
    lowerer: &Lowerer<'_>,
    param: &Parameter,
    ty: &TypeRef,
    at: &Pointer,
) -> Result<Option<ParamStyle>, Error> {
    let data = param.parameter_data_ref();
    let shape = shape(lowerer, ty, 0);
    if shape == Shape::Scalar {
        return Ok(None);
    }
    let unsupported = |why: &str| {
        Err(SpecError::unsupported(
            at.push("schema"),
            format!(
                "parameter {:?}: {why}; describe it with `content: application/json` or as scalars",
                data.name
            ),
        ))
    };
    if shape == Shape::Other {
        // Lists of objects (or of lists) have no standard text form; JSON text is what the
        // services that take them expect (Box's `mdfilters`).
        return Ok(Some(ParamStyle::Json));
    }
    let style = match param {
        Parameter::Query { style, .. } => {
            // `explode` defaults to true for `form`, false otherwise.
            let explode = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
            match style {
                // The emitter repeats the key for a `Vec` itself; a list behind a `$ref`
                // (an alias) is written by the runtime's styling instead.
                QueryStyle::Form if explode && shape == Shape::List && is_vec(ty) => {
                    return Ok(None)
                }
                QueryStyle::Form => ParamStyle::Form { explode },
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                // Lists too: Stripe's `expand[]=a&expand[]=b` (284 of its 302 deepObject
                // parameters); OpenAPI leaves lists undefined, and this is the common reading.
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            }
        }
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => ParamStyle::Simple {
                explode: data.explode.unwrap_or(false),
            },
            PathStyle::Matrix | PathStyle::Label => {
                return unsupported("`matrix` and `label` path styles are not supported yet")
            }
        },
        Parameter::Header { .. } => ParamStyle::Simple {
            explode: data.explode.unwrap_or(false),
        },
        // Cookies are `form`, but with one value each: `a,b`.
        Parameter::Cookie { .. } => ParamStyle::Form { explode: false },
    };
    Ok(Some(style))
}

/// A list written as one, not through an alias.
fn is_vec(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Vec(_))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Scalar,
    /// A list of scalars.
    List,
    /// An object of scalar fields (or a map of them), or a union: written by serializing.
    Object,
    Other,
}

/// `depth` bounds alias chains (cycles are reported later, by the recursion pass).
fn shape(lowerer: &Lowerer<'_>, ty: &TypeRef, depth: usize) -> Shape {
    if is_scalar(lowerer, ty, 0) {
        return Shape::Scalar;
    }
    match ty {
        // Untyped items are written as scalars are (anything nested as JSON text).
        TypeRef::Vec(item) if is_scalar(lowerer, item, 0) || **item == TypeRef::Json => Shape::List,
        // A user's type (`x-rust-type`) is written as it serializes: serde is all it promises.
        TypeRef::Map(_) | TypeRef::Json | TypeRef::External(_) => Shape::Object,
        // A `$ref` to a nullable scalar (GitHub's `tool_guid`): an `Option` that only a
        // serializing style writes; a null is left out as an unset object would be.
        // Also a nullable list or map (OpenAI's `Metadata`).
        TypeRef::Nullable(inner) if shape(lowerer, inner, depth + 1) != Shape::Other => {
            Shape::Object
        }
        TypeRef::Named(name) if depth < 32 => match lowerer
            .types
            .iter()
            .find(|t| &t.rust_name == name)
            .map(|t| &t.kind)
        {
            Some(TypeKind::Struct(_)) => Shape::Object,
            Some(TypeKind::Alias(target)) => shape(lowerer, target, depth + 1),
            // `oneOf`/`anyOf` (GitHub's `cwes`: a string or a list; Oxide's `NameOrId`):
            // written as whatever the value serializes to.
            Some(TypeKind::Union(_)) => Shape::Object,
            _ => Shape::Other,
        },
        _ => Shape::Other,
    }
}
