//! The small model of an API that the emitter turns into code.
//!
//! Lowering resolves everything the emitter should not have to think about: references,
//! Rust names (unique, keyword-safe), which parameters the client holds, which type each
//! operation sends and receives. Every name keeps its API spelling beside its Rust one, so the
//! emitter adds `#[serde(rename)]` exactly where they differ.

mod index;

pub(crate) use index::{named_in, operation_types, ApiReach, TypeIndex};

/// A whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub description: Option<String>,
    pub server: Server,
    pub signing: Signing,
    /// The security schemes the client can authenticate with (not the `x-signer` one).
    pub security_schemes: Vec<SecurityScheme>,
    /// The document's `security`: what operations accept unless they say otherwise.
    pub default_security: Security,
    pub client_params: Vec<ClientParam>,
    pub operations: Vec<Operation>,
    pub types: Vec<TypeDef>,
    /// Rust names of the types of component schemas that admit `null` (`nullable: true`):
    /// the type does not, its uses in models are `Option`s.
    pub nullable_components: Vec<String>,
    /// What was left out because the generator cannot express it (listed in the client's
    /// docs; [`crate::Generator::strict`] refuses the spec instead).
    pub omitted: Vec<crate::error::Omission>,
    /// Extra derives and attributes the user asked for, by type.
    pub custom: crate::custom::Customization,
    /// Extras a schema asks for itself (`x-rust-derives`), by Rust type name.
    pub own_extras: std::collections::BTreeMap<String, crate::custom::Extras>,
    /// Rust names of the component types the document's webhooks carry: kept by pruning
    /// though no operation reaches them (users decode webhook payloads with them).
    pub webhook_types: Vec<String>,
    /// The most types one chain of nested types passes through (a ring counts once round):
    /// what sets a generated crate's `recursion_limit`.
    pub longest_chain: usize,
}

/// The default server: a URL template and its variables.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub api_name: String,
    pub rust_name: String,
    pub default: Option<String>,
    pub description: Option<String>,
    /// The variable's `enum`: the only values a client accepts (empty: any value).
    pub allowed: Vec<String>,
    /// The Rust type listing `allowed`, when there is a list.
    pub type_name: Option<String>,
    /// `x-endpoint-env-prefix`: an environment variable `<prefix>_<VALUE>` that, when set,
    /// gives the endpoint for that value (the vendor's `HUAWEICLOUD_SDK_REGION_VPC_<REGION>`).
    pub env_prefix: Option<String>,
}

/// How requests are authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    None,
    /// The vendor's `SDK-HMAC-SHA256` AK/SK signing (`x-signer: sdk-hmac-sha256`).
    AkSk,
}

