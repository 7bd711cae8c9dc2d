//! Maps JSON pointers to 1-based (line, column) positions, from the YAML event stream (JSON
//! documents are YAML too). A mapping entry whose value is a mapping or a list is placed at its
//! key, where a reader looks for it; one whose value is a scalar is placed at the value, which is
//! what a diagnostic about it (a `$ref` target, a wrong type) is about.

use std::collections::HashMap;
use std::fmt::Write;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use super::pointer::{escape, unescape};

pub fn index(text: &str) -> Positions {
    build(text, false).out
}

/// 1-based (line, column) of every node of a document, by JSON pointer. Kept by a 64-bit hash of
/// the pointer rather than the pointer itself: a large document has hundreds of thousands of
/// nodes and only a few hundred are ever looked up. Two pointers sharing a hash (odds of about
/// one in 10^8 for GitHub's 258,000 nodes) would only misplace a diagnostic.
#[derive(Debug, Default)]
pub struct Positions(HashMap<u64, (u32, u32)>);

impl Positions {
    pub fn get(&self, pointer: &str) -> Option<(usize, usize)> {
        self.0.get(&key(pointer)).map(|&(line, col)| (line as usize, col as usize))
    }

    /// Keeps the first position given for a node.
    fn insert(&mut self, key: u64, (line, col): (usize, usize)) {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.0.entry(key).or_insert((clamp(line), clamp(col)));
    }
}

/// The key of the document's root.
const ROOT: u64 = 0;

/// The key of the child `token` (an object key as written, or an array index in decimal) of the
/// node whose key is `parent`. `DefaultHasher::new` is the same in every run of a build.
fn child(parent: u64, token: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    parent.hash(&mut hasher);
    token.hash(&mut hasher);
    hasher.finish()
}

/// The key of a JSON pointer (`~1` and `~0` unescaped, as RFC 6901 says).
fn key(pointer: &str) -> u64 {
    let Some(rest) = pointer.strip_prefix('/') else { return ROOT };
    rest.split('/').fold(ROOT, |parent, token| child(parent, &unescape(token)))
}

/// The same index for a JSON document, from a scan of its text. A YAML parser reading JSON's
/// flow style buffers its tokens: on GitHub's 13 MB description that took 240 MB and most of the
/// time of a run. The text is valid JSON (it parsed), but the scan does not rely on it: it stops
/// at the first thing that is not JSON, leaving the rest to the ancestors' positions.
pub fn index_json(text: &str) -> Positions {
    let mut scan = JsonScan {
        text,
        bytes: text.as_bytes(),
        at: 0,
        cursor: Cursor::default(),
        stack: Vec::new(),
        out: Positions::default(),
        digits: String::new(),
    };
    scan.out.insert(ROOT, (1, 1));
    scan.run();
    scan.out
}

/// The line and column of a byte offset, moved forward only: the scan asks for positions in
/// the order of the text, so finding them all costs one pass (minified documents are one line of
/// several MB, where counting from the line's start for each value took seconds).
struct Cursor {
    offset: usize,
    line: usize,
    col: usize,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor { offset: 0, line: 1, col: 1 }
    }
}

impl Cursor {
    /// 1-based line and character column of byte `offset`, not before the last one asked for.
    fn to(&mut self, bytes: &[u8], offset: usize) -> (usize, usize) {
        for &b in bytes.get(self.offset..offset).unwrap_or_default() {
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a new character.
                self.col += 1;
            }
        }
        self.offset = self.offset.max(offset);
        (self.line, self.col)
    }
}

enum JsonFrame {
    /// An object, with the key (hashed) and position of the entry being read.
    Object {
        node: u64,
        key: Option<(u64, (usize, usize))>,
    },
    Array {
        node: u64,
        next: usize,
    },
}

struct JsonScan<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    cursor: Cursor,
    stack: Vec<JsonFrame>,
    out: Positions,
    /// Room for an array index in decimal.
    digits: String,
}

