//! Test support for code that uses a generated client (cargo feature `mock`): a real HTTP server
//! on 127.0.0.1, built on `wiremock`, that answers an API's operations as a test declares them.
//! Each generated API module's `mock` module wraps it with one typed expectation builder per
//! operation; this is the part every API shares.
//!
//! A request that matches no expectation is answered 404 with what differed from the closest
//! expectation, and fails the test when the server is dropped (as an unmet `.times(n)` does).
//! Failing a test is this module's job, so unlike the rest of the runtime it panics, and only
//! in `Drop` of a server or when a test's own setup cannot work.

use std::sync::{Arc, Mutex, PoisonError};

use super::mock_match::{capture, url_decoded, Body, Matcher, Matches, Piece};
use super::prepared::Prepared;
use super::request::path_segment;
use super::transport::Operation;

/// The mock server library, for raw responses (`wiremock::ResponseTemplate`).
#[doc(no_inline)]
pub use ::wiremock;

/// The server every generated `MockServer` wraps.
pub struct Server {
    inner: wiremock::MockServer,
    state: Arc<State>,
}

/// What the server and the responder of unmatched requests share.
struct State {
    operations: &'static [&'static Operation],
    mounted: Mutex<Vec<Arc<Matcher>>>,
    unmatched: Mutex<Vec<String>>,
    /// Encodes the parameters a test names, with the client's own code.
    http: reqwest::Client,
}

impl Server {
    /// Starts a server on 127.0.0.1 for an API with these operations.
    pub async fn start(operations: &'static [&'static Operation]) -> Server {
        let inner = wiremock::MockServer::start().await;
        let state = Arc::new(State {
            operations,
            mounted: Mutex::new(Vec::new()),
            unmatched: Mutex::new(Vec::new()),
            http: reqwest::Client::new(),
        });
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Unmatched(state.clone()))
            .with_priority(u8::MAX)
            .named("requests no expectation matches")
            .mount(&inner)
            .await;
        Server { inner, state }
    }

    /// The URL of the server (`http://127.0.0.1:<port>`), the base URL of a client for it.
    pub fn base_url(&self) -> String {
        self.inner.uri()
    }

    /// The operations of the API.
    pub fn operations(&self) -> &'static [&'static Operation] {
        self.state.operations
    }

    /// A client the generated `MockServer::client` built; a test cannot go on without one.
    pub fn built<C, E: std::fmt::Display>(built: Result<C, E>) -> C {
        match built {
            Ok(client) => client,
            Err(e) => panic!("the mock server's client cannot be built: {e}"),
        }
    }

    /// A new expectation for `operation`, and the request its parameter matchers are encoded
    /// into (by the same code the client's setters run).
    pub fn expect(&self, operation: &'static Operation) -> (Expectation<'_>, Prepared) {
        let prepared = Prepared::new(&self.state.http, operation.method.to_reqwest(), &self.base_url(), &[]);
        let expectation = Expectation { server: self, matcher: Matcher::new(operation), response: None, times: None };
        (expectation, prepared)
    }

    /// Every request the server received, in order, each read as the operation it calls.
    pub async fn received(&self) -> Vec<Received> {
        let requests = self.inner.received_requests().await.unwrap_or_default();
        requests.into_iter().map(|r| Received::read(self.state.operations, r)).collect()
    }

    /// What differed for each request no expectation matched since the last call. Taken: a test
    /// that reads them has dealt with them, so dropping the server does not fail it for them.
    pub fn unmatched(&self) -> Vec<String> {
        std::mem::take(&mut *self.state.unmatched.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("base_url", &self.base_url()).finish_non_exhaustive()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let unmatched = self.unmatched();
        if !unmatched.is_empty() && !std::thread::panicking() {
            panic!("the mock server received requests no expectation matched:\n{}", unmatched.join("\n"));
        }
    }
}

/// One expected call: what it must look like, how it is answered, and how often it comes.
pub struct Expectation<'s> {
    server: &'s Server,
    matcher: Matcher,
    response: Option<wiremock::ResponseTemplate>,
    times: Option<u64>,
}

