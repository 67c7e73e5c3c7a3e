//! What the generated code is told about its surroundings; read by emit, set by [`crate::Generator`].

/// Settings for generated code.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The crate name generated code uses for the runtime (`specforge_runtime`).
    pub runtime_crate: String,
    /// The command named in the file header as the way to regenerate it.
    pub regenerate_command: Option<String>,
    /// Derive `PartialEq` on every model (and `Eq` + `Hash` on string enums and constants).
    pub derive_eq: bool,
    /// Derive both `Serialize` and `Deserialize` on every model, not only the direction its
    /// operations use.
    pub serde_round_trip: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            runtime_crate: "specforge_runtime".to_owned(),
            regenerate_command: None,
            derive_eq: false,
            serde_round_trip: false,
        }
    }
}
