//! Maps JSON pointers to 1-based (line, column) positions, from the YAML event stream (JSON
//! documents are YAML too). For a mapping entry the position is that of its key, which is where
//! a reader looks.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

pub fn index(text: &str) -> HashMap<String, (usize, usize)> {
    let mut builder = Builder { out: HashMap::new(), stack: Vec::new() };
    builder.out.insert(String::new(), (1, 1));
    let mut parser = Parser::new_from_str(text);
    // A parse error here leaves a partial index; positions then fall back to ancestors.
    let _ = parser.load(&mut builder, false);
    builder.out
}

enum Frame {
    Map { pointer: String, pending_key: Option<String>, key_pos: (usize, usize), expecting_key: bool },
    Seq { pointer: String, next: usize },
}

struct Builder {
    out: HashMap<String, (usize, usize)>,
    stack: Vec<Frame>,
}

impl Builder {
    /// The pointer and position of the node that starts now, as a child of the top frame.
    fn place(&mut self, mark: Marker) -> Option<String> {
        let here = (mark.line().max(1), mark.col() + 1);
        let (pointer, pos) = match self.stack.last_mut() {
            None => (String::new(), (1, 1)),
            Some(Frame::Seq { pointer, next }) => {
                let p = format!("{pointer}/{next}");
                *next += 1;
                (p, here)
            }
            Some(Frame::Map { pointer, pending_key, key_pos, expecting_key }) => {
                if *expecting_key {
                    return None;
                }
                *expecting_key = true;
                let key = pending_key.take().unwrap_or_default();
                let escaped = key.replace('~', "~0").replace('/', "~1");
                (format!("{pointer}/{escaped}"), *key_pos)
            }
        };
        self.out.entry(pointer.clone()).or_insert(pos);
        Some(pointer)
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map { expecting_key: expecting @ true, pending_key, key_pos, .. }) = self.stack.last_mut() {
                    *pending_key = Some(value);
                    *key_pos = (mark.line().max(1), mark.col() + 1);
                    *expecting = false;
                    return;
                }
                self.place(mark);
            }
            Event::Alias(_) => {
                self.place(mark);
            }
            Event::MappingStart(..) => {
                if let Some(Frame::Map { expecting_key: true, .. }) = self.stack.last() {
                    // A complex key: track it as an anonymous key so the structure stays balanced.
                    self.stack.push(Frame::Map { pointer: "\u{0}".into(), pending_key: None, key_pos: (1, 1), expecting_key: true });
                    return;
                }
                let pointer = self.place(mark).unwrap_or_default();
                self.stack.push(Frame::Map { pointer, pending_key: None, key_pos: (1, 1), expecting_key: true });
            }
            Event::SequenceStart(..) => {
                if let Some(Frame::Map { expecting_key: true, .. }) = self.stack.last() {
                    self.stack.push(Frame::Seq { pointer: "\u{0}".into(), next: 0 });
                    return;
                }
                let pointer = self.place(mark).unwrap_or_default();
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
    fn yaml_keys_are_located() {
        let idx = index("openapi: 3.1.0\npaths:\n  /users/{id}:\n    get:\n      operationId: x\n");
        assert_eq!(idx["/paths"], (2, 1));
        assert_eq!(idx["/paths/~1users~1{id}/get"], (4, 5));
        assert_eq!(idx["/paths/~1users~1{id}/get/operationId"], (5, 7));
    }

    #[test]
    fn json_and_sequences_are_located() {
        let idx = index("{\n  \"a\": [\n    1,\n    {\"b\": 2}\n  ]\n}");
        assert_eq!(idx["/a"], (2, 3));
        assert_eq!(idx["/a/1"], (4, 5));
        assert_eq!(idx["/a/1/b"], (4, 6));
    }
}
