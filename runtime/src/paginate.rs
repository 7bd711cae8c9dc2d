//! Walking a paginated list (`x-switchboard-pagination`): one page at a time, only when the
//! caller asks for more, the next request made from the previous one with its cursor, page,
//! offset or URL replaced. A server that repeats a cursor, or pages past the caller's limit,
//! ends the walk with [`Error::Pagination`] instead of looping.

use std::collections::VecDeque;

use futures_util::stream::{self, Stream, StreamExt};

use super::client::Core;
use super::endpoint::Endpoint;
use super::error::Error;
use super::prepared::Prepared;
use super::response::Response;

/// Where a paginated operation's next page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    /// A cursor in the body at JSON pointer `next` (absent, `null` or `""` on the last page),
    /// sent back in query parameter `param` (number `place` of the operation).
    Cursor {
        /// The parameter's place in the operation.
        place: u32,
        /// The query parameter.
        param: &'static str,
        /// Where the next cursor is in the body.
        next: &'static str,
    },
    /// Page numbers in query parameter `param`, from `first`; the walk ends on an empty page,
    /// after the page number at `total_pages`, or on a page whose `last` flag is true.
    Page {
        /// The parameter's place in the operation.
        place: u32,
        /// The query parameter.
        param: &'static str,
        /// The number of the first page.
        first: i64,
        /// Where the number of pages is in the body, when the API says it.
        total_pages: Option<&'static str>,
        /// Where a "this is the last page" flag is in the body, when the API has one.
        last: Option<&'static str>,
    },
    /// An offset in query parameter `param`, advanced by the items received; the walk ends on
    /// an empty page or at the total at `total`.
    Offset {
        /// The parameter's place in the operation.
        place: u32,
        /// The query parameter.
        param: &'static str,
        /// Where the total number of items is in the body, when the API says it.
        total: Option<&'static str>,
    },
    /// The next page's URL in a `Link: <url>; rel="next"` header.
    LinkHeader,
    /// The next page's URL (absolute or relative) in the body at JSON pointer `next`.
    NextUrl {
        /// Where the next URL is in the body.
        next: &'static str,
    },
}

/// How an operation pages: where its items are and where the next page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// JSON pointer of the items array in the success body (`""`: the body is the array).
    pub items: &'static str,
    /// Where the next page comes from.
    pub style: PageStyle,
}

/// The default most pages one walk fetches; [`Settings::max_pages`](super::Settings) changes it.
pub const DEFAULT_MAX_PAGES: usize = 10_000;

/// What the walk knows between two pages.
struct Walk {
    core: Core,
    template: Option<Prepared>,
    pagination: Pagination,
    next: Option<Next>,
    fetched: usize,
    /// The number of the first page fetched (the caller's, or the style's `first`).
    first_page: i64,
    offset: u64,
    seen: std::collections::HashSet<String>,
    /// The URL of the page just fetched: relative next URLs resolve against it.
    page_url: Option<reqwest::Url>,
}

/// The request of the next page.
enum Next {
    First,
    Param(String),
    Url(reqwest::Url),
    /// The page before was fine but names no next page the walk may fetch: the walk ends with
    /// this error after that page's items.
    Stop(String),
}

/// Every page of operation `M`, fetched when the stream is polled for it.
pub fn pages<M: Endpoint>(
    core: Core,
    request: Prepared,
    pagination: Pagination,
) -> impl Stream<Item = Result<Response<M::Output>, Error<M::Error>>> + Send + 'static
where
    M::Output: serde::Serialize,
{
    walk::<M>(core, request, pagination).map(|page| page.map(|(page, _)| page))
}

/// A page of operation `M` and its body as JSON.
type PageAndJson<M> = (Response<<M as Endpoint>::Output>, serde_json::Value);

