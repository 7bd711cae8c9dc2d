//! Faithful round trip: decoding any payload the schema allows and encoding it again gives the
//! same JSON value: unknown keys and enum values are kept, `null` stays `null`, absent stays absent,
//! and no schema default is written that the server did not send.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};
use switchboard::{commpeak, rinkel, vinix};

/// Decodes `input` as `T`, encodes it again, and checks the JSON value is unchanged.
fn round_trip<T: DeserializeOwned + Serialize>(input: &Value) -> T {
    let decoded: T = serde_json::from_value(input.clone()).unwrap_or_else(|e| panic!("decode failed: {e}"));
    let encoded = serde_json::to_value(&decoded).expect("encode");
    assert_eq!(&encoded, input, "round trip changed the document");
    decoded
}

fn fixture(path: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR")))
        .expect("fixture exists");
    serde_json::from_str(&text).expect("fixture is JSON")
}

#[test]
fn vinix_seed_user_document_round_trips() {
    let envelope: vinix::types::UserEnvelope = round_trip(&fixture("vinix/user_envelope.json"));
    assert_eq!(envelope.data.first_name, "string");
    assert_eq!(envelope.data.priv_level, Some(vinix::types::UserPrivLevel::User));
}

#[test]
fn vinix_seed_error_body_round_trips() {
    let error: vinix::types::KazooError = round_trip(&fixture("vinix/error_seed.json"));
    assert_eq!(error.message.as_deref(), Some("string"));
}

#[test]
fn rinkel_seed_user_round_trips() {
    let user: rinkel::types::User = round_trip(&fixture("rinkel/user.json"));
    assert_eq!(user.full_name.as_deref(), Some("John Doe"));
    assert_eq!(user.availability, Some(rinkel::types::UserAvailability::Available));
}

#[test]
fn rinkel_seed_error_round_trips() {
    let errors: rinkel::types::Errors = round_trip(&fixture("rinkel/error.json"));
    assert_eq!(errors.errors.as_ref().map(Vec::len), Some(1));
}

#[test]
fn unknown_keys_are_kept_at_every_level() {
    let input = json!({
        "data": {
            "first_name": "Ada", "last_name": "Lovelace",
            "x_custom_crm_id": {"nested": [1, 2, 3]},
            "caller_id": {"internal": {"name": "Ada", "number": "1000", "x_extra": true}}
        },
        "status": "success",
        "x_edge_node": "ams-1"
    });
    let envelope: vinix::types::UserEnvelope = round_trip(&input);
    assert_eq!(envelope.data.extra["x_custom_crm_id"], json!({"nested": [1, 2, 3]}));
}

#[test]
fn unknown_enum_values_are_kept() {
    let input = json!({"availability": "ON_VACATION", "role": "SUPERVISOR", "preferences": {"language": "de"}});
    let user: rinkel::types::User = round_trip(&input);
    assert_eq!(user.availability, Some(rinkel::types::UserAvailability::Unknown("ON_VACATION".into())));
}

#[test]
fn enum_values_compare_order_and_hash_by_their_wire_value() {
    use vinix::types::UserPrivLevel;
    assert_eq!(UserPrivLevel::Unknown("admin".into()), UserPrivLevel::Admin);
    assert_ne!(UserPrivLevel::Unknown("root".into()), UserPrivLevel::Admin);
    let sorted: Vec<UserPrivLevel> = std::collections::BTreeSet::from([
        UserPrivLevel::User,
        UserPrivLevel::Unknown("root".into()),
        UserPrivLevel::Admin,
    ])
    .into_iter()
    .collect();
    assert_eq!(sorted.iter().map(UserPrivLevel::as_str).collect::<Vec<_>>(), ["admin", "root", "user"]);
    let set = std::collections::HashSet::from([UserPrivLevel::Admin, UserPrivLevel::Unknown("admin".into())]);
    assert_eq!(set.len(), 1);
}

