//! The client machinery every API shares: the builder's settings, the credentials of each
//! security scheme, login with a single flight and a replay after 401, and the one async body
//! all operations run. A generated module holds only what is its API's own: the table of its
//! security schemes, its builder methods for credentials and logins, and its operations.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use super::builder::CoreBuilder;
use super::error::Error;
use super::login::LoginError;
use super::prepared::Prepared;
use super::redact::{scrub, Secret};
use super::request::PathPart;
use super::response::{CallResult, RawResponse, Response};
use super::stream::{ByteStream, Reconnect, Reconnection};
use super::transport::{exchange, Answer, Operation, Reading, Settings};

/// How a security scheme of the API document puts its credential on a request. A generated
/// module lists its API's schemes in a table; operations name them by their index in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// An API key in the named header.
    Header(&'static str),
    /// An API key in the named query parameter.
    Query(&'static str),
    /// An API key in the named cookie.
    Cookie(&'static str),
    /// HTTP Basic credentials.
    Basic,
    /// A token sent as `Authorization: Bearer` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
}

/// A credential for one scheme, set on the builder or obtained by a login; `Debug` shows `***`.
#[derive(Debug, Clone)]
pub enum Credential {
    /// An API key or token.
    Key(Secret),
    /// HTTP Basic credentials.
    Basic {
        /// The user name, sent as it is.
        username: String,
        /// The password.
        password: Secret,
    },
}

impl Credential {
    /// An API key or token.
    pub fn key(value: impl Into<String>) -> Self {
        Credential::Key(Secret::new(value))
    }

    /// HTTP Basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credential::Basic { username: username.into(), password: Secret::new(password) }
    }

    fn apply(&self, request: reqwest::RequestBuilder, scheme: Scheme) -> Result<reqwest::RequestBuilder, Error> {
        use super::request::{with_basic_auth, with_bearer, with_secret_header};
        match (scheme, self) {
            (Scheme::Basic, Credential::Basic { username, password }) => {
                Ok(with_basic_auth(request, username, password))
            }
            (Scheme::Basic, Credential::Key(key)) => Ok(with_basic_auth(request, key.expose(), &Secret::default())),
            (_, Credential::Basic { password, .. }) => Credential::Key(password.clone()).apply(request, scheme),
            (Scheme::Header(name), Credential::Key(key)) => with_secret_header(request, name, key),
            (Scheme::Query(name), Credential::Key(key)) => {
                let pair = super::prepared::pair(name, &super::request::encode_component(key.expose()));
                Ok(super::prepared::append_query(request, &pair)?)
            }
            (Scheme::Cookie(name), Credential::Key(key)) => {
                let pair = format!("{name}={}", super::request::encode_component(key.expose()));
                with_secret_header(request, "Cookie", &Secret::new(pair))
            }
            (Scheme::Bearer, Credential::Key(token)) => with_bearer(request, token),
        }
    }
}

/// A call that logs in and returns the token it got; it is given the client it logs in for.
pub type LoginFn = Arc<dyn Fn(Core) -> Pin<Box<dyn Future<Output = Result<Secret, LoginError>> + Send>> + Send + Sync>;

/// How a client logs in: the scheme (index in the API's table) the token is for and the call.
#[derive(Clone)]
pub(super) struct Login {
    pub(super) scheme: usize,
    pub(super) run: LoginFn,
}

/// What all clones of one client share: connections, credentials, the login and its gate.
pub(super) struct Shared {
    pub(super) base_url: String,
    pub(super) http: reqwest::Client,
    pub(super) schemes: &'static [Scheme],
    pub(super) credentials: RwLock<Vec<Option<Credential>>>,
    /// Counts the tokens stored by logins, so that a request answered 401 can tell whether a
    /// login that finished while it was on the way already replaced the token it was sent with.
    pub(super) generation: AtomicU64,
    pub(super) login: Option<Login>,
    /// One login at a time: concurrent first calls and concurrent 401s wait for the same one.
    pub(super) gate: tokio::sync::Mutex<()>,
    pub(super) operation_base_urls: BTreeMap<String, String>,
}

/// The API-independent half of a generated `Client`: cheap to clone (connections, credentials
/// and the login are shared; the settings are each clone's own).
#[derive(Clone)]
pub struct Core {
    pub(super) shared: Arc<Shared>,
    pub(super) settings: Settings,
    /// Set on the clone a login runs with: its own request never waits for a login.
    pub(super) logging_in: bool,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core")
            .field("base_url", &self.shared.base_url)
            .field("settings", &self.settings)
            .field("credentials", &*self.read_credentials())
            .field("login", &self.shared.login.as_ref().map(|l| self.shared.schemes.get(l.scheme)))
            .finish_non_exhaustive()
    }
}

