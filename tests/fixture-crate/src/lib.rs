//! Every fixture's generated client (`tests/fixtures/*.yaml`), compiled with warnings denied.
#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/all.rs"));
