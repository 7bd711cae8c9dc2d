//! Documents written by others must not make the generator read files outside their tree, hang
//! on special files or fill memory: each test plants one hostile `$ref` and shows what the user
//! sees, and that no text from the outside file reaches it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use switchboard_generator::{load_api_with_roots, Options};

/// Planted in every file outside the tree: no output may contain it.
const MARKER: &str = "SECRET-MARKER-6f1c2b";

/// A root document whose one response schema is `$ref: <reference>`; the `$ref` key is on
/// line 13, its value at column 23, where every refusal must point.
fn document(reference: &str) -> String {
    format!(
        "openapi: 3.0.3\n\
         info: {{title: t, version: '1'}}\n\
         paths:\n  \
           /x:\n    \
             get:\n      \
               operationId: getX\n      \
               responses:\n        \
                 '200':\n          \
                   description: ok\n          \
                   content:\n            \
                     application/json:\n              \
                       schema:\n                \
                         $ref: '{reference}'\n"
    )
}

const AT_REF: &str = "--> tree/openapi.yaml:13:23";

/// A scratch folder with `tree/` (holding the root document) and `outside/secret.yaml`, a valid
/// document whose every line holds the marker.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new(reference: &str) -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("tree")).expect("tree");
        std::fs::create_dir_all(dir.path().join("outside")).expect("outside");
        let secret = format!("{MARKER}:\n  type: string\n  description: {MARKER}\nPet:\n  type: string\n");
        std::fs::write(dir.path().join("outside/secret.yaml"), secret).expect("secret");
        std::fs::write(dir.path().join("tree/openapi.yaml"), document(reference)).expect("root document");
        Scratch { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// What `switchboard check` prints for the tree, run from the scratch folder; it must finish
    /// within ten seconds (a FIFO opened for reading would block forever).
    fn check(&self) -> String {
        let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args(["check", "--color", "never", "tree/openapi.yaml"])
            .current_dir(self.dir.path())
            .env("HOSTILE_TEST_MARKER", MARKER)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the switchboard binary runs");
        let deadline = Instant::now() + Duration::from_secs(10);
        while child.try_wait().expect("wait for switchboard").is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("switchboard check did not finish within 10 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().expect("switchboard output");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!text.contains(MARKER), "the outside file's contents were printed:\n{text}");
        text
    }
}

/// Asserts that `out` holds `message` at the `$ref` and a help line.
fn assert_refused(out: &str, message: &str) {
    assert!(out.contains(message), "expected `{message}` in:\n{out}");
    assert!(out.contains(AT_REF), "expected the refusal at {AT_REF} in:\n{out}");
    assert!(out.contains("= help: "), "expected a help line in:\n{out}");
}

#[test]
fn an_absolute_path_outside_the_tree_is_refused() {
    let s = Scratch::new("");
    let secret = s.path("outside/secret.yaml");
    std::fs::write(s.path("tree/openapi.yaml"), document(&format!("{}#/Pet", secret.display()))).expect("doc");
    let out = s.check();
    assert_refused(&out, "is an absolute path outside the document's folder `tree`; it is not read");
    assert!(out.contains("--allow-ref-root <dir>"), "{out}");
}

#[test]
fn proc_self_environ_is_refused_without_printing_the_environment() {
    // The child's environment holds the marker: before containment, the YAML error about this
    // file quoted it.
    let s = Scratch::new("/proc/self/environ#/x");
    assert_refused(&s.check(), "`$ref: /proc/self/environ#/x` is an absolute path outside the document's folder");
}

#[test]
fn a_dot_dot_path_escaping_the_tree_is_refused() {
    let s = Scratch::new("../outside/secret.yaml#/Pet");
    assert_refused(&s.check(), "`$ref: ../outside/secret.yaml#/Pet` leads out of the document's folder `tree`");
}

#[test]
fn a_dot_dot_path_to_a_missing_file_outside_says_the_same() {
    // Whether an outside file exists is not revealed.
    let s = Scratch::new("../outside/nothing-here.yaml#/Pet");
    assert_refused(&s.check(), "leads out of the document's folder `tree`; it is not read");
}

#[cfg(unix)]
#[test]
fn a_symlink_in_the_tree_pointing_outside_is_refused() {
    let s = Scratch::new("./link.yaml#/Pet");
    std::os::unix::fs::symlink(s.path("outside/secret.yaml"), s.path("tree/link.yaml")).expect("symlink");
    assert_refused(&s.check(), "`$ref: ./link.yaml#/Pet` goes through a symbolic link to `");
}

#[cfg(unix)]
#[test]
fn a_symlinked_folder_pointing_outside_is_refused() {
    let s = Scratch::new("shared/secret.yaml#/Pet");
    std::os::unix::fs::symlink(s.path("outside"), s.path("tree/shared")).expect("symlink");
    assert_refused(&s.check(), "goes through a symbolic link to `");
}

#[test]
fn dev_zero_is_refused_as_outside_the_tree() {
    let s = Scratch::new("/dev/zero#/x");
    assert_refused(&s.check(), "`$ref: /dev/zero#/x` is an absolute path outside the document's folder");
}

#[cfg(unix)]
#[test]
fn dev_zero_is_not_read_even_under_an_allowed_root() {
    let s = Scratch::new("/dev/zero#/x");
    let d = refusal_with_roots(&s, &[PathBuf::from("/dev")]);
    assert!(d.contains("error: `$ref: /dev/zero#/x` cannot be loaded: `/dev/zero`: it is a character device"), "{d}");
    assert!(d.contains("help: refer to a YAML or JSON document saved as a regular file"), "{d}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_fifo_in_the_tree_is_refused_without_blocking() {
    let s = Scratch::new("./pipe.yaml#/Pet");
    let made = Command::new("mkfifo").arg(s.path("tree/pipe.yaml")).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    assert_refused(
        &s.check(),
        "`$ref: ./pipe.yaml#/Pet` cannot be loaded: `tree/pipe.yaml`: it is a named pipe (FIFO)",
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let s = Scratch::new("./big.yaml#/Pet");
    // Sparse: the limit is checked on the size before anything is read.
    let big = std::fs::File::create(s.path("tree/big.yaml")).expect("big file");
    big.set_len(switchboard_generator::load::MAX_FILE_BYTES + 1).expect("set its size");
    assert_refused(&s.check(), "is 67108865 bytes, over the 64 MiB limit for one document, so it is not read");
}

#[test]
fn a_remote_reference_is_refused_as_unsupported() {
    let s = Scratch::new("https://example.com/pets.yaml#/Pet");
    assert_refused(
        &s.check(),
        "`$ref: https://example.com/pets.yaml#/Pet` points to a remote document; remote references are not supported",
    );
}

#[test]
fn a_file_url_is_refused() {
    let s = Scratch::new("file:///etc/passwd#/x");
    assert_refused(&s.check(), "points to a `file:` URL; only relative file paths are followed");
}

#[test]
fn a_reference_into_an_allowed_extra_root_loads() {
    let s = Scratch::new("../shared/pet.yaml#/Pet");
    std::fs::create_dir_all(s.path("shared")).expect("shared");
    std::fs::write(s.path("shared/pet.yaml"), "Pet:\n  type: object\n  properties:\n    name: {type: string}\n")
        .expect("pet");
    let loaded =
        load_api_with_roots(&s.path("tree/openapi.yaml"), "api", Options { strict: true }, &[s.path("shared")]);
    if let Err(d) = loaded.result {
        panic!("the allowed root was refused: {d}");
    }
    assert!(loaded.files.iter().any(|f| f.ends_with("shared/pet.yaml")), "{:?}", loaded.files);
}

#[test]
fn references_between_files_in_the_tree_keep_working() {
    // As in real multi-file descriptions: `paths/x.yaml` refers back up to `../schemas.yaml`.
    let s = Scratch::new("./paths/x.yaml#/Pet");
    std::fs::create_dir_all(s.path("tree/paths")).expect("paths");
    std::fs::write(s.path("tree/paths/x.yaml"), "Pet:\n  $ref: '../schemas.yaml#/Pet'\n").expect("x");
    std::fs::write(s.path("tree/schemas.yaml"), "Pet:\n  type: object\n  properties:\n    name: {type: string}\n")
        .expect("schemas");
    let out = s.check();
    assert!(out.contains("has no errors") && !out.contains("warning"), "{out}");
}

/// The first diagnostic when loading the scratch tree with extra roots, as text.
fn refusal_with_roots(s: &Scratch, roots: &[PathBuf]) -> String {
    let loaded = load_api_with_roots(&s.path("tree/openapi.yaml"), "api", Options { strict: true }, roots);
    let text = match loaded.result {
        Ok(_) => String::new(),
        Err(d) => d.to_string(),
    };
    assert!(!text.contains(MARKER), "{text}");
    text
}

#[test]
fn the_outside_file_is_never_read() {
    // Not even loaded for the file list that build scripts watch.
    let s = Scratch::new("../outside/secret.yaml#/Pet");
    let loaded = load_api_with_roots(&s.path("tree/openapi.yaml"), "api", Options::default(), &[]);
    assert!(loaded.files.iter().all(|f| !Path::new(f).ends_with("outside/secret.yaml")), "{:?}", loaded.files);
}

#[test]
fn list_and_diagnostics_print_no_terminal_control_sequence_from_the_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A summary that would clear the screen and an operationId with a bidi override, plus a
    // `$ref` to nothing so a diagnostic quotes the line holding an escape.
    let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      \
               operationId: \"get\\u202EX\"\n      summary: \"hi\\e[2J\\e]0;owned\\a\"\n      \
               responses:\n        '200':\n          description: \"ok\\e[31m\"\n          \
               content: {application/json: {schema: {$ref: '#/nowhere/\\e[31m'}}}\n";
    std::fs::write(dir.path().join("api.yaml"), doc).expect("document");
    for command in ["list", "check"] {
        let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args([command, "--color", "never", "api.yaml"])
            .current_dir(dir.path())
            .output()
            .expect("the switchboard binary runs");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202E}'),
            "{command}: {text:?}"
        );
    }
}
