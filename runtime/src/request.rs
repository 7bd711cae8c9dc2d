//! Preparing a request: the path with each parameter encoded as one segment, query, header
//! and cookie parameters in their OpenAPI styles, and the body in its media type.

use super::error::Error;
use super::redact::{is_secret_name, Secret};

/// Characters left as they are in a path segment: RFC 3986 "unreserved". Everything else,
/// including `/`, `?`, `#` and `%`, is percent-encoded, so a value is always exactly one segment.
const SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Encodes one path parameter as exactly one path segment. Values that no encoding can keep a
/// single, literal segment (empty, `.`, `..`: URL parsers remove dot segments even when
/// percent-encoded) are refused rather than sent to another resource.
pub fn path_segment<E>(name: &str, value: &str) -> Result<String, Error<E>> {
    match value {
        "" => Err(Error::InvalidRequest(format!("path parameter `{name}` is empty"))),
        "." | ".." => Err(Error::InvalidRequest(format!(
            "path parameter `{name}` is `{value}`, which would address another resource"
        ))),
        _ => Ok(percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()),
    }
}

/// A header value, refusing CR, LF and other bytes a header cannot carry.
pub fn header_value<E>(name: &str, value: &str) -> Result<reqwest::header::HeaderValue, Error<E>> {
    reqwest::header::HeaderValue::from_str(value).map_err(|_| {
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
/// their JSON text, a list comma-joined, an object as `key,value,key,value`.
pub fn simple_param<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Generated types always serialize to JSON (their map keys are strings), so the fallback is
    // never reached in practice; an empty value is still better than a panic.
    serde_json::to_value(value).map(|v| simple_text(&v)).unwrap_or_default()
}

/// A JSON value in OpenAPI's `simple` style (also `form` without `explode`, less the name).
pub(super) fn simple_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Array(items) => items.iter().map(ParamValue::param_string).collect::<Vec<_>>().join(","),
        serde_json::Value::Object(map) => {
            map.iter().flat_map(|(k, v)| [k.clone(), v.param_string()]).collect::<Vec<_>>().join(",")
        }
        other => other.param_string(),
    }
}

/// A `multipart/form-data` body, part by part.
#[derive(Debug, Default)]
pub struct MultipartForm {
    parts: Vec<(String, MultipartPart)>,
}

#[derive(Debug)]
enum MultipartPart {
    Text(String),
    File { file_name: String, content_type: String, bytes: Vec<u8> },
}

impl MultipartForm {
    pub(super) fn to_reqwest(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut out = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            out = match part {
                MultipartPart::Text(value) => out.text(name.clone(), value.clone()),
                MultipartPart::File { file_name, content_type, bytes } => {
                    let part = reqwest::multipart::Part::bytes(bytes.clone())
                        .file_name(file_name.clone())
                        .mime_str(content_type)
                        .map_err(|e| Error::InvalidRequest(format!("multipart part `{name}`: {e}")))?;
                    out.part(name.clone(), part)
                }
            };
        }
        Ok(out)
    }

    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push((name.into(), MultipartPart::Text(value.into())));
        self
    }

    /// A field holding any serializable value as JSON text.
    pub fn json<T: serde::Serialize + ?Sized>(self, name: impl Into<String>, value: &T) -> Self {
        let text = serde_json::to_string(value).unwrap_or_default();
        self.text(name, text)
    }

    /// A file field.
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Self {
        let part = MultipartPart::File { file_name: file_name.into(), content_type: content_type.into(), bytes };
        self.parts.push((name.into(), part));
        self
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
