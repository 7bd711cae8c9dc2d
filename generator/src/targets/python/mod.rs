//! The Python target: a typed package over httpx, sync and async.

use crate::ir::Api;

use super::{EmitError, File};

/// The files of the python output for `api`; `name` is the package name the user chose.
pub fn generate(api: &Api, name: &str) -> Result<Vec<File>, EmitError> {
    let _ = (api, name);
    Err(EmitError::new("python", "this target is not written yet"))
}