#[test]
fn explicit_null_and_absent_stay_different() {
    let with_null = json!({"avatarUrls": {"small": null}});
    let absent = json!({"avatarUrls": {}});
    let a: rinkel::types::User = round_trip(&with_null);
    let b: rinkel::types::User = round_trip(&absent);
    assert_eq!(a.avatar_urls.as_ref().and_then(|u| u.small.clone()), Some(None));
    assert_eq!(b.avatar_urls.as_ref().and_then(|u| u.small.clone()), None);
}

#[test]
fn defaults_are_reachable_but_never_written() {
    let input = json!({"preferences": {}});
    let user: rinkel::types::User = round_trip(&input);
    let preferences = user.preferences.as_ref().expect("preferences present");
    assert_eq!(preferences.language, None);
    assert_eq!(preferences.language_or_default(), rinkel::types::PreferencesLanguage::Nl);
}

#[test]
fn vinix_maps_and_recursive_metaflows_round_trip() {
    let input = json!({
        "first_name": "a", "last_name": "b",
        "dial_plan": {"system": ["us"], "^\\+?1(\\d{10})$": {"prefix": "+1", "description": "NANP"}},
        "call_restriction": {"international": {"action": "deny"}, "tollfree_us": {"action": "inherit"}},
        "formatters": {"from": [{"regex": "^\\+1", "strip": true}], "to": {"direction": "inbound", "prefix": "0"}},
        "metaflows": {"binding_digit": "*", "numbers": {"2": {"module": "transfer", "children": {"_": {"module": "hangup", "children": {"x": {"module": "say", "data": {"text": "hi"}}}}}}}},
        "media": {"bypass_media": "auto", "audio": {"codecs": ["PCMU", "Speex", "speex", "OPUS-NEW"]}}
    });
    let user: vinix::types::User = round_trip(&input);
    let rules = &user.dial_plan.as_ref().expect("dial plan").extra;
    assert_eq!(rules.len(), 1);
}

#[test]
fn commpeak_users_keep_string_flags_and_object_or_array_desks() {
    let input = json!({"users": [
        {"id": "7", "is_active": "1", "desks": {"5": "Sales"}, "roles": [], "groups": [], "max_session_time": null},
        {"id": "8", "is_active": "0", "desks": [], "roles": {"1": "admin"}, "groups": {"3": "g"}, "oauth_email": "x@y.z"}
    ]});
    let response: commpeak::types::UsersResponse = round_trip(&input);
    let users = response.users.expect("users");
    assert_eq!(users[0].is_active, Some(Some("1".to_string())));
}

#[test]
fn keys_read_from_text_match_whether_or_not_they_are_escaped() {
    // Plain keys are borrowed from the input, escaped ones decoded; both name the same field.
    let text = r#"{"data": {"first_name": "Ada", "last\u005fname": "Lovelace", "x_\u00e9": 1}}"#;
    let envelope: vinix::types::UserEnvelope = serde_json::from_str(text).expect("decodes");
    assert_eq!((envelope.data.first_name.as_str(), envelope.data.last_name.as_str()), ("Ada", "Lovelace"));
    assert_eq!(envelope.data.extra.get("x_é"), Some(&json!(1)));
}

#[test]
fn a_missing_required_field_is_an_error_naming_it() {
    let error = serde_json::from_value::<vinix::types::User>(json!({"last_name": "Lovelace"}))
        .expect_err("first_name is required");
    assert!(error.to_string().contains("missing field `first_name`"), "{error}");
}

#[test]
fn a_missing_required_field_after_a_present_one_is_named_too() {
    let error = serde_json::from_value::<vinix::types::User>(json!({"first_name": "Ada", "email": "ada@example.com"}))
        .expect_err("last_name is required");
    assert!(error.to_string().contains("missing field `last_name`"), "{error}");
}

#[test]
fn a_value_that_is_not_an_object_is_an_error_naming_the_type() {
    let error =
        serde_json::from_value::<rinkel::types::User>(json!(["not", "an", "object"])).expect_err("a list is no user");
    assert!(error.to_string().contains("expected struct User"), "{error}");
}
