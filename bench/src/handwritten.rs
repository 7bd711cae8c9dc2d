//! The Vinix user envelope as a person would write it by hand for serde: every field of the
//! document typed, nested objects as structs, enums and unions left as `String` / `Value`,
//! unknown keys dropped (no `#[serde(flatten)]`), absent and `null` not told apart.
//!
//! It is the baseline the generated `UserEnvelope` is measured against: the generated types do
//! more (keep unknown keys, keep absent apart from `null`, typed enums with a catch-all).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
pub struct UserEnvelope {
    pub data: User,
    pub status: Option<String>,
    pub auth_token: Option<String>,
    pub request_id: Option<String>,
    pub revision: Option<String>,
    pub node: Option<String>,
    pub version: Option<String>,
    pub timestamp: Option<String>,
    pub tokens: Option<Tokens>,
}

#[derive(Debug, Deserialize)]
pub struct Tokens {
    pub consumed: Option<i64>,
    pub remaining: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct User {
    pub id: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub call_forward: Option<CallForward>,
    pub call_recording: Option<BTreeMap<String, BTreeMap<String, CallRecordingParameters>>>,
    pub call_restriction: Option<BTreeMap<String, CallRestrictionRule>>,
    pub call_waiting: Option<Enabled>,
    pub caller_id: Option<BTreeMap<String, CallerIdEntry>>,
    pub caller_id_options: Option<CallerIdOptions>,
    pub contact_list: Option<ContactList>,
    pub dial_plan: Option<BTreeMap<String, Value>>,
    pub directories: Option<BTreeMap<String, Value>>,
    pub do_not_disturb: Option<Enabled>,
    pub email: Option<String>,
    pub enabled: Option<bool>,
    pub feature_level: Option<String>,
    pub flags: Option<Vec<String>>,
    pub formatters: Option<BTreeMap<String, Value>>,
    pub hotdesk: Option<Hotdesk>,
    pub language: Option<String>,
    pub media: Option<Media>,
    pub metaflows: Option<Metaflows>,
    pub music_on_hold: Option<MediaId>,
    pub presence_id: Option<String>,
    pub priv_level: Option<String>,
    pub profile: Option<Profile>,
    pub pronounced_name: Option<MediaId>,
    pub require_password_update: Option<bool>,
    pub ringtones: Option<Ringtones>,
    pub timezone: Option<String>,
    pub username: Option<String>,
    pub verified: Option<bool>,
    pub vm_to_email_enabled: Option<bool>,
    pub voicemail: Option<Voicemail>,
}

#[derive(Debug, Deserialize)]
pub struct CallForward {
    pub direct_calls_only: Option<bool>,
    pub enabled: Option<bool>,
    pub failover: Option<bool>,
    pub ignore_early_media: Option<bool>,
    pub keep_caller_id: Option<bool>,
    pub number: Option<String>,
    pub require_keypress: Option<bool>,
    pub substitute: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct CallRecordingParameters {
    pub enabled: Option<bool>,
    pub format: Option<String>,
    pub record_min_sec: Option<i64>,
    pub record_on_answer: Option<bool>,
    pub record_on_bridge: Option<bool>,
    pub record_sample_rate: Option<i64>,
    pub time_limit: Option<i64>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct CallRestrictionRule {
    pub action: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Enabled {
    pub enabled: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct CallerIdEntry {
    pub name: Option<String>,
    pub number: Option<String>,
    pub realm: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct CallerIdOptions {
    pub outbound_privacy: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ContactList {
    pub exclude: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct Hotdesk {
    pub enabled: Option<bool>,
    pub id: Option<String>,
    pub keep_logged_in_elsewhere: Option<bool>,
    pub pin: Option<String>,
    pub require_pin: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct Media {
    pub audio: Option<Codecs>,
    pub bypass_media: Option<Value>,
    pub encryption: Option<Encryption>,
    pub fax_option: Option<bool>,
    pub ignore_early_media: Option<bool>,
    pub progress_timeout: Option<i64>,
    pub video: Option<Codecs>,
}

#[derive(Debug, Deserialize)]
pub struct Codecs {
    pub codecs: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct Encryption {
    pub enforce_security: Option<bool>,
    pub methods: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct Metaflows {
    pub binding_digit: Option<String>,
    pub digit_timeout: Option<i64>,
    pub listen_on: Option<String>,
    pub numbers: Option<BTreeMap<String, Metaflow>>,
    pub patterns: Option<BTreeMap<String, Metaflow>>,
}

#[derive(Debug, Deserialize)]
pub struct Metaflow {
    pub module: String,
    pub children: Option<BTreeMap<String, Metaflow>>,
    pub data: Option<BTreeMap<String, Value>>,
}

#[derive(Debug, Deserialize)]
pub struct MediaId {
    pub media_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Profile {
    pub addresses: Option<Vec<ProfileAddress>>,
    pub assistant: Option<String>,
    pub birthday: Option<String>,
    pub nicknames: Option<Vec<String>>,
    pub note: Option<String>,
    pub role: Option<String>,
    #[serde(rename = "sort-string")]
    pub sort_string: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ProfileAddress {
    pub address: Option<String>,
    pub types: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct Ringtones {
    pub external: Option<String>,
    pub internal: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Voicemail {
    pub notify: Option<VoicemailNotify>,
}

#[derive(Debug, Deserialize)]
pub struct VoicemailNotify {
    pub callback: Option<NotifyCallback>,
}

#[derive(Debug, Deserialize)]
pub struct NotifyCallback {
    pub attempts: Option<i64>,
    pub disabled: Option<bool>,
    pub interval_s: Option<i64>,
    pub number: Option<String>,
    pub schedule: Option<Vec<i64>>,
    pub timeout_s: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_bundled_envelope_with_every_documented_field() {
        let envelope: UserEnvelope = serde_json::from_slice(crate::USER_ENVELOPE).expect("decodes");
        assert_eq!(envelope.data.last_name, "Lovelace");
        let callback = envelope.data.voicemail.and_then(|v| v.notify).and_then(|n| n.callback).expect("callback");
        assert_eq!(callback.schedule, Some(vec![0]));
        assert_eq!(envelope.tokens.and_then(|t| t.remaining), Some(99));
    }
}
