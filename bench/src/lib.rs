//! Shared pieces of Switchboard's benchmarks: the Vinix user document they decode, the
//! hand-written structs the generated types are compared with, and a loopback HTTP server.
//!
//! The benchmarks themselves are in `benches/`; `run.sh` measures generation, builds and
//! progenitor, and `BENCHMARKS.md` (at the repository root) reports a run.

pub mod handwritten;
pub mod server;

/// A Vinix `GET /accounts/{account_id}/users/{user_id}` answer as Kazoo sends it: compact JSON,
/// every documented field of the user set, and three keys the schema does not list
/// (`_read_only`, `ui_metadata`, `ui_help`) that the generated types keep in `extra`.
pub const USER_ENVELOPE: &[u8] = include_bytes!("../data/vinix_user_envelope.json");

/// The `data` member of [`USER_ENVELOPE`] alone, compact: the user document itself.
pub fn user_document() -> Vec<u8> {
    let envelope: serde_json::Value = match serde_json::from_slice(USER_ENVELOPE) {
        Ok(value) => value,
        Err(e) => unreachable!("the bundled document is valid JSON: {e}"),
    };
    serde_json::to_vec(&envelope["data"]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard::vinix::types::{User, UserEnvelope};

    #[test]
    fn the_document_is_several_kilobytes() {
        assert!(USER_ENVELOPE.len() > 4_000, "{} bytes", USER_ENVELOPE.len());
    }

    #[test]
    fn the_generated_envelope_decodes_the_document_and_keeps_unknown_keys() {
        let envelope: UserEnvelope = serde_json::from_slice(USER_ENVELOPE).expect("decodes");
        assert_eq!(envelope.data.first_name, "Ada");
        assert!(envelope.data.extra.contains_key("ui_metadata"));
        let again: serde_json::Value = serde_json::to_value(&envelope).expect("encodes");
        let original: serde_json::Value = serde_json::from_slice(USER_ENVELOPE).expect("valid JSON");
        assert_eq!(again, original);
    }

    #[test]
    fn the_user_document_decodes_into_the_generated_user() {
        let user: User = serde_json::from_slice(&user_document()).expect("decodes");
        assert_eq!(user.id.as_deref(), Some("4f258514b9be9601a2c3d4e5f6a7b8c9"));
    }
}
