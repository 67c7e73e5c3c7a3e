//! Streams in the generated code: a binary success body is a byte stream without the
//! buffered-body cap, a `text/event-stream` one a stream of (typed) events, a JSON operation
//! that can also stream gets a `…_stream` method, and a binary request body may be a stream.
//! How streams are read and bounded is the runtime's; this only picks the types and calls.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::rust_type;
use crate::model::{Api, BodyKind, Operation, PartKind, ResponseKind};

const EVENT_STREAM: &str = "text/event-stream";

/// The body type of the method's `Response<T>` and the expression sending `request`, when
/// the success body is streamed; `None` for bodies read whole.
pub(crate) fn output_and_send(
    response: &ResponseKind,
    runtime: &TokenStream,
) -> Option<(TokenStream, TokenStream)> {
    Some(match response {
        ResponseKind::Bytes => (
            quote!(#runtime::ByteStream),
            quote!(self.http.send_stream(request)),
        ),
        ResponseKind::Events(Some(data)) => {
            let data = rust_type(data, &quote!(super::models::), runtime);
            (
                quote!(#runtime::JsonEventStream<#data>),
                quote!(self.http.send_json_events(request)),
            )
        }
        ResponseKind::Events(None) => (
            quote!(#runtime::EventStream),
            quote!(self.http.send_events(request)),
        ),
        ResponseKind::Json(_)
        | ResponseKind::Text
        | ResponseKind::Empty
        | ResponseKind::Several(_) => return None,
    })
}

/// The `…_stream` method as an operation of its own: the same request asking for
/// `text/event-stream`, answered with events. Emitted by the same code as every operation.
pub(crate) fn stream_variant(op: &Operation) -> Option<Operation> {
    let stream = op.stream.as_ref()?;
    // Plain text: the docs of an operation are sanitized, which escapes link brackets.
    let data = match &stream.response {
        ResponseKind::Events(Some(crate::model::TypeRef::Named(name))) => {
            format!("a `{name}` decoded from its `data`; a `[DONE]` event ends it")
        }
        ResponseKind::Events(Some(_)) => {
            "its `data` decoded as JSON; a `[DONE]` event ends it".to_owned()
        }
        _ => "as it arrives".to_owned(),
    };
    let description = format!(
        "The streaming form of `{main}`: the same request, answered with \
         `text/event-stream` and returned as a stream of server-sent events, each one {data}.\n\nThe request must ask the service to stream where the API \
         says so (often a `stream: true` field in the body). The call's deadline covers the \
         wait for the response head; each chunk must then arrive within the read timeout, and \
         `with_deadline` on the stream bounds the whole.",
        main = op.rust_name,
    );
    Some(Operation {
        rust_name: stream.rust_name.clone(),
        summary: op.summary.clone(),
        description: Some(description),
        response: stream.response.clone(),
        accept: vec![EVENT_STREAM.to_owned()],
        stream: None,
        pagination: None,
        ..op.clone()
    })
}

/// The argument type of a binary request body: bytes, or a stream for an upload that is not
/// held in memory (sent once, never retried).
pub(crate) fn upload_arg_type(required: bool, runtime: &TokenStream) -> TokenStream {
    match required {
        true => quote!(impl Into<#runtime::Body>),
        // `Option<impl Into<..>>` would leave `None` without a type to infer.
        false => quote!(Option<#runtime::Body>),
    }
}

/// The request builder call attaching a binary body (bytes or a stream).
pub(crate) fn upload_call(media_type: &str) -> TokenStream {
    quote!(body(#media_type, body))
}

/// The runtime's types this client's methods take or return (streams, upload bodies, multipart
/// parts, page walks), re-exported at its root so that callers need no runtime dependency to
/// name them.
pub(crate) fn exports(api: &Api, runtime: &TokenStream) -> TokenStream {
    let responses = api.operations.iter().flat_map(|op| {
        let stream = op.stream.as_ref().map(|s| &s.response);
        std::iter::once(&op.response).chain(stream)
    });
    let mut names = Vec::new();
    for response in responses {
        let name = match response {
            ResponseKind::Bytes => "ByteStream",
            ResponseKind::Events(Some(_)) => "JsonEventStream",
            ResponseKind::Events(None) => "EventStream",
            _ => continue,
        };
        names.push(name);
    }
    for body in api.operations.iter().filter_map(|op| op.body.as_ref()) {
        match &body.kind {
            BodyKind::Binary => names.push("Body"),
            BodyKind::MultipartParts => names.push("Multipart"),
            BodyKind::Multipart(multipart)
                if multipart.fields.iter().any(|f| f.part == PartKind::File) =>
            {
                names.push("FilePart")
            }
            _ => {}
        }
    }
    // `…_pages()`/`…_items()` return the runtime's streams.
    if api.operations.iter().any(|op| op.pagination.is_some()) {
        names.extend(["Items", "Pages"]);
    }
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return TokenStream::new();
    }
    let names = names.iter().map(|n| super::ident(n));
    quote!(pub use #runtime::{#(#names),*};)
}
