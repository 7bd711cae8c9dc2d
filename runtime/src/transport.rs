//! Sending a prepared request: the request hook, per-attempt timeouts, retries with backoff
//! and `Retry-After`, the body read up to its limit, and one `tracing` span per call.

use std::fmt;

use super::error::Error;
use super::response::{media_matches, RawResponse};
use super::stream::ByteStream;

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

/// The default limit of one attempt: long enough for a slow list or upload on a real API, short
/// enough that a server that never answers does not hold a caller forever.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The default limit between two reads of a response: a server trickling a byte now and then
/// would otherwise keep a connection (and its caller) until the attempt's timeout.
pub const DEFAULT_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// What every request of a client shares; per-request changes go through `Client::with_settings`.
#[derive(Clone)]
pub struct Settings {
    /// How failed attempts are retried.
    pub retry: RetryPolicy,
    /// The total time of one attempt, from connecting to the last byte of the body (default
    /// [`DEFAULT_TIMEOUT`]; `None` for no limit). For a streamed body (`send_streaming`, events,
    /// JSON lines) it limits the wait for the answer's head and then each silence between chunks.
    pub timeout: Option<std::time::Duration>,
    /// Responses with larger bodies fail with [`Error::BodyTooLarge`] (default 32 MiB).
    pub max_body_bytes: usize,
    /// Called on every outgoing request, after credentials are applied.
    pub on_request: Option<RequestHook>,
    /// The most pages one walk of a paginated list fetches (default
    /// [`DEFAULT_MAX_PAGES`](super::DEFAULT_MAX_PAGES)); past it the walk ends with
    /// [`Error::Pagination`].
    pub max_pages: usize,
    /// How many times an event stream reconnects (with `Last-Event-ID`) after its connection
    /// ends or fails (default 0: it ends with the connection).
    pub reconnects: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            retry: RetryPolicy::default(),
            timeout: Some(DEFAULT_TIMEOUT),
            max_body_bytes: 32 * 1024 * 1024,
            on_request: None,
            max_pages: super::paginate::DEFAULT_MAX_PAGES,
            reconnects: 0,
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("on_request", &self.on_request.as_ref().map(|_| "<hook>"))
            .field("max_pages", &self.max_pages)
            .field("reconnects", &self.reconnects)
            .finish()
    }
}

/// The operation a request performs, for tracing.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The operationId.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template (`/users/{id}`): traces never carry parameter values.
    pub path: &'static str,
    /// The server the API document names for this operation alone, when it does.
    pub server: Option<&'static str>,
    /// The `Accept` header: the documented response media types, comma-joined (`None` when the
    /// operation documents none; reqwest then sends `*/*`).
    pub accept: Option<&'static str>,
}

/// The HTTP methods an OpenAPI operation can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method as it is sent (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Whether sending it twice has the effect of sending it once (RFC 9110, 9.2.2), which is
    /// what makes a retry safe.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    pub(super) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Options => reqwest::Method::OPTIONS,
            Method::Head => reqwest::Method::HEAD,
            Method::Patch => reqwest::Method::PATCH,
            Method::Trace => reqwest::Method::TRACE,
        }
    }
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

/// How an answer's body is read. `Whole`: into memory, up to the limit, the timeout covering the
/// whole exchange. `Streamed(media)`: a success answer whose content type is one of `media` (any,
/// when `media` is empty) is handed over unread as a [`ByteStream`], the timeout then covering
/// the wait for the head and each silence after it; other answers are read whole.
#[derive(Debug, Clone, Copy)]
pub(super) enum Reading {
    Whole,
    Streamed(&'static [&'static str]),
}

/// An answer, read whole or left on the connection.
pub(super) enum Answer {
    Whole(RawResponse),
    Streamed(ByteStream),
}

