//! Webhook payloads written inline (`webhooks: {created: {post: {requestBody: {content:
//! {application/json: {schema: {type: object, …}}}}}}}`): a client never sends them, but its
//! users decode them, so each becomes a type named after its webhook (`CreatedPayload`).
//! Payloads that reference a component are that component's type (`webhooks::webhook_schemas`).

use openapiv3::{PathItem, ReferenceOr};

use super::schema::type_of;
use super::Lowerer;
use crate::error::{Omission, Pointer};
use crate::model::{named_in, TypeRef};
use crate::naming;

/// Lowers every inline JSON payload of the document's webhooks; returns the names of the types
/// they define (kept like the referenced payloads) and a located omission for each payload the
/// generator cannot express (the rest is generated).
pub(super) fn lower_inline(lowerer: &mut Lowerer<'_>) -> (Vec<String>, Vec<Omission>) {
    let doc = lowerer.doc;
    let Some(serde_json::Value::Object(webhooks)) = doc.extensions.get("x-webhooks") else {
        return (Vec::new(), Vec::new());
    };
    // Inline payloads are named after their webhook, not after an operation.
    lowerer.shapes.context.clear();
    let mut kept = Vec::new();
    let mut omitted = Vec::new();
    for (name, item) in webhooks {
        // A webhook that is not a plain Path Item (a `$ref`, a malformed one) carries no
        // inline payload; what it references is kept by `webhook_schemas`.
        let Ok(ReferenceOr::Item(item)) =
            serde_json::from_value::<ReferenceOr<PathItem>>(item.clone())
        else {
            continue;
        };
        let methods = item.iter().count();
        for (method, op) in item.iter() {
            let Some(ReferenceOr::Item(body)) = &op.request_body else {
                continue;
            };
            let Some((media_type, media)) =
                body.content.iter().find(|(m, _)| super::body::is_json(m))
            else {
                continue;
            };
            let Some(schema @ ReferenceOr::Item(_)) = &media.schema else {
                continue;
            };
            let at = Pointer::root()
                .push("webhooks")
                .push(name)
                .push(method)
                .push("requestBody")
                .push("content")
                .push(media_type)
                .push("schema");
            // One method (the usual `post`) names the payload after the webhook alone.
            let hint = match methods {
                1 => format!("{}Payload", naming::pascal(name)),
                _ => format!("{}{}Payload", naming::pascal(name), naming::pascal(method)),
            };
            let defined = lowerer.types.len();
            match type_of(lowerer, schema, &hint, &at) {
                Ok(ty) => kept.extend(names(&ty)),
                Err(error) => {
                    lowerer.types.truncate(defined);
                    let cause = error.clone_spec().unwrap_or_else(|| {
                        crate::error::SpecError::internal(at.clone(), error.to_string())
                    });
                    omitted.push(Omission::webhook_payload(name, &at, cause));
                }
            }
        }
    }
    (kept, omitted)
}

fn names(ty: &TypeRef) -> Vec<String> {
    named_in(ty).into_iter().map(str::to_owned).collect()
}
