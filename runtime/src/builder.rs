//! Configuring a client before it is built: settings, credentials, the login, and the HTTP
//! client underneath.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, RwLock};

use super::client::{Core, Credential, Login, LoginFn, Scheme, Shared};
use super::error::Error;
use super::login::{token_at, LoginError};
use super::redirect::RedirectPolicy;
use super::response::CallResult;
use super::transport::{RetryPolicy, Settings, DEFAULT_READ_TIMEOUT};

/// The API-independent half of a generated `ClientBuilder`.
#[derive(Clone)]
pub struct CoreBuilder {
    base_url: String,
    schemes: &'static [Scheme],
    settings: Settings,
    connect_timeout: Option<std::time::Duration>,
    read_timeout: Option<std::time::Duration>,
    redirect: RedirectPolicy,
    user_agent: Option<String>,
    credentials: Vec<Option<Credential>>,
    login: Option<Login>,
    operation_base_urls: BTreeMap<String, String>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for CoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CoreBuilder")
            .field("base_url", &self.base_url)
            .field("settings", &self.settings)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("redirect", &self.redirect)
            .field("user_agent", &self.user_agent)
            .field("credentials", &self.credentials)
            .field("http_client", &self.http.as_ref().map(|_| "<your reqwest::Client>"))
            .finish_non_exhaustive()
    }
}

impl CoreBuilder {
    pub(super) fn new(base_url: String, schemes: &'static [Scheme]) -> Self {
        CoreBuilder {
            base_url,
            schemes,
            settings: Settings::default(),
            connect_timeout: None,
            read_timeout: Some(DEFAULT_READ_TIMEOUT),
            redirect: RedirectPolicy::default(),
            user_agent: None,
            credentials: vec![None; schemes.len()],
            login: None,
            operation_base_urls: BTreeMap::new(),
            http: None,
        }
    }

    /// The time one attempt may take, from connecting to reading the whole body.
    pub fn timeout(&mut self, timeout: Option<std::time::Duration>) {
        self.settings.timeout = timeout;
    }

    /// The time allowed to establish a connection.
    pub fn connect_timeout(&mut self, timeout: std::time::Duration) {
        self.connect_timeout = Some(timeout);
    }

    /// The longest wait between two reads of a response (`None`: no limit).
    pub fn read_timeout(&mut self, timeout: Option<std::time::Duration>) {
        self.read_timeout = timeout;
    }

    /// Which redirects are followed.
    pub fn redirect_policy(&mut self, policy: RedirectPolicy) {
        self.redirect = policy;
    }

    /// How failed requests are retried.
    pub fn retry_policy(&mut self, policy: RetryPolicy) {
        self.settings.retry = policy;
    }

    /// The largest response body read.
    pub fn max_body_bytes(&mut self, limit: usize) {
        self.settings.max_body_bytes = limit;
    }

    /// Calls `hook` on every outgoing request, after credentials are applied.
    pub fn on_request(&mut self, hook: impl Fn(&mut reqwest::Request) + Send + Sync + 'static) {
        self.settings.on_request = Some(Arc::new(hook));
    }

    /// The `User-Agent` header.
    pub fn user_agent(&mut self, user_agent: String) {
        self.user_agent = Some(user_agent);
    }

    /// Sends the operation `operation_id` to `base_url` instead of the server the API document
    /// names for it.
    pub fn operation_base_url(&mut self, operation_id: String, base_url: String) {
        self.operation_base_urls.insert(operation_id, base_url);
    }

    /// The credential of scheme `scheme` (index in the API's table).
    pub fn credential(&mut self, scheme: usize, credential: Credential) {
        if let Some(slot) = self.credentials.get_mut(scheme) {
            *slot = Some(credential);
        }
    }

    /// Logs in with `call` before the first request that needs scheme `scheme`, keeps the token
    /// found at JSON pointer `token` in its answer, and logs in again (once per request) when a
    /// request is answered 401. `call` is given the client to send the login request with.
    pub fn login_with<F, Fut, T, E>(&mut self, scheme: usize, token: &'static str, call: F)
    where
        F: Fn(Core) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = CallResult<T, E>> + Send + 'static,
        T: serde::Serialize,
        E: fmt::Debug,
    {
        let call = Arc::new(call);
        let run: LoginFn = Arc::new(move |core: Core| {
            let call = Arc::clone(&call);
            Box::pin(async move {
                let response = call(core).await.map_err(|e| LoginError::new(format!("{e}")))?;
                token_at(response.body(), token)
            })
        });
        self.login = Some(Login { scheme, run });
    }

    /// Sends every request through `http`, your own client: its TLS roots, proxy, connection
    /// pool, default headers, redirect policy and decompression are used as they are, and the
    /// builder's `connect_timeout`, `read_timeout`, `redirect_policy` and `user_agent` are not
    /// applied to it (set them on your client). Timeouts per attempt, retries, credentials,
    /// logins and the body limit still apply.
    pub fn http_client(&mut self, http: reqwest::Client) {
        self.http = Some(http);
    }

    /// Gets the token of scheme `scheme` (index in the API's table: an API key or a bearer
    /// token) from `provider`, when there is none yet and once more after a request is answered
    /// 401 (then the request is replayed): OAuth 2 client credentials, a vault, a file. Calls are
    /// single flight: concurrent requests wait for one call. An error from `provider` is logged
    /// and the request goes out without the token.
    pub fn token_provider<F, Fut, E>(&mut self, scheme: usize, provider: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String, E>> + Send + 'static,
        E: fmt::Display,
    {
        let provider = Arc::new(provider);
        let run: LoginFn = Arc::new(move |_core: Core| {
            let provider = Arc::clone(&provider);
            Box::pin(async move {
                match provider().await {
                    Ok(token) if !token.is_empty() => Ok(super::redact::Secret::new(token)),
                    Ok(_) => Err(LoginError::new("the token provider returned an empty token".into())),
                    Err(e) => Err(LoginError::new(format!("the token provider failed: {e}"))),
                }
            })
        });
        self.login = Some(Login { scheme, run });
    }

    /// Builds the client core. Fails when the base URL is not a URL or the HTTP stack cannot
    /// start. `default_user_agent` is used when none was set (the generated crate's name and
    /// version).
    pub fn build(self, default_user_agent: &str) -> Result<Core, Error> {
        if let Err(e) = reqwest::Url::parse(&self.base_url) {
            return Err(Error::InvalidRequest(format!("the base URL `{}` is not a URL: {e}", self.base_url)));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let user_agent = self.user_agent.unwrap_or_else(|| default_user_agent.to_string());
                let mut http = reqwest::Client::builder().user_agent(user_agent).redirect(self.redirect.to_reqwest());
                if let Some(timeout) = self.connect_timeout {
                    http = http.connect_timeout(timeout);
                }
                if let Some(timeout) = self.read_timeout {
                    http = http.read_timeout(timeout);
                }
                http.build()?
            }
        };
        Ok(Core {
            shared: Arc::new(Shared {
                base_url: self.base_url,
                http,
                schemes: self.schemes,
                credentials: RwLock::new(self.credentials),
                generation: AtomicU64::new(0),
                login: self.login,
                gate: tokio::sync::Mutex::new(()),
                operation_base_urls: self.operation_base_urls,
            }),
            settings: self.settings,
            logging_in: false,
        })
    }
}
