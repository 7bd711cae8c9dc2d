//! The items every generated API module has in common, as macros the module invokes: its
//! `Client` and `ClientBuilder` with the methods that are the same for all APIs, and the
//! blocking `Client`. They expand to `crate::runtime::...` paths (not `$crate`), which name the
//! runtime in every crate that holds generated code, vendored or not.

/// The `Client` and `ClientBuilder` of a generated API module, with every method that is the
/// same for all APIs. Invoked by generated code as `crate::runtime::api_client!(SCHEMES);`, where
/// `SCHEMES` is the module's table of security schemes; the module adds its credential and login
/// methods to `ClientBuilder` and its operations to `Client`.
#[doc(hidden)]
#[macro_export]
// `crate`, not `$crate`, on purpose: see the module's documentation.
#[allow(clippy::crate_in_macro_def)]
macro_rules! __switchboard_client {
    ($schemes:expr) => {
        /// Configures and builds a [`Client`] (or, as `blocking::ClientBuilder`, the blocking
        /// client: `C` is the client it builds).
        #[derive(Debug, Clone)]
        pub struct ClientBuilder<C = Client> {
            core: crate::runtime::CoreBuilder,
            client: ::std::marker::PhantomData<fn() -> C>,
        }

        /// A client for the API; cheap to clone (connections and credentials are shared).
        #[derive(Debug, Clone)]
        pub struct Client {
            core: crate::runtime::Core,
        }

        impl<C> ClientBuilder<C> {
            /// The time one attempt may take, from connecting to reading the whole body
            /// (default [`crate::runtime::DEFAULT_TIMEOUT`], 60 s; `None` for no limit).
            /// [`Client::with_timeout`] overrides it per request.
            pub fn timeout(
                mut self,
                timeout: impl ::std::convert::Into<::std::option::Option<::std::time::Duration>>,
            ) -> Self {
                self.core.timeout(timeout.into());
                self
            }

            /// The longest wait between two reads of a response (default
            /// [`crate::runtime::DEFAULT_READ_TIMEOUT`], 30 s; `None` for no limit).
            pub fn read_timeout(
                mut self,
                timeout: impl ::std::convert::Into<::std::option::Option<::std::time::Duration>>,
            ) -> Self {
                self.core.read_timeout(timeout.into());
                self
            }

            /// Which redirects are followed (default
            /// [`crate::runtime::RedirectPolicy::SameOrigin`]: at most 10, and only on the origin
            /// the request went to, so credentials never follow a redirect to another host, port
            /// or scheme).
            pub fn redirect_policy(mut self, policy: crate::runtime::RedirectPolicy) -> Self {
                self.core.redirect_policy(policy);
                self
            }

            /// The time allowed to establish a connection (default: no limit beyond `timeout`).
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.core.connect_timeout(timeout);
                self
            }

            /// How failed requests are retried (default: [`crate::runtime::RetryPolicy::default`],
            /// 3 attempts of idempotent requests; [`crate::runtime::RetryPolicy::never`] turns
            /// retries off).
            pub fn retry_policy(mut self, policy: crate::runtime::RetryPolicy) -> Self {
                self.core.retry_policy(policy);
                self
            }

            /// The largest response body read (default 32 MiB); larger ones fail with
            /// [`crate::runtime::Error::BodyTooLarge`].
            pub fn max_body_bytes(mut self, limit: usize) -> Self {
                self.core.max_body_bytes(limit);
                self
            }

            /// Calls `hook` on every outgoing request, after credentials are applied (extra
            /// headers, tracing ids, signatures).
            pub fn on_request(
                mut self,
                hook: impl ::std::ops::Fn(&mut crate::runtime::reqwest::Request)
                    + ::std::marker::Send
                    + ::std::marker::Sync
                    + 'static,
            ) -> Self {
                self.core.on_request(hook);
                self
            }

            /// The `User-Agent` header (default: this crate's name and version).
            pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.core.user_agent(user_agent.into());
                self
            }

            /// Sends the operation `operation_id` (its operationId) to `base_url` instead of the
            /// server the API document names for it (operations without a server of their own
            /// always use the client's base URL).
            pub fn operation_base_url(
                mut self,
                operation_id: impl ::std::convert::Into<::std::string::String>,
                base_url: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.core.operation_base_url(operation_id.into(), base_url.into());
                self
            }

            /// Sends every request through `http`, your own `reqwest::Client` (a private CA, a
            /// proxy, a tuned pool, default headers). Its own TLS roots, proxy, pool, default
            /// headers, redirect policy and decompression are used as they are; `connect_timeout`,
            /// `read_timeout`, `redirect_policy` and `user_agent` of this builder are not applied
            /// to it (set them on your client; for redirects,
            /// [`crate::runtime::RedirectPolicy::to_reqwest`] is this client's policy, which keeps
            /// credentials on their origin). The timeout of each attempt, retries, credentials,
            /// logins and `max_body_bytes` still apply.
            pub fn http_client(mut self, http: crate::runtime::reqwest::Client) -> Self {
                self.core.http_client(http);
                self
            }

            fn build_core(self) -> ::std::result::Result<crate::runtime::Core, crate::runtime::Error> {
                let user_agent = ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION"));
                self.core.build(user_agent)
            }
        }

        impl ClientBuilder<Client> {
            /// Builds the client. Fails when the base URL is not a URL or the HTTP stack cannot
            /// start.
            pub fn build(self) -> ::std::result::Result<Client, crate::runtime::Error> {
                ::std::result::Result::Ok(Client { core: self.build_core()? })
            }
        }

        /// The request of one operation (`M`), returned by the operation's method on [`Client`]
        /// with the required arguments already encoded: set optional parameters and per-call
        /// overrides with its methods, then `.await` it, or `.send()` it for a future that owns
        /// everything it needs (`tokio::spawn(client.get_x(..).send())`). Every argument is
        /// checked and encoded before anything is sent; one that cannot be is an
        /// [`crate::runtime::Error::InvalidRequest`] from the call. `R` is `()` for the async
        /// client and [`crate::runtime::BlockingRuntime`] for the blocking one.
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct Request<M, R = ()> {
            core: crate::runtime::Core,
            prepared: crate::runtime::Prepared,
            // Read only by the blocking client (cargo feature `blocking`).
            #[allow(dead_code)]
            runtime: R,
            operation: ::std::marker::PhantomData<fn() -> M>,
        }

        impl<M: crate::runtime::Endpoint, R> ::std::fmt::Debug for Request<M, R> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Request")
                    .field("operation", &M::OPERATION.id)
                    .field("settings", self.core.settings())
                    .finish_non_exhaustive()
            }
        }

        impl<M> Request<M> {
            // Unused in a module whose document has no operations.
            #[allow(dead_code)]
            fn new(core: &crate::runtime::Core, prepared: crate::runtime::Prepared) -> Self {
                Request { core: core.clone(), prepared, runtime: (), operation: ::std::marker::PhantomData }
            }
        }

        impl<M, R> Request<M, R> {
            /// Adds a header to this call, replacing one of the same name the operation sets
            /// (credentials excepted); a name or value a header cannot carry (CR, LF, ...) fails
            /// the call with [`crate::runtime::Error::InvalidRequest`].
            pub fn header(
                mut self,
                name: impl ::std::convert::AsRef<str>,
                value: impl ::std::convert::AsRef<str>,
            ) -> Self {
                self.prepared = self.prepared.extra_header(name.as_ref(), value.as_ref());
                self
            }

            /// The time each attempt of this call may take, instead of the client's timeout.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.core.settings_mut().timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// The most pages `.stream()` and `.pages()` of a paginated operation fetch (default
            /// [`crate::runtime::DEFAULT_MAX_PAGES`]); past it the walk ends with
            /// [`crate::runtime::Error::Pagination`].
            pub fn max_pages(mut self, pages: usize) -> Self {
                self.core.settings_mut().max_pages = pages;
                self
            }

            /// How this call is retried, instead of the client's policy.
            pub fn retry_policy(mut self, policy: crate::runtime::RetryPolicy) -> Self {
                self.core.settings_mut().retry = policy;
                self
            }

            /// For an operation that answers with server-sent events: how many times the stream
            /// sends the request again (with `Last-Event-ID`, after the server's `retry:`) when
            /// its connection ends or fails (default 0).
            pub fn reconnects(mut self, times: u32) -> Self {
                self.core.settings_mut().reconnects = times;
                self
            }
        }

        impl<M: crate::runtime::Download> Request<M> {
            /// Sends the request and hands the success body over as a stream of chunks, with the
            /// status and headers: for large downloads, read as they arrive and not held to the
            /// client's `max_body_bytes`. The per-attempt timeout limits the wait for the answer
            /// and then each silence between chunks; retries happen only before the answer
            /// begins. A documented error status is read and decoded as `send()` does.
            pub fn send_streaming(self) -> crate::runtime::CallFuture<crate::runtime::ByteStream, M::Error> {
                self.core.start_streaming::<M>(self.prepared)
            }
        }

        impl<M: crate::runtime::Endpoint> Request<M> {
            /// Sends the request. The future owns a clone of the client and the encoded request,
            /// so it is `Send + 'static` and can be spawned.
            pub fn send(self) -> crate::runtime::CallFuture<M::Output, M::Error> {
                self.core.start::<M>(self.prepared)
            }
        }

        impl<M: crate::runtime::Endpoint> ::std::future::IntoFuture for Request<M> {
            type Output = crate::runtime::CallResult<M::Output, M::Error>;
            type IntoFuture = crate::runtime::CallFuture<M::Output, M::Error>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }

        impl Client {
            /// Starts configuring a client for `base_url` (e.g. [`DEFAULT_SERVER_URL`] or a URL
            /// from [`servers`]).
            pub fn builder(base_url: impl ::std::convert::Into<::std::string::String>) -> ClientBuilder {
                ClientBuilder {
                    core: crate::runtime::Core::builder(base_url, $schemes),
                    client: ::std::marker::PhantomData,
                }
            }

            /// The base URL every operation's path is appended to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            /// The underlying HTTP client, for requests the API document does not describe.
            pub fn http_client(&self) -> &crate::runtime::reqwest::Client {
                self.core.http_client()
            }

            /// The retry, timeout, body-limit and hook settings of every request.
            pub fn settings(&self) -> &crate::runtime::Settings {
                self.core.settings()
            }

            /// A client that shares this one's connections and credentials, with its settings
            /// changed by `change`, e.g.
            /// `client.with_settings(|s| s.retry = RetryPolicy::never())` (for one call, the
            /// request's own `.timeout(..)` and `.retry_policy(..)` say it shorter).
            pub fn with_settings(&self, change: impl ::std::ops::FnOnce(&mut crate::runtime::Settings)) -> Client {
                let mut client = self.clone();
                change(client.core.settings_mut());
                client
            }

            /// A client like this one whose requests may each take at most `timeout`.
            pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Client {
                self.with_settings(|s| s.timeout = ::std::option::Option::Some(timeout))
            }

            /// Logs in now with the login set on the builder (a `login_with_*` method),
            /// replacing the stored token. Requests do this on their own when needed; call it to
            /// fail early on bad credentials.
            pub async fn login(&self) -> ::std::result::Result<(), crate::runtime::LoginError> {
                self.core.login().await
            }
        }
    };
}