/// Every page of operation `M` with its body as JSON, written once per page: the walk reads its
/// next cursor, URL or count there, and the item stream its items.
fn walk<M: Endpoint>(
    core: Core,
    request: Prepared,
    pagination: Pagination,
) -> impl Stream<Item = Result<PageAndJson<M>, Error<M::Error>>> + Send + 'static
where
    M::Output: serde::Serialize,
{
    // A walk starts where the caller's own page number or offset says, if they set one.
    let start = |place: u32| request.query_value(place).and_then(|v| v.parse::<i64>().ok());
    let (first_page, offset) = match pagination.style {
        PageStyle::Page { place, first, .. } => (start(place).unwrap_or(first), 0),
        PageStyle::Offset { place, .. } => (0, start(place).and_then(|o| u64::try_from(o).ok()).unwrap_or(0)),
        _ => (0, 0),
    };
    let walk = Walk {
        core,
        template: Some(request),
        pagination,
        next: Some(Next::First),
        fetched: 0,
        first_page,
        offset,
        seen: std::collections::HashSet::new(),
        page_url: None,
    };
    stream::unfold(walk, |mut walk| async move {
        let next = walk.next.take()?;
        let outcome = walk.fetch::<M>(next).await;
        match outcome {
            Ok(page) => Some((Ok(page), walk)),
            Err(e) => {
                walk.next = None;
                Some((Err(e), walk))
            }
        }
    })
}

/// Every item of every page of operation `M`, the items at the pagination's pointer.
pub fn items<M, Item>(
    core: Core,
    request: Prepared,
    pagination: Pagination,
) -> impl Stream<Item = Result<Item, Error<M::Error>>> + Send + 'static
where
    M: Endpoint,
    M::Output: serde::Serialize,
    Item: serde::de::DeserializeOwned + Send + 'static,
{
    let pages = Box::pin(walk::<M>(core, request, pagination));
    stream::unfold((pages, VecDeque::new()), move |(mut pages, mut buffered)| async move {
        loop {
            if let Some(item) = buffered.pop_front() {
                return Some((Ok(item), (pages, buffered)));
            }
            match pages.next().await? {
                Ok((_, mut body)) => match page_items::<Item, M::Error>(&mut body, pagination.items) {
                    Ok(items) => buffered.extend(items),
                    Err(e) => return Some((Err(e), (pages, buffered))),
                },
                Err(e) => return Some((Err(e), (pages, buffered))),
            }
        }
    })
}

/// The items of one page.
fn page_items<Item: serde::de::DeserializeOwned, E>(
    body: &mut serde_json::Value,
    pointer: &str,
) -> Result<Vec<Item>, Error<E>> {
    match body.pointer_mut(pointer).map(serde_json::Value::take) {
        None | Some(serde_json::Value::Null) => Ok(Vec::new()),
        Some(items) => serde_json::from_value(items)
            .map_err(|e| Error::Pagination(format!("the items at `{pointer}` are not a list of the item type: {e}"))),
    }
}

impl Walk {
    async fn fetch<M: Endpoint>(&mut self, next: Next) -> Result<PageAndJson<M>, Error<M::Error>>
    where
        M::Output: serde::Serialize,
    {
        if let Next::Stop(why) = next {
            return Err(Error::Pagination(why));
        }
        let max = self.core.settings().max_pages;
        if self.fetched >= max {
            return Err(Error::Pagination(format!("the list goes on past {max} pages (`max_pages`)")));
        }
        // A list request has no streamed body, so it can be copied for every page.
        let mut request = match self.template.as_ref().and_then(Prepared::try_clone) {
            Some(copy) => copy,
            None => self.template.take().ok_or_else(|| Error::Pagination("the request cannot be repeated".into()))?,
        };
        let mut url = None;
        match (&next, self.pagination.style) {
            (Next::First, _) => {}
            (Next::Param(value), PageStyle::Cursor { place, param, .. })
            | (Next::Param(value), PageStyle::Page { place, param, .. })
            | (Next::Param(value), PageStyle::Offset { place, param, .. }) => {
                request = request.query(place, param, &[value.as_str()], true);
            }
            (Next::Url(next), _) => url = Some(next.clone()),
            (Next::Param(_), _) | (Next::Stop(_), _) => {}
        }
        self.fetched += 1;
        if let Some(url) = url {
            request = request.at_url(url);
        }
        self.page_url = request.target_url();
        let page = self.core.clone().start::<M>(request).await?;
        let body = serde_json::to_value(page.body())
            .map_err(|e| Error::Pagination(format!("the page cannot be read: {e}")))?;
        self.next = match self.after(page.headers(), &body) {
            Ok(next) => next,
            Err(why) => Some(Next::Stop(why)),
        };
        Ok((page, body))
    }

