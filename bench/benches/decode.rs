//! Decode throughput of the Vinix user envelope (about 5 KB of compact JSON): the generated
//! types (which keep unknown keys and tell absent from `null`) against a hand-written serde
//! struct and against `serde_json::Value`. Target: generated ≥ 0.8× the hand-written struct.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use switchboard::vinix::types as generated;
use switchboard_bench::{handwritten, user_document, USER_ENVELOPE};

fn envelope(c: &mut Criterion) {
    // An error is much cheaper than a decode: measure only inputs every contender accepts.
    assert!(
        serde_json::from_slice::<generated::UserEnvelope>(USER_ENVELOPE).is_ok(),
        "generated envelope does not decode"
    );
    assert!(
        serde_json::from_slice::<handwritten::UserEnvelope>(USER_ENVELOPE).is_ok(),
        "hand-written envelope does not decode"
    );
    let mut group = c.benchmark_group("decode_user_envelope");
    group.throughput(Throughput::Bytes(USER_ENVELOPE.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_slice::<generated::UserEnvelope>(black_box(USER_ENVELOPE))
                .map(|e| black_box(e).data.extra.len())
        })
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| serde_json::from_slice::<handwritten::UserEnvelope>(black_box(USER_ENVELOPE)).map(black_box).is_ok())
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(USER_ENVELOPE)).map(black_box).is_ok())
    });
    group.finish();
}

fn user(c: &mut Criterion) {
    let document = user_document();
    assert!(serde_json::from_slice::<generated::User>(&document).is_ok(), "generated user does not decode");
    assert!(serde_json::from_slice::<handwritten::User>(&document).is_ok(), "hand-written user does not decode");
    let mut group = c.benchmark_group("decode_user");
    group.throughput(Throughput::Bytes(document.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<generated::User>(black_box(&document)).map(black_box).is_ok())
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| serde_json::from_slice::<handwritten::User>(black_box(&document)).map(black_box).is_ok())
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&document)).map(black_box).is_ok())
    });
    group.finish();
}

criterion_group!(benches, envelope, user);
criterion_main!(benches);
