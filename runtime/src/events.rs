//! Server-sent events (`text/event-stream`, as the WHATWG HTML standard parses it): a
//! [`ByteStream`] read into [`Event`]s whose data is decoded as the operation's schema says, one
//! by one as the server sends them.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;

use super::error::Error;
use super::response::RawResponse;
use super::stream::{ByteStream, Reconnection};

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event:` field (the event type); `None` for the default type, `message`.
    pub event: Option<String>,
    /// The last event ID the stream set (`id:`), which persists across events until changed, as
    /// a browser's `lastEventId` does; what a reconnection sends as `Last-Event-ID`.
    pub id: Option<String>,
    /// The `retry:` field of this event: how long the server asks a client to wait before
    /// reconnecting.
    pub retry: Option<Duration>,
    /// The event's data lines, joined with newlines and decoded.
    pub data: T,
}

/// How an event's data becomes `T`: JSON, or the text itself for string data.
pub type DecodeData<T> = fn(&str) -> Result<T, serde_json::Error>;

/// The text of an event's data as it is.
pub fn text_data(data: &str) -> Result<String, serde_json::Error> {
    Ok(data.to_string())
}

/// An event's data as JSON.
pub fn json_data<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(data)
}

/// How long to wait before reconnecting when the server never sent `retry:`.
const DEFAULT_RETRY: Duration = Duration::from_secs(3);

type Reconnecting = Pin<Box<dyn Future<Output = Result<ByteStream, Error>> + Send>>;

/// A stream of server-sent events, each `Ok(Event<T>)` or an error item.
///
/// An event whose data does not decode as `T` is an [`Error::Decode`] item (its raw response
/// holds the event's data) and the stream goes on with the next event. Comment lines (`:` ...,
/// which servers send as keep-alives) and events without data are skipped. Where the operation
/// names an end sentinel (`x-switchboard-stream: {done: "[DONE]"}`), an event with that data
/// ends the stream. An event larger than the client's `max_body_bytes` ends it with
/// [`Error::BodyTooLarge`]; a transport failure or silence past the timeout ends it with that
/// error, unless reconnection was asked for ([`Settings::reconnects`](super::Settings::reconnects)):
/// then the request is sent again with `Last-Event-ID`, after the server's `retry:` (3 s when it
/// sent none), at most that many times.
pub struct EventStream<T> {
    // Boxed: a response enum holding a stream beside a JSON body stays small.
    state: Box<State<T>>,
}

struct State<T> {
    bytes: ByteStream,
    decode: DecodeData<T>,
    done: Option<&'static str>,
    parser: Parser,
    ready: VecDeque<Result<Event<T>, Error>>,
    reconnection: Option<Reconnection>,
    reconnecting: Option<Reconnecting>,
    finished: bool,
}

// No field is ever pinned in place: the stream moves its events out whole.
impl<T> Unpin for EventStream<T> {}

impl<T> EventStream<T> {
    /// The events of `bytes`, their data decoded by `decode`, ending at an event whose data is
    /// `done` when one is given.
    pub fn new(mut bytes: ByteStream, decode: DecodeData<T>, done: Option<&'static str>) -> Self {
        let reconnection = bytes.reconnection.take();
        let parser = Parser::new(bytes.record_limit);
        let state = State {
            bytes,
            decode,
            done,
            parser,
            ready: VecDeque::new(),
            reconnection,
            reconnecting: None,
            finished: false,
        };
        EventStream { state: Box::new(state) }
    }

    /// The HTTP status of the answer (the latest one, after a reconnection).
    pub fn status(&self) -> u16 {
        self.state.bytes.status()
    }

    /// The headers of the answer (the latest one, after a reconnection).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.state.bytes.headers()
    }

    /// The last event ID the server set, if any.
    pub fn last_event_id(&self) -> Option<&str> {
        self.state.parser.last_id.as_deref()
    }

    /// The next event, `None` at the end of the stream.
    pub async fn next_event(&mut self) -> Option<Result<Event<T>, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T> State<T> {
    fn dispatch(&mut self, raw: RawEvent) {
        if self.done.is_some_and(|done| raw.data.trim() == done) {
            self.finished = true;
            return;
        }
        let item = match (self.decode)(&raw.data) {
            Ok(data) => Ok(Event { event: raw.event, id: raw.id, retry: raw.retry, data }),
            Err(source) => {
                let response =
                    RawResponse::new(self.bytes.status(), self.bytes.headers().clone(), raw.data.into_bytes());
                Err(Error::Decode { response: Box::new(response), source })
            }
        };
        self.ready.push_back(item);
    }

    /// After the connection ended (`failure`, or its end): a reconnection when one is left,
    /// otherwise the end of the stream (with the failure as its last item).
    fn connection_ended(&mut self, failure: Option<Error>) {
        self.parser.discard_partial();
        match self.reconnection.as_mut().filter(|r| r.left > 0) {
            Some(reconnection) => {
                reconnection.left -= 1;
                let again = reconnection.again.clone();
                let wait = self.parser.retry.unwrap_or(DEFAULT_RETRY);
                let last_id = self.parser.last_id.clone();
                tracing::debug!(
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "reconnecting an event stream"
                );
                self.reconnecting = Some(Box::pin(async move {
                    tokio::time::sleep(wait).await;
                    again(last_id).await
                }));
            }
            None => {
                self.finished = true;
                if let Some(e) = failure {
                    self.ready.push_back(Err(e));
                }
            }
        }
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self.get_mut().state;
        loop {
            if let Some(item) = this.ready.pop_front() {
                return Poll::Ready(Some(item));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            if let Some(reconnecting) = this.reconnecting.as_mut() {
                match reconnecting.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(outcome) => {
                        this.reconnecting = None;
                        match outcome {
                            // 204: the server asks the client to stop reconnecting.
                            Ok(bytes) if bytes.status() == 204 => this.finished = true,
                            Ok(bytes) => this.bytes = bytes,
                            Err(e) => {
                                this.finished = true;
                                return Poll::Ready(Some(Err(e)));
                            }
                        }
                        continue;
                    }
                }
            }
            match Pin::new(&mut this.bytes).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    let mut events = Vec::new();
                    if let Err(limit) = this.parser.feed(&chunk, &mut events) {
                        for raw in events {
                            this.dispatch(raw);
                        }
                        this.finished = true;
                        this.ready.push_back(Err(Error::BodyTooLarge { status: this.bytes.status(), limit }));
                        continue;
                    }
                    for raw in events {
                        if this.finished {
                            break;
                        }
                        this.dispatch(raw);
                    }
                }
                Poll::Ready(Some(Err(e))) => this.connection_ended(Some(e)),
                Poll::Ready(None) => this.connection_ended(None),
            }
        }
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.state.bytes.status())
            .field("last_event_id", &self.state.parser.last_id)
            .field("finished", &self.state.finished)
            .finish_non_exhaustive()
    }
}

/// An event as parsed, before its data is decoded.
#[derive(Debug, PartialEq)]
struct RawEvent {
    event: Option<String>,
    id: Option<String>,
    retry: Option<Duration>,
    data: String,
}

/// The event-stream parser: lines end with CRLF, LF or CR; a blank line dispatches the event.
struct Parser {
    /// Bytes of a line not yet ended.
    line: Vec<u8>,
    /// The last byte seen was a CR: an LF right after it ends the same line.
    after_cr: bool,
    started: bool,
    data: String,
    has_data: bool,
    event: Option<String>,
    retry_here: Option<Duration>,
    /// The stream's settings, which persist across events.
    last_id: Option<String>,
    retry: Option<Duration>,
    limit: usize,
}

impl Parser {
    fn new(limit: usize) -> Self {
        Parser {
            line: Vec::new(),
            after_cr: false,
            started: false,
            data: String::new(),
            has_data: false,
            event: None,
            retry_here: None,
            last_id: None,
            retry: None,
            limit,
        }
    }

    /// Parses `chunk`, appending the events it completes; `Err(limit)` when an event grows past
    /// the limit.
    fn feed(&mut self, chunk: &[u8], events: &mut Vec<RawEvent>) -> Result<(), usize> {
        let mut rest = chunk;
        if !self.started && !rest.is_empty() {
            self.started = true;
            rest = rest.strip_prefix("\u{feff}".as_bytes()).unwrap_or(rest);
        }
        for &byte in rest {
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' | b'\r' => {
                    self.after_cr = byte == b'\r';
                    let line = std::mem::take(&mut self.line);
                    if let Some(event) = self.line_done(&line) {
                        events.push(event);
                    }
                }
                _ => {
                    self.after_cr = false;
                    self.line.push(byte);
                    if self.line.len() + self.data.len() > self.limit {
                        return Err(self.limit);
                    }
                }
            }
        }
        Ok(())
    }

    /// What the stream said up to a broken connection is kept (the last ID and retry); a half
    /// sent event is not.
    fn discard_partial(&mut self) {
        self.line.clear();
        self.after_cr = false;
        self.data.clear();
        self.has_data = false;
        self.event = None;
        self.retry_here = None;
    }

    fn line_done(&mut self, line: &[u8]) -> Option<RawEvent> {
        if line.is_empty() {
            return self.dispatch();
        }
        let line = String::from_utf8_lossy(line);
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event = Some(value.to_string()),
            "id" if !value.contains('\0') => self.last_id = (!value.is_empty()).then(|| value.to_string()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse::<u64>() {
                    let retry = Duration::from_millis(ms);
                    self.retry = Some(retry);
                    self.retry_here = Some(retry);
                }
            }
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<RawEvent> {
        let event = self.event.take();
        let retry = self.retry_here.take();
        if !std::mem::take(&mut self.has_data) {
            return None;
        }
        Some(RawEvent {
            event: event.filter(|e| !e.is_empty()),
            id: self.last_id.clone(),
            retry,
            data: std::mem::take(&mut self.data),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&str]) -> Vec<RawEvent> {
        let mut parser = Parser::new(1 << 20);
        let mut events = Vec::new();
        for chunk in chunks {
            parser.feed(chunk.as_bytes(), &mut events).expect("under the limit");
        }
        events
    }

    fn data(events: &[RawEvent]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn data_lines_are_joined_with_newlines() {
        assert_eq!(data(&parse(&["data: a\ndata:b\ndata:  c\n\n"])), ["a\nb\n c"]);
    }

    #[test]
    fn crlf_lf_and_cr_all_end_lines_even_split_across_chunks() {
        assert_eq!(data(&parse(&["data: 1\r", "\n\r\ndata: 2\r\r", "data: 3\n", "\n"])), ["1", "2", "3"]);
    }

    #[test]
    fn comments_and_events_without_data_are_skipped() {
        assert_eq!(data(&parse(&[": keep-alive\n\nevent: ping\n\n:\ndata: x\n\n"])), ["x"]);
    }

    #[test]
    fn the_event_type_resets_after_each_event_and_the_id_persists() {
        let events = parse(&["event: update\nid: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n"]);
        assert_eq!(events[0].event.as_deref(), Some("update"));
        assert_eq!(events[1].event, None);
        assert_eq!(
            [events[0].id.as_deref(), events[1].id.as_deref(), events[2].id.as_deref()],
            [Some("7"), Some("7"), None]
        );
    }

    #[test]
    fn retry_takes_only_digits() {
        let events = parse(&["retry: 1500\ndata: a\n\nretry: 2s\ndata: b\n\n"]);
        assert_eq!(events[0].retry, Some(Duration::from_millis(1500)));
        assert_eq!(events[1].retry, None);
    }

    #[test]
    fn a_leading_byte_order_mark_is_dropped() {
        assert_eq!(data(&parse(&["\u{feff}data: a\n\n"])), ["a"]);
    }

    #[test]
    fn an_event_not_ended_by_a_blank_line_is_not_dispatched() {
        assert!(parse(&["data: half"]).is_empty());
    }

    #[test]
    fn a_line_past_the_limit_is_refused() {
        let mut parser = Parser::new(8);
        assert_eq!(parser.feed(b"data: 0123456789", &mut Vec::new()), Err(8));
    }
}
