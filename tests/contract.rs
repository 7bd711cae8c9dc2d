//! Contract tests against Prism, a mock server that serves `schemas/` as written and reports,
//! in its `sl-violations` header, every way a request breaks them. For every operation, every
//! documented status and
//! every documented media type of that status, the generated client's request must be accepted
//! and Prism's answer must decode: a success as the typed body, an error as its typed
//! `Error::Api`. The statuses and media types come from the schemas themselves (read with
//! switchboard-generator), so a new response is covered without touching this file.
//!
//! Prism is pinned in `tests/contract/package-lock.json`; `npm ci --prefix tests/contract`
//! installs it (the README's test command does).

mod support;

use support::{scenarios, Prism, Scenario};
use switchboard::runtime::{Error, Response, RetryPolicy};
use switchboard::{commpeak, rinkel, vinix};

/// What a call came to, reduced to what the contract is about.
#[derive(Debug, PartialEq)]
enum Outcome {
    Success(u16),
    DocumentedError(u16),
    Failed(String),
}

fn outcome<T, E: std::fmt::Debug>(result: Result<Response<T>, Error<E>>) -> Outcome {
    let headers = match &result {
        Ok(response) => Some(response.headers()),
        Err(Error::Api { headers, .. }) => Some(headers.as_ref()),
        Err(other) => other.raw_response().map(|r| &r.headers),
    };
    if let Some(violations) = headers.and_then(|h| h.get("sl-violations")).and_then(|v| v.to_str().ok()) {
        let parsed: Vec<serde_json::Value> = serde_json::from_str(violations).unwrap_or_default();
        let on_request: Vec<&serde_json::Value> = parsed.iter().filter(|v| v["location"][0] == "request").collect();
        if !on_request.is_empty() {
            return Outcome::Failed(format!("Prism says the request breaks the schema: {on_request:?}"));
        }
    }
    match result {
        Ok(response) => Outcome::Success(response.status()),
        Err(Error::Api { status, .. }) => Outcome::DocumentedError(status),
        Err(other) => Outcome::Failed(format!("{other:?}")),
    }
}

/// The `Prefer` and `Accept` headers that make Prism answer with `scenario`.
fn prefer(scenario: &Scenario) -> impl Fn(&mut reqwest::Request) + Send + Sync + 'static {
    let prefer = reqwest::header::HeaderValue::from_str(&format!("code={}", scenario.status)).ok();
    let accept = scenario.media_type.as_deref().and_then(|m| reqwest::header::HeaderValue::from_str(m).ok());
    move |request| {
        if let Some(prefer) = &prefer {
            request.headers_mut().insert("prefer", prefer.clone());
        }
        if let Some(accept) = &accept {
            request.headers_mut().insert(reqwest::header::ACCEPT, accept.clone());
        }
    }
}

