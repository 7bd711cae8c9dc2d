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

fn is_sensitive(name: &str) -> bool {
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

/// An operation's request as its method prepares it. The first argument that cannot be encoded
/// is kept and reported when the request is sent, so the generated code has no early returns:
/// each step is one call.
pub struct Prepared {
    request: Result<reqwest::RequestBuilder, String>,
}

impl Prepared {
    /// The request to `base_url` followed by `path`, the base URL's own path (`/v2`) kept.
    pub fn new(http: &reqwest::Client, method: reqwest::Method, base_url: &str, path: &[PathPart<'_>]) -> Self {
        let mut url = base_url.trim_end_matches('/').to_string();
        for part in path {
            match part {
                PathPart::Literal(text) => url.push_str(text),
                PathPart::Param(name, value) => match path_segment::<std::convert::Infallible>(name, value) {
                    Ok(segment) => url.push_str(&segment),
                    Err(e) => return Self::failed(e),
                },
            }
        }
        Self { request: Ok(http.request(method, url)) }
    }

    fn failed(error: Error) -> Self {
        let message = match error {
            Error::InvalidRequest(message) => message,
            other => other.to_string(),
        };
        Self { request: Err(message) }
    }

    fn map(self, step: impl FnOnce(reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error>) -> Self {
        match self.request {
            Ok(request) => match step(request) {
                Ok(request) => Self { request: Ok(request) },
                Err(e) => Self::failed(e),
            },
            failed => Self { request: failed },
        }
    }

    /// A query parameter; a list is repeated (`explode`) or comma-joined.
    pub fn query<V: ParamValue>(self, name: &str, values: &[V], explode: bool) -> Self {
        self.map(|request| {
            Ok(if explode {
                let pairs: Vec<(&str, String)> = values.iter().map(|v| (name, v.param_string())).collect();
                request.query(&pairs)
            } else {
                let joined = values.iter().map(ParamValue::param_string).collect::<Vec<_>>().join(",");
                request.query(&[(name, joined)])
            })
        })
    }

    /// An object- or JSON-valued query parameter in its OpenAPI style: `deepObject`
    /// (`name[key]=value`), `form` exploded (`key=value`), `form` (`name=key,value,...`); anything
    /// else is sent as JSON text.
    pub fn query_object<T: serde::Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
        style: ParamStyle,
        explode: bool,
    ) -> Self {
        self.map(|request| {
            let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
            let text = |v: &serde_json::Value| ParamValue::param_string(v);
            Ok(match (&value, style) {
                (serde_json::Value::Object(map), ParamStyle::DeepObject) => {
                    let pairs: Vec<(String, String)> =
                        map.iter().map(|(k, v)| (format!("{name}[{k}]"), text(v))).collect();
                    request.query(&pairs)
                }
                (serde_json::Value::Object(map), ParamStyle::Form) if explode => {
                    let pairs: Vec<(&str, String)> = map.iter().map(|(k, v)| (k.as_str(), text(v))).collect();
                    request.query(&pairs)
                }
                (serde_json::Value::Object(_), ParamStyle::Form) => request.query(&[(name, simple_text(&value))]),
                _ => request.query(&[(name, text(&value))]),
            })
        })
    }

    /// A header, its value checked for CR, LF and other bytes a header cannot carry.
    pub fn header(self, name: &'static str, value: &str) -> Self {
        self.map(|request| with_header(request, name, value))
    }

    /// A cookie parameter.
    pub fn cookie(self, name: &str, value: &str) -> Self {
        self.map(|request| with_header(request, "Cookie", &format!("{name}={value}")))
    }

    /// A JSON body with its media type.
    pub fn json<T: serde::Serialize + ?Sized>(self, media_type: &'static str, body: &T) -> Self {
        self.map(|request| {
            let bytes = serde_json::to_vec(body)
                .map_err(|e| Error::InvalidRequest(format!("the request body cannot be written as JSON: {e}")))?;
            Ok(request.header(reqwest::header::CONTENT_TYPE, media_type).body(bytes))
        })
    }

    /// An `application/x-www-form-urlencoded` body.
    pub fn form<T: serde::Serialize + ?Sized>(self, body: &T) -> Self {
        self.map(|request| Ok(request.form(body)))
    }

    /// A text body with its media type.
    pub fn text(self, media_type: &'static str, body: &str) -> Self {
        self.map(|request| Ok(with_header(request, "Content-Type", media_type)?.body(body.to_owned())))
    }

    /// A binary body, sent with its own content type or else the documented one.
    pub fn binary(self, media_type: &'static str, body: &Binary) -> Self {
        let content_type = if body.content_type.is_empty() { media_type } else { body.content_type.as_str() };
        self.map(|request| Ok(with_header(request, "Content-Type", content_type)?.body(body.bytes.clone())))
    }

    /// A `multipart/form-data` body.
    pub fn multipart(self, form: &MultipartForm) -> Self {
        self.map(|request| {
            let mut out = reqwest::multipart::Form::new();
            for (name, part) in &form.parts {
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
            Ok(request.multipart(out))
        })
    }

    /// The request, or the first argument that could not be encoded.
    pub fn finish<E>(self) -> Result<reqwest::RequestBuilder, Error<E>> {
        self.request.map_err(Error::InvalidRequest)
    }
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
fn simple_text(value: &serde_json::Value) -> String {
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
