//! `switchboard`: the command-line front end of switchboard-generator.
//!
//! Exit codes: 0 success, 1 the input has errors (or the output could not be written),
//! 2 the command line is wrong, 3 an internal error (a bug: please report it).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use switchboard_generator::targets::{self, Target};
use switchboard_generator::{diag, ir, load_api_with_roots, Diagnostic, Options, Severity};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLES: &str = "\
Examples (from the root of the switchboard repository):
  switchboard check schemas/vinix --strict
  switchboard list generator/tests/fixtures/small/openapi.yaml
  switchboard generate schemas/commpeak --target rust --out /tmp/commpeak --name commpeak-client
  switchboard generate schemas/vinix --target typescript --out /tmp/vinix-ts
  switchboard generate schemas/rinkel --target openapi --out /tmp/rinkel-bundle
  switchboard completions bash > ~/.local/share/bash-completion/completions/switchboard";

/// Turns OpenAPI documents (3.0, 3.1, Swagger 2.0; YAML or JSON) into typed API clients.
#[derive(Parser)]
#[command(name = "switchboard", version, about, after_help = EXAMPLES)]
struct Cli {
    /// Print errors only: no warnings, no summary.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Print every warning (by default the first 50, then how many more there are).
    #[arg(long, global = true)]
    all_warnings: bool,
    /// When to color diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a client from one OpenAPI document or one API directory.
    #[command(
        after_help = "Examples:\n  switchboard generate schemas/vinix --target rust --out /tmp/vinix --name vinix-client\n  switchboard generate schemas/vinix --target rust --out /tmp/vinix-tags --feature-groups tag"
    )]
    Generate {
        #[command(flatten)]
        input: Input,
        /// What to generate.
        #[arg(long, value_enum, default_value_t = Target::Rust)]
        target: Target,
        /// The directory to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// The crate name (default: the input's file or directory name).
        #[arg(long)]
        name: Option<String>,
        /// Rust target: one cargo feature per group of operations, which compiles those
        /// operations and the types they need (`default` enables every group, and `all-types`
        /// every type). `tag`: by each operation's first tag; `path`: by the first segment of its
        /// path; operations without one are in `other`.
        #[arg(long, value_enum, default_value_t = FeatureGroups::None, value_name = "BY")]
        feature_groups: FeatureGroups,
    },
    /// Validate a document and print its diagnostics; exit 1 if it has errors.
    #[command(after_help = "Example:\n  switchboard check schemas/rinkel --strict")]
    Check {
        #[command(flatten)]
        input: Input,
    },
    /// Print a table of the operations: method, path, operationId, auth and summary.
    #[command(after_help = "Example:\n  switchboard list schemas/vinix")]
    List {
        #[command(flatten)]
        input: Input,
    },
    /// Print a shell completion script to standard output.
    #[command(after_help = "Example:\n  switchboard completions zsh > ~/.zfunc/_switchboard")]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