impl Expectation<'_> {
    /// Path parameter number `index` (in path order) must be `value`, encoded as the client
    /// encodes it.
    pub fn path_param(&mut self, index: usize, name: &str, text: &str) {
        match path_segment::<std::convert::Infallible>(name, text) {
            Ok(segment) => {
                if let Some(slot) = self.matcher.path.get_mut(index) {
                    *slot = Some(segment);
                }
            }
            Err(e) => self.matcher.refused = Some(e.to_string()),
        }
    }

    /// The body must be this value, compared as JSON.
    pub fn json_body<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_value(body) {
            Ok(value) => self.matcher.body = Some(Body::Json(value)),
            Err(e) => self.matcher.refused = Some(format!("the body cannot be written as JSON: {e}")),
        }
    }

    /// The body must be these bytes.
    pub fn bytes_body(&mut self, body: impl Into<Vec<u8>>) {
        self.matcher.body = Some(Body::Bytes(body.into()));
    }

    /// Answers with this status and a JSON body.
    pub fn respond_json<T: serde::Serialize + ?Sized>(&mut self, status: u16, media_type: &str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.respond_bytes(status, media_type, bytes),
            Err(e) => self.matcher.refused = Some(format!("the response body cannot be written as JSON: {e}")),
        }
    }

    /// Answers with this status and body, under this content type.
    pub fn respond_bytes(&mut self, status: u16, media_type: &str, body: impl Into<Vec<u8>>) {
        // A range (`image/*`) is no content type to send.
        let media_type = if media_type.contains('*') { "application/octet-stream" } else { media_type };
        self.response = Some(wiremock::ResponseTemplate::new(status).set_body_raw(body.into(), media_type));
    }

    /// Answers with this status and no body.
    pub fn respond_empty(&mut self, status: u16) {
        self.response = Some(wiremock::ResponseTemplate::new(status));
    }

    /// Answers with this response as it is.
    pub fn respond_raw(&mut self, response: wiremock::ResponseTemplate) {
        self.response = Some(response);
    }

    /// The call must come exactly `n` times (checked when the server is dropped).
    pub fn times(&mut self, n: u64) {
        self.times = Some(n);
    }

    /// Puts the expectation on the server; `prepared` holds the parameters the test named.
    pub async fn mount(mut self, prepared: Prepared) {
        let built = prepared
            .finish::<std::convert::Infallible>()
            .map_err(|e| e.to_string())
            .and_then(|r| r.build().map_err(|e| format!("the request cannot be built: {e}")));
        match built {
            Ok(request) => {
                let query = request.url().query().unwrap_or("");
                let pairs = query.split('&').filter(|p| !p.is_empty());
                self.matcher.query = pairs.map(|p| (super::mock_match::decoded_key(p), p.to_owned())).collect();
                for (name, value) in request.headers() {
                    let Ok(value) = value.to_str() else { continue };
                    if name == reqwest::header::COOKIE {
                        self.matcher.cookies.extend(value.split(';').map(|p| p.trim().to_owned()));
                    } else {
                        self.matcher.headers.push((name.as_str().to_owned(), value.to_owned()));
                    }
                }
            }
            Err(e) => self.matcher.refused = Some(e),
        }
        let id = self.matcher.operation.id;
        let response = self.response.take().unwrap_or_else(|| {
            wiremock::ResponseTemplate::new(501).set_body_raw(
                format!("the mock expectation of `{id}` has no response: give it one (`.respond_ok(..)`, ...)"),
                "text/plain",
            )
        });
        let matcher = Arc::new(self.matcher);
        self.server.state.mounted.lock().unwrap_or_else(PoisonError::into_inner).push(matcher.clone());
        let mut mock = wiremock::Mock::given(Matches(matcher)).respond_with(response).named(id);
        if let Some(n) = self.times {
            mock = mock.expect(n);
        }
        mock.mount(&self.server.inner).await;
    }
}

