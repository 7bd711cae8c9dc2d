//! Runtime support shared by the generated clients: errors, response handling, path and header
//! encoding, credentials. Hand-written and reviewed; the generated code only calls into it.

use std::fmt;

/// Errors of one operation. `E` is the operation's documented error responses.
pub enum Error<E = std::convert::Infallible> {
    /// The server answered with a status the API documents as an error; `body` is its decoded body.
    Api {
        status: u16,
        headers: Box<reqwest::header::HeaderMap>,
        body: E,
    },
    /// The server answered with a status the API does not document for this operation.
    UnexpectedStatus(Box<RawResponse>),
    /// The body could not be decoded as the documented type.
    Decode {
        response: Box<RawResponse>,
        source: serde_json::Error,
    },
    /// The response's `Content-Type` is none of those documented for its status.
    UnexpectedContentType {
        expected: &'static [&'static str],
        response: Box<RawResponse>,
    },
    /// The request could not be sent or the response not read (connect, TLS, timeout, ...).
    Transport(reqwest::Error),
    /// The request was refused before sending (an argument that cannot be encoded safely).
    InvalidRequest(String),
    /// The response body is larger than the client's limit (see [`Settings::max_body_bytes`]);
    /// it was not read into memory.
    BodyTooLarge { status: u16, limit: usize },
}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::UnexpectedStatus(r) => Some(r.status),
            Error::Decode { response, .. } | Error::UnexpectedContentType { response, .. } => Some(response.status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::InvalidRequest(_) => None,
            Error::BodyTooLarge { status, .. } => Some(*status),
        }
    }

    /// The raw response, for errors that keep it.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            Error::UnexpectedStatus(r) => Some(r),
            Error::Decode { response, .. } | Error::UnexpectedContentType { response, .. } => Some(response),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body, .. } => f.debug_struct("Api").field("status", status).field("body", body).finish(),
            Error::UnexpectedStatus(r) => f.debug_tuple("UnexpectedStatus").field(r).finish(),
            Error::Decode { response, source } => {
                f.debug_struct("Decode").field("response", response).field("source", source).finish()
            }
            Error::UnexpectedContentType { expected, response } => f
                .debug_struct("UnexpectedContentType")
                .field("expected", expected)
                .field("response", response)
                .finish(),
            Error::Transport(e) => f.debug_tuple("Transport").field(&without_url(e)).finish(),
            Error::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
            Error::BodyTooLarge { status, limit } => {
                f.debug_struct("BodyTooLarge").field("status", status).field("limit", limit).finish()
            }
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body, .. } => write!(f, "the server answered {status}: {body:?}"),
            Error::UnexpectedStatus(r) => write!(f, "the server answered with undocumented status {}", r.status),
            Error::Decode { response, source } => {
                write!(f, "the {} response body could not be decoded: {source}", response.status)
            }
            Error::UnexpectedContentType { expected, response } => write!(
                f,
                "the {} response has content type `{}`, expected one of {expected:?}",
                response.status,
                response.content_type().unwrap_or("(none)")
            ),
            Error::Transport(e) => write!(f, "the request failed: {}", without_url(e)),
            Error::InvalidRequest(m) => write!(f, "the request was not sent: {m}"),
            Error::BodyTooLarge { status, limit } => {
                write!(f, "the {status} response body is larger than the limit of {limit} bytes")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(e)
    }
}

/// URLs may carry credentials in their query (an API key in the query string): leave them out.
fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "<url>");
    }
    text
}

