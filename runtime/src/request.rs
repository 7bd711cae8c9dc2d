//! Preparing a request: the path with each parameter encoded as one segment, query, header
//! and cookie parameters in their OpenAPI styles, and the body in its media type.

use super::error::Error;
use super::redact::{is_secret_name, Secret};

/// Characters left as they are in a path segment, a query name or value and a cookie value:
/// RFC 3986 "unreserved". Everything else, including `/`, `?`, `#`, `%` and the sub-delims, is
/// percent-encoded (docs/wire-format.md), so a value never adds structure of its own.
const SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Text percent-encoded as UTF-8, every byte but the unreserved ones; a space is `%20`.
pub(super) fn encode_component(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, SEGMENT).to_string()
}

/// Encodes one path parameter as exactly one path segment. Values that no encoding can keep a
/// single, literal segment (empty, `.`, `..`: URL parsers remove dot segments even when
/// percent-encoded) are refused rather than sent to another resource.
pub fn path_segment<E>(name: &str, value: &str) -> Result<String, Error<E>> {
    match value {
        "" => Err(Error::InvalidRequest(format!("path parameter `{name}` is empty"))),
        "." | ".." => Err(Error::InvalidRequest(format!(
            "path parameter `{name}` is `{value}`, which would address another resource"
        ))),
        _ => Ok(encode_component(value)),
    }
}

/// A header value, refusing CR, LF and other bytes a header cannot carry. Non-ASCII text is
/// refused too: RFC 9110 leaves its bytes to each implementation (obs-text), so the three targets
/// could not agree on them.
pub fn header_value<E>(name: &str, value: &str) -> Result<reqwest::header::HeaderValue, Error<E>> {
    let printable = value.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
    printable.then(|| reqwest::header::HeaderValue::from_str(value).ok()).flatten().ok_or_else(|| {
        Error::InvalidRequest(format!("the value of header `{name}` contains characters a header cannot carry"))
    })
}

/// Adds a header after validating its value.
pub fn with_header<E>(
    request: reqwest::RequestBuilder,
    name: &'static str,
    value: &str,
) -> Result<reqwest::RequestBuilder, Error<E>> {
    let mut value = header_value(name, value)?;
    value.set_sensitive(is_sensitive(name));
    Ok(request.header(name, value))
}

/// Like [`with_header`], for credentials: the value is marked sensitive.
pub fn with_secret_header<E>(
    request: reqwest::RequestBuilder,
    name: &'static str,
    secret: &Secret,
) -> Result<reqwest::RequestBuilder, Error<E>> {
    let mut value = header_value(name, secret.expose())?;
    value.set_sensitive(true);
    Ok(request.header(name, value))
}

/// HTTP Basic credentials.
pub fn with_basic_auth(request: reqwest::RequestBuilder, username: &str, password: &Secret) -> reqwest::RequestBuilder {
    request.basic_auth(username, Some(password.expose()))
}

/// A bearer token.
pub fn with_bearer<E>(request: reqwest::RequestBuilder, token: &Secret) -> Result<reqwest::RequestBuilder, Error<E>> {
    let mut value = header_value("Authorization", &format!("Bearer {}", token.expose()))?;
    value.set_sensitive(true);
    Ok(request.header(reqwest::header::AUTHORIZATION, value))
}

pub(super) fn is_sensitive(name: &str) -> bool {
    is_secret_name(name) || name.to_ascii_lowercase().contains("key")
}

/// A piece of an operation's path: text from the template, or a parameter's value (encoded as
/// one segment when the request is prepared).
pub enum PathPart<'a> {
    /// Text from the template, sent as it is.
    Literal(&'a str),
    /// A parameter: its name and its value, encoded as one segment.
    Param(&'static str, String),
}

/// The style of an object- or JSON-valued query parameter (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `key=value` pairs (exploded) or `name=key,value,...`.
    Form,
    /// `name[key]=value`.
    DeepObject,
    /// Items joined by spaces.
    SpaceDelimited,
    /// Items joined by `|`.
    PipeDelimited,
    /// Any other style: the value is sent as its JSON text.
    Other,
}

/// How a value is written in a query string, path or header parameter.
pub trait ParamValue {
    /// The parameter as text, before percent-encoding.
    fn param_string(&self) -> String;
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn param_string(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

display_param!(str, String, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, serde_json::Number);

impl ParamValue for serde_json::Value {
    fn param_string(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn param_string(&self) -> String {
        (**self).param_string()
    }
}

/// A list in a path or header parameter (OpenAPI style `simple`): items joined by commas.
impl<T: ParamValue> ParamValue for [T] {
    fn param_string(&self) -> String {
        self.iter().map(ParamValue::param_string).collect::<Vec<_>>().join(",")
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn param_string(&self) -> String {
        self.as_slice().param_string()
    }
}

/// A path, header or cookie parameter whose schema is not a plain scalar (a union, an object, a
/// map, a list of those), written in OpenAPI's `simple` style: a string as is, other scalars as
/// their JSON text, a list comma-joined, an object as `key,value,key,value` in the value's own
/// key order.
pub fn simple_param<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Generated types always serialize to JSON (their map keys are strings), so the fallback is
    // never reached in practice; an empty value is still better than a panic.
    match JsonParam::of(value) {
        Ok(JsonParam::Object(entries)) => {
            entries.iter().flat_map(|(k, v)| [k.clone(), v.param_string()]).collect::<Vec<_>>().join(",")
        }
        Ok(JsonParam::Other(serde_json::Value::Array(items))) => {
            items.iter().map(ParamValue::param_string).collect::<Vec<_>>().join(",")
        }
        Ok(JsonParam::Other(other)) => other.param_string(),
        Err(_) => String::new(),
    }
}

/// A parameter value as JSON: an object as its entries in the order the value serializes them
/// (a generated struct's is the schema's property order, then its extra keys sorted), anything
/// else as it is. `serde_json::Value` would sort every object's keys.
pub(super) enum JsonParam {
    Object(Vec<(String, serde_json::Value)>),
    Other(serde_json::Value),
}

impl JsonParam {
    pub(super) fn of<T: serde::Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        let text = serde_json::to_string(value)?;
        if let Ok(Entries(entries)) = serde_json::from_str::<Entries>(&text) {
            return Ok(JsonParam::Object(entries));
        }
        serde_json::from_str(&text).map(JsonParam::Other)
    }
}

/// The top-level entries of a JSON object, in the order they were written.
struct Entries(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Entries(out))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// A binary body with the media type the server gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binary {
    /// The `Content-Type` of the response (empty when the server sent none).
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl ParamValue for Secret {
    fn param_string(&self) -> String {
        self.expose().to_owned()
    }
}
