//! Placeholder: the client-overhead benchmark is being written.
fn main() {}
