//! Which files a document may make the generator read: `$ref` targets stay under the allowed
//! roots, only regular files are read, and no file is read past a size limit.
//!
//! Users generate clients from documents written by others, so a `$ref` is treated as untrusted
//! input: a reference to `/proc/self/environ`, `../../.ssh/id_rsa` or a symbolic link pointing
//! out of the tree must not be read at all, because any diagnostic about the file it reaches
//! (a parse error quoting its first line, a "did you mean" listing its keys) would print it.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use super::{display_path, percent_decode, FileId, Loader, Loc, OpenError};
use crate::diag::{Diagnostic, Severity};

/// The largest document read, in bytes. Real OpenAPI descriptions reach a few tens of MB (the
/// largest in our corpus is 4 MB); the limit keeps a hostile or mistaken reference from holding
/// gigabytes in memory.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// The same limit as shown to users.
pub const MAX_FILE_SHOWN: &str = "64 MiB";

/// A directory that references may reach, kept in two forms: the lexical one (absolute, `..`
/// removed) to refuse escapes before touching the file system, and the canonical one (symbolic
/// links resolved) to refuse links that lead out of the tree.
#[derive(Debug, Clone)]
struct Root {
    lexical: PathBuf,
    /// `None` when the directory does not exist: then nothing can be read under it anyway.
    canonical: Option<PathBuf>,
}

/// The directories `$ref` targets must lie under: the root document's folder and any extra
/// roots the user allowed.
#[derive(Debug, Clone, Default)]
pub(super) struct Roots(Vec<Root>);

impl Roots {
    /// Allows everything under `dir` (relative paths are taken from the working directory).
    pub(super) fn add(&mut self, dir: &Path) {
        let lexical = absolute(dir);
        if self.0.iter().any(|r| r.lexical == lexical) {
            return;
        }
        let canonical = lexical.canonicalize().ok();
        self.0.push(Root { lexical, canonical });
    }

    /// Whether the lexical (absolute, normalized) path `path` is under some root.
    pub(super) fn contain_lexically(&self, path: &Path) -> bool {
        self.0.iter().any(|r| path.starts_with(&r.lexical) || r.canonical.as_ref().is_some_and(|c| path.starts_with(c)))
    }

    /// Whether the canonical path `path` is under some root's canonical form.
    pub(super) fn contain_canonically(&self, path: &Path) -> bool {
        self.0.iter().any(|r| r.canonical.as_ref().is_some_and(|c| path.starts_with(c)))
    }

    /// The roots as named in messages: "the document's folder `specs`" or a list.
    pub(super) fn describe(&self, show: impl Fn(&Path) -> PathBuf) -> String {
        let names: Vec<String> = self
            .0
            .iter()
            .map(|r| {
                // The working directory itself shows as an empty relative path.
                let shown = show(&r.lexical);
                let shown = if shown.as_os_str().is_empty() { PathBuf::from(".") } else { shown };
                format!("`{}`", shown.display())
            })
            .collect();
        match names.as_slice() {
            [one] => format!("the document's folder {one}"),
            _ => format!("the allowed folders {}", names.join(", ")),
        }
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub(super) enum ReadError {
    Io(io::Error),
    /// Not a regular file: the kind of file it is.
    NotRegular(&'static str),
    /// Larger than [`MAX_FILE_BYTES`]: its size, when known.
    TooLarge(u64),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotRegular(kind) => write!(f, "it is a {kind}, not a regular file, so it is not read"),
            ReadError::TooLarge(size) => {
                write!(f, "it is {size} bytes, over the {MAX_FILE_SHOWN} limit for one document, so it is not read")
            }
        }
    }
}

impl ReadError {
    /// What to do about it.
    pub(super) fn help(&self) -> &'static str {
        match self {
            ReadError::Io(_) => "check that the file exists and is readable",
            ReadError::NotRegular(_) => "refer to a YAML or JSON document saved as a regular file",
            ReadError::TooLarge(_) => "split the document into files that reference each other",
        }
    }
}

/// Reads `path` if it is a regular file of at most [`MAX_FILE_BYTES`].
///
/// The kind is checked before opening, because opening a FIFO blocks until someone writes to it,
/// and again on the open file in case the path was swapped in between; the read itself stops one
/// byte past the limit, so a file that grows (or lies about its size, as `/proc` files do) cannot
/// make it allocate more.
pub(super) fn read_regular(path: &Path) -> Result<Vec<u8>, ReadError> {
    check(&std::fs::metadata(path)?)?;
    let file = File::open(path)?;
    let meta = file.metadata()?;
    check(&meta)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len().max(bytes.len() as u64)));
    }
    Ok(bytes)
}

fn check(meta: &Metadata) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(meta)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    Ok(())
}

fn kind(meta: &Metadata) -> &'static str {
    let ty = meta.file_type();
    if ty.is_dir() {
        return "directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ty.is_fifo() {
            return "named pipe (FIFO)";
        }
        if ty.is_char_device() {
            return "character device";
        }
        if ty.is_block_device() {
            return "block device";
        }
        if ty.is_socket() {
            return "socket";
        }
    }
    "special file"
}