/// A response as received: status, headers and the whole body.
#[derive(Clone, Default)]
pub struct RawResponse {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The `Content-Type` header, when present and readable.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn text_lossy(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("body", &body_excerpt(&self.body))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The start of a body for `Debug`. A JSON body has the values of secret-looking keys (tokens,
/// passwords, keys) replaced by `***` first: a login response that fails to decode must not put
/// its token into a log.
fn body_excerpt(body: &[u8]) -> String {
    const SHOWN: usize = 512;
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            redact(&mut value);
            value.to_string()
        }
        Err(_) => String::from_utf8_lossy(&body[..body.len().min(SHOWN)]).into_owned(),
    };
    match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Whether a header or JSON key names a credential.
pub fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase().replace(['-', '_'], "");
    ["authorization", "token", "password", "secret", "apikey", "credential", "cookie"].iter().any(|s| lower.contains(s))
}

fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_secret_name(key) && !v.is_null() {
                    *v = serde_json::Value::String("***".into());
                } else {
                    redact(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// A binary body with the media type the server gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binary {
    /// The `Content-Type` of the response (empty when the server sent none).
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A credential (a token, a password, an API key): shown as `***` by `Debug`, so it never
/// reaches logs by accident. On the wire it is the plain string.
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it is sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

impl ParamValue for Secret {
    fn param_string(&self) -> String {
        self.0.clone()
    }
}

/// Characters left as they are in a path segment: RFC 3986 "unreserved". Everything else,
/// including `/`, `?`, `#` and `%`, is percent-encoded, so a value is always exactly one segment.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

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
    reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest(format!("the value of header `{name}` contains characters a header cannot carry")))
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
    Literal(&'a str),
    Param(&'static str, String),
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
    pub fn query_object<T: serde::Serialize + ?Sized>(self, name: &str, value: &T, style: &str, explode: bool) -> Self {
        self.map(|request| {
            let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
            let text = |v: &serde_json::Value| ParamValue::param_string(v);
            Ok(match (&value, style) {
                (serde_json::Value::Object(map), "deepObject") => {
                    let pairs: Vec<(String, String)> = map.iter().map(|(k, v)| (format!("{name}[{k}]"), text(v))).collect();
                    request.query(&pairs)
                }
                (serde_json::Value::Object(map), "form") if explode => {
                    let pairs: Vec<(&str, String)> = map.iter().map(|(k, v)| (k.as_str(), text(v))).collect();
                    request.query(&pairs)
                }
                (serde_json::Value::Object(_), "form") => request.query(&[(name, simple_text(&value))]),
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

/// A hook that adjusts every outgoing request (extra headers, a user agent, a signature).
pub type RequestHook = std::sync::Arc<dyn Fn(&mut reqwest::Request) + Send + Sync>;

/// How failed requests are retried. Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS,
/// TRACE) are retried unless [`RetryPolicy::retry_non_idempotent`] is set, and only after a
/// connection failure or a 408, 429, 502, 503 or 504 answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 turns retries off).
    pub max_attempts: u32,
    /// The delay before the first retry; each later one doubles it, with jitter.
    pub initial_delay: std::time::Duration,
    /// No delay is longer than this, whatever `Retry-After` asks for.
    pub max_delay: std::time::Duration,
    /// Retry POST and PATCH too (only safe when the server deduplicates them).
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_delay: std::time::Duration::from_millis(500),
            max_delay: std::time::Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn never() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// How long to wait after failed attempt `attempt` (1-based): the server's `Retry-After`
    /// when it gave one, otherwise `initial_delay * 2^(attempt-1)` less up to half of it at
    /// random (so clients that failed together do not retry together); never above `max_delay`.
    pub fn delay(&self, attempt: u32, retry_after: Option<std::time::Duration>) -> std::time::Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_delay);
        }
        let exponent = attempt.saturating_sub(1).min(20);
        let backoff = self.initial_delay.saturating_mul(1 << exponent).min(self.max_delay);
        let jitter = backoff.mul_f64(fastrand::f64() * 0.5);
        backoff.saturating_sub(jitter)
    }
}

/// Statuses worth another attempt: the server or something on the way asks to come back later.
const RETRY_STATUSES: [u16; 5] = [408, 429, 502, 503, 504];

/// What every request of a client shares; per-request changes go through `Client::with_settings`.
#[derive(Clone)]
pub struct Settings {
    pub retry: RetryPolicy,
    /// The total time of one attempt, from connecting to the last byte of the body.
    pub timeout: Option<std::time::Duration>,
    /// Responses with larger bodies fail with [`Error::BodyTooLarge`] (default 32 MiB).
    pub max_body_bytes: usize,
    pub on_request: Option<RequestHook>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { retry: RetryPolicy::default(), timeout: None, max_body_bytes: 32 * 1024 * 1024, on_request: None }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("on_request", &self.on_request.as_ref().map(|_| "<hook>"))
            .finish()
    }
}

/// The operation a request performs, for tracing.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The operationId.
    pub id: &'static str,
    pub method: &'static str,
    /// The path template (`/users/{id}`): traces never carry parameter values.
    pub path: &'static str,
}

fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS, Method::TRACE].contains(method)
}

/// `Retry-After` as a delay: delta-seconds or an HTTP date.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<std::time::Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(std::time::Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(std::time::SystemTime::now()).unwrap_or_default())
}

