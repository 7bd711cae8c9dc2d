//! Runtime support shared by the clients Switchboard generates: errors, request preparation and
//! encoding, transport and retries, login, responses and decoders, and the serde support of
//! generated structs. Hand-written and reviewed; generated code only calls into it.
//!
//! The same files are this crate (`switchboard-runtime`, re-exported by the `switchboard` crate as
//! `switchboard::runtime`) and the `runtime` module that `switchboard generate --target rust`
//! vendors into a standalone crate. So that both work, modules refer to each other with `super::`
//! paths, and the macros generated code calls expand to `crate::runtime::...` paths, which exist
//! in every crate that holds generated code.
#![deny(missing_docs)]

#[cfg(feature = "blocking")]
mod blocking;
mod builder;
mod client;
mod endpoint;
mod error;
mod events;
mod json_lines;
mod login;
mod macros;
/// Test support: the server behind every generated `mock` module (cargo feature `mock`).
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "mock")]
mod mock_match;
mod multipart;
mod object;
mod paginate;
mod prepared;
mod redact;
mod redirect;
mod request;
mod response;
mod stream;
mod transport;
mod upload;

#[cfg(feature = "blocking")]
pub use blocking::{BlockingRuntime, BlockingStream};
pub use builder::CoreBuilder;
pub use client::{Core, Credential, LoginFn, Scheme};
pub use endpoint::{CallFuture, Download, Endpoint};
pub use error::Error;
pub use events::{json_data, text_data, DecodeData, Event, EventStream};
pub use json_lines::JsonLines;
pub use login::{token_at, LoginError};
pub use multipart::{FilePart, MultipartForm};
pub use object::{read_object, Key, ObjectReader, ObjectWriter, ReadObject};
pub use paginate::{items, next_link, pages, PageStyle, Pagination, DEFAULT_MAX_PAGES};
pub use prepared::Prepared;
pub use redact::{is_secret_name, Secret};
pub use redirect::{same_origin, RedirectPolicy};
pub use request::{
    header_value, path_segment, simple_param, with_basic_auth, with_bearer, with_header, with_secret_header, Binary,
    ParamStyle, ParamValue, PathPart,
};
pub use response::{
    api_error, decode_binary, decode_events, decode_json, decode_json_lines, decode_text, json_error, json_success,
    media_matches, pick_media, raw_success, unexpected_content_type, unexpected_status, CallResult, RawResponse,
    Response,
};
pub use stream::ByteStream;
pub use transport::{
    execute, retry_after, Method, Operation, RequestHook, RetryPolicy, Settings, DEFAULT_READ_TIMEOUT, DEFAULT_TIMEOUT,
};
pub use upload::Upload;

/// The chunk type of [`ByteStream`].
#[doc(no_inline)]
pub use ::bytes;
/// The `Stream` trait paginated lists are walked with.
#[doc(no_inline)]
pub use ::futures_core;
/// The HTTP client underneath, for the types generated code and hooks name.
#[doc(no_inline)]
pub use ::reqwest;
/// The async runtime a blocking client runs on.
#[cfg(feature = "blocking")]
#[doc(no_inline)]
pub use ::tokio;

/// `Serialize` and `Deserialize` for a generated struct (see [`object`](self) support types
/// [`ObjectReader`] and [`ObjectWriter`]). Reached as `crate::runtime::object_serde!` from
/// generated code, in this crate's users and in vendored copies alike.
#[doc(hidden)]
pub use crate::__switchboard_object_serde as object_serde;

/// The common items of a generated API module (see the `macros` module).
#[doc(hidden)]
pub use crate::__switchboard_client as api_client;

/// The common items of a generated `mock` module (cargo feature `mock`).
#[cfg(feature = "mock")]
#[doc(hidden)]
pub use crate::__switchboard_mock as api_mock;

/// The common items of a generated blocking client (see the `macros` module).
#[doc(hidden)]
pub use crate::__switchboard_blocking_client as blocking_client;