    /// The request after `page`, `None` when it was the last, or why the walk cannot go on.
    fn after(
        &mut self,
        headers: &reqwest::header::HeaderMap,
        body: &serde_json::Value,
    ) -> Result<Option<Next>, String> {
        let count = match body.pointer(self.pagination.items) {
            Some(serde_json::Value::Array(items)) => items.len(),
            _ => 0,
        };
        let text = |pointer: &str| match body.pointer(pointer) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let next = match self.pagination.style {
            PageStyle::Cursor { next, .. } => text(next).map(Next::Param),
            PageStyle::Page { first, total_pages, last, .. } => {
                let current = self.first_page.saturating_add(i64::try_from(self.fetched).unwrap_or(i64::MAX) - 1);
                let flagged_last = last.is_some_and(|p| body.pointer(p) == Some(&serde_json::Value::Bool(true)));
                let past_total = total_pages
                    .and_then(|p| body.pointer(p).and_then(serde_json::Value::as_i64))
                    .is_some_and(|total| current >= total + first - 1);
                (count > 0 && !flagged_last && !past_total).then(|| Next::Param((current + 1).to_string()))
            }
            PageStyle::Offset { total, .. } => {
                self.offset += count as u64;
                let past_total = total
                    .and_then(|p| body.pointer(p).and_then(serde_json::Value::as_u64))
                    .is_some_and(|total| self.offset >= total);
                (count > 0 && !past_total).then(|| Next::Param(self.offset.to_string()))
            }
            PageStyle::LinkHeader => next_link(headers).map(|u| self.resolve(&u)).transpose()?.map(Next::Url),
            PageStyle::NextUrl { next } => text(next).map(|u| self.resolve(&u)).transpose()?.map(Next::Url),
        };
        let key = match &next {
            Some(Next::Param(value)) => Some(value.clone()),
            Some(Next::Url(url)) => Some(url.to_string()),
            _ => None,
        };
        if let Some(key) = key {
            if !self.seen.insert(key) {
                return Err("the server sent the same next page twice; the walk stops".into());
            }
        }
        Ok(next)
    }

    /// A next-page URL from the server, resolved against the page it came with (RFC 3986) and
    /// kept on the client's origin: credentials ride on every page, so a page elsewhere is
    /// refused, never fetched.
    fn resolve(&self, next: &str) -> Result<reqwest::Url, String> {
        let origin = reqwest::Url::parse(self.core.base_url()).map_err(|_| "the base URL is not a URL".to_owned())?;
        let base = self.page_url.as_ref().unwrap_or(&origin);
        let url = base.join(next).map_err(|_| "the next page's URL is not a URL".to_owned())?;
        if !super::redirect::same_origin(&origin, &url) {
            return Err("the next page is on another origin; it is not fetched".into());
        }
        Ok(url)
    }
}

/// The target of `rel="next"` in `Link` headers (RFC 8288): each link is `<target>` and its
/// `;`-separated parameters; a target cannot hold `<` or `>`, but may hold `,` and `;`.
pub fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers.get_all(reqwest::header::LINK).iter().filter_map(|v| v.to_str().ok()).find_map(|value| {
        value.split('<').skip(1).find_map(|link| {
            let (target, params) = link.split_once('>')?;
            let is_next = params.split([';', ',']).any(|p| {
                let Some((key, rels)) = p.split_once('=') else { return false };
                key.trim().eq_ignore_ascii_case("rel")
                    && rels.trim().trim_matches('"').split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("next"))
            });
            is_next.then(|| target.trim().to_owned())
        })
    })
}
