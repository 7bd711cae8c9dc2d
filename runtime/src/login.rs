//! Logging in for a token (`x-switchboard-login`): the call that gets one, and why it failed.

use std::fmt;

use super::redact::Secret;

/// Why a login failed. The message never contains the credentials sent or the token received.
pub struct LoginError(String);

impl LoginError {
    /// A login error with `message`, which must not contain credentials.
    pub fn new(message: String) -> Self {
        LoginError(message)
    }
}

impl fmt::Debug for LoginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("LoginError").field(&self.0).finish()
    }
}

impl fmt::Display for LoginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "login failed: {}", self.0)
    }
}

impl std::error::Error for LoginError {}

/// The token at JSON `pointer` inside a login's answer.
pub fn token_at<T: serde::Serialize>(body: &T, pointer: &str) -> Result<Secret, LoginError> {
    let value = serde_json::to_value(body).map_err(|e| LoginError::new(format!("the answer cannot be read: {e}")))?;
    match value.pointer(pointer) {
        Some(serde_json::Value::String(token)) if !token.is_empty() => Ok(Secret::new(token.clone())),
        _ => Err(LoginError::new(format!("the answer has no token at `{pointer}`"))),
    }
}
