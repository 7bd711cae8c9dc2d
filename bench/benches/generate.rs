//! Generation of `schemas/` in process, as `build.rs` does it (load, lower, emit, format), without
//! writing files: the part of a rebuild after a schema edit that the generator owns.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use switchboard_generator::{workspace, Options};

fn schemas(c: &mut Criterion) {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    assert!(workspace::render(&schemas, Options { strict: true }).is_ok(), "schemas/ does not generate");
    c.bench_function("generate_schemas_in_process", |b| {
        b.iter(|| workspace::render(&schemas, Options { strict: true }).map(|(files, _)| files.len()).unwrap_or(0))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = schemas
}
criterion_main!(benches);
