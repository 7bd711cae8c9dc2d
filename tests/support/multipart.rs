//! Reading a `multipart/form-data` body as a server received it, for the tests that check what
//! the generated TypeScript and Python clients upload: each part's headers and bytes, in order.

/// One part: its headers (names lowercased, values trimmed) and its bytes.
pub struct Part {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Part {
    /// The value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// A quoted parameter of the part's `Content-Disposition` (`name`, `filename`).
    // Each test file compiles this module on its own; the Python tests compare whole headers.
    #[allow(dead_code)]
    pub fn disposition(&self, key: &str) -> Option<String> {
        let prefix = format!("{key}=\"");
        self.header("content-disposition")?
            .split(';')
            .map(str::trim)
            .find_map(|p| p.strip_prefix(&prefix).map(|v| v.trim_end_matches('"').to_string()))
    }
}

/// The parts of `body`, sent with `content_type` (which names the boundary), in order. A body
/// that is not well-formed multipart fails the test.
pub fn parts(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary").trim_matches('"');
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n{delimiter}");
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let part = rest.strip_prefix(b"\r\n").expect("CRLF after a delimiter");
        let head_end = find(part, b"\r\n\r\n").expect("a part's head");
        let headers = String::from_utf8_lossy(&part[..head_end])
            .split("\r\n")
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
            .collect();
        let after = &part[head_end + 4..];
        let end = find(after, next_delimiter.as_bytes()).expect("the next delimiter");
        out.push(Part { headers, body: after[..end].to_vec() });
        rest = &after[end + 2..];
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
