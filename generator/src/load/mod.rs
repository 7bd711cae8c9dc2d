//! Loading: reads YAML and JSON documents, follows `$ref` within and across files, and maps
//! JSON pointers back to source positions for diagnostics.
//!
//! Values are parsed with serde_yaml / serde_json; positions are recovered lazily (only when a
//! diagnostic needs one) by `positions`, so the common path pays for one parse per file.
//!
//! Documents come from others, so `access` decides what a `$ref` may make it read: files under
//! the root document's folder or an allowed root, regular, at most 64 MiB.

mod access;
mod convert;
mod distinct;
pub mod pointer;
mod positions;
mod swagger2;
mod vocabulary;

pub use access::MAX_FILE_BYTES;
pub use distinct::distinct_values;

use std::cell::{Cell, OnceCell};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::thread::JoinHandle;

use serde_json::Value;

use crate::diag::{Diagnostic, Lint, Severity};

/// Index of a loaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(usize);

/// A node of a loaded document: a file and a JSON pointer inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: FileId,
    pub pointer: String,
}

impl Loc {
    /// The location of the child `key` of this node.
    pub fn child(&self, key: &str) -> Loc {
        Loc { file: self.file, pointer: format!("{}/{}", self.pointer, pointer::escape(key)) }
    }

    /// The location of item `index` of this node.
    pub fn index(&self, index: usize) -> Loc {
        Loc { file: self.file, pointer: format!("{}/{}", self.pointer, index) }
    }

    /// The last segment of the pointer, unescaped ("" at the root).
    pub fn last_segment(&self) -> String {
        match self.pointer.rsplit_once('/') {
            Some((_, last)) => pointer::unescape(last).into_owned(),
            None => String::new(),
        }
    }
}

use positions::Positions;

struct Source {
    path: PathBuf,
    /// The path made absolute with `..` removed: relative references are taken from its folder.
    lexical: PathBuf,
    text: Arc<str>,
    root: Rc<Value>,
    positions: OnceCell<Positions>,
    /// A large file's position index, being built on another thread while the document is
    /// parsed and lowered (real documents of several MB draw hundreds of warnings, and indexing
    /// one costs about as much as parsing it).
    indexing: Cell<Option<JoinHandle<Positions>>>,
    /// Read as JSON (by its extension), so indexed by a JSON scan.
    is_json: bool,
    /// Where each line of `text` starts, found when a key is first located (see `key_position`).
    line_starts: OnceCell<Vec<usize>>,
}

fn index(text: &str, is_json: bool) -> Positions {
    if is_json {
        positions::index_json(text)
    } else {
        positions::index(text)
    }
}

/// Files at least this large are indexed ahead, on a second thread.
const INDEX_AHEAD_BYTES: usize = 1 << 20;

impl Source {
    fn positions(&self) -> &Positions {
        self.positions.get_or_init(|| match self.indexing.take() {
            // The thread only runs `positions::index`, which does not panic; if it ever did,
            // indexing again here reports the same positions.
            Some(handle) => handle.join().unwrap_or_else(|_| index(&self.text, self.is_json)),
            None => index(&self.text, self.is_json),
        })
    }
}

/// Where following the `$ref` chain from a node ends; kept per node so that a chain is walked
/// once however many of its nodes are followed (following every hop of a 5,000-hop chain anew
/// made lowering cubic).
#[derive(Clone)]
enum Followed {
    To(Loc),
    /// The chain comes back to a node it passed.
    Loops,
    /// Some hop does not resolve.
    Fails(Diagnostic),
}

/// All documents read so far, keyed by canonical path.
#[derive(Default)]
pub struct Loader {
    files: Vec<Source>,
    by_path: HashMap<PathBuf, FileId>,
    /// Every node some `$ref` resolved to, for the unused-component lint.
    referenced: HashSet<Loc>,
    /// The folders `$ref` targets must lie under.
    roots: access::Roots,
    follows: HashMap<Loc, Followed>,
    /// Warnings about the documents as written (the vocabulary check), for lowering to report
    /// first.
    warnings: Vec<Diagnostic>,
}

/// Why a file did not load.
enum OpenError {
    Read(access::ReadError),
    /// It was read but is not a document; the diagnostic points into it.
    Parse(Diagnostic),
}

impl Loader {
    pub fn new() -> Self {
        Self::default()
    }

