//! Code generation targets. Each reads only the IR and returns files; none writes to disk.

pub mod markdown;
pub mod openapi;
pub mod python;
pub mod rust;
pub mod typescript;

use std::path::PathBuf;

/// A generated file: a path relative to the output root, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: PathBuf,
    pub contents: String,
}

/// What a target can fail with: an internal inconsistency, never user input (input problems
/// are diagnostics, reported before any target runs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    /// The target that failed (`rust`, `typescript`, ...).
    pub target: &'static str,
    pub message: String,
}

impl EmitError {
    pub fn new(target: &'static str, message: impl Into<String>) -> Self {
        EmitError { target, message: message.into() }
    }
}

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "internal error in the {} target: {}", self.target, self.message)
    }
}

impl std::error::Error for EmitError {}