/// Sends `request` with `settings`: the hook, the timeout, retries with backoff, and a body
/// read no further than the limit. One `tracing` span per call records the operation, the
/// attempt, the status and the time taken.
pub async fn execute<E>(
    http: &reqwest::Client,
    settings: &Settings,
    operation: &Operation,
    request: reqwest::Request,
) -> Result<RawResponse, Error<E>> {
    use tracing::Instrument;
    let span = tracing::info_span!(
        "request",
        operation = operation.id,
        method = operation.method,
        path = operation.path,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    let outcome = attempts(http, settings, request, &span).instrument(span.clone()).await;
    span.record("elapsed_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
    outcome
}

async fn attempts<E>(
    http: &reqwest::Client,
    settings: &Settings,
    request: reqwest::Request,
    span: &tracing::Span,
) -> Result<RawResponse, Error<E>> {
    let may_retry = is_idempotent(request.method()) || settings.retry.retry_non_idempotent;
    let mut next = Some(request);
    let mut attempt = 1;
    loop {
        let Some(mut request) = next.take() else {
            return Err(Error::InvalidRequest("the request could not be prepared".into()));
        };
        // A streamed body cannot be sent twice: such requests get one attempt.
        let spare = if may_retry && attempt < settings.retry.max_attempts { request.try_clone() } else { None };
        if let Some(timeout) = settings.timeout {
            *request.timeout_mut() = Some(timeout);
        }
        if let Some(hook) = &settings.on_request {
            hook(&mut request);
        }
        span.record("attempt", attempt);
        let outcome = http.execute(request).await;
        let retry = match &outcome {
            Ok(response) if RETRY_STATUSES.contains(&response.status().as_u16()) => Some(retry_after(response.headers())),
            Err(e) if e.is_connect() => Some(None),
            _ => None,
        };
        if let (Some(asked), Some(spare)) = (retry, spare) {
            let delay = settings.retry.delay(attempt, asked);
            let reason = match &outcome {
                Ok(response) => response.status().as_u16().to_string(),
                Err(_) => "connection failed".into(),
            };
            tracing::debug!(attempt, reason = %reason, delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX), "retrying");
            drop(outcome);
            tokio::time::sleep(delay).await;
            next = Some(spare);
            attempt += 1;
            continue;
        }
        let response = outcome?;
        span.record("status", response.status().as_u16());
        return read(response, settings.max_body_bytes).await;
    }
}

/// Reads the whole response, refusing bodies over `limit` bytes before they are in memory.
async fn read<E>(mut response: reqwest::Response, limit: usize) -> Result<RawResponse, Error<E>> {
    let status = response.status().as_u16();
    let too_large = Error::BodyTooLarge { status, limit };
    if response.content_length().is_some_and(|len| len > limit as u64) {
        return Err(too_large);
    }
    let headers = std::mem::take(response.headers_mut());
    // One allocation when the server says how much is coming (the limit was checked above).
    let mut body = Vec::with_capacity(response.content_length().map_or(0, |len| len as usize));
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse { status, headers, body })
}

