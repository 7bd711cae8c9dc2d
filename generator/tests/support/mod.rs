//! Plumbing shared by the integration tests in `generator/tests/`; a test file includes it with
//! `mod support;`. Not every test file uses every helper.
#![allow(dead_code)]

pub mod golden;
