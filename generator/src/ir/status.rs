//! What a status code is called: one table of reason phrases for every target that names things
//! after statuses (error classes, enum variants).

use super::Status;

impl Status {
    /// The standard reason phrase of a status code, each word capitalised and without
    /// punctuation (`Not Found`, `Uri Too Long`, `Im A Teapot`), so that it reads as words and
    /// joins into an identifier as it is (`NotFound`). `None` for a range, for `default` and for
    /// codes the table does not know.
    pub fn reason(self) -> Option<&'static str> {
        let Status::Code(code) = self else { return None };
        Some(match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "Non Authoritative Information",
            204 => "No Content",
            205 => "Reset Content",
            206 => "Partial Content",
            300 => "Multiple Choices",
            301 => "Moved Permanently",
            302 => "Found",
            303 => "See Other",
            304 => "Not Modified",
            307 => "Temporary Redirect",
            308 => "Permanent Redirect",
            400 => "Bad Request",
            401 => "Unauthorized",
            402 => "Payment Required",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            406 => "Not Acceptable",
            407 => "Proxy Authentication Required",
            408 => "Request Timeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "Length Required",
            412 => "Precondition Failed",
            413 => "Payload Too Large",
            414 => "Uri Too Long",
            415 => "Unsupported Media Type",
            416 => "Range Not Satisfiable",
            417 => "Expectation Failed",
            418 => "Im A Teapot",
            422 => "Unprocessable Entity",
            423 => "Locked",
            424 => "Failed Dependency",
            425 => "Too Early",
            426 => "Upgrade Required",
            428 => "Precondition Required",
            429 => "Too Many Requests",
            431 => "Request Header Fields Too Large",
            451 => "Unavailable For Legal Reasons",
            500 => "Internal Server Error",
            501 => "Not Implemented",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            505 => "Http Version Not Supported",
            507 => "Insufficient Storage",
            511 => "Network Authentication Required",
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_phrases_and_ranges_do_not() {
        assert_eq!(Status::Code(404).reason(), Some("Not Found"));
        assert_eq!(Status::Code(418).reason().map(|r| r.replace(' ', "")).as_deref(), Some("ImATeapot"));
        assert_eq!(Status::Code(299).reason(), None);
        assert_eq!(Status::Range(4).reason(), None);
        assert_eq!(Status::Default.reason(), None);
    }
}