#[derive(clap::Args)]
struct Input {
    /// An OpenAPI document (YAML or JSON), or a directory holding `openapi.yaml`.
    input: PathBuf,
    /// Judge the document as build.rs does: every warning becomes an error except unused
    /// components (README's "Strict mode" table). `--deny-warnings` is an old name for it.
    #[arg(long, alias = "deny-warnings")]
    strict: bool,
    /// Also let `$ref`s reach files under this directory (by default only the input's own
    /// directory tree). May be given more than once.
    #[arg(long, value_name = "DIR")]
    allow_ref_root: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum FeatureGroups {
    /// No features: every operation and type is always compiled.
    None,
    /// A feature per first tag (`issues`, `repos`, ...).
    Tag,
    /// A feature per first path segment (`/repos/...` → `repos`).
    Path,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    /// Color when standard error is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

/// Where diagnostics and the summary go, and how they look.
struct Reporter {
    quiet: bool,
    color: bool,
    /// Warnings printed at most, unless `--all-warnings`.
    max_warnings: usize,
}

/// A vendor's document can draw hundreds of warnings; the first ones show what kind they are.
const MAX_WARNINGS_SHOWN: usize = 50;

impl Reporter {
    fn new(quiet: bool, all_warnings: bool, color: ColorChoice) -> Self {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        };
        Reporter { quiet, color, max_warnings: if all_warnings { usize::MAX } else { MAX_WARNINGS_SHOWN } }
    }

    /// Prints every error, and the warnings (up to the cap) unless quiet.
    fn diagnostics(&self, all: &[Diagnostic]) {
        let mut warnings = 0;
        let shown: Vec<Diagnostic> = all
            .iter()
            .filter(|d| {
                let warning = !d.is_error();
                warnings += usize::from(warning);
                !warning || (!self.quiet && warnings <= self.max_warnings)
            })
            .cloned()
            .collect();
        if !shown.is_empty() {
            eprint!("{}", diag::render(&shown, self.color));
        }
        let hidden = warnings.saturating_sub(self.max_warnings);
        if !self.quiet && hidden > 0 {
            eprintln!("warning: and {}; `--all-warnings` to see them\n", plural(hidden, "more warning"));
        }
    }

    fn summary(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let reporter = Reporter::new(cli.quiet, cli.all_warnings, cli.color);
    // Bad input must never crash the tool; should a bug do so anyway, the exit code says so
    // (3, not Rust's 101) after the panic message.
    match std::panic::catch_unwind(|| run(cli.command, &reporter)) {
        Ok(code) => code,
        Err(_) => {
            eprintln!("error: internal error in switchboard; please report it with the input that caused it");
            ExitCode::from(3)
        }
    }
}

fn run(command: Command, reporter: &Reporter) -> ExitCode {
    match command {
        Command::Generate { input, target, out, name, feature_groups } => {
            let grouping = match feature_groups {
                FeatureGroups::None => ir::Grouping::None,
                FeatureGroups::Tag => ir::Grouping::Tag,
                FeatureGroups::Path => ir::Grouping::Path,
            };
            generate(&input, target, &out, name, grouping, reporter)
        }
        Command::Check { input } => check(&input, reporter),
        Command::List { input } => list(&input, reporter),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "switchboard", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}

/// Loads and lowers `input`, printing its diagnostics; `None` when it has errors.
fn load(input: &Input, module: &str, reporter: &Reporter) -> Option<(ir::Api, Vec<Diagnostic>)> {
    let loaded = load_api_with_roots(&input.input, module, Options { strict: input.strict }, &input.allow_ref_root);
    match loaded.result {
        Ok((api, warnings)) => {
            reporter.diagnostics(&warnings);
            Some((api, warnings))
        }
        Err(diagnostics) => {
            reporter.diagnostics(&diagnostics.0);
            let errors = diagnostics.0.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.0.len() - errors;
            eprintln!("error: `{}` has {}{}", input.input.display(), plural(errors, "error"), and_warnings(warnings));
            None
        }
    }
}

fn check(input: &Input, reporter: &Reporter) -> ExitCode {
    let Some((api, warnings)) = load(input, "api", reporter) else { return ExitCode::from(1) };
    reporter.summary(&format!(
        "`{}` has no errors: {}, {}{}",
        input.input.display(),
        plural(api.operations.len(), "operation"),
        plural(api.types.len(), "type"),
        and_warnings(warnings.len())
    ));
    ExitCode::SUCCESS
}

fn list(input: &Input, reporter: &Reporter) -> ExitCode {
    let Some((api, _)) = load(input, "api", reporter) else { return ExitCode::from(1) };
    let mut rows = vec![["METHOD".to_string(), "PATH".into(), "OPERATION".into(), "AUTH".into(), "SUMMARY".into()]];
    for op in &api.operations {
        let summary = op.summary.as_deref().or(op.description.as_deref()).unwrap_or("");
        let summary = summary.lines().next().unwrap_or("").trim();
        // Every cell is document text: nothing in it may reach the terminal as a control sequence.
        let cells =
            [op.method.to_string(), op.path.to_string(), op.id.clone(), auth(&api, &op.security), summary.to_string()];
        rows.push(cells.map(|cell| diag::terminal_safe(&cell).into_owned()));
    }
    let mut widths = [0usize; 4];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = std::io::stdout().lock();
    for row in &rows {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(w - cell.chars().count() + 2));
        }
        line.push_str(&row[4]);
        // A closed pipe (`| head`) ends the listing quietly.
        if writeln!(out, "{}", line.trim_end()).is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}

/// The security alternatives of an operation: `A+B` needs both, `A | B` either, `none` nothing.
fn auth(api: &ir::Api, security: &[ir::SecurityRequirement]) -> String {
    if security.is_empty() {
        return "none".into();
    }
    let alternatives: Vec<String> = security
        .iter()
        .map(|req| {
            if req.schemes.is_empty() {
                "none".to_string()
            } else {
                let names: Vec<&str> =
                    req.schemes.iter().filter_map(|i| api.security_schemes.get(*i)).map(|s| s.name.as_str()).collect();
                names.join("+")
            }
        })
        .collect();
    alternatives.join(" | ")
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn and_warnings(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" and {}", plural(n, "warning"))
    }
}

fn default_name(input: &Path) -> String {
    let stem = if input.is_dir() { input.file_name() } else { input.file_stem() };
    stem.map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "api".into())
}

fn generate(
    input: &Input,
    target: Target,
    out: &Path,
    name: Option<String>,
    grouping: ir::Grouping,
    reporter: &Reporter,
) -> ExitCode {
    let package = sanitize_crate_name(&name.unwrap_or_else(|| default_name(&input.input)));
    let Some((mut api, warnings)) = load(input, &targets::rust::module_name(&package), reporter) else {
        eprintln!("error: nothing was written");
        return ExitCode::from(1);
    };
    api.grouping = grouping;
    let files = match target.generate(&api, &package) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(3);
        }
    };
    for file in &files {
        let path = out.join(&file.path);
        let written =
            path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, &file.contents));
        if let Err(e) = written {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    let warned = warnings.iter().filter(|d| d.severity == Severity::Warning).count();
    reporter.summary(&format!(
        "generated {} `{package}` in {}: {}, {}, {lines} lines{}",
        target.description(),
        out.display(),
        plural(api.operations.len(), "operation"),
        plural(api.types.len(), "type"),
        and_warnings(warned)
    ));
    ExitCode::SUCCESS
}

/// Crate names are ASCII letters, digits, `-` and `_`, starting with a letter.
fn sanitize_crate_name(name: &str) -> String {
    let mut s: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "api-");
    }
    s
}