/// One way to authenticate, with the builder method that sets its credential.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    pub api_name: String,
    pub setter: String,
    pub kind: AuthKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuthKind {
    /// `type: apiKey`: the key sent as `name` in a header, the query or a cookie.
    ApiKey { location: KeyLocation, name: String },
    /// `type: http, scheme: bearer`, and OAuth 2 / OpenID Connect access tokens.
    Bearer,
    /// `type: http, scheme: basic`.
    Basic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// Alternatives, each a set of indexes into [`Api::security_schemes`] used together.
/// Empty: no authentication; an empty set among them: authentication is optional.
pub type Security = Vec<Vec<usize>>;

/// A value set once on the client (`x-client-parameter`) and used by many operations.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientParam {
    /// The `x-client-parameter` value.
    pub api_name: String,
    pub rust_name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`, or the name derived from method and path.
    pub api_id: String,
    pub rust_name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The operation's `tags`, as written (for choosing which operations to generate).
    pub tags: Vec<String>,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template as written in the spec (for docs).
    pub path_template: String,
    pub path: Vec<PathPart>,
    /// Query pairs written in the path key itself (`/responses?beta=true`), sent on every call.
    pub fixed_query: Vec<(String, String)>,
    pub params: Vec<Param>,
    /// The type holding the optional parameters, when there are any: a struct with
    /// `Default`, so callers name only what they set.
    pub params_struct: Option<String>,
    pub body: Option<RequestBody>,
    pub response: ResponseKind,
    /// A `…_stream` method beside the main one: a success response documents
    /// `text/event-stream` next to JSON (OpenAI's `stream: true`).
    pub stream: Option<StreamVariant>,
    /// The success media types the client decodes, JSON first (sent as `Accept`, and checked
    /// against the response's `Content-Type`); empty when no success response has a body.
    pub accept: Vec<String>,
    /// Documented error responses (and `default`), for docs and typed access to their bodies.
    pub errors: Vec<ErrorResponse>,
    /// The operation's own `security`, when it has one.
    pub security: Option<Security>,
    /// `x-idempotent`: overrides the method's default for automatic retries.
    pub idempotent: Option<bool>,
    /// `x-pagination`: the operation returns one page of a marker-paginated list.
    pub pagination: Option<Pagination>,
}

/// How to walk a marker-paginated list operation (`x-pagination`).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The all-pages method's name.
    pub rust_name: String,
    /// The method streaming the pages.
    pub pages_name: String,
    /// The method streaming the items.
    pub items_name: String,
    /// How the next page is found.
    pub style: PaginationStyle,
    /// Index into [`Operation::params`] of the query parameter that selects the page (the
    /// marker, offset, page number or `Link` parameter).
    pub marker_param: usize,
    /// Fields leading from the response body to the next marker (the marker style only).
    pub next_marker: Vec<FieldStep>,
    /// Fields leading from the response body to the page's items.
    pub items: Vec<FieldStep>,
    /// The type of one item.
    pub item_ty: TypeRef,
}

/// The pagination styles real APIs use (`x-pagination: {style: …}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaginationStyle {
    /// A marker or cursor in the body names the next page (`marker`, the default).
    Marker,
    /// An item offset: the next page starts after the items seen (`offset`).
    Offset,
    /// A page number, counting up until a page is empty (`page`).
    PageNumber,
    /// An RFC 8288 `Link: <…>; rel="next"` header; the parameter's value is taken from it.
    Link,
}

/// One field on a path through nested response structs.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    pub rust_name: String,
    /// The field is an `Option`.
    pub optional: bool,
    /// The field is a [`Field::three_state`] `Nullable` (then `optional` is set too).
    pub three_state: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// Index into [`Operation::params`].
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    /// Sent in the `Cookie` header.
    Cookie,
}

/// How a list, an object or a `content` parameter is serialized (`style` and `explode`).
/// Scalars, and lists sent as repeated query keys, need none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Form {
        explode: bool,
    },
    Simple {
        explode: bool,
    },
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    /// `content: application/json`: the value as JSON text.
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub api_name: String,
    /// The method argument's name (unused for client parameters).
    pub rust_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
    pub rules: Rules,
    /// `None` for scalars and lists sent as repeated query keys (the defaults).
    pub style: Option<ParamStyle>,
    /// `Some(name)` when the value comes from the client's `name` setting.
    pub client_param: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// How the body is encoded, and its type.
    pub kind: BodyKind,
    /// The media type sent as `Content-Type` (for multipart, the boundary is added).
    pub media_type: String,
    /// Media types the operation also accepts, which this client does not send (for docs).
    pub other_media_types: Vec<String>,
    pub required: bool,
    pub description: Option<String>,
}

impl RequestBody {
    /// The model type a caller passes, when it is one (checked before sending).
    pub fn model_type(&self) -> Option<&TypeRef> {
        match &self.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) => Some(ty),
            BodyKind::Multipart(_)
            | BodyKind::MultipartParts
            | BodyKind::Text
            | BodyKind::Binary => None,
        }
    }
}

