//! Code generation targets. Each reads only the IR and returns files; none writes to disk.

pub mod escape;
pub mod facts;
pub mod markdown;
pub mod openapi;
pub mod python;
pub mod rust;
pub mod typescript;

use std::path::PathBuf;

use crate::ir::Api;

/// What a client can be generated as: the `--target` of `switchboard generate`. The doc comment
/// of each variant is its help on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Target {
    /// A standalone Rust crate (Cargo.toml, src/).
    Rust,
    /// A dependency-free TypeScript package over `fetch` (package.json, src/).
    Typescript,
    /// A typed Python package over httpx, sync and async (pyproject.toml, the package).
    Python,
    /// One bundled, normalized OpenAPI 3.1 JSON document (openapi.json).
    Openapi,
    /// An API reference in Markdown (README.md).
    Markdown,
}

impl Target {
    /// Its name on the command line: `rust`, `typescript`, `python`, `openapi`, `markdown`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Rust => "rust",
            Target::Typescript => "typescript",
            Target::Python => "python",
            Target::Openapi => "openapi",
            Target::Markdown => "markdown",
        }
    }

    /// What it makes, for messages: `generated {description} ...`.
    pub fn description(self) -> &'static str {
        match self {
            Target::Rust => "Rust crate",
            Target::Typescript => "TypeScript package",
            Target::Python => "Python package",
            Target::Openapi => "OpenAPI document",
            Target::Markdown => "Markdown reference",
        }
    }

    /// The files it makes for `api`, named `package` (a crate or package name).
    pub fn generate(self, api: &Api, package: &str) -> Result<Vec<File>, EmitError> {
        match self {
            Target::Rust => rust::standalone_crate(api, package),
            Target::Typescript => typescript::generate(api, package),
            Target::Python => python::generate(api, package),
            Target::Openapi => openapi::generate(api, package),
            Target::Markdown => markdown::generate(api, package),
        }
    }
}

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
#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::Target;

    #[test]
    fn each_target_is_named_as_on_the_command_line() {
        for target in Target::value_variants() {
            let value = target.to_possible_value().expect("no target is hidden");
            assert_eq!(value.get_name(), target.name());
            assert_eq!(Target::from_str(target.name(), false), Ok(*target));
        }
    }
}
