//! Media types: how a body with a given media type and schema travels on the wire.

/// The broad family of a media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Json,
    Text,
    Form,
    Multipart,
    Binary,
}

/// Classifies a media type (parameters ignored): `application/json`, `*/*+json` and
/// `text/json` are JSON; other `text/*` and `application/xml`-like types are text; form and
/// multipart are themselves; everything else (`image/*`, `application/octet-stream`, `*/*`) is bytes.
pub fn kind(media_type: &str) -> MediaKind {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (top, sub) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    if sub == "json" || sub.ends_with("+json") || sub == "x-json" {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if top == "multipart" {
        MediaKind::Multipart
    } else if top == "text"
        || sub == "xml"
        || sub.ends_with("+xml")
        || sub == "javascript"
        || sub == "x-yaml"
        || sub == "yaml"
    {
        MediaKind::Text
    } else {
        MediaKind::Binary
    }
}

/// Whether a multipart media type is `multipart/form-data`, the one kind the clients encode.
pub fn is_form_data(media_type: &str) -> bool {
    media_type.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("multipart/form-data")
}

/// Whether a body of this media type is a stream of items, and of which kind.
pub fn streamed(media_type: &str) -> Option<super::StreamKind> {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "text/event-stream" => Some(super::StreamKind::Events),
        "application/x-ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/json-seq"
        | "application/stream+json" => Some(super::StreamKind::JsonLines),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_classified() {
        assert_eq!(kind("application/json"), MediaKind::Json);
        assert_eq!(kind("application/problem+json; charset=utf-8"), MediaKind::Json);
        assert_eq!(kind("text/x-vcard"), MediaKind::Text);
        assert_eq!(kind("application/xml"), MediaKind::Text);
        assert_eq!(kind("image/*"), MediaKind::Binary);
        assert_eq!(kind("*/*"), MediaKind::Binary);
        assert_eq!(kind("multipart/form-data"), MediaKind::Multipart);
        assert_eq!(kind("application/x-www-form-urlencoded"), MediaKind::Form);
    }

    #[test]
    fn event_streams_and_json_lines_are_streamed() {
        assert_eq!(streamed("text/event-stream; charset=utf-8"), Some(super::super::StreamKind::Events));
        assert_eq!(streamed("application/x-ndjson"), Some(super::super::StreamKind::JsonLines));
        assert_eq!(streamed("application/json-seq"), Some(super::super::StreamKind::JsonLines));
        assert_eq!(streamed("application/json"), None);
    }
}