/// `path` made absolute (from the working directory) with `.` and `..` removed lexically.
pub(super) fn absolute(path: &Path) -> PathBuf {
    let joined = match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    normalize(&joined)
}

/// Removes `.` and `..` components lexically, so `a/b/../c.yaml` shows as `a/c.yaml`.
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                // `..` at the file system root stays there, as the operating system does; a
                // relative path keeps its leading `..` so that it still says where it goes.
                if !out.pop() && !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The scheme of a `$ref` file part that is a URL (`https://…`, `file:…`) rather than a path.
///
/// Only `scheme://` and a few schemes written without slashes count: a file name may hold a
/// colon, and such references worked before.
pub(super) fn url_scheme(file_part: &str) -> Option<&str> {
    let (scheme, rest) = file_part.split_once(':')?;
    // One letter is a Windows drive (`C:`), not a scheme.
    let is_scheme = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let without_slashes = ["file", "http", "https", "urn", "data"].iter().any(|s| scheme.eq_ignore_ascii_case(s));
    (is_scheme && (rest.starts_with("//") || without_slashes)).then_some(scheme)
}

impl Loader {
    /// Opens the file a `$ref` written at `from` (the `$ref` key) names by `file_part`, if the
    /// reference may reach it. Every refusal is located at the reference and names it, and none
    /// reads the target: its contents must never reach a diagnostic.
    pub(super) fn open_ref(&mut self, from: &Loc, reference: &str, file_part: &str) -> Result<FileId, Diagnostic> {
        let roots = self.roots.describe(display_path);
        let refuse =
            |loader: &Self, message: String, help: String| loader.diag(from, Severity::Error, message, Some(help));
        if let Some(scheme) = url_scheme(file_part) {
            let what = if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
                "a remote document; remote references are not supported, so nothing is fetched".to_string()
            } else {
                format!("a `{scheme}:` URL; only relative file paths are followed")
            };
            return Err(refuse(
                self,
                format!("`$ref: {reference}` points to {what}"),
                format!("download the document into {roots} and refer to it by a relative path"),
            ));
        }
        let decoded = percent_decode(file_part);
        let base = self.files[from.file.0].lexical.parent().map(Path::to_path_buf).unwrap_or_default();
        let target = normalize(&base.join(&decoded));
        let allow = format!(
            "copy the file under {roots} and refer to it by a relative path, or allow its folder \
             with `--allow-ref-root <dir>`"
        );
        // Checked before the file system is asked anything, so that an outside path gets the
        // same answer whether or not it exists.
        if !self.roots.contain_lexically(&target) {
            let how = if Path::new(&decoded).is_absolute() { "is an absolute path outside" } else { "leads out of" };
            return Err(refuse(self, format!("`$ref: {reference}` {how} {roots}; it is not read"), allow));
        }
        let looks_like_an_id = !reference.contains('#') && Path::new(file_part).extension().is_none();
        if looks_like_an_id && !target.is_file() {
            let name = file_part.rsplit('/').next().unwrap_or(file_part);
            return Err(refuse(
                self,
                format!("`$ref: {reference}` is a bare name, not a JSON pointer or a file"),
                format!("write `#/components/schemas/{name}` (or `#/definitions/{name}` in Swagger 2.0)"),
            ));
        }
        let shown = display_path(&target);
        let canonical = target.canonicalize().map_err(|e| {
            let e = ReadError::Io(e);
            refuse(
                self,
                format!("`$ref: {reference}` cannot be loaded: cannot read `{}`: {e}", shown.display()),
                e.help().into(),
            )
        })?;
        if !self.roots.contain_canonically(&canonical) {
            return Err(refuse(
                self,
                format!(
                    "`$ref: {reference}` goes through a symbolic link to `{}`, outside {roots}; it is not read",
                    canonical.display()
                ),
                allow,
            ));
        }
        self.load(&target, &canonical).map_err(|e| match e {
            // The file is in the tree and was read: the mistake is in it, where `d` points.
            OpenError::Parse(d) => d,
            OpenError::Read(e) => refuse(
                self,
                format!("`$ref: {reference}` cannot be loaded: `{}`: {e}", shown.display()),
                e.help().into(),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_stays_at_the_root() {
        assert_eq!(normalize(Path::new("/a/../../etc/x")), PathBuf::from("/etc/x"));
        assert_eq!(normalize(Path::new("a/../../x")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("a/./b/../c.yaml")), PathBuf::from("a/c.yaml"));
    }

    #[test]
    fn schemes_are_recognized() {
        assert_eq!(url_scheme("https://example.com/a.yaml"), Some("https"));
        assert_eq!(url_scheme("file:///etc/passwd"), Some("file"));
        assert_eq!(url_scheme("C:/specs/a.yaml"), None);
        assert_eq!(url_scheme("common/a.yaml"), None);
        assert_eq!(url_scheme("a:b.yaml"), None);
        assert_eq!(url_scheme("v1:pets.yaml"), None);
    }
}