/// Answers requests no expectation matched, saying what differed from the closest one.
struct Unmatched(Arc<State>);

impl wiremock::Respond for Unmatched {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let mounted = self.0.mounted.lock().unwrap_or_else(PoisonError::into_inner);
        let closest = mounted.iter().map(|m| (m.operation.id, m.differences(request))).min_by_key(|(_, d)| d.len());
        let what = format!("{} {}", request.method, request.url.path());
        let message = match closest {
            Some((id, differences)) => {
                format!("{what} matched no expectation; the closest is `{id}`: {}", differences.join("; "))
            }
            None => match Received::operation_of(self.0.operations, request) {
                Some((op, _)) => format!("{what} is `{}`, but no expectation of it was mounted", op.id),
                None => format!("{what} is no operation of this API, and no expectation was mounted"),
            },
        };
        drop(mounted);
        self.0.unmatched.lock().unwrap_or_else(PoisonError::into_inner).push(message.clone());
        wiremock::ResponseTemplate::new(404).set_body_raw(format!("switchboard mock: {message}"), "text/plain")
    }
}

/// A request the mock server received, read as the operation it calls.
#[derive(Debug, Clone)]
pub struct Received {
    /// The operation id, when the method and path are one of the API's operations.
    pub operation: Option<&'static str>,
    /// The HTTP method.
    pub method: String,
    /// The path as sent (still percent-encoded).
    pub path: String,
    /// The path parameters by name, decoded.
    pub path_params: Vec<(String, String)>,
    /// The query pairs in order, decoded.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Received {
    fn read(operations: &'static [&'static Operation], request: wiremock::Request) -> Received {
        let (operation, path_params) = match Self::operation_of(operations, &request) {
            Some((op, params)) => (Some(op.id), params),
            None => (None, Vec::new()),
        };
        let query = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in &request.headers {
            if let (Ok(name), Ok(value)) = (
                reqwest::header::HeaderName::from_bytes(name.as_str().as_bytes()),
                reqwest::header::HeaderValue::from_bytes(value.as_bytes()),
            ) {
                headers.append(name, value);
            }
        }
        Received {
            operation,
            method: request.method.to_string(),
            path: request.url.path().to_owned(),
            path_params,
            query,
            headers,
            body: request.body,
        }
    }

    /// The operation whose method and path template `request` has, with its path parameters.
    fn operation_of(
        operations: &'static [&'static Operation],
        request: &wiremock::Request,
    ) -> Option<(&'static Operation, Vec<(String, String)>)> {
        // A literal path (`/users/me`) wins over a template that also fits it (`/users/{id}`).
        let mut fits: Vec<(&'static Operation, Vec<(String, String)>)> = operations
            .iter()
            .filter(|op| op.method.as_str() == request.method.as_str())
            .filter_map(|op| {
                let pieces = super::mock_match::pieces(op.path);
                let values = capture(&pieces, request.url.path())?;
                let names = pieces.into_iter().filter_map(|p| match p {
                    Piece::Param(name) => Some(name),
                    Piece::Literal(_) => None,
                });
                Some((*op, names.zip(values.iter().map(|v| url_decoded(&v.replace('+', "%2B")))).collect()))
            })
            .collect();
        fits.sort_by_key(|(_, params)| params.len());
        fits.into_iter().next()
    }

    /// The decoded value of path parameter `name`.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path_params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first decoded value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The body read as JSON of type `T` (an operation's request body type).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// The items every generated `mock` module shares: `MockServer` (its operations' methods are
/// generated beside it) and `Expect`, the expectation builder each operation's matchers and
/// answers extend. `$operations` is the module's table of operations.
// `crate::runtime` on purpose, as in the other macros: the expansion names the runtime as the
// crate holding the generated code reaches it (a dependency or a vendored module).
#[allow(clippy::crate_in_macro_def)]
#[doc(hidden)]
#[macro_export]
macro_rules! __switchboard_mock {
    ($operations:expr) => {
        /// A mock of the API: a real HTTP server on 127.0.0.1 that answers the calls a test
        /// expects. A request no expectation matches is answered 404 with what differed from the
        /// closest one, and fails the test when the server is dropped.
        #[derive(Debug)]
        pub struct MockServer {
            inner: crate::runtime::mock::Server,
        }

        impl MockServer {
            /// Starts a server on a free port of 127.0.0.1.
            pub async fn start() -> Self {
                MockServer { inner: crate::runtime::mock::Server::start($operations).await }
            }

            /// The server's URL, the base URL of a client for it.
            pub fn base_url(&self) -> ::std::string::String {
                self.inner.base_url()
            }

            /// A client builder pointed at the server (operations with servers of their own
            /// included), to add credentials or settings.
            pub fn client_builder(&self) -> super::ClientBuilder {
                let mut builder = super::Client::builder(self.base_url());
                for operation in self.inner.operations() {
                    if operation.server.is_some() {
                        builder = builder.operation_base_url(operation.id, self.base_url());
                    }
                }
                builder
            }

            /// A client pointed at the server, without credentials.
            pub fn client(&self) -> super::Client {
                crate::runtime::mock::Server::built(self.client_builder().build())
            }

            /// Every request received so far, in order, each read as the operation it calls.
            pub async fn received(&self) -> ::std::vec::Vec<crate::runtime::mock::Received> {
                self.inner.received().await
            }

            /// What differed for each request no expectation matched since the last call (taken:
            /// dropping the server does not fail the test for requests read here).
            pub fn unmatched(&self) -> ::std::vec::Vec<::std::string::String> {
                self.inner.unmatched()
            }
        }

        /// An expected call of operation `M`: name what must match (a method per parameter,
        /// `body`, `header`), how it is answered (a method per documented status, or
        /// `respond`/`respond_raw`), how often it comes (`times`), then `.mount().await`.
        pub struct Expect<'s, M> {
            inner: crate::runtime::mock::Expectation<'s>,
            prepared: crate::runtime::Prepared,
            operation: ::std::marker::PhantomData<fn() -> M>,
        }

        impl<'s, M> Expect<'s, M> {
            // Unused in a module whose document has no operations.
            #[allow(dead_code)]
            fn new(server: &'s MockServer, operation: &'static crate::runtime::Operation) -> Self {
                let (inner, prepared) = server.inner.expect(operation);
                Expect { inner, prepared, operation: ::std::marker::PhantomData }
            }

            /// Matches only calls that carry this header value (besides the client's own).
            pub fn header(mut self, name: &str, value: &str) -> Self {
                self.prepared = self.prepared.extra_header(name, value);
                self
            }

            /// The call must come exactly `n` times, checked when the server is dropped.
            pub fn times(mut self, n: u64) -> Self {
                self.inner.times(n);
                self
            }

            /// Answers with this status and a JSON body (any value: for statuses and shapes the
            /// document does not give).
            pub fn respond<T: ::serde::Serialize + ?::std::marker::Sized>(mut self, status: u16, body: &T) -> Self {
                self.inner.respond_json(status, "application/json", body);
                self
            }

            /// Answers with this status and these bytes, under this content type.
            pub fn respond_bytes(
                mut self,
                status: u16,
                content_type: &str,
                body: impl ::std::convert::Into<::std::vec::Vec<u8>>,
            ) -> Self {
                self.inner.respond_bytes(status, content_type, body);
                self
            }

            /// Answers with this status and no body.
            pub fn respond_empty(mut self, status: u16) -> Self {
                self.inner.respond_empty(status);
                self
            }

            /// Answers with this response as it is (headers, delays, malformed bodies).
            pub fn respond_raw(mut self, response: crate::runtime::mock::wiremock::ResponseTemplate) -> Self {
                self.inner.respond_raw(response);
                self
            }

            /// Puts the expectation on the server.
            pub async fn mount(self) {
                self.inner.mount(self.prepared).await
            }
        }
    };
}
