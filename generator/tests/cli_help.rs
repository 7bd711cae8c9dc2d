//! Every example in `switchboard --help` and in each command's `--help` runs as written from
//! the repository's root (the help says so), and succeeds. Output to a file (`> path`) is read
//! instead, and `--out <dir>` writes into a temporary folder.

use std::path::Path;
use std::process::Command;

fn switchboard(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_switchboard")).args(args).current_dir(cwd).output().expect("switchboard runs")
}

/// The example command lines of a help text: the indented lines under `Example:`/`Examples...:`.
fn examples(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line.starts_with("Example") {
            inside = true;
        } else if inside && line.starts_with("  switchboard ") {
            out.push(line.trim().to_string());
        } else if !line.starts_with(' ') {
            inside = false;
        }
    }
    out
}

#[test]
fn every_help_example_runs() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out_dir = tempfile::tempdir().expect("temp dir");
    let mut found = Vec::new();
    for command in [&[][..], &["generate"], &["check"], &["list"], &["completions"]] {
        let mut args: Vec<&str> = command.to_vec();
        args.push("--help");
        let help = switchboard(&args, &repo);
        assert!(help.status.success());
        found.extend(examples(&String::from_utf8_lossy(&help.stdout)));
    }
    assert!(found.len() >= 8, "too few examples found: {found:?}");
    for (i, example) in found.iter().enumerate() {
        let mut words: Vec<String> = example.split_whitespace().skip(1).map(str::to_string).collect();
        // Standard output is checked rather than written where the example sends it.
        if let Some(at) = words.iter().position(|w| w == ">") {
            words.truncate(at);
        }
        if let Some(at) = words.iter().position(|w| w == "--out") {
            let target = out_dir.path().join(format!("example-{i}"));
            words[at + 1] = target.display().to_string();
        }
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let out = switchboard(&args, &repo);
        assert!(out.status.success(), "`{example}` failed ({}):\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    }
}
