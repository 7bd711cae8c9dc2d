//! An operation's request while it is being built: the path encoded when the method is called,
//! then parameters set in any order by a request builder's setters, and written onto the
//! request in one fixed order when it is sent, so the same call puts the same bytes on the wire
//! however its setters were chained.

use std::collections::BTreeMap;

use super::error::Error;
use super::multipart::MultipartForm;
use super::request::{encode_component, header_value, path_segment, JsonParam, ParamStyle, ParamValue, PathPart};
use super::upload::Upload;

/// A parameter encoded by its setter, waiting for its place in the request.
#[derive(Clone)]
enum Encoded {
    /// `name=value` pairs, both already percent-encoded (a delimiter between items stays literal).
    Query(Vec<String>),
    Header(&'static str, reqwest::header::HeaderValue),
    Cookie(String),
}

/// An operation's request as its method and builder prepare it. The first argument that cannot
/// be encoded is kept and reported when the request is sent, so generated code has no early
/// returns: each step is one call.
pub struct Prepared {
    request: Result<reqwest::RequestBuilder, String>,
    /// Parameters by their place in the operation (required ones first, then optional ones,
    /// each group in document order); setting one again replaces it.
    params: BTreeMap<u32, Encoded>,
    /// Headers added per call (`.header(name, value)`), after the operation's own.
    extra_headers: reqwest::header::HeaderMap,
    /// The whole URL of a next page the server named (pagination), instead of path and query.
    url: Option<reqwest::Url>,
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
        Self {
            request: Ok(http.request(method, url)),
            params: BTreeMap::new(),
            extra_headers: reqwest::header::HeaderMap::new(),
            url: None,
        }
    }

    fn failed(error: Error) -> Self {
        Self {
            request: Err(message(error)),
            params: BTreeMap::new(),
            extra_headers: reqwest::header::HeaderMap::new(),
            url: None,
        }
    }

    fn fail(&mut self, error: Error) {
        if self.request.is_ok() {
            self.request = Err(message(error));
        }
    }