impl JsonScan<'_> {
    fn run(&mut self) {
        while let Some(&byte) = self.bytes.get(self.at) {
            match byte {
                b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' => self.at += 1,
                b'{' | b'[' => {
                    let node = self.place(false);
                    self.stack.push(if byte == b'{' {
                        JsonFrame::Object { node, key: None }
                    } else {
                        JsonFrame::Array { node, next: 0 }
                    });
                    self.at += 1;
                }
                b'}' | b']' => {
                    self.stack.pop();
                    self.at += 1;
                }
                b'"' => {
                    let start = self.at;
                    let Some(end) = self.string_end(start) else { return };
                    if let Some(JsonFrame::Object { node, key: key @ None }) = self.stack.last_mut() {
                        let raw = &self.text[start + 1..end];
                        let name = if raw.contains('\\') {
                            child(
                                *node,
                                &serde_json::from_str::<String>(&self.text[start..=end])
                                    .unwrap_or_else(|_| raw.to_string()),
                            )
                        } else {
                            child(*node, raw)
                        };
                        let pos = self.cursor.to(self.bytes, start);
                        *key = Some((name, pos));
                    } else {
                        self.place(true);
                    }
                    self.at = end + 1;
                }
                _ => {
                    // A number, `true`, `false` or `null`: up to the next delimiter.
                    self.place(true);
                    let rest = &self.bytes[self.at..];
                    let len = rest
                        .iter()
                        .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                        .unwrap_or(rest.len());
                    self.at += len.max(1);
                }
            }
        }
    }

    /// The index of the quote closing the string that opens at `start`.
    fn string_end(&self, start: usize) -> Option<usize> {
        let mut i = start + 1;
        loop {
            match self.bytes.get(i)? {
                b'\\' => i += 2,
                b'"' => return Some(i),
                _ => i += 1,
            }
        }
    }

    /// Records the value starting here as the next child of the innermost container (at its key
    /// when it is an object's container value, at itself otherwise) and returns its key.
    fn place(&mut self, scalar: bool) -> u64 {
        let here = self.cursor.to(self.bytes, self.at);
        let (node, pos) = match self.stack.last_mut() {
            None => return ROOT,
            Some(JsonFrame::Array { node, next }) => {
                self.digits.clear();
                let _ = write!(self.digits, "{next}");
                *next += 1;
                (child(*node, &self.digits), here)
            }
            Some(JsonFrame::Object { key, .. }) => {
                let (node, key_pos) = key.take().unwrap_or_default();
                (node, if scalar { here } else { key_pos })
            }
        };
        self.out.insert(node, pos);
        node
    }
}

/// A key that appears twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub key: String,
    /// JSON pointer of the mapping holding both.
    pub parent: String,
    pub first: (usize, usize),
    pub second: (usize, usize),
}

/// The first mapping key in document order that repeats an earlier key of its mapping.
pub fn first_duplicate(text: &str) -> Option<Duplicate> {
    build(text, true).duplicate
}

/// Indexes `text`; `duplicates` also looks for repeated keys, which costs a set of keys per
/// mapping (the index of a large document is built on every run, so it goes without).
fn build(text: &str, duplicates: bool) -> Builder {
    let mut builder = Builder { out: Positions::default(), stack: Vec::new(), duplicate: None, duplicates };
    builder.out.insert(ROOT, (1, 1));
    let mut parser = Parser::new_from_str(text);
    // A parse error here leaves a partial index; positions then fall back to ancestors.
    let _ = parser.load(&mut builder, false);
    builder
}

enum Frame {
    Map {
        pointer: String,
        pending_key: Option<String>,
        key_pos: (usize, usize),
        expecting_key: bool,
        seen: HashMap<String, (usize, usize)>,
    },
    Seq {
        pointer: String,
        next: usize,
    },
}

struct Builder {
    out: Positions,
    stack: Vec<Frame>,
    duplicate: Option<Duplicate>,
    duplicates: bool,
}

impl Builder {
    /// The pointer and position of the node that starts now, as a child of the top frame.
    fn place(&mut self, mark: Marker, scalar: bool) -> Option<(String, (usize, usize))> {
        let here = (mark.line().max(1), mark.col() + 1);
        match self.stack.last_mut() {
            None => Some((String::new(), (1, 1))),
            Some(Frame::Seq { pointer, next }) => {
                let mut p = String::with_capacity(pointer.len() + 4);
                p.push_str(pointer);
                p.push('/');
                let _ = write!(p, "{next}");
                *next += 1;
                Some((p, here))
            }
            Some(Frame::Map { pointer, pending_key, key_pos, expecting_key, .. }) => {
                if *expecting_key {
                    return None;
                }
                *expecting_key = true;
                let key = pending_key.take().unwrap_or_default();
                let mut p = String::with_capacity(pointer.len() + key.len() + 1);
                p.push_str(pointer);
                p.push('/');
                p.push_str(&escape(&key));
                Some((p, if scalar { here } else { *key_pos }))
            }
        }
    }

    /// Records a scalar's position.
    fn leaf(&mut self, mark: Marker) {
        if let Some((pointer, pos)) = self.place(mark, true) {
            self.out.insert(key(&pointer), pos);
        }
    }

