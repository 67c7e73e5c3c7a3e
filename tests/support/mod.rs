#![allow(dead_code)]

pub mod fake_vpc;
pub mod forward_proxy;
pub mod metadata_service;
pub mod tls_server;