/// A call that logs in and returns the token it got (see the builders' `login_with_*` methods).
pub type LoginFn<C> = std::sync::Arc<
    dyn Fn(C) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Secret, LoginError>> + Send>> + Send + Sync,
>;

/// Why a login failed. The message never contains the credentials sent or the token received.
pub struct LoginError(String);

impl LoginError {
    pub fn new(message: String) -> Self {
        LoginError(message)
    }
}

impl fmt::Debug for LoginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("LoginError").field(&self.0).finish()
    }
}

impl fmt::Display for LoginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "login failed: {}", self.0)
    }
}

impl std::error::Error for LoginError {}

/// The token at JSON `pointer` inside a login's answer.
pub fn token_at<T: serde::Serialize>(body: &T, pointer: &str) -> Result<Secret, LoginError> {
    let value = serde_json::to_value(body).map_err(|e| LoginError::new(format!("the answer cannot be read: {e}")))?;
    match value.pointer(pointer) {
        Some(serde_json::Value::String(token)) if !token.is_empty() => Ok(Secret::new(token.clone())),
        _ => Err(LoginError::new(format!("the answer has no token at `{pointer}`"))),
    }
}

/// What an operation gives: its decoded response, or why there is none.
pub type CallResult<T, E> = Result<Response<T>, Error<E>>;

/// A decoded response with the status and headers it came with. Derefs to the body.
pub struct Response<T> {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: T,
}

impl<T> Response<T> {
    pub fn new(status: u16, headers: reqwest::header::HeaderMap, body: T) -> Self {
        Response { status, headers, body }
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    pub fn body(&self) -> &T {
        &self.body
    }

    pub fn into_body(self) -> T {
        self.body
    }

    /// The same response with its body transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, body: f(self.body) }
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may carry session cookies or tokens: names only.
        let names: Vec<&str> = self.headers.keys().map(|k| k.as_str()).collect();
        f.debug_struct("Response").field("status", &self.status).field("headers", &names).field("body", &self.body).finish()
    }
}

/// Whether `actual` (a response `Content-Type`) is covered by `declared` (a documented media
/// type, which may be a range such as `image/*` or `*/*`). Parameters and case are ignored.
pub fn media_matches(declared: &str, actual: &str) -> bool {
    let essence = |s: &str| s.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (declared, actual) = (essence(declared), essence(actual));
    if declared == "*/*" || declared == actual {
        return true;
    }
    match declared.strip_suffix("/*") {
        Some(top) => actual.split('/').next() == Some(top),
        None => false,
    }
}

/// Which of the `declared` media types the response is; the first when it has no `Content-Type`.
pub fn pick_media(response: &RawResponse, declared: &[&str]) -> Option<usize> {
    match response.content_type() {
        None => (!declared.is_empty()).then_some(0),
        Some(actual) => declared.iter().position(|d| media_matches(d, actual)),
    }
}

// The decoders below borrow the response: on success the caller still holds its status and
// headers for the typed `Response` (no copy of the headers); an error takes the response whole.

/// Decodes a JSON body.
pub fn decode_json<T: serde::de::DeserializeOwned, E>(response: &mut RawResponse) -> Result<T, Error<E>> {
    serde_json::from_slice(&response.body).map_err(|source| Error::Decode { response: Box::new(std::mem::take(response)), source })
}

/// A JSON body of a success status whose content type must be one of `expected`.
pub fn json_success<T: serde::de::DeserializeOwned, E>(response: &mut RawResponse, expected: &'static [&'static str]) -> Result<T, Error<E>> {
    if pick_media(response, expected).is_none() {
        return unexpected_content_type(response, expected);
    }
    decode_json(response)
}

