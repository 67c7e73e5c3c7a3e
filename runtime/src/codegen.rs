//! The door generated code goes through: every runtime item a generated client uses, and the
//! crates it derives with (`serde`), under one path, so that a generated module needs one
//! import (`use ::specforge_runtime::codegen as rt;`) and a generated crate one dependency.
//!
//! **Not a public API.** Hidden from the docs; what is here, and its shape, is stable only
//! together with the `specforge` version that generated the code. Users of a client touch the
//! items at the crate's root instead.

/// The vendor's AK/SK credentials, for clients whose spec signs (`x-signer`).
#[cfg(feature = "huawei")]
pub use crate::CredentialSource;
pub use crate::{impl_constant, impl_deserialize_by_table, impl_string_enum, setter};
#[cfg(feature = "schemars")]
pub use crate::{impl_json_schema, schemars};
pub use crate::{
    Body, ByteStream, Call, CallOptions, Config, Error, EventStream, FilePart, Indirect, Items,
    JsonEventStream, Multipart, Nullable, Pages, Response, Secret, Transport,
};

pub use crate::auth::{AuthScheme, Credential, KeyLocation, Requirement};
pub use crate::builder::ClientBuilder;
pub use crate::client::HttpClient;
pub use crate::constant::Constant;
pub use crate::request::{Method, Request};
pub use crate::string_enum::StringEnum;
pub use crate::validate::{Validate, Validator};

pub use crate::de_struct::{decode_struct, DecodeStruct, FieldSlot, FieldSlots, Missing};
pub use crate::encode::fill_path;
pub use crate::form::ParamStyle;
pub use crate::nullable::keep_null;
pub use crate::server_vars::unknown_server_variable_value;
pub use crate::validate::{validate, Pattern};
pub use crate::walk::{page_items, CursorParam, Next};

pub use crate::{decode, formats};
pub use {bytes, futures_core, serde, serde_json};

/// Untagged and tagged unions' serde helpers.
pub mod union {
    pub use crate::union::*;
}
