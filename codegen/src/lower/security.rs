//! `securitySchemes` and `security` requirements: how the client authenticates.
//!
//! Schemes become builder settings; requirements become lists of scheme indexes that the
//! runtime checks against the credentials set. The vendor's AK/SK signer (`x-signer`) is
//! handled by [`super::lower_signing`] and is left out here: signing always applies.

use openapiv3::{
    APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme as Scheme,
};

use crate::error::{Error, Pointer, SpecError};
use crate::model::{AuthKind, KeyLocation, Security, SecurityScheme};
use crate::naming::{self, Scope};

/// The document's schemes (those with a signer left out), in document order.
pub(super) fn lower_schemes(
    doc: &OpenAPI,
    setting_names: &mut Scope,
) -> Result<Vec<SecurityScheme>, Error> {
    let Some(components) = &doc.components else {
        return Ok(Vec::new());
    };
    let base = Pointer::root().push("components").push("securitySchemes");
    let mut lowered = Vec::new();
    for (api_name, scheme) in &components.security_schemes {
        let at = base.push(api_name);
        let ReferenceOr::Item(scheme) = scheme else {
            return Err(SpecError::unsupported(
                at.push("$ref"),
                "a security scheme given by `$ref` is not supported",
            ));
        };
        if has_signer(scheme) {
            continue;
        }
        if let Some((kind, description)) = scheme_kind(scheme) {
            lowered.push((api_name.clone(), kind, description.clone()));
        }
    }
    Ok(name_setters(lowered, setting_names))
}

/// What a client must send for `scheme`, and its description; `None` for schemes no setter can
/// provide (negotiate, digest, ...): those are left out (like a signer's), so requirements
/// naming them ask for nothing more, and a caller can still authenticate through their own
/// transport.
fn scheme_kind(scheme: &Scheme) -> Option<(AuthKind, &Option<String>)> {
    match scheme {
        Scheme::APIKey {
            location,
            name,
            description,
            ..
        } => {
            let location = match location {
                APIKeyLocation::Header => KeyLocation::Header,
                APIKeyLocation::Query => KeyLocation::Query,
                APIKeyLocation::Cookie => KeyLocation::Cookie,
            };
            let name = name.clone();
            Some((AuthKind::ApiKey { location, name }, description))
        }
        Scheme::HTTP {
            scheme: http,
            description,
            ..
        } => match http.to_ascii_lowercase().as_str() {
            "bearer" => Some((AuthKind::Bearer, description)),
            "basic" => Some((AuthKind::Basic, description)),
            _ => None,
        },
        Scheme::OAuth2 { description, .. } | Scheme::OpenIDConnect { description, .. } => {
            Some((AuthKind::Bearer, description))
        }
    }
}

/// Names each scheme's client setter: `bearer_token(..)` when there is one bearer scheme,
/// `<scheme>_bearer_token(..)` otherwise (likewise for API keys and basic auth).
fn name_setters(
    lowered: Vec<(String, AuthKind, Option<String>)>,
    setting_names: &mut Scope,
) -> Vec<SecurityScheme> {
    let base_name = |kind: &AuthKind| match kind {
        AuthKind::ApiKey { .. } => "api_key",
        AuthKind::Bearer => "bearer_token",
        AuthKind::Basic => "basic_auth",
    };
    let mut schemes = Vec::new();
    for (api_name, kind, description) in &lowered {
        let same_kind = lowered
            .iter()
            .filter(|(_, k, _)| base_name(k) == base_name(kind))
            .count();
        let setter = match same_kind {
            1 => base_name(kind).to_owned(),
            _ => format!("{}_{}", naming::snake(api_name), base_name(kind)),
        };
        schemes.push(SecurityScheme {
            api_name: api_name.clone(),
            setter: setting_names.unique(setter),
            kind: kind.clone(),
            description: description.clone(),
        });
    }
    schemes
}

fn has_signer(scheme: &Scheme) -> bool {
    let extensions = match scheme {
        Scheme::APIKey { extensions, .. }
        | Scheme::HTTP { extensions, .. }
        | Scheme::OAuth2 { extensions, .. }
        | Scheme::OpenIDConnect { extensions, .. } => extensions,
    };
    extensions.contains_key("x-signer")
}

/// A `security` list as scheme indexes. Schemes with a signer drop out of their set (signing
/// happens anyway); a name that is no scheme is an error.
pub(super) fn lower_requirements(
    doc: &OpenAPI,
    schemes: &[SecurityScheme],
    requirements: &[SecurityRequirement],
    at: &Pointer,
) -> Result<Security, Error> {
    let declared = |name: &str| {
        doc.components
            .as_ref()
            .is_some_and(|c| c.security_schemes.contains_key(name))
    };
    let mut security = Vec::new();
    for (i, requirement) in requirements.iter().enumerate() {
        let mut set = Vec::new();
        for name in requirement.keys() {
            match schemes.iter().position(|s| &s.api_name == name) {
                Some(index) => set.push(index),
                None if declared(name) => {}
                None => {
                    return Err(SpecError::invalid(
                        at.push(i.to_string()).push(name),
                        format!("security requirement names {name:?}, which is not in `components.securitySchemes`"),
                    ))
                }
            }
        }
        security.push(set);
    }
    // Only empty sets (`[{}]`, or just the signer): nothing to send, the same as `[]`.
    if security.iter().all(Vec::is_empty) {
        security.clear();
    }
    Ok(security)
}