    fn map(mut self, step: impl FnOnce(reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error>) -> Self {
        self.request = match self.request {
            Ok(request) => step(request).map_err(message),
            failed => failed,
        };
        self
    }

    fn set(mut self, place: u32, encoded: Result<Encoded, Error>) -> Self {
        match encoded {
            Ok(encoded) => {
                self.params.insert(place, encoded);
            }
            Err(e) => self.fail(e),
        }
        self
    }

    /// Query parameter number `place`; a list is repeated (`explode`) or comma-joined.
    pub fn query<V: ParamValue>(self, place: u32, name: &str, values: &[V], explode: bool) -> Self {
        let pairs = if explode {
            values.iter().map(|v| pair(name, &encode_component(&v.param_string()))).collect()
        } else {
            vec![pair(name, &joined(values, ","))]
        };
        self.set(place, Ok(Encoded::Query(pairs)))
    }

    /// A list query parameter number `place` in style `spaceDelimited` (items joined by `%20`)
    /// or `pipeDelimited` (by `%7C`: RFC 3986 allows no literal `|` in a query); any other style
    /// joins them with commas, as [`Prepared::query`] does.
    pub fn query_joined<V: ParamValue>(self, place: u32, name: &str, values: &[V], style: ParamStyle) -> Self {
        let delimiter = match style {
            ParamStyle::SpaceDelimited => "%20",
            ParamStyle::PipeDelimited => "%7C",
            _ => ",",
        };
        let pairs = vec![pair(name, &joined(values, delimiter))];
        self.set(place, Ok(Encoded::Query(pairs)))
    }

    /// An object- or JSON-valued query parameter number `place` in its OpenAPI style:
    /// `deepObject` (`name[key]=value`), `form` exploded (`key=value`), `form`
    /// (`name=key,value,...`); anything else is sent as JSON text. Keys go in the order the value
    /// serializes them.
    pub fn query_object<T: serde::Serialize + ?Sized>(
        self,
        place: u32,
        name: &str,
        value: &T,
        style: ParamStyle,
        explode: bool,
    ) -> Self {
        let value = match JsonParam::of(value) {
            Ok(value) => value,
            Err(e) => {
                return self.set(place, Err(Error::InvalidRequest(format!("query parameter `{name}`: {e}"))));
            }
        };
        let pairs = match (value, style) {
            (JsonParam::Object(entries), ParamStyle::DeepObject) => entries
                .iter()
                .map(|(k, v)| pair(&format!("{name}[{k}]"), &encode_component(&v.param_string())))
                .collect(),
            (JsonParam::Object(entries), ParamStyle::Form) if explode => {
                entries.iter().map(|(k, v)| pair(k, &encode_component(&v.param_string()))).collect()
            }
            (JsonParam::Object(entries), ParamStyle::Form) => {
                let items: Vec<String> = entries.iter().flat_map(|(k, v)| [k.clone(), v.param_string()]).collect();
                vec![pair(name, &joined(&items, ","))]
            }
            (JsonParam::Object(entries), _) => {
                // As the value wrote it: a `serde_json::Map` would sort the keys.
                let members: Vec<String> =
                    entries.iter().map(|(k, v)| format!("{}:{v}", serde_json::Value::from(k.as_str()))).collect();
                vec![pair(name, &encode_component(&format!("{{{}}}", members.join(","))))]
            }
            (JsonParam::Other(value), _) => vec![pair(name, &encode_component(&value.param_string()))],
        };
        self.set(place, Ok(Encoded::Query(pairs)))
    }

    /// Header parameter number `place`, its value checked for CR, LF and other bytes a header
    /// cannot carry.
    pub fn header(self, place: u32, name: &'static str, value: &str) -> Self {
        let encoded = header_value(name, value).map(|mut v| {
            v.set_sensitive(super::request::is_sensitive(name));
            Encoded::Header(name, v)
        });
        self.set(place, encoded)
    }

    /// Cookie parameter number `place`; all cookie parameters go out in one `Cookie` header.
    /// The value is percent-encoded like a query value: RFC 6265 allows no space, `;`, `,` or
    /// `"` in a cookie value.
    pub fn cookie(self, place: u32, name: &str, value: &str) -> Self {
        let pair = format!("{name}={}", encode_component(value));
        let encoded = header_value::<std::convert::Infallible>("Cookie", &pair).map(|_| Encoded::Cookie(pair));
        self.set(place, encoded)
    }

    /// A header added for this call only (not one the operation documents), sent after the
    /// operation's own; the name and value are checked like every header.
    pub fn extra_header(mut self, name: &str, value: &str) -> Self {
        let Ok(header) = reqwest::header::HeaderName::from_bytes(name.as_bytes()) else {
            self.fail(Error::InvalidRequest(format!("`{name}` is not a valid header name")));
            return self;
        };
        match header_value(name, value) {
            Ok(mut value) => {
                value.set_sensitive(super::request::is_sensitive(name));
                self.extra_headers.insert(header, value);
            }
            Err(e) => self.fail(e),
        }
        self
    }

    /// The (decoded) value of the single-valued query parameter number `place`, when it is set.
    pub fn query_value(&self, place: u32) -> Option<String> {
        match self.params.get(&place) {
            Some(Encoded::Query(pairs)) if pairs.len() == 1 => {
                let (_, value) = pairs.first()?.split_once('=')?;
                Some(percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned())
            }
            _ => None,
        }
    }

    /// A copy to send again (another page of a list), unless the body is a stream.
    pub fn try_clone(&self) -> Option<Prepared> {
        let request = match &self.request {
            Ok(request) => Ok(request.try_clone()?),
            Err(message) => Err(message.clone()),
        };
        Some(Prepared {
            request,
            params: self.params.clone(),
            extra_headers: self.extra_headers.clone(),
            url: self.url.clone(),
        })
    }

    /// The URL the request goes to, query included (`None` when an argument could not be
    /// encoded, or the body is a stream).
    pub fn target_url(&self) -> Option<reqwest::Url> {
        let request = self.try_clone()?.finish::<std::convert::Infallible>().ok()?.build().ok()?;
        Some(request.url().clone())
    }

    /// Sends to `url` (a next page the server named, already checked to be on the client's
    /// origin) instead of the operation's path and query; headers and body stay.
    pub fn at_url(mut self, url: reqwest::Url) -> Self {
        self.url = Some(url);
        self
    }

    /// The `Accept` header the operation documents; a per-call `Accept` header replaces it.
    pub fn accept(self, media_types: &'static str) -> Self {
        self.map(|request| super::request::with_header(request, "Accept", media_types))
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
        self.map(|request| Ok(super::request::with_header(request, "Content-Type", media_type)?.body(body.to_owned())))
    }

    /// A binary body, sent with its own content type or else the documented one.
    pub fn binary(self, media_type: &'static str, body: Upload) -> Self {
        let (content_type, body) = body.into_parts(media_type);
        self.map(|request| Ok(super::request::with_header(request, "Content-Type", &content_type)?.body(body)))
    }

    /// A `multipart/form-data` body: a generated form struct or a form assembled by hand.
    pub fn multipart(self, form: impl Into<MultipartForm>) -> Self {
        let form = form.into();
        self.map(|request| Ok(request.multipart(form.into_reqwest()?)))
    }

    /// The request with every parameter in its place, or the first argument that could not be
    /// encoded.
    pub fn finish<E>(self) -> Result<reqwest::RequestBuilder, Error<E>> {
        let mut request = self.request.map_err(Error::InvalidRequest)?;
        let mut query: Vec<String> = Vec::new();
        let mut cookies: Vec<String> = Vec::new();
        for encoded in self.params.into_values() {
            match encoded {
                Encoded::Query(pairs) => query.extend(pairs),
                Encoded::Header(name, value) => request = request.header(name, value),
                Encoded::Cookie(pair) => cookies.push(pair),
            }
        }
        if !query.is_empty() {
            request = append_query(request, &query.join("&"))?;
        }
        if !cookies.is_empty() {
            request = super::request::with_header(request, "Cookie", &cookies.join("; "))?;
        }
        if !self.extra_headers.is_empty() {
            // `headers` replaces what the operation set under the same name: an override.
            request = request.headers(self.extra_headers);
        }
        if let Some(url) = self.url {
            let (client, built) = request.build_split();
            let mut built = built?;
            *built.url_mut() = url;
            request = reqwest::RequestBuilder::from_parts(client, built);
        }
        Ok(request)
    }
}

/// The request with `raw` (already percent-encoded) after its URL's query. Written as it is:
/// reqwest's `query` would form-encode it (`+` for a space, `*` raw, `~` encoded).
pub(super) fn append_query(
    request: reqwest::RequestBuilder,
    raw: &str,
) -> Result<reqwest::RequestBuilder, reqwest::Error> {
    let (client, built) = request.build_split();
    let mut built = built?;
    let url = built.url_mut();
    let query = match url.query() {
        Some(own) if !own.is_empty() => format!("{own}&{raw}"),
        _ => raw.to_owned(),
    };
    url.set_query(Some(&query));
    Ok(reqwest::RequestBuilder::from_parts(client, built))
}

/// `name=value`, the name percent-encoded here and the value already.
pub(super) fn pair(name: &str, encoded_value: &str) -> String {
    format!("{}={encoded_value}", encode_component(name))
}

/// Items percent-encoded one by one and joined by a literal `delimiter`, so a delimiter inside an
/// item stays distinguishable from one between items.
fn joined<V: ParamValue>(values: &[V], delimiter: &str) -> String {
    values.iter().map(|v| encode_component(&v.param_string())).collect::<Vec<_>>().join(delimiter)
}

fn message(error: Error) -> String {
    match error {
        Error::InvalidRequest(message) => message,
        other => other.to_string(),
    }
}
