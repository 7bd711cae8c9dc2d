//! Keeping credentials out of logs: [`Secret`], which `Debug` shows as `***`, and the body
//! excerpts of errors, with token- and password-like JSON values replaced.

use std::fmt;

/// The start of a body for `Debug`. A JSON body has the values of secret-looking keys (tokens,
/// passwords, keys) replaced by `***` first: a login response that fails to decode must not put
/// its token into a log.
pub(super) fn body_excerpt(body: &[u8]) -> String {
    const SHOWN: usize = 512;
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            redact(&mut value);
            value.to_string()
        }
        Err(_) => String::from_utf8_lossy(&body[..body.len().min(SHOWN)]).into_owned(),
    };
    match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Whether a header or JSON key names a credential.
pub fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase().replace(['-', '_'], "");
    ["authorization", "token", "password", "secret", "apikey", "credential", "cookie"].iter().any(|s| lower.contains(s))
}

fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_secret_name(key) && !v.is_null() {
                    *v = serde_json::Value::String("***".into());
                } else {
                    redact(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// A credential (a token, a password, an API key): shown as `***` by `Debug`, so it never
/// reaches logs by accident. On the wire it is the plain string.
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// A secret holding `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it is sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

/// Replaces every occurrence of each secret in `body` by `***`: a server that echoes a token in
/// an error message must not put it into an error the caller prints. Secrets shorter than four
/// bytes are left alone (they would match ordinary text, and are not worth hiding).
pub(super) fn scrub<'a>(body: &mut Vec<u8>, secrets: impl IntoIterator<Item = &'a str>) {
    for secret in secrets.into_iter().filter(|s| s.len() >= 4) {
        let needle = secret.as_bytes();
        if !body.windows(needle.len()).any(|w| w == needle) {
            continue;
        }
        let mut out = Vec::with_capacity(body.len());
        let mut rest = body.as_slice();
        while let Some(at) = rest.windows(needle.len()).position(|w| w == needle) {
            out.extend_from_slice(&rest[..at]);
            out.extend_from_slice(b"***");
            rest = &rest[at + needle.len()..];
        }
        out.extend_from_slice(rest);
        *body = out;
    }
}
