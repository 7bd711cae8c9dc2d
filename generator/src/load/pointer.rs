//! JSON pointer lookup (RFC 6901) without allocating: lowering resolves hundreds of thousands of
//! pointers on a large document, and `serde_json::Value::pointer` copies every token.

use std::borrow::Cow;

use serde_json::Value;

/// A key as one pointer token: `~` is written `~0` and `/` is written `~1`.
pub fn escape(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) {
        Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(key)
    }
}

/// The key a pointer token stands for.
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// The value `pointer` names in `root`, if there is one.
pub fn lookup<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for token in pointer.strip_prefix('/')?.split('/') {
        node = match node {
            Value::Object(map) => map.get(unescape(token).as_ref())?,
            Value::Array(list) => list.get(index(token)?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// An array index as RFC 6901 writes it: digits without a sign or leading zeros.
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::{escape, lookup, unescape};
    use serde_json::json;

    #[test]
    fn finds_what_serde_json_finds() {
        let doc = json!({"a/b": {"c~d": [10, {"e": 1}]}, "": 2, "list": [0, 1]});
        for pointer in [
            "",
            "/a~1b",
            "/a~1b/c~0d",
            "/a~1b/c~0d/1/e",
            "/",
            "/list/1",
            "/list/01",
            "/list/+1",
            "/list/2",
            "/x",
            "a",
            "/a~1b/c~0d/0/x",
        ] {
            assert_eq!(lookup(&doc, pointer), doc.pointer(pointer), "{pointer}");
        }
    }

    #[test]
    fn tokens_escape_tilde_then_slash_and_unescape_back() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
        assert_eq!(unescape("~01"), "~1");
    }
}