/// The encodings a request body can have.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// `application/json` and other JSON media types.
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`: the type's fields as `key=value` pairs.
    Form(TypeRef),
    /// `multipart/form-data`, one part per property.
    Multipart(MultipartBody),
    /// `multipart/form-data` whose schema names no parts (an array, `{}`, a composition): the
    /// caller builds the parts with the runtime's `Multipart`.
    MultipartParts,
    /// A `text/*` body, passed as a string.
    Text,
    /// Anything else, passed as bytes.
    Binary,
}

/// The struct a caller fills for a multipart body (emitted next to the models).
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartBody {
    pub rust_name: String,
    pub description: Option<String>,
    pub fields: Vec<MultipartField>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MultipartField {
    pub api_name: String,
    pub rust_name: String,
    pub part: PartKind,
    pub required: bool,
    /// A list: one part per item, all with the same name.
    pub list: bool,
    pub description: Option<String>,
}

/// How one multipart property is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// `format: binary` (or `byte`): a file part with optional file name and content type.
    File,
    /// A string, number, boolean or string enum: a text part.
    Text(TypeRef),
    /// Anything else: a JSON part.
    Json(TypeRef),
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// A JSON body decoded into this type.
    Json(TypeRef),
    /// A `text/*` body, as a string.
    Text,
    /// Raw bytes (a body that is neither JSON nor text): streamed when it is the operation's
    /// one success body, read whole as a variant of [`ResponseKind::Several`].
    Bytes,
    /// `text/event-stream`: server-sent events, each one's `data` decoded as JSON of the type
    /// when the spec gives one (`None`: the events as they are).
    Events(Option<TypeRef>),
    /// No body.
    Empty,
    /// Success statuses with different bodies: an enum with a variant per status.
    Several(ResponseEnum),
}

/// The streaming form of an operation whose main method decodes JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamVariant {
    pub rust_name: String,
    /// Always [`ResponseKind::Events`].
    pub response: ResponseKind,
}

/// The outcomes of an operation whose success statuses have different bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseEnum {
    pub rust_name: String,
    /// In match order: exact codes before ranges.
    pub variants: Vec<ResponseVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseVariant {
    pub rust_name: String,
    pub status: StatusMatch,
    /// Never [`ResponseKind::Several`].
    pub body: ResponseKind,
    pub description: String,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    Code(u16),
    /// `2XX`, `4XX`, ...: the first digit.
    Range(u16),
    Default,
}

/// A documented error response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    pub status: StatusMatch,
    /// The JSON body's model, when it is a named one.
    pub body: Option<TypeRef>,
    pub description: String,
}

/// A named type to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub rust_name: String,
    pub api_name: String,
    pub docs: Docs,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Vec<Field>),
    /// A string enum; unknown values decode to an `Unknown(String)` variant.
    Enum(Vec<Variant>),
    Alias(TypeRef),
    /// `oneOf`/`anyOf`: a value of one of several types.
    Union(Union),
    /// A property pinned to one string (`const`, or a one-value `enum`) in a union member: a
    /// zero-size type that only decodes from that string, so an untagged union never picks a
    /// member whose pinned value contradicts the data, and encoding always writes it.
    Const(ConstValue),
}

/// The one value of a [`TypeKind::Const`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConstValue {
    String(String),
    Integer(i64),
}

impl TypeKind {
    /// The types this definition holds directly (fields, variants, alias target).
    pub fn held_types(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Alias(target) => vec![target],
            TypeKind::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Enum(_) | TypeKind::Const(_) => Vec::new(),
        }
    }
}

/// A value that is one of several types.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// `discriminator.propertyName`, when every variant has a tag value: the variant is chosen
    /// by that property, and unknown tags are kept. Without it the first variant that encodes
    /// back to the whole value wins, else the first that decodes.
    pub tag: Option<String>,
    /// Tag values that several members pin (told apart by their other properties), in no
    /// variant's `tag_values`: such a value decodes as the first of those members that keeps
    /// the whole value, as an untagged union would.
    pub shared_tags: Vec<SharedTag>,
}

/// A tag value and the variants (indexes into [`Union::variants`]) that all pin it.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedTag {
    pub value: String,
    pub variants: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// The discriminator values choosing this variant (tagged unions only); the first is the
    /// one written.
    pub tag_values: Vec<String>,
    /// The tag values were not given by a `mapping` (the component's name, or a value the
    /// member pins): the value the member pins, when it has one, goes first.
    pub implicit_tag: bool,
    /// The variant's type pins the tag to the first tag value (a constant): a value chosen by
    /// another of its tag values (the component's name) is decoded as if it carried that one.
    pub constant_tag: bool,
    /// Set when the variant's type leads back to the union (recursion needs a `Box`).
    pub boxed: bool,
    /// The variant ends a chain of types too deep for rustc: an `Indirect` instead of a `Box`
    /// (see `lower::depth`); implies `boxed`.
    pub indirect: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub api_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    /// Required fields are plain `T`; others are `Option<T>`.
    pub required: bool,
    /// `null` is allowed: the field is an `Option<T>` when required, and a three-state
    /// `Nullable<T>` (absent / null / value) when optional.
    pub nullable: bool,
    /// Set when the type refers back to its container (recursion needs a `Box`).
    pub boxed: bool,
    /// The field ends a chain of types too deep for rustc: an `Indirect` instead of a `Box`
    /// (see `lower::depth`); implies `boxed`.
    pub indirect: bool,
    /// The field's own fields sit beside the struct's on the wire (`#[serde(flatten)]`): a
    /// union written beside properties, or an `allOf` member that is a union.
    pub flatten: bool,
    /// Its description and keywords; the keywords' [`Rules`] are checked before a request
    /// carrying this field is sent ([`Field::rules`]).
    pub docs: Docs,
    /// The one integer the property allows (`const: 2`, or `enum: [2]`), which the field's
    /// type does not say; string pins are one-value enum types.
    pub pinned_integer: Option<i64>,
    /// The type is any JSON value (through aliases too): `null` is one of its values, so an
    /// optional field decodes `null` as `Some(Value::Null)`, not as absent.
    pub any_value: bool,
}

impl Field {
    /// Rules checked before a request carrying this field is sent.
    pub fn rules(&self) -> &Rules {
        &self.docs.keywords.rules
    }

    /// Optional and nullable: absent, `null` and a value are three different things on the
    /// wire (a PATCH clears with `null` and leaves alone by leaving out).
    pub fn three_state(&self) -> bool {
        !self.required && self.nullable && !self.flatten
    }
}

/// The checkable rules of one schema, as the document writes them (request side only;
/// responses stay tolerant). The validation emitter decides which are worth a check (a
/// `minLength: 0` is not); the docs emitter words all of them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rules {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// An ECMA-262 pattern the runtime's engine compiles (others are in
    /// [`Keywords::unchecked_pattern`]).
    pub pattern: Option<String>,
    pub minimum: Option<Limit>,
    pub maximum: Option<Limit>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

/// A numeric bound as written: an integer schema's bounds stay exact in the docs, where an
/// `f64` would round those beyond 2^53.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    Integer(i64),
    Number(f64),
}

impl Limit {
    /// The bound as the runtime compares it (exact for every bound a spec writes in practice).
    pub fn as_f64(self) -> f64 {
        match self {
            Limit::Integer(value) => value as f64,
            Limit::Number(value) => value,
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Integer(value) => value.fmt(f),
            Limit::Number(value) => value.fmt(f),
        }
    }
}

/// What a schema's keywords say, stored once: the [`Rules`] a client checks, and what only a
/// reader is told. The emitter words them in the generated docs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Keywords {
    pub rules: Rules,
    /// A string's `format`, as written (backticks made quotes).
    pub format: Option<String>,
    /// A pattern no ECMA-262 engine compiles: documented, never checked.
    pub unchecked_pattern: Option<String>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// An integer schema's `enum`.
    pub integer_values: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub api_value: String,
    pub rust_name: String,
    pub description: Option<String>,
}

/// Documentation gathered from a schema: its description plus the keywords a reader needs
/// (ranges, lengths, patterns, defaults), which the generated code documents but does not
/// enforce on responses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    pub description: Option<String>,
    pub keywords: Keywords,
    pub default: Option<String>,
    pub deprecated: bool,
}

/// A Rust type in terms the emitter knows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    I32,
    I64,
    /// `format: uint64`: beyond `i64`'s range.
    U64,
    /// `format: uint32`.
    U32,
    /// `format: uint16`.
    U16,
    /// `format: uint8`.
    U8,
    /// Every `number`, `format: float` included (an `f32` would round what servers send).
    F64,
    Bool,
    /// Any JSON value.
    Json,
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// A value that may be `null`.
    Nullable(Box<TypeRef>),
    /// A type in [`Api::types`], by Rust name.
    Named(String),
    /// A string with a `format` the runtime types (`specforge_runtime::formats`).
    Formatted(Format),
    /// A type the user named (`x-rust-type`, `Generator::replace`), checked to be a path.
    External(crate::custom::RustPath),
}

/// The string formats with a typed value in the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    DateTime,
    Date,
    Uuid,
    Uri,
    Ipv4,
    Ipv6,
    /// `byte`: base64 text.
    Byte,
}

impl Format {
    /// The format a string schema's `format` names, when the runtime types it. (`binary`
    /// bodies and multipart parts are bytes already; a `binary` string inside JSON is text.)
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "date-time" => Format::DateTime,
            "date" => Format::Date,
            "uuid" => Format::Uuid,
            "uri" => Format::Uri,
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            "byte" => Format::Byte,
            _ => return None,
        })
    }

    /// The alias in the runtime's `formats` module.
    pub fn type_name(self) -> &'static str {
        match self {
            Format::DateTime => "DateTime",
            Format::Date => "Date",
            Format::Uuid => "Uuid",
            Format::Uri => "Url",
            Format::Ipv4 => "Ipv4Addr",
            Format::Ipv6 => "Ipv6Addr",
            Format::Byte => "Base64",
        }
    }
}

impl TypeRef {
    /// This type, allowing `null` (once: nullable twice is still one `Option`).
    pub fn nullable(self) -> TypeRef {
        match self {
            TypeRef::Nullable(_) => self,
            other => TypeRef::Nullable(Box::new(other)),
        }
    }
}