/// The blocking `Client` of a generated API module (cargo feature `blocking`), wrapping the
/// module's async `Client`. Invoked inside the module's `blocking` module, which adds one
/// blocking method per operation.
#[doc(hidden)]
#[macro_export]
// `crate`, not `$crate`, on purpose: see the module's documentation.
#[allow(clippy::crate_in_macro_def)]
macro_rules! __switchboard_blocking_client {
    () => {
        /// The blocking twin of [`super::Client`].
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: super::Client,
            runtime: crate::runtime::BlockingRuntime,
        }

        /// Configures and builds a blocking [`Client`]: the same methods as the async builder.
        pub type ClientBuilder = super::ClientBuilder<Client>;

        impl super::ClientBuilder<Client> {
            /// Builds the blocking client. Fails when the base URL is not a URL, or the HTTP
            /// stack or the runtime cannot start.
            pub fn build(self) -> ::std::result::Result<Client, crate::runtime::Error> {
                Client::new(super::Client { core: self.build_core()? })
            }
        }

        impl<M> super::Request<M> {
            // Unused in a module whose document has no operations.
            #[allow(dead_code)]
            fn blocking(
                self,
                runtime: &crate::runtime::BlockingRuntime,
            ) -> super::Request<M, crate::runtime::BlockingRuntime> {
                super::Request {
                    core: self.core,
                    prepared: self.prepared,
                    runtime: runtime.clone(),
                    operation: self.operation,
                }
            }
        }

        impl<M: crate::runtime::Endpoint> super::Request<M, crate::runtime::BlockingRuntime> {
            /// Sends the request and waits for the answer.
            pub fn send(self) -> crate::runtime::CallResult<M::Output, M::Error> {
                self.runtime.block_on(self.core.start::<M>(self.prepared))
            }
        }

        impl<M: crate::runtime::Download> super::Request<M, crate::runtime::BlockingRuntime> {
            /// Sends the request and waits for the answer's head: the success body is then read
            /// as it arrives, chunk by chunk (an `Iterator`) or as an `std::io::Read`, with the
            /// same limits as the async `send_streaming`.
            pub fn send_streaming(
                self,
            ) -> crate::runtime::CallResult<crate::runtime::BlockingStream<crate::runtime::ByteStream>, M::Error> {
                let runtime = self.runtime.clone();
                let answer = self.runtime.block_on(self.core.start_streaming::<M>(self.prepared))?;
                ::std::result::Result::Ok(answer.map(|stream| crate::runtime::BlockingStream::new(stream, runtime)))
            }
        }

        impl Client {
            /// Starts configuring a blocking client for `base_url`.
            pub fn builder(base_url: impl ::std::convert::Into<::std::string::String>) -> ClientBuilder {
                let builder: super::ClientBuilder = super::Client::builder(base_url);
                super::ClientBuilder { core: builder.core, client: ::std::marker::PhantomData }
            }

            /// Wraps an async client; fails when the runtime cannot start.
            pub fn new(inner: super::Client) -> ::std::result::Result<Client, crate::runtime::Error> {
                ::std::result::Result::Ok(Client { inner, runtime: crate::runtime::BlockingRuntime::new()? })
            }

            /// The async client underneath.
            pub fn inner(&self) -> &super::Client {
                &self.inner
            }

            /// Reads a stream an operation answered with (server-sent events, JSON lines, a
            /// page walk of the async client) from blocking code: each `next` waits on this
            /// client's runtime.
            pub fn blocking_iter<S: crate::runtime::futures_core::Stream + ::std::marker::Unpin>(
                &self,
                stream: S,
            ) -> crate::runtime::BlockingStream<S> {
                crate::runtime::BlockingStream::new(stream, self.runtime.clone())
            }

            /// The runtime this client blocks on: use it to drive requests the API document
            /// does not describe, e.g. through `inner().http_client()`.
            pub fn runtime(&self) -> &crate::runtime::tokio::runtime::Runtime {
                self.runtime.get()
            }
        }
    };
}
