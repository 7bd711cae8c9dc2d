//! Which redirects a client follows. Credentials ride on every request a client sends, and
//! reqwest's own policy follows redirects to any host (it strips only `Authorization` and
//! `Cookie`), so an API key in `X-Auth-Token` or a login body re-sent on a 307 would reach
//! whoever the server points at. The default here follows a redirect only within the origin
//! (scheme, host and port) the request was sent to, which also rules out `https` → `http`.

/// How a client treats `3xx` answers with a `Location`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectPolicy {
    /// Follow up to `max` redirects that stay on the request's origin; a redirect elsewhere is
    /// not followed and comes back as the response it is (for an operation that does not
    /// document the status, [`Error::UnexpectedStatus`](super::Error::UnexpectedStatus) with the
    /// `Location` header). The default, with `max` 10.
    SameOrigin {
        /// The most redirects followed for one request; more fail as a transport error.
        max: usize,
    },
    /// Follow none: every `3xx` comes back as the response it is.
    None,
}

impl Default for RedirectPolicy {
    fn default() -> Self {
        RedirectPolicy::SameOrigin { max: 10 }
    }
}

impl RedirectPolicy {
    /// The policy as reqwest's, to install on a `reqwest::Client` you pass to
    /// `ClientBuilder::http_client` (your client's own policy is used as it is).
    pub fn to_reqwest(self) -> reqwest::redirect::Policy {
        match self {
            RedirectPolicy::None => reqwest::redirect::Policy::none(),
            RedirectPolicy::SameOrigin { max } => reqwest::redirect::Policy::custom(move |attempt| {
                let hops = attempt.previous().len();
                let stays = attempt.previous().first().is_some_and(|first| same_origin(first, attempt.url()));
                if !stays {
                    attempt.stop()
                } else if hops > max {
                    attempt.error(format!("more than {max} redirects"))
                } else {
                    attempt.follow()
                }
            }),
        }
    }
}

/// Same scheme, host and port (the default port of the scheme when none is written).
pub fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}