/// Runs every scenario through `call` and reports every one whose outcome is not the documented one.
async fn check_all<F, Fut>(api: &str, call: F)
where
    F: Fn(Scenario, String) -> Fut,
    Fut: std::future::Future<Output = Outcome>,
{
    let prism = Prism::serve(api);
    let mut failures = Vec::new();
    let all = scenarios(api);
    for scenario in &all {
        let expected = if scenario.is_success() {
            Outcome::Success(scenario.status)
        } else {
            Outcome::DocumentedError(scenario.status)
        };
        let actual = call(scenario.clone(), prism.url.clone()).await;
        if actual != expected {
            failures.push(format!("{scenario:?}: expected {expected:?}, got {actual:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} scenarios failed:\n{}", failures.len(), all.len(), failures.join("\n"));
}

const ACCOUNT: &str = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f";
const USER: &str = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";

#[tokio::test]
async fn vinix_requests_are_valid_and_every_documented_answer_decodes() {
    check_all("vinix", |scenario, url| async move {
        let client = vinix::Client::builder(url)
            .auth_token("token-from-a-login")
            .retry_policy(RetryPolicy::never())
            .on_request(prefer(&scenario))
            .build()
            .expect("client");
        let update: vinix::types::UpdateUserRequest = serde_json::from_value(
            serde_json::json!({"data": {"first_name": "Ada", "last_name": "Lovelace", "priv_level": "admin"}}),
        )
        .expect("an update");
        let user_auth: vinix::types::UserAuthEnvelopeRequest = serde_json::from_value(
            serde_json::json!({"data": {"credentials": "82a5c2c4d5e6f708192a3b4c5d6e7f80", "account_name": "acme"}}),
        )
        .expect("a login");
        let api_auth: vinix::types::ApiAuthEnvelopeRequest =
            serde_json::from_value(serde_json::json!({"data": {"api_key": "a".repeat(64)}})).expect("a login");
        let create: vinix::types::CreateUserRequest =
            serde_json::from_value(serde_json::json!({"data": {"first_name": "Ada", "last_name": "Lovelace"}}))
                .expect("a new user");
        // One key changed and one removed: the explicit `null` must be valid against the schema.
        let patch = vinix::types::PatchUserRequest {
            data: vinix::types::UserPatch {
                timezone: Some(Some("Europe/London".into())),
                presence_id: Some(None),
                ..Default::default()
            },
            extra: Default::default(),
        };
        let photo = switchboard::runtime::Binary { content_type: String::new(), bytes: vec![0x89, b'P', b'N', b'G'] };
        match scenario.operation.as_str() {
            "listUsers" => outcome(client.list_users(ACCOUNT).page_size(2).await),
            "createUser" => outcome(client.create_user(ACCOUNT, &create).await),
            "getUser" => outcome(client.get_user(ACCOUNT, USER).await),
            "updateUser" => outcome(client.update_user(ACCOUNT, USER, &update).await),
            "patchUser" => outcome(client.patch_user(ACCOUNT, USER, &patch).await),
            "deleteUser" => outcome(client.delete_user(ACCOUNT, USER).await),
            "getUserPhoto" => outcome(client.get_user_photo(ACCOUNT, USER).await),
            "uploadUserPhoto" => outcome(client.upload_user_photo(ACCOUNT, USER, &photo).await),
            "deleteUserPhoto" => outcome(client.delete_user_photo(ACCOUNT, USER).await),
            "getUserVcard" => outcome(client.get_user_vcard(ACCOUNT, USER).await),
            "createUserAuth" => outcome(client.create_user_auth(&user_auth).await),
            "createApiAuth" => outcome(client.create_api_auth(&api_auth).await),
            other => Outcome::Failed(format!("no call for operation `{other}`: add one to this test")),
        }
    })
    .await;
}

#[tokio::test]
async fn rinkel_requests_are_valid_and_every_documented_answer_decodes() {
    check_all("rinkel", |scenario, url| async move {
        let client = rinkel::Client::builder(url)
            .api_key("key")
            .retry_policy(RetryPolicy::never())
            .on_request(prefer(&scenario))
            .build()
            .expect("client");
        let update: rinkel::types::UserUpdate =
            serde_json::from_value(serde_json::json!({"availability": "available", "firstName": "Ada"}))
                .expect("an update");
        match scenario.operation.as_str() {
            "listUsers" => outcome(client.list_users().page(1).per_page(10).await),
            "getUser" => outcome(client.get_user("42").await),
            "updateUser" => outcome(client.update_user("42", &update).await),
            other => Outcome::Failed(format!("no call for operation `{other}`: add one to this test")),
        }
    })
    .await;
}

#[tokio::test]
async fn commpeak_requests_are_valid_and_every_documented_answer_decodes() {
    check_all("commpeak", |scenario, url| async move {
        let client = commpeak::Client::builder(url)
            .basic_auth("api-user", "secret")
            .retry_policy(RetryPolicy::never())
            .on_request(prefer(&scenario))
            .build()
            .expect("client");
        match scenario.operation.as_str() {
            "listUsers" => outcome(client.list_users().await),
            "getUserDetails" => outcome(client.get_user_details("42").await),
            other => Outcome::Failed(format!("no call for operation `{other}`: add one to this test")),
        }
    })
    .await;
}
