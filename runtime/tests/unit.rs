//! The runtime's own behaviour, function by function: path segments, media ranges, secrets,
//! backoff, `Retry-After`, header values. Clients built on it are tested in the root crate.

use switchboard_runtime::*;

fn segment(value: &str) -> Result<String, Error> {
    path_segment("id", value)
}

#[test]
fn path_segments_are_one_segment() {
    assert_eq!(segment("a/b c").ok().as_deref(), Some("a%2Fb%20c"));
    assert_eq!(segment("%").ok().as_deref(), Some("%25"));
    assert_eq!(segment("a/b?c#d").ok().as_deref(), Some("a%2Fb%3Fc%23d"));
    assert_eq!(segment("../admin").ok().as_deref(), Some("..%2Fadmin"));
    assert_eq!(segment("ü").ok().as_deref(), Some("%C3%BC"));
}

#[test]
fn dot_and_empty_segments_are_refused() {
    for bad in ["", ".", ".."] {
        assert!(matches!(segment(bad), Err(Error::InvalidRequest(_))), "{bad:?}");
    }
}

#[test]
fn media_ranges_match() {
    assert!(media_matches("image/*", "image/png"));
    assert!(media_matches("*/*", "text/html"));
    assert!(media_matches("application/json", "Application/JSON; charset=utf-8"));
    assert!(!media_matches("image/*", "text/plain"));
    assert!(!media_matches("application/json", "text/html"));
}

#[test]
fn secrets_are_redacted() {
    assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(***)");
}

#[test]
fn backoff_doubles_with_jitter_and_stays_under_the_cap() {
    let policy = RetryPolicy {
        initial_delay: std::time::Duration::from_millis(100),
        max_delay: std::time::Duration::from_millis(350),
        ..RetryPolicy::default()
    };
    for _ in 0..100 {
        let first = policy.delay(1, None).as_millis();
        let second = policy.delay(2, None).as_millis();
        let fourth = policy.delay(4, None).as_millis();
        assert!((50..=100).contains(&first), "{first}");
        assert!((100..=200).contains(&second), "{second}");
        assert!((175..=350).contains(&fourth), "{fourth}");
    }
}

#[test]
fn retry_after_wins_over_backoff_but_not_over_the_cap() {
    let policy = RetryPolicy { max_delay: std::time::Duration::from_secs(10), ..RetryPolicy::default() };
    assert_eq!(policy.delay(1, Some(std::time::Duration::from_secs(3))).as_secs(), 3);
    assert_eq!(policy.delay(1, Some(std::time::Duration::from_secs(3600))).as_secs(), 10);
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::RETRY_AFTER, reqwest::header::HeaderValue::from_static("7"));
    assert_eq!(retry_after(&headers), Some(std::time::Duration::from_secs(7)));
    let later = httpdate::fmt_http_date(std::time::SystemTime::now() + std::time::Duration::from_secs(120));
    let later = reqwest::header::HeaderValue::from_str(&later);
    assert!(later.is_ok(), "an HTTP date is a valid header value");
    if let Ok(later) = later {
        headers.insert(reqwest::header::RETRY_AFTER, later);
    }
    let wait = retry_after(&headers).map(|d| d.as_secs());
    assert!(wait.is_some_and(|w| (110..=120).contains(&w)), "{wait:?}");
    headers.insert(reqwest::header::RETRY_AFTER, reqwest::header::HeaderValue::from_static("soon"));
    assert_eq!(retry_after(&headers), None);
}

#[test]
fn secret_looking_json_fields_are_redacted_in_body_excerpts() {
    let body = br#"{"auth_token": "abc123", "data": {"password": "hunter2", "name": "Ann"}}"#;
    let response = RawResponse::new(500, Default::default(), body.to_vec());
    let excerpt = format!("{response:?}");
    assert!(!excerpt.contains("abc123") && !excerpt.contains("hunter2"), "{excerpt}");
    assert!(excerpt.contains("Ann"), "{excerpt}");
}

#[test]
fn secrets_serialize_as_plain_strings() {
    let secret = serde_json::from_str::<Secret>("\"hunter2\"").ok();
    assert_eq!(secret.as_ref().map(Secret::expose), Some("hunter2"));
    assert_eq!(serde_json::to_string(&secret).ok().as_deref(), Some("\"hunter2\""));
}

#[test]
fn header_values_refuse_line_breaks() {
    assert!(header_value::<std::convert::Infallible>("X-A", "a\r\nX-B: b").is_err());
    assert!(header_value::<std::convert::Infallible>("X-A", "ok").is_ok());
}

fn link(values: &[&'static str]) -> Option<String> {
    let mut headers = reqwest::header::HeaderMap::new();
    for value in values {
        headers.append(reqwest::header::LINK, reqwest::header::HeaderValue::from_static(value));
    }
    next_link(&headers)
}

#[test]
fn the_next_link_is_found_among_others() {
    let github = r#"<https://api.github.com/r?page=1>; rel="prev", <https://api.github.com/r?page=3>; rel="next", <https://api.github.com/r?page=9>; rel="last""#;
    assert_eq!(link(&[github]).as_deref(), Some("https://api.github.com/r?page=3"));
}

#[test]
fn a_link_target_may_hold_commas_and_semicolons() {
    assert_eq!(link(&[r#"</r?labels=a,b;c>; rel="next""#]).as_deref(), Some("/r?labels=a,b;c"));
}

#[test]
fn rel_may_be_unquoted_list_several_types_and_be_in_any_case() {
    assert_eq!(link(&["</a>; REL=next"]).as_deref(), Some("/a"));
    assert_eq!(link(&[r#"</b>; title="x"; rel="last next""#]).as_deref(), Some("/b"));
}

#[test]
fn links_in_several_link_headers_are_all_read() {
    assert_eq!(link(&[r#"</p>; rel="prev""#, r#"</n>; rel="next""#]).as_deref(), Some("/n"));
}

#[test]
fn no_next_link_is_none() {
    assert_eq!(link(&[r#"</p>; rel="prev""#, "garbage"]), None);
    assert_eq!(link(&[r#"</x>; rel="nextish""#]), None);
}

#[test]
fn an_upload_has_a_content_type_only_when_given_one() {
    assert_eq!(Upload::from(b"png".to_vec()).content_type(), None);
    assert_eq!(Upload::from(b"png").with_content_type("image/png").content_type(), Some("image/png"));
}

#[test]
fn an_upload_from_a_binary_brings_its_content_type() {
    let binary = Binary { content_type: "image/jpeg".into(), bytes: vec![1, 2] };
    let upload = Upload::from(&binary);
    assert_eq!(upload.content_type(), Some("image/jpeg"));
    assert_eq!(upload.len(), Some(2));
    let untyped = Binary { content_type: String::new(), bytes: vec![] };
    assert_eq!(Upload::from(untyped).content_type(), None);
}

#[test]
fn an_upload_body_of_bytes_stays_in_memory_and_a_stream_does_not() {
    assert_eq!(Upload::body(reqwest::Body::from(vec![0u8; 3])).len(), Some(3));
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"a"))]);
    assert_eq!(Upload::stream(chunks).len(), None);
}

#[test]
fn an_upload_debug_shows_the_length_not_the_bytes() {
    let shown = format!("{:?}", Upload::from(b"secret".to_vec()));
    assert_eq!(shown, r#"Upload { content_type: None, len: 6 }"#);
}
