//! JSON lines (`application/x-ndjson`, `application/jsonl`, `application/stream+json`) and JSON
//! text sequences (`application/json-seq`, RFC 7464): a [`ByteStream`] read into items one by one
//! as the server sends them.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::error::Error;
use super::response::RawResponse;
use super::stream::ByteStream;

/// The record separator of RFC 7464 (`application/json-seq`), which starts every record.
const RECORD_SEPARATOR: u8 = 0x1e;

/// A stream of JSON values, one per line (or per record of a JSON text sequence), each decoded
/// as `T`.
///
/// A line that does not decode is an [`Error::Decode`] item (its raw response holds the line)
/// and the stream goes on with the next; blank lines are skipped. A line longer than the
/// client's `max_body_bytes` ends the stream with [`Error::BodyTooLarge`].
pub struct JsonLines<T> {
    // Boxed: a response enum holding a stream beside a JSON body stays small.
    state: Box<State<T>>,
}

struct State<T> {
    bytes: ByteStream,
    separator: u8,
    line: Vec<u8>,
    limit: usize,
    ready: VecDeque<Result<T, Error>>,
    finished: bool,
}

// No field is ever pinned in place: items are moved out whole.
impl<T> Unpin for JsonLines<T> {}

impl<T: serde::de::DeserializeOwned> JsonLines<T> {
    /// The items of `bytes`; records are split on RS for `application/json-seq` (per the
    /// response's content type) and on newlines otherwise.
    pub fn new(bytes: ByteStream) -> Self {
        let sequence = bytes
            .content_type()
            .is_some_and(|ct| ct.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json-seq"));
        let limit = bytes.record_limit;
        let state = State {
            bytes,
            separator: if sequence { RECORD_SEPARATOR } else { b'\n' },
            line: Vec::new(),
            limit,
            ready: VecDeque::new(),
            finished: false,
        };
        JsonLines { state: Box::new(state) }
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.state.bytes.status()
    }

    /// The headers of the answer.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.state.bytes.headers()
    }

    /// The next item, `None` at the end of the stream.
    pub async fn next_item(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T: serde::de::DeserializeOwned> State<T> {
    fn record_done(&mut self) {
        let line = std::mem::take(&mut self.line);
        let text = trim(&line);
        if text.is_empty() {
            return;
        }
        let item = serde_json::from_slice(text).map_err(|source| {
            let response = RawResponse::new(self.bytes.status(), self.bytes.headers().clone(), text.to_vec());
            Error::Decode { response: Box::new(response), source }
        });
        self.ready.push_back(item);
    }
}

/// A record without the whitespace, separators and CRs around it.
fn trim(record: &[u8]) -> &[u8] {
    let skip = |b: &u8| b.is_ascii_whitespace() || *b == RECORD_SEPARATOR;
    let start = record.iter().position(|b| !skip(b)).unwrap_or(record.len());
    let end = record.iter().rposition(|b| !skip(b)).map_or(start, |i| i + 1);
    &record[start..end]
}

impl<T: serde::de::DeserializeOwned> Stream for JsonLines<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self.get_mut().state;
        loop {
            if let Some(item) = this.ready.pop_front() {
                return Poll::Ready(Some(item));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            match Pin::new(&mut this.bytes).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    for &byte in chunk.iter() {
                        if byte == this.separator {
                            this.record_done();
                        } else {
                            this.line.push(byte);
                            if this.line.len() > this.limit {
                                this.finished = true;
                                this.ready.push_back(Err(Error::BodyTooLarge {
                                    status: this.bytes.status(),
                                    limit: this.limit,
                                }));
                                break;
                            }
                        }
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(None) => {
                    // The last record need not end with a separator.
                    this.record_done();
                    this.finished = true;
                }
            }
        }
    }
}

impl<T> fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines")
            .field("status", &self.state.bytes.status())
            .field("finished", &self.state.finished)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_trimmed_of_whitespace_and_separators() {
        assert_eq!(trim(b"\x1e {\"a\":1}\r\n"), b"{\"a\":1}");
        assert_eq!(trim(b" \r"), b"");
    }
}