impl Answer {
    pub(super) fn status(&self) -> u16 {
        match self {
            Answer::Whole(response) => response.status,
            Answer::Streamed(stream) => stream.status(),
        }
    }
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
    match exchange(http, settings, operation, request, Reading::Whole).await? {
        Answer::Whole(response) => Ok(response),
        // Not reached (a whole reading never streams); read it all the same.
        Answer::Streamed(stream) => {
            let (status, headers) = (stream.status(), stream.headers().clone());
            let body = stream.read_all(settings.max_body_bytes).await.map_err(Error::widen)?;
            Ok(RawResponse::new(status, headers, body))
        }
    }
}

/// [`execute`], with the body read as `reading` says.
pub(super) async fn exchange<E>(
    http: &reqwest::Client,
    settings: &Settings,
    operation: &Operation,
    request: reqwest::Request,
    reading: Reading,
) -> Result<Answer, Error<E>> {
    use tracing::Instrument;
    let span = tracing::info_span!(
        "request",
        operation = operation.id,
        method = operation.method.as_str(),
        path = operation.path,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    let may_retry = operation.method.is_idempotent() || settings.retry.retry_non_idempotent;
    let outcome = async {
        let response = attempts(http, settings, request, may_retry, reading, &span).await?;
        span.record("status", response.status().as_u16());
        finish(response, settings, reading).await
    }
    .instrument(span.clone())
    .await;
    span.record("elapsed_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
    outcome
}

/// Attempts until an answer that is not worth retrying, or the last attempt; only the head of
/// the answer is read here, so nothing is retried once a body has started.
async fn attempts<E>(
    http: &reqwest::Client,
    settings: &Settings,
    request: reqwest::Request,
    may_retry: bool,
    reading: Reading,
    span: &tracing::Span,
) -> Result<reqwest::Response, Error<E>> {
    let mut next = Some(request);
    let mut attempt = 1;
    loop {
        let Some(mut request) = next.take() else {
            return Err(Error::InvalidRequest("the request could not be prepared".into()));
        };
        // A streamed body cannot be sent twice: such requests get one attempt.
        let spare = if may_retry && attempt < settings.retry.max_attempts { request.try_clone() } else { None };
        if let (Some(timeout), Reading::Whole) = (settings.timeout, reading) {
            *request.timeout_mut() = Some(timeout);
        }
        if let Some(hook) = &settings.on_request {
            hook(&mut request);
        }
        span.record("attempt", attempt);
        let outcome = match (settings.timeout, reading) {
            (Some(limit), Reading::Streamed(_)) => match tokio::time::timeout(limit, http.execute(request)).await {
                Ok(outcome) => outcome,
                Err(_) => return Err(Error::Timeout { limit }),
            },
            _ => http.execute(request).await,
        };
        let retry = match &outcome {
            Ok(response) if RETRY_STATUSES.contains(&response.status().as_u16()) => {
                Some(retry_after(response.headers()))
            }
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
        return Ok(outcome?);
    }
}

/// The answer's body: left on the connection when `reading` streams it, otherwise read.
async fn finish<E>(response: reqwest::Response, settings: &Settings, reading: Reading) -> Result<Answer, Error<E>> {
    let Reading::Streamed(media) = reading else {
        return Ok(Answer::Whole(read(response, settings.max_body_bytes).await?));
    };
    let content_type = response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let streams = response.status().is_success()
        && (media.is_empty() || content_type.is_some_and(|actual| media.iter().any(|m| media_matches(m, actual))));
    if streams {
        let mut stream = ByteStream::live(response, settings.timeout);
        stream.record_limit = settings.max_body_bytes;
        return Ok(Answer::Streamed(stream));
    }
    // Without reqwest's own timeout on this request, the read is held to the same limit here.
    match settings.timeout {
        Some(limit) => match tokio::time::timeout(limit, read(response, settings.max_body_bytes)).await {
            Ok(read) => Ok(Answer::Whole(read?)),
            Err(_) => Err(Error::Timeout { limit }),
        },
        None => Ok(Answer::Whole(read(response, settings.max_body_bytes).await?)),
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
    Ok(RawResponse::new(status, headers, body))
}
