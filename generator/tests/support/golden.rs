//! Golden files: expected output kept in the repository beside the test that produces it.
//!
//! [`assert_golden`] compares what the code produces now with the golden file. When they differ
//! the test fails with a unified diff from the golden file (`-`) to the actual output (`+`),
//! headed by the golden file's path from the repository root; a missing golden file fails too.
//!
//! To accept new output, run the tests with `SWITCHBOARD_BLESS=1`, for example
//! `SWITCHBOARD_BLESS=1 cargo test -p switchboard-generator`: every golden file that differs
//! is then written with the actual output (folders are created as needed), those comparisons
//! pass, and `git diff` shows what changed for review before it is committed. Files that already
//! match are not rewritten. The variable must be `1` (or unset, empty or `0`, which compare).

use std::path::{Component, Path, PathBuf};

use similar::TextDiff;

/// The environment variable that writes golden files instead of comparing them.
pub const BLESS_VAR: &str = "SWITCHBOARD_BLESS";

/// At most this many lines of diff are printed per golden file; the rest is counted.
const MAX_DIFF_LINES: usize = 1_000;

/// Whether this run writes golden files (`SWITCHBOARD_BLESS=1`) instead of comparing them.
pub fn blessing() -> bool {
    match std::env::var(BLESS_VAR) {
        Err(std::env::VarError::NotPresent) => false,
        Ok(value) if value.is_empty() || value == "0" => false,
        Ok(value) if value == "1" => true,
        Ok(value) => panic!("{BLESS_VAR}={value:?}: set it to 1 to write golden files, or leave it unset"),
        Err(e) => panic!("{BLESS_VAR}: {e}"),
    }
}

/// Compares `actual` with the golden file `golden` (or writes it when blessing) and fails the
/// test with a unified diff when they differ.
#[track_caller]
pub fn assert_golden(golden: impl AsRef<Path>, actual: &str) {
    assert_goldens([(golden, actual)]);
}

/// [`assert_golden`] for several files at once: every file is compared (or written) before the
/// test fails, and the failure shows the diff of each file that differs.
#[track_caller]
pub fn assert_goldens<P: AsRef<Path>, S: AsRef<str>>(files: impl IntoIterator<Item = (P, S)>) {
    let bless = blessing();
    let mut checked = 0;
    let failures: Vec<String> = files
        .into_iter()
        .inspect(|_| checked += 1)
        .filter_map(|(golden, actual)| compare(golden.as_ref(), actual.as_ref(), bless).err())
        .collect();
    if !failures.is_empty() {
        panic!(
            "{} of {checked} golden files differ from the actual output:\n\n{}\n\
             If the new output is right, run the test again with {BLESS_VAR}=1 to write it, \
             then review and commit the golden files.",
            failures.len(),
            failures.join("\n"),
        );
    }
}

/// `Ok` when `golden` holds `actual` (after writing it, when blessing); otherwise a message
/// with the diff.
fn compare(golden: &Path, actual: &str, bless: bool) -> Result<(), String> {
    let expected = std::fs::read_to_string(golden);
    if expected.as_deref().ok() == Some(actual) {
        return Ok(());
    }
    let name = display_name(golden);
    if bless {
        if let Some(parent) = golden.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
        }
        std::fs::write(golden, actual).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
        eprintln!("{BLESS_VAR}: wrote {name}");
        return Ok(());
    }
    match expected {
        Ok(expected) => Err(format!("{name} differs (- golden, + actual):\n{}", diff(&name, &expected, actual))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(format!("{name} is missing (the actual output has {} lines)\n", actual.lines().count()))
        }
        Err(e) => Err(format!("{name} cannot be read: {e}\n")),
    }
}

/// The unified diff from `expected` to `actual`, with `name` in its `---`/`+++` headers.
pub fn diff(name: &str, expected: &str, actual: &str) -> String {
    let diff = TextDiff::configure().timeout(std::time::Duration::from_secs(5)).diff_lines(expected, actual);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (golden)"), &format!("{name} (actual)"))
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= MAX_DIFF_LINES {
        return text;
    }
    let mut shown = lines[..MAX_DIFF_LINES].join("\n");
    shown.push_str(&format!(
        "\n... and {} more lines of diff ({BLESS_VAR}=1 then `git diff` shows them all)\n",
        lines.len() - MAX_DIFF_LINES
    ));
    shown
}

/// `path` relative to the repository root when it is inside it (`generator/tests/...`), else as
/// given.
fn display_name(path: &Path) -> String {
    let absolute = std::path::absolute(path).map(|p| normalize(&p)).unwrap_or_else(|_| path.to_path_buf());
    let manifest = normalize(Path::new(env!("CARGO_MANIFEST_DIR")));
    let repo = manifest.parent().unwrap_or(&manifest);
    absolute.strip_prefix(repo).unwrap_or(&absolute).display().to_string()
}

/// `path` with `.` and `..` components resolved lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
