//! Resolving local `$ref`s. Only `#/components/<kind>/<name>` is supported; anything else is
//! reported with the reference and where it was found.

use openapiv3::ReferenceOr;

use crate::error::{Error, Pointer, SpecError};

/// The component name a `#/components/<kind>/<name>` reference points at.
pub(crate) fn component_name<'r>(
    reference: &'r str,
    kind: &str,
    at: &Pointer,
) -> Result<&'r str, Error> {
    if !reference.starts_with('#') {
        return Err(SpecError::unsupported(
            at.push("$ref"),
            format!("reference {reference:?} points into another document; external references are not supported yet"),
        ));
    }
    let prefix = format!("#/components/{kind}/");
    match reference.strip_prefix(&prefix) {
        Some(name) if !name.is_empty() && !name.contains('/') => Ok(name),
        _ => Err(SpecError::unsupported(
            at.push("$ref"),
            format!("reference {reference:?}: only references of the form `{prefix}<name>` are supported here"),
        )),
    }
}

/// Follows a reference to an item of `components.<kind>`, through chains of references.
pub(crate) fn resolve<'d, T>(
    item: &'d ReferenceOr<T>,
    kind: &str,
    lookup: impl Fn(&str) -> Option<&'d ReferenceOr<T>>,
    at: &Pointer,
) -> Result<(&'d T, Pointer), Error> {
    let mut current = item;
    let mut pointer = at.clone();
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(value) => return Ok((value, pointer)),
            ReferenceOr::Reference { reference } => {
                let name = component_name(reference, kind, &pointer)?;
                current = lookup(name).ok_or_else(|| {
                    SpecError::invalid(
                        pointer.push("$ref"),
                        format!("reference {reference:?} does not resolve: there is no `{name}` in `components.{kind}`"),
                    )
                })?;
                pointer = Pointer::root().push("components").push(kind).push(name);
            }
        }
    }
    Err(SpecError::invalid(
        at.push("$ref"),
        "reference cycle: the chain of `$ref`s never reaches a definition",
    ))
}