impl Core {
    /// Starts configuring a client for `base_url`, whose API has the security schemes `schemes`.
    pub fn builder(base_url: impl Into<String>, schemes: &'static [Scheme]) -> CoreBuilder {
        CoreBuilder::new(base_url.into(), schemes)
    }

    /// The base URL every operation's path is appended to.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The underlying HTTP client, for requests the API document does not describe.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.shared.http
    }

    /// The retry, timeout, body-limit and hook settings of every request.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The settings, to change for this clone only.
    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// The request of `operation` to its server (the client's base URL, the operation's own
    /// server, or the override set with [`CoreBuilder::operation_base_url`]) and `path`.
    pub fn prepare(&self, operation: &Operation, path: &[PathPart<'_>]) -> Prepared {
        let base_url = match operation.server {
            None => self.shared.base_url.as_str(),
            Some(documented) => self.shared.operation_base_urls.get(operation.id).map_or(documented, String::as_str),
        };
        let prepared = Prepared::new(&self.shared.http, operation.method.to_reqwest(), base_url, path);
        match operation.accept {
            Some(accept) => prepared.accept(accept),
            None => prepared,
        }
    }

    /// Sends an operation's prepared request with the first alternative of credentials that is
    /// complete (`alternatives` lists indexes into the scheme table) and decodes the answer with
    /// the operation's own decoder: the one async body all operations share. A body `reading`
    /// streams is left on the connection for the decoder.
    pub(super) async fn call<T, E>(
        &self,
        request: Prepared,
        operation: Operation,
        alternatives: &'static [&'static [usize]],
        reading: Reading,
        decode: fn(&mut RawResponse) -> Result<T, Error<E>>,
    ) -> CallResult<T, E> {
        let again = matches!(reading, Reading::Streamed(_)) && self.settings.reconnects > 0;
        let spare = if again { request.try_clone() } else { None };
        let mut response =
            match self.send(request.finish()?, &operation, alternatives, reading).await.map_err(Error::widen)? {
                Answer::Whole(response) => response,
                Answer::Streamed(mut stream) => {
                    if let Some(spare) = spare {
                        stream.reconnection = Some(self.reconnection(spare, operation, alternatives, reading));
                    }
                    RawResponse::unread(stream)
                }
            };
        if !(200..300).contains(&response.status) {
            self.scrub(&mut response.body);
        }
        let body = decode(&mut response)?;
        Ok(Response::new(response.status, response.headers, body))
    }

    /// Sends like [`call`](Core::call), but a success body is handed over as a stream whatever
    /// its type; an error status is read and decoded as usual (a success the decoder would take
    /// from a status outside 2xx is [`Error::UnexpectedStatus`]: it has no stream to give).
    pub(super) async fn call_streaming<T, E>(
        &self,
        request: Prepared,
        operation: Operation,
        alternatives: &'static [&'static [usize]],
        decode: fn(&mut RawResponse) -> Result<T, Error<E>>,
    ) -> CallResult<ByteStream, E> {
        match self
            .send(request.finish()?, &operation, alternatives, Reading::Streamed(&[]))
            .await
            .map_err(Error::widen)?
        {
            Answer::Streamed(stream) => Ok(Response::new(stream.status(), stream.headers().clone(), stream)),
            Answer::Whole(mut response) => {
                self.scrub(&mut response.body);
                decode(&mut response)?;
                Err(Error::UnexpectedStatus(Box::new(response)))
            }
        }
    }

    /// How an event stream sends its request again: with `Last-Event-ID`, credentials (and a
    /// login) as for the first, up to the client's `reconnects`.
    fn reconnection(
        &self,
        request: Prepared,
        operation: Operation,
        alternatives: &'static [&'static [usize]],
        reading: Reading,
    ) -> Reconnection {
        let core = self.clone();
        let again: Reconnect = Arc::new(move |last_id: Option<String>| {
            let core = core.clone();
            let request = request.try_clone();
            Box::pin(async move {
                let Some(mut request) = request else {
                    return Err(Error::InvalidRequest("the request of the event stream cannot be repeated".into()));
                };
                if let Some(id) = last_id {
                    request = request.extra_header("Last-Event-ID", &id);
                }
                match core.send(request.finish()?, &operation, alternatives, reading).await? {
                    Answer::Streamed(stream) => Ok(stream),
                    Answer::Whole(response) if response.status == 204 => {
                        Ok(ByteStream::from_bytes(204, response.headers, Vec::new()))
                    }
                    Answer::Whole(response) => Err(Error::UnexpectedStatus(Box::new(response))),
                }
            })
        });
        Reconnection { again, left: self.settings.reconnects }
    }

    /// Logs in now with the login set on the builder, replacing the stored token. Requests do
    /// this on their own when needed; call it to fail early on bad credentials.
    pub async fn login(&self) -> Result<(), LoginError> {
        let generation = self.shared.generation.load(Ordering::Acquire);
        self.log_in(Some(generation)).await
    }

    /// The scheme the configured login is for, when this request may use it.
    fn login_scheme(&self, alternatives: &[&[usize]]) -> Option<usize> {
        let scheme = self.shared.login.as_ref()?.scheme;
        (!self.logging_in && alternatives.iter().any(|a| a.contains(&scheme))).then_some(scheme)
    }

    /// Sends with credentials, logging in first when the login's token is missing, and once
    /// more (then replaying the request) when the server answers 401.
    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        operation: &Operation,
        alternatives: &[&[usize]],
        reading: Reading,
    ) -> Result<Answer, Error> {
        let login = self.login_scheme(alternatives);
        if let Some(scheme) = login {
            if !self.has(scheme) {
                if let Err(e) = self.log_in(None).await {
                    tracing::warn!(error = %e, "login before the first request failed");
                }
            }
        }
        let mut relogged = false;
        let mut pending = Some(request);
        loop {
            let Some(current) = pending.take() else {
                return Err(Error::InvalidRequest("the request could not be prepared".into()));
            };
            // Only a request that may be replayed after a fresh login needs a copy; a streamed
            // body cannot be copied, so such a request is sent once.
            let spare = if login.is_some() { current.try_clone() } else { None };
            let generation = self.shared.generation.load(Ordering::Acquire);
            let built = self.authorize(current, alternatives)?.build()?;
            let response = exchange(&self.shared.http, &self.settings, operation, built, reading).await?;
            if response.status() == 401 && login.is_some() && !relogged && spare.is_some() {
                relogged = true;
                match self.log_in(Some(generation)).await {
                    Ok(()) => {
                        pending = spare;
                        continue;
                    }
                    Err(e) => tracing::warn!(error = %e, "login after a 401 failed"),
                }
            }
            return Ok(response);
        }
    }

    /// Runs the login unless another caller's login made it unnecessary while this one waited
    /// at the gate: with `stale` `None`, when the token is there by now; with `Some(generation)`,
    /// when the token is no longer the one of that generation.
    async fn log_in(&self, stale: Option<u64>) -> Result<(), LoginError> {
        let Some(login) = self.shared.login.clone() else {
            return Err(LoginError::new("no login is configured on the builder".into()));
        };
        let _gate = self.shared.gate.lock().await;
        let done = match stale {
            None => self.has(login.scheme),
            Some(generation) => self.shared.generation.load(Ordering::Acquire) != generation,
        };
        if done {
            return Ok(());
        }
        let mut runner = self.clone();
        runner.logging_in = true;
        let token = (login.run)(runner).await?;
        let mut credentials = self.write_credentials();
        if let Some(slot) = credentials.get_mut(login.scheme) {
            *slot = Some(Credential::Key(token));
        }
        self.shared.generation.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }

    /// The credentials as they are now (a login may replace a token at any time), read in
    /// place. A poisoned lock still holds the credentials last written.
    fn read_credentials(&self) -> std::sync::RwLockReadGuard<'_, Vec<Option<Credential>>> {
        match self.shared.credentials.read() {
            Ok(credentials) => credentials,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn write_credentials(&self) -> std::sync::RwLockWriteGuard<'_, Vec<Option<Credential>>> {
        match self.shared.credentials.write() {
            Ok(credentials) => credentials,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Takes this client's own credentials out of an error body, before it is decoded into an
    /// error that may be printed.
    fn scrub(&self, body: &mut Vec<u8>) {
        let credentials = self.read_credentials();
        let secrets = credentials.iter().flatten().map(|c| match c {
            Credential::Key(key) => key.expose(),
            Credential::Basic { password, .. } => password.expose(),
        });
        scrub(body, secrets);
    }

    fn has(&self, scheme: usize) -> bool {
        self.read_credentials().get(scheme).is_some_and(Option::is_some)
    }

    /// Applies the first alternative whose credentials are all set; with none set the request
    /// goes out as it is and the server decides.
    fn authorize(
        &self,
        mut request: reqwest::RequestBuilder,
        alternatives: &[&[usize]],
    ) -> Result<reqwest::RequestBuilder, Error> {
        let credentials = self.read_credentials();
        for alternative in alternatives {
            let set: Option<Vec<(&Credential, Scheme)>> = alternative
                .iter()
                .map(|&i| Some((credentials.get(i)?.as_ref()?, *self.shared.schemes.get(i)?)))
                .collect();
            if let Some(set) = set {
                for (credential, scheme) in set {
                    request = credential.apply(request, scheme)?;
                }
                return Ok(request);
            }
        }
        Ok(request)
    }
}