/// A documented error status whose body is JSON, whatever its content type: APIs send JSON errors
/// under whichever type the request negotiated. `variant` puts the body into the error enum.
pub fn json_error<B: serde::de::DeserializeOwned, T, E>(response: &mut RawResponse, variant: fn(B) -> E) -> Result<T, Error<E>> {
    let body = decode_json(response)?;
    api_error(response, variant(body))
}

/// A text body (an empty body is the empty string).
pub fn decode_text<E>(response: &mut RawResponse) -> Result<String, Error<E>> {
    match String::from_utf8(std::mem::take(&mut response.body)) {
        Ok(text) => Ok(text),
        Err(e) => {
            response.body = e.into_bytes();
            let source = serde_json::Error::io(std::io::Error::new(std::io::ErrorKind::InvalidData, "the text body is not UTF-8"));
            Err(Error::Decode { response: Box::new(std::mem::take(response)), source })
        }
    }
}

/// A binary body with its content type.
pub fn decode_binary(response: &mut RawResponse) -> Binary {
    let content_type = response.content_type().unwrap_or("").to_string();
    Binary { content_type, bytes: std::mem::take(&mut response.body) }
}

/// The error for a response whose content type is not documented.
pub fn unexpected_content_type<T, E>(response: &mut RawResponse, expected: &'static [&'static str]) -> Result<T, Error<E>> {
    Err(Error::UnexpectedContentType { expected, response: Box::new(std::mem::take(response)) })
}

/// The error for a status the operation does not document.
pub fn unexpected_status<T, E>(response: &mut RawResponse) -> Result<T, Error<E>> {
    Err(Error::UnexpectedStatus(Box::new(std::mem::take(response))))
}

/// A documented error status with its decoded body.
pub fn api_error<T, E>(response: &mut RawResponse, body: E) -> Result<T, Error<E>> {
    Err(Error::Api { status: response.status, headers: Box::new(std::mem::take(&mut response.headers)), body })
}

/// A success the operation documents without a body schema: the response as received.
pub fn raw_success<E>(response: &mut RawResponse) -> Result<RawResponse, Error<E>> {
    Ok(RawResponse { status: response.status, headers: response.headers.clone(), body: std::mem::take(&mut response.body) })
}

/// `Serialize` and `Deserialize` for a generated struct: a JSON object whose named fields are
/// read and written under their wire names, every other key kept in the `extra` map, in order.
/// Each field is listed as `kind index ident = "wire"`. Kinds: `required` (`T`; absent is an
/// error), `required_nullable` (`Option<T>`: `null`), `optional` (`Option<T>`: absent is `None`
/// and not written; `null` reads as absent, as serde's `Option` does) and `optional_nullable`
/// (`Option<Option<T>>`: absent `None`, `null` `Some(None)`). The `required` fields are listed
/// again after the others, as `index ident`, for the final check that each was present.
/// The per-field work lives in [`ObjectReader`] and [`ObjectWriter`]: each field costs the
/// generated code one call and no early return, which keeps what the compiler checks per struct
/// small (on documents with thousands of schemas these impls are most of the crate).
// Generic parameters have `__` names: a schema type may be called `A` or `D`, and macro hygiene
// does not cover type names. Exported (hidden) so that it lives at
// the crate root, where APIs without structs may leave it unused.
#[doc(hidden)]
#[macro_export]
macro_rules! object_serde {
    ($name:ident, $expecting:literal, $extra:ident { $( $kind:ident $index:literal $field:ident = $wire:literal, )* } required { $( $rindex:literal $required:ident, )* }) => {
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                $crate::runtime::ObjectWriter::new(serializer)?
                    $( .$kind($wire, &self.$field) )*
                    .end(&self.$extra)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                $crate::runtime::read_object(deserializer)
            }
        }
        impl $crate::runtime::ReadObject for $name {
            const EXPECTING: &'static str = $expecting;
            fn read<'de, __A: ::serde::de::MapAccess<'de>>(mut map: __A) -> ::std::result::Result<Self, __A::Error> {
                const KEYS: &[&str] = &[$( $wire ),*];
                $( let mut $field = ::std::option::Option::None; )*
                let mut reader = $crate::runtime::ObjectReader::new(KEYS);
                while let ::std::option::Option::Some(index) = reader.next_key(&mut map)? {
                    match index {
                        $( $index => reader.$kind(&mut map, &mut $field), )*
                        _ => reader.extra(&mut map),
                    }
                }
                let absent = [$( $required.is_none() ),*];
                match ($( $required, )*) {
                    ($( ::std::option::Option::Some($required), )*) => ::std::result::Result::Ok($name {
                        $( $field, )*
                        $extra: reader.into_extra(),
                    }),
                    // Unreachable when no field is required.
                    #[allow(unreachable_patterns)]
                    _ => ::std::result::Result::Err(reader.missing(&absent, &[$( $rindex ),*])),
                }
            }
        }
    };
}

