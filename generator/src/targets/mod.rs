//! Code generation targets. Each reads only the IR and returns files; none writes to disk.

pub mod escape;
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

/// ASCII for common accented Latin letters, shared by every target's naming rules, so that
/// `größe` reads `groesse` in each language.
pub(crate) fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => "a",
        'ä' | 'æ' => "ae",
        'ç' | 'č' | 'ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
        'ö' | 'œ' => "oe",
        'ù' | 'ú' | 'û' => "u",
        'ü' => "ue",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'š' | 'ś' => "s",
        'ž' | 'ź' | 'ż' => "z",
        'ł' => "l",
        'Ä' => "Ae",
        'Ö' => "Oe",
        'Ü' => "Ue",
        _ => return None,
    })
}
