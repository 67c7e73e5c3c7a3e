//! Servers only the HTTP-settings tests need (a forward proxy, a TLS server with its own
//! CA); the request-recording server every wire test shares is `test_support`'s.

pub mod forward_proxy;
pub mod tls_server;
