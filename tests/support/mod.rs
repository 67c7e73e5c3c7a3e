#![allow(dead_code)]

pub mod fake_vpc;
pub mod metadata_service;
