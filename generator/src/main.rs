//! `switchboard`: the command-line front end of switchboard-generator.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use switchboard_generator::{load_api, targets, Options};

/// Turns OpenAPI documents into typed API clients.
#[derive(Parser)]
#[command(name = "switchboard", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generates a client from one OpenAPI document or one API directory.
    ///
    /// Example: switchboard generate schemas/vinix --target rust --out /tmp/vinix --name vinix-client
    Generate {
        /// An OpenAPI document (YAML or JSON), or a directory holding `openapi.yaml`.
        input: PathBuf,
        /// What to generate.
        #[arg(long, value_enum, default_value_t = Target::Rust)]
        target: Target,
        /// The directory to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// The crate name (default: the input's file or directory name).
        #[arg(long)]
        name: Option<String>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Target {
    /// A standalone Rust crate (Cargo.toml, src/).
    Rust,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { input, target: Target::Rust, out, name, strict } => generate_rust(&input, &out, name, strict),
    }
}

fn default_name(input: &Path) -> String {
    let stem = if input.is_dir() { input.file_name() } else { input.file_stem() };
    stem.map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "api".into())
}

fn generate_rust(input: &Path, out: &Path, name: Option<String>, strict: bool) -> ExitCode {
    let crate_name = name.unwrap_or_else(|| default_name(input));
    let crate_name = sanitize_crate_name(&crate_name);
    let loaded = load_api(input, &targets::rust::module_name(&crate_name), Options { strict });
    let (api, warnings) = match loaded.result {
        Ok(ok) => ok,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            eprintln!("error: {} error(s); nothing was written", diagnostics.0.len());
            return ExitCode::from(1);
        }
    };
    for w in &warnings {
        eprintln!("{w}");
    }
    let files = match targets::rust::standalone_crate(&api, &crate_name) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for file in &files {
        let path = out.join(&file.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &file.contents));
        if let Err(e) = written {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    eprintln!(
        "generated crate `{crate_name}` in {}: {} operations, {} types, {lines} lines, {} warning(s)",
        out.display(),
        api.operations.len(),
        api.types.len(),
        warnings.len()
    );
    ExitCode::SUCCESS
}

/// Crate names are ASCII letters, digits, `-` and `_`, starting with a letter.
fn sanitize_crate_name(name: &str) -> String {
    let mut s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "api-");
    }
    s
}
