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
}