    /// A loader whose references may also reach files under `allowed_roots` (besides the folder
    /// of each document given to [`Loader::open`]).
    pub fn with_allowed_roots(allowed_roots: &[PathBuf]) -> Self {
        let mut loader = Self::default();
        for dir in allowed_roots {
            loader.roots.add(dir);
        }
        loader
    }

    /// Reads and parses the document `path` that the user named (once; later calls return the
    /// same id). Its folder becomes a root that `$ref`s may reach.
    pub fn open(&mut self, path: &Path) -> Result<FileId, Diagnostic> {
        let lexical = access::absolute(path);
        if let Some(dir) = lexical.parent() {
            self.roots.add(dir);
        }
        let read_error =
            |e: access::ReadError| bare_diag(path, format!("cannot read `{}`: {e}", path.display()), e.help());
        let canonical = path.canonicalize().map_err(|e| read_error(e.into()))?;
        self.load(path, &canonical).map_err(|e| match e {
            OpenError::Read(e) => read_error(e),
            OpenError::Parse(d) => d,
        })
    }

    /// Reads and parses the file at `canonical`, shown as `path`, unless it is loaded already.
    fn load(&mut self, path: &Path, canonical: &Path) -> Result<FileId, OpenError> {
        if let Some(id) = self.by_path.get(canonical) {
            return Ok(*id);
        }
        let bytes = access::read_regular(canonical).map_err(OpenError::Read)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let (line, col) = line_col(&String::from_utf8_lossy(&e.into_bytes()), offset);
            Diagnostic {
                severity: Severity::Error,
                file: path.to_path_buf(),
                line,
                col,
                pointer: String::new(),
                message: "the file is not valid UTF-8".into(),
                help: Some("save the document as UTF-8".into()),
                lint: Lint::Mistake,
            }
        });
        let text = text.map_err(OpenError::Parse)?;
        let text: Arc<str> = Arc::from(text);
        let is_json = canonical.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let indexing = (text.len() >= INDEX_AHEAD_BYTES).then(|| {
            let text = Arc::clone(&text);
            std::thread::spawn(move || index(&text, is_json))
        });
        let root = convert::parse(&text, is_json).map_err(|e| {
            OpenError::Parse(Diagnostic {
                severity: Severity::Error,
                file: path.to_path_buf(),
                line: e.line,
                col: e.col,
                pointer: String::new(),
                message: e.message,
                help: Some(e.help),
                lint: Lint::Mistake,
            })
        })?;
        let id = FileId(self.files.len());
        self.files.push(Source {
            path: display_path(path),
            lexical: access::absolute(path),
            text,
            root: Rc::new(root),
            positions: OnceCell::new(),
            indexing: Cell::new(indexing),
            is_json,
            line_starts: OnceCell::new(),
        });
        self.by_path.insert(canonical.to_path_buf(), id);
        Ok(id)
    }

    /// Reads the root document of an API, as [`Loader::open`] does; a Swagger 2.0 document is
    /// rewritten into its OpenAPI 3 form, so that lowering reads one format.
    pub fn open_root(&mut self, path: &Path) -> Result<FileId, Diagnostic> {
        let id = self.open(path)?;
        // Before a 2.0 document is rewritten: it is judged by its own version's vocabulary, at
        // its own positions.
        let unknown = vocabulary::check(self, id);
        self.warnings.extend(unknown);
        let doc = self.document(id);
        if swagger2::is_swagger2(&doc) {
            // Positions inside a converted document fall back to the nearest node that kept its pointer.
            self.replace_document(id, swagger2::convert(&doc));
        }
        Ok(id)
    }

    /// The root location of a loaded file.
    pub fn root(&self, file: FileId) -> Loc {
        Loc { file, pointer: String::new() }
    }

    /// The path a file was opened by, as the user gave it.
    pub fn path(&self, file: FileId) -> &Path {
        &self.files[file.0].path
    }

    /// A file's path for generated output: from the root document's folder (the first file
    /// opened), with `/` separators (`openapi.yaml`, `schemas/user.yaml`, `../shared/errors.yaml`
    /// for a file under an allowed root). The same whatever the working directory, and however
    /// the input was given (relative or absolute), so generated bytes do not depend on either.
    pub fn portable_path(&self, file: FileId) -> String {
        let Some(root) = self.files.first() else { return String::new() };
        let base: Vec<_> = root.lexical.parent().map(|p| p.components().collect()).unwrap_or_default();
        let target: Vec<_> = self.files[file.0].lexical.components().collect();
        let shared = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
        let ups = std::iter::repeat_n("..".to_string(), base.len() - shared);
        let downs = target[shared..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned());
        ups.chain(downs).collect::<Vec<_>>().join("/")
    }

    /// Every file read, in the order they were read.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|s| s.path.as_path())
    }

    /// The document holding `loc`, shared so that callers may keep it while loading more files.
    pub fn document(&self, file: FileId) -> Rc<Value> {
        Rc::clone(&self.files[file.0].root)
    }

    /// Replaces a file's parsed document (e.g. with its OpenAPI 3 form); its text stays for positions.
    fn replace_document(&mut self, file: FileId, value: Value) {
        self.files[file.0].root = Rc::new(value);
        // Chains followed in the old document may end elsewhere in the new one.
        self.follows.clear();
    }

    /// The value at `loc`, if the pointer exists.
    pub fn get(&self, loc: &Loc) -> Option<&Value> {
        pointer::lookup(&self.files[loc.file.0].root, &loc.pointer)
    }

    /// Resolves a `$ref` string written at `from` into a location, loading its file if needed.
    pub fn resolve_ref(&mut self, from: &Loc, reference: &str) -> Result<Loc, Diagnostic> {
        // Diagnostics point at the `$ref` key itself, where the mistake is.
        let at_ref = from.child("$ref");
        let from = &at_ref;
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, frag)) => (f, frag),
            None => (reference, ""),
        };
        let file = if file_part.is_empty() { from.file } else { self.open_ref(from, reference, file_part)? };
        let pointer = percent_decode(fragment);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(self.diag(
                from,
                Severity::Error,
                format!("`$ref: {reference}` is not a JSON pointer"),
                Some("write the target as `file.yaml#/path/to/node` or `#/components/schemas/Name`".into()),
            ));
        }
        let loc = Loc { file, pointer };
        if self.get(&loc).is_none() {
            let help = self.suggest_pointer(&loc);
            return Err(self.diag(
                from,
                Severity::Error,
                format!(
                    "`$ref: {reference}` resolves to nothing: `{}` has no `#{}`",
                    self.files[file.0].path.display(),
                    loc.pointer
                ),
                help,
            ));
        }
        self.referenced.insert(loc.clone());
        Ok(loc)
    }

    /// Where `reference`, written at `from`, points, if it resolves: like [`Loader::resolve_ref`]
    /// (loading its file if needed) but neither recording the target as used nor saying why it
    /// fails, which lowering does when it follows the same reference.
    fn peek_ref(&mut self, from: &Loc, reference: &str) -> Option<Loc> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file_part.is_empty() {
            from.file
        } else {
            self.open_ref(&from.child("$ref"), reference, file_part).ok()?
        };
        let pointer = percent_decode(fragment);
        let loc = Loc { file, pointer };
        (loc.pointer.is_empty() || loc.pointer.starts_with('/')).then_some(())?;
        self.get(&loc).is_some().then_some(loc)
    }

    /// The warnings about the documents as written (unknown keys), taken once.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.warnings)
    }

    /// Whether some `$ref` followed so far points at `loc`.
    pub fn is_referenced(&self, loc: &Loc) -> bool {
        self.referenced.contains(loc)
    }

    /// Follows `$ref` chains from `loc` to the node that holds no `$ref`.
    pub fn follow(&mut self, loc: &Loc) -> Result<Loc, Diagnostic> {
        let mut current = loc.clone();
        let mut walked = Vec::new();
        let mut on_walk = HashSet::new();
        let outcome = loop {
            if let Some(known) = self.follows.get(&current) {
                break known.clone();
            }
            let Some(reference) = self.get(&current).and_then(ref_of).map(str::to_owned) else {
                break Followed::To(current);
            };
            if !on_walk.insert(current.clone()) {
                break Followed::Loops;
            }
            walked.push(current.clone());
            match self.resolve_ref(&current, &reference) {
                Ok(next) => current = next,
                Err(d) => break Followed::Fails(d),
            }
        };
        for node in walked {
            self.follows.insert(node, outcome.clone());
        }
        match outcome {
            Followed::To(end) => Ok(end),
            Followed::Fails(d) => Err(d),
            Followed::Loops => Err(self.diag(
                loc,
                Severity::Error,
                "`$ref` chain loops back on itself without reaching a definition".into(),
                Some("make one of the references point at an actual definition".into()),
            )),
        }
    }

    /// Builds a diagnostic located at `loc`.
    pub fn diag(&self, loc: &Loc, severity: Severity, message: String, help: Option<String>) -> Diagnostic {
        let source = &self.files[loc.file.0];
        let (line, col) = self.position(loc);
        Diagnostic {
            severity,
            file: source.path.clone(),
            line,
            col,
            pointer: loc.pointer.clone(),
            message,
            help,
            lint: Lint::Mistake,
        }
    }

    /// 1-based line and column of the node at `loc` (its key, for a mapping entry); the nearest
    /// existing ancestor's position when the pointer is not in the source.
    pub fn position(&self, loc: &Loc) -> (usize, usize) {
        let source = &self.files[loc.file.0];
        let index = source.positions();
        let mut pointer = loc.pointer.as_str();
        loop {
            if let Some(p) = index.get(pointer) {
                return p;
            }
            match pointer.rsplit_once('/') {
                Some((parent, _)) => pointer = parent,
                None => return (1, 1),
            }
        }
    }

    /// 1-based line and column of the key of the mapping entry at `loc`. The position index
    /// places an entry holding a scalar at its value, so the key is looked for before it on the
    /// same line (or the lines above, for a value on a line of its own).
    pub fn key_position(&self, loc: &Loc) -> (usize, usize) {
        let at = self.position(loc);
        if self.get(loc).is_some_and(|v| v.is_object() || v.is_array()) {
            return at;
        }
        let key = loc.last_segment();
        let source = &self.files[loc.file.0];
        let starts = source
            .line_starts
            .get_or_init(|| std::iter::once(0).chain(source.text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let line_text = |line: usize| -> Option<&str> {
            let start = *starts.get(line.checked_sub(1)?)?;
            let end = starts.get(line).map_or(source.text.len(), |next| next.saturating_sub(1));
            source.text.get(start..end)
        };
        for line in (at.0.saturating_sub(3).max(1)..=at.0).rev() {
            let Some(text) = line_text(line) else { continue };
            let before = if line == at.0 {
                text.char_indices().nth(at.1.saturating_sub(1)).map_or(text, |(i, _)| &text[..i])
            } else {
                text
            };
            if let Some(mut i) = before.rfind(key.as_str()) {
                if i > 0 && matches!(before.as_bytes()[i - 1], b'"' | b'\'') {
                    i -= 1;
                }
                return (line, before[..i].chars().count() + 1);
            }
        }
        at
    }

    fn suggest_pointer(&self, loc: &Loc) -> Option<String> {
        let (parent, last) = loc.pointer.rsplit_once('/')?;
        let siblings = pointer::lookup(&self.files[loc.file.0].root, parent)?.as_object()?;
        let best = siblings
            .keys()
            .map(|k| (strsim_distance(k, last), k))
            .filter(|(d, k)| *d <= (k.len().max(last.len()) / 3).max(1))
            .min()?;
        Some(format!("did you mean `{}`?", best.1))
    }
}

/// The `$ref` string of a node that is a reference object.
pub fn ref_of(value: &Value) -> Option<&str> {
    value.as_object()?.get("$ref")?.as_str()
}

fn bare_diag(path: &Path, message: String, help: &str) -> Diagnostic {
    Diagnostic::whole_file(path, message).with_help(help)
}

/// Paths are shown relative to the working directory when they are inside it.
fn display_path(path: &Path) -> PathBuf {
    let normalized = access::normalize(path);
    std::env::current_dir()
        .ok()
        .and_then(|cwd| normalized.strip_prefix(access::normalize(&cwd)).ok().map(Path::to_path_buf))
        .unwrap_or(normalized)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && s.is_char_boundary(i + 1) && s.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Edit distance, for "did you mean" hints.
pub fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_invalid_escapes() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("%7Bid%7D"), "{id}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn child_pointers_escape_slash_and_tilde() {
        let root = Loc { file: FileId(0), pointer: String::new() };
        assert_eq!(root.child("paths").child("/users/{id}").pointer, "/paths/~1users~1{id}");
        assert_eq!(root.child("a~b").last_segment(), "a~b");
    }

    #[test]
    fn edit_distance() {
        assert_eq!(strsim_distance("Usr", "User"), 1);
        assert_eq!(strsim_distance("", "abc"), 3);
    }
}
