//! `multipart/form-data` bodies: the parts a generated form struct writes (text, JSON and
//! files, each with its content type) or a caller assembles by hand. File parts are streamed
//! from their [`Upload`]; a form is sent once, never retried, since its parts are read as they
//! are sent.

use std::fmt;

use super::error::Error;
use super::upload::Upload;

/// The content type of a file part when neither its caller nor the document names one.
const OCTET_STREAM: &str = "application/octet-stream";

/// A `multipart/form-data` body, part by part, in the order the parts were added.
#[derive(Debug, Default)]
pub struct MultipartForm {
    parts: Vec<(String, Part)>,
    /// The first part that could not be written: the request fails with it when sent.
    invalid: Option<String>,
}

#[derive(Debug)]
enum Part {
    Text { value: String, content_type: Option<String> },
    File { file_name: String, content_type: String, body: Upload },
}

/// A file to send as a part: bytes or a stream (anything that is an [`Upload`]), with the file
/// name and content type it is sent under:
/// `FilePart::new(bytes).file_name("me.png").content_type("image/png")`, or
/// `FilePart::new(Upload::file(file))` to stream a file from disk.
pub struct FilePart {
    body: Upload,
    file_name: Option<String>,
}

impl FilePart {
    /// A file part of these bytes or this stream. Without [`file_name`](Self::file_name) the
    /// part is named after its form field; without a content type (here or on the upload) it
    /// is sent with the one the document gives the part, else `application/octet-stream`.
    pub fn new(body: impl Into<Upload>) -> Self {
        Self { body: body.into(), file_name: None }
    }

    /// The `filename` the part is sent with.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's `Content-Type`, instead of the documented one.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.body = self.body.with_content_type(content_type);
        self
    }
}

impl<T: Into<Upload>> From<T> for FilePart {
    fn from(body: T) -> Self {
        Self::new(body)
    }
}

/// The file name and content type, never the bytes.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart").field("file_name", &self.file_name).field("body", &self.body).finish()
    }
}

impl MultipartForm {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text field, sent without a content type.
    pub fn text(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.push(name.into(), Part::Text { value: value.into(), content_type: None })
    }

    /// A field holding any serializable value as compact JSON text, sent as
    /// `application/json`.
    pub fn json<T: serde::Serialize + ?Sized>(self, name: impl Into<String>, value: &T) -> Self {
        self.json_part(name, value, "application/json")
    }

    /// A file field from bytes in memory.
    pub fn file(
        self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Self {
        let part = FilePart::new(bytes).file_name(file_name).content_type(content_type);
        self.file_part(&name.into(), part, None)
    }

    /// A value as its text (a string as it is, a number or boolean as JSON writes it), with
    /// the content type the document gives the part, if any.
    pub fn text_part<T: serde::Serialize + ?Sized>(self, name: &str, value: &T, content_type: Option<&str>) -> Self {
        let value = match serde_json::to_value(value) {
            Ok(serde_json::Value::String(text)) => text,
            Ok(other) => other.to_string(),
            Err(e) => return self.failed(name, e),
        };
        self.push(name.to_owned(), Part::Text { value, content_type: content_type.map(str::to_owned) })
    }

    /// A value as compact JSON text under `content_type`.
    pub fn json_part<T: serde::Serialize + ?Sized>(
        self,
        name: impl Into<String>,
        value: &T,
        content_type: &str,
    ) -> Self {
        let name = name.into();
        match serde_json::to_string(value) {
            Ok(value) => self.push(name, Part::Text { value, content_type: Some(content_type.to_owned()) }),
            Err(e) => self.failed(&name, e),
        }
    }

    /// A file: named `file_name` if the part says so, else after the field; sent with the
    /// part's own content type, else `content_type` (the document's), else
    /// `application/octet-stream`.
    pub fn file_part(self, name: &str, part: FilePart, content_type: Option<&str>) -> Self {
        let FilePart { body, file_name } = part;
        let content_type = body.content_type().or(content_type).unwrap_or(OCTET_STREAM).to_owned();
        let file_name = file_name.unwrap_or_else(|| name.to_owned());
        self.push(name.to_owned(), Part::File { file_name, content_type, body })
    }

    fn push(mut self, name: String, part: Part) -> Self {
        self.parts.push((name, part));
        self
    }

    /// A value that does not serialize (a map with non-string keys) fails the request with
    /// [`Error::InvalidRequest`] when it is sent, like any argument that cannot be encoded.
    fn failed(mut self, name: &str, e: serde_json::Error) -> Self {
        self.invalid.get_or_insert_with(|| format!("multipart part `{name}`: {e}"));
        self
    }

    pub(super) fn into_reqwest(self) -> Result<reqwest::multipart::Form, Error> {
        if let Some(invalid) = self.invalid {
            return Err(Error::InvalidRequest(invalid));
        }
        let mut out = reqwest::multipart::Form::new();
        for (name, part) in self.parts {
            let invalid = |e: reqwest::Error| Error::InvalidRequest(format!("multipart part `{name}`: {e}"));
            let part = match part {
                Part::Text { value, content_type: None } => reqwest::multipart::Part::text(value),
                Part::Text { value, content_type: Some(ct) } => {
                    reqwest::multipart::Part::text(value).mime_str(&ct).map_err(invalid)?
                }
                Part::File { file_name, content_type, body } => {
                    let (_, length, body) = body.into_parts_sized(OCTET_STREAM);
                    let part = match length {
                        Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
                        None => reqwest::multipart::Part::stream(body),
                    };
                    part.file_name(file_name).mime_str(&content_type).map_err(invalid)?
                }
            };
            out = out.part(name, part);
        }
        Ok(out)
    }
}