    /// Records a container's position and returns its pointer, for its children.
    fn container(&mut self, mark: Marker) -> String {
        let Some((pointer, pos)) = self.place(mark, false) else { return String::new() };
        self.out.insert(key(&pointer), pos);
        pointer
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map { expecting_key: expecting @ true, pending_key, key_pos, seen, pointer }) =
                    self.stack.last_mut()
                {
                    *key_pos = (mark.line().max(1), mark.col() + 1);
                    if self.duplicates && self.duplicate.is_none() {
                        if let Some(first) = seen.insert(value.clone(), *key_pos) {
                            self.duplicate = Some(Duplicate {
                                key: value.clone(),
                                parent: pointer.clone(),
                                first,
                                second: *key_pos,
                            });
                        }
                    }
                    *pending_key = Some(value);
                    *expecting = false;
                    return;
                }
                self.leaf(mark);
            }
            Event::Alias(_) => {
                self.leaf(mark);
            }
            Event::MappingStart(..) => {
                if let Some(Frame::Map { expecting_key: true, .. }) = self.stack.last() {
                    // A complex key: track it as an anonymous key so the structure stays balanced.
                    self.stack.push(Frame::Map {
                        pointer: "\u{0}".into(),
                        pending_key: None,
                        key_pos: (1, 1),
                        expecting_key: true,
                        seen: HashMap::new(),
                    });
                    return;
                }
                let pointer = self.container(mark);
                self.stack.push(Frame::Map {
                    pointer,
                    pending_key: None,
                    key_pos: (1, 1),
                    expecting_key: true,
                    seen: HashMap::new(),
                });
            }
            Event::SequenceStart(..) => {
                if let Some(Frame::Map { expecting_key: true, .. }) = self.stack.last() {
                    self.stack.push(Frame::Seq { pointer: "\u{0}".into(), next: 0 });
                    return;
                }
                let pointer = self.container(mark);
                self.stack.push(Frame::Seq { pointer, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let popped = self.stack.pop();
                let was_key = matches!(&popped, Some(Frame::Map { pointer, .. } | Frame::Seq { pointer, .. }) if pointer.starts_with('\u{0}'));
                if was_key {
                    if let Some(Frame::Map { expecting_key, pending_key, .. }) = self.stack.last_mut() {
                        *pending_key = Some(String::new());
                        *expecting_key = false;
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_containers_are_located_at_their_keys_and_scalars_at_their_values() {
        let idx = index("openapi: 3.1.0\npaths:\n  /users/{id}:\n    get:\n      operationId: x\n");
        assert_eq!(idx.get("/paths"), Some((2, 1)));
        assert_eq!(idx.get("/paths/~1users~1{id}/get"), Some((4, 5)));
        assert_eq!(idx.get("/paths/~1users~1{id}/get/operationId"), Some((5, 20)));
    }

    #[test]
    fn json_and_sequences_are_located() {
        let idx = index("{\n  \"a\": [\n    1,\n    {\"b\": 2}\n  ]\n}");
        assert_eq!(idx.get("/a"), Some((2, 3)));
        assert_eq!(idx.get("/a/1"), Some((4, 5)));
        assert_eq!(idx.get("/a/1/b"), Some((4, 11)));
    }

    #[test]
    fn json_is_indexed_by_its_own_scan_as_by_the_yaml_parser() {
        let text = r#"{
  "a": [
    1,
    {"b": 2, "c/d~e": {"x": null}}
  ],
  "été": "sumér",
  "esc\u0041\"q": [[], {}, [true, false, -1.5e3]],
  "": {"s": "a, b ] }"}
}"#;
        let (json, yaml) = (index_json(text), index(text));
        assert_eq!(json.0, yaml.0);
        assert_eq!(json.get("/escA\"q/2/2"), Some((7, 42)));
        assert_eq!(json.get("/été"), Some((6, 10)));
    }

    #[test]
    fn json_that_stops_early_keeps_what_was_indexed() {
        let idx = index_json("{\"a\": {\"b\": 1}, \"c\": \"unterminated");
        assert_eq!(idx.get("/a/b"), Some((1, 13)));
        assert_eq!(idx.get("/c"), None);
    }

    #[test]
    fn a_repeated_key_is_found_at_its_second_occurrence() {
        let dup = first_duplicate("a:\n  b: 1\n  c: 2\n  b: 3\n").expect("a duplicate");
        assert_eq!(dup, Duplicate { key: "b".into(), parent: "/a".into(), first: (2, 3), second: (4, 3) });
    }
}