/// A generated struct read from the entries of a JSON object (see `object_serde!`).
pub trait ReadObject: Sized {
    /// What the input should have been, for error messages.
    const EXPECTING: &'static str;
    fn read<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes any [`ReadObject`]: one visitor for all generated structs.
pub fn read_object<'de, T: ReadObject, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: ReadObject> serde::de::Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::read(map)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// Writes a generated struct as a JSON object, field by field, in one chain of calls; the first
/// error is kept and returned by [`ObjectWriter::end`], so the generated code has no exit per field.
pub struct ObjectWriter<M: serde::ser::SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: serde::ser::SerializeMap> ObjectWriter<M> {
    pub fn new<S: serde::Serializer<SerializeMap = M, Error = M::Error>>(serializer: S) -> Result<Self, M::Error> {
        Ok(Self { map: serializer.serialize_map(None)?, error: None })
    }

    fn entry<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            if let Err(e) = self.map.serialize_entry(key, value) {
                self.error = Some(e);
            }
        }
    }

    /// A field that is always written.
    pub fn required<T: serde::Serialize>(mut self, key: &str, value: &T) -> Self {
        self.entry(key, value);
        self
    }

    /// A field that may be `null`: always written.
    pub fn required_nullable<T: serde::Serialize>(mut self, key: &str, value: &Option<T>) -> Self {
        self.entry(key, value);
        self
    }

    /// A field written only when present.
    pub fn optional<T: serde::Serialize>(mut self, key: &str, value: &Option<T>) -> Self {
        if let Some(value) = value {
            self.entry(key, value);
        }
        self
    }

    /// A field written only when present, possibly as `null`.
    pub fn optional_nullable<T: serde::Serialize>(mut self, key: &str, value: &Option<Option<T>>) -> Self {
        if let Some(value) = value {
            self.entry(key, value);
        }
        self
    }

    /// Writes the keys the schema does not name and closes the object.
    pub fn end<V: serde::Serialize>(mut self, extra: &std::collections::BTreeMap<String, V>) -> Result<M::Ok, M::Error> {
        for (key, value) in extra {
            self.entry(key, value);
        }
        match self.error {
            Some(e) => Err(e),
            None => self.map.end(),
        }
    }
}

/// Reads a generated struct from a JSON object: finds each key's field (keys usually come in
/// the schema's order, so the one after the last match is tried first), keeps unknown keys in
/// order, and holds the first error until the next key is asked for, so that the generated
/// code has one exit instead of one per field.
pub struct ObjectReader<E, V> {
    keys: &'static [&'static str],
    next: usize,
    pending: Option<String>,
    extra: std::collections::BTreeMap<String, V>,
    error: Option<E>,
}

