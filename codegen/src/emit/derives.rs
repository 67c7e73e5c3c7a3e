//! Which standard traits each model derives: only what the client needs, because derive
//! output is most of what rustc checks in a generated crate (`Deserialize` alone was half the
//! lines of Oxide Nexus' client).
//!
//! - `Serialize` on types a request can carry, `Deserialize` on types a response can carry,
//!   both where both — and both on types no operation reaches (kept component schemas,
//!   webhook payloads), since nothing says which way they travel.
//! - `PartialEq` (and `Eq` + `Hash` on string enums and constants, which always have them)
//!   only when asked: on every type with [`Settings::derive_eq`], and on the types a user's
//!   own `PartialEq`/`Eq`/`Hash` derive reaches, so that derive compiles.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::custom::Extras;
use crate::model::{Api, ApiReach, TypeIndex, TypeKind, TypeRef};
use crate::settings::Settings;

/// The derive decisions for one API.
pub(crate) struct Derives {
    reach: ApiReach,
    /// Both serde directions on every type (a setting, or the conformance module's need).
    round_trip: bool,
    /// `PartialEq` on every type.
    all_eq: bool,
    /// Types that need `PartialEq` for a user's derive to compile.
    eq: BTreeSet<String>,
    /// Types a user's `Serialize`/`Deserialize` derive reaches: they get that direction
    /// (`Serialize` also on received unions and what they hold, whose decoding re-encodes).
    user_serialize: BTreeSet<String>,
    user_deserialize: BTreeSet<String>,
}

/// The serde impls one type gets.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Serde {
    pub(crate) serialize: bool,
    pub(crate) deserialize: bool,
}

/// Derives of a user's that compare values: the types they reach need `PartialEq`.
const COMPARING: [&str; 5] = ["PartialEq", "Eq", "Hash", "PartialOrd", "Ord"];

impl Derives {
    /// `conformance`: the conformance module decodes and re-encodes every component type.
    pub(crate) fn new(api: &Api, settings: &Settings, conformance: bool) -> Self {
        let index = TypeIndex::new(&api.types);
        let reach = ApiReach::new(api, &index);
        let reached_from = |wanted: &[&str]| index.reachable(&user_derived(api, wanted));
        // Decoding a union re-encodes the candidate member to check it kept the whole value
        // (`union::decode_untagged`): a union a response carries, and what it holds, also
        // need `Serialize`.
        let received_unions: Vec<TypeRef> = api
            .types
            .iter()
            .filter(|def| matches!(def.kind, TypeKind::Union(_)))
            .filter(|def| reach.received.contains(&def.rust_name))
            .map(|def| TypeRef::Named(def.rust_name.clone()))
            .collect();
        let mut serialize = reached_from(&["Serialize"]);
        serialize.extend(index.reachable(&received_unions));
        // Types no operation reaches get both directions, and so must what they hold.
        let unreached: Vec<TypeRef> = api
            .types
            .iter()
            .filter(|def| {
                !reach.sent.contains(&def.rust_name) && !reach.received.contains(&def.rust_name)
            })
            .map(|def| TypeRef::Named(def.rust_name.clone()))
            .collect();
        let unreached = index.reachable(&unreached);
        serialize.extend(unreached.iter().cloned());
        let mut deserialize = reached_from(&["Deserialize"]);
        deserialize.extend(unreached);
        Derives {
            round_trip: settings.serde_round_trip || conformance,
            all_eq: settings.derive_eq,
            eq: reached_from(&COMPARING),
            user_serialize: serialize,
            user_deserialize: deserialize,
            reach,
        }
    }

    /// The serde impls of the model type `name`.
    pub(crate) fn serde(&self, name: &str) -> Serde {
        let sent = self.reach.sent.contains(name);
        let received = self.reach.received.contains(name);
        let both = self.round_trip || (!sent && !received);
        Serde {
            serialize: both || sent || self.user_serialize.contains(name),
            deserialize: both || received || self.user_deserialize.contains(name),
        }
    }

    /// Whether the type `name` derives `PartialEq` (and, where it always can, `Eq` + `Hash`).
    pub(crate) fn eq(&self, name: &str) -> bool {
        self.all_eq || self.eq.contains(name)
    }

    /// Whether operation-bound types (`…Params`, multipart bodies, response enums) derive
    /// `PartialEq`.
    pub(crate) fn eq_everywhere(&self) -> bool {
        self.all_eq
    }
}

/// The types whose user-added derives include one of `wanted` (by last path segment).
fn user_derived(api: &Api, wanted: &[&str]) -> Vec<TypeRef> {
    let none = Extras::default();
    api.types
        .iter()
        .filter(|def| {
            let own = api.own_extras.get(&def.rust_name).unwrap_or(&none);
            let extras = api.custom.extras_for(&def.api_name, &def.rust_name, own);
            extras
                .derives
                .iter()
                .any(|d| wanted.contains(&d.last_name()))
        })
        .map(|def| TypeRef::Named(def.rust_name.clone()))
        .collect()
}

/// `#[derive(…)]` of `names` (tokens each), comma-separated without a trailing comma.
pub(crate) fn derive_attr(names: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let names: Vec<TokenStream> = names.into_iter().collect();
    quote!(#[derive(#(#names),*)])
}
