//! The TypeScript target: a dependency-free package over `fetch`.

use crate::ir::Api;

use super::{EmitError, File};

/// The files of the typescript output for `api`; `name` is the package name the user chose.
pub fn generate(api: &Api, name: &str) -> Result<Vec<File>, EmitError> {
    let _ = (api, name);
    Err(EmitError::new("typescript", "this target is not written yet"))
}