impl<E: serde::de::Error, V> ObjectReader<E, V> {
    pub fn new(keys: &'static [&'static str]) -> Self {
        Self { keys, next: 0, pending: None, extra: std::collections::BTreeMap::new(), error: None }
    }

    fn index(&mut self, key: &str) -> Option<usize> {
        let index = match self.keys.get(self.next) {
            Some(expected) if *expected == key => self.next,
            _ => self.keys.iter().position(|k| *k == key)?,
        };
        self.next = index + 1;
        Some(index)
    }

    /// The next key's field index (`usize::MAX` for a key the schema does not name), or `None`
    /// at the end of the object.
    pub fn next_key<'de, A: serde::de::MapAccess<'de, Error = E>>(&mut self, map: &mut A) -> Result<Option<usize>, E> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let Some(key) = map.next_key::<Key<'de>>()? else {
            return Ok(None);
        };
        Ok(Some(match self.index(key.as_str()) {
            Some(index) => index,
            None => {
                self.pending = Some(key.into_string());
                usize::MAX
            }
        }))
    }

    fn keep<T>(&mut self, value: Result<T, E>, slot: impl FnOnce(T)) {
        match value {
            Ok(value) => slot(value),
            Err(e) => self.error = Some(e),
        }
    }

    /// A field that must be present.
    pub fn required<'de, A: serde::de::MapAccess<'de, Error = E>, T: serde::Deserialize<'de>>(&mut self, map: &mut A, slot: &mut Option<T>) {
        self.keep(map.next_value::<T>(), |v| *slot = Some(v));
    }

    /// A field that may be `null`.
    pub fn required_nullable<'de, A: serde::de::MapAccess<'de, Error = E>, T: serde::Deserialize<'de>>(&mut self, map: &mut A, slot: &mut Option<T>) {
        self.keep(map.next_value::<Option<T>>(), |v| *slot = v);
    }

    /// A field that may be absent (`null` reads as absent).
    pub fn optional<'de, A: serde::de::MapAccess<'de, Error = E>, T: serde::Deserialize<'de>>(&mut self, map: &mut A, slot: &mut Option<T>) {
        self.keep(map.next_value::<Option<T>>(), |v| *slot = v);
    }

    /// A field that may be absent or `null`, the two kept apart.
    pub fn optional_nullable<'de, A: serde::de::MapAccess<'de, Error = E>, T: serde::Deserialize<'de>>(&mut self, map: &mut A, slot: &mut Option<Option<T>>) {
        self.keep(map.next_value::<Option<T>>(), |v| *slot = Some(v));
    }

    /// The value of a key the schema does not name.
    pub fn extra<'de, A: serde::de::MapAccess<'de, Error = E>>(&mut self, map: &mut A)
    where
        V: serde::Deserialize<'de>,
    {
        match map.next_value::<V>() {
            Ok(value) => {
                let key = self.pending.take().unwrap_or_default();
                self.extra.insert(key, value);
            }
            Err(e) => self.error = Some(e),
        }
    }

    pub fn into_extra(self) -> std::collections::BTreeMap<String, V> {
        self.extra
    }

    /// The error for a required field that was absent: `absent[i]` tells whether the field at
    /// `indexes[i]` is.
    pub fn missing(&self, absent: &[bool], indexes: &[usize]) -> E {
        let name = absent.iter().position(|a| *a).and_then(|i| indexes.get(i)).and_then(|i| self.keys.get(*i)).copied().unwrap_or("?");
        E::missing_field(name)
    }
}

/// An object key as the generated `Deserialize` impls read it: borrowed from the input when it
/// can be (no escapes), so matching a key against the field names allocates nothing.
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> Key<'de> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// How a value is written in a query string, path or header parameter.
pub trait ParamValue {
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
        serde_json::Value::Object(map) => map.iter().flat_map(|(k, v)| [k.clone(), v.param_string()]).collect::<Vec<_>>().join(","),
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
    pub fn file(mut self, name: impl Into<String>, file_name: impl Into<String>, content_type: impl Into<String>, bytes: Vec<u8>) -> Self {
        let part = MultipartPart::File { file_name: file_name.into(), content_type: content_type.into(), bytes };
        self.parts.push((name.into(), part));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let excerpt = body_excerpt(body);
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
}
