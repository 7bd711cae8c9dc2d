//! The Markdown target: an API reference for people.

use crate::ir::Api;

use super::{EmitError, File};

/// The files of the markdown output for `api`; `name` is the package name the user chose.
pub fn generate(api: &Api, name: &str) -> Result<Vec<File>, EmitError> {
    let _ = (api, name);
    Err(EmitError::new("markdown", "this target is not written yet"))
}
