//! The cost of one generated call (`vinix::Client::get_user`) against a raw reqwest call doing
//! the same work: the same GET with the same auth header to the same loopback server, the body
//! read and decoded into the same generated `UserEnvelope`. What is left is the generated
//! client's own overhead (path encoding, credentials, retry bookkeeping, tracing span, status
//! dispatch, response wrapper). Target: within 5%, comparing the mean of each pair of runs.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use switchboard::vinix::{self, types::UserEnvelope};
use switchboard_bench::{server, USER_ENVELOPE};

const ACCOUNT: &str = "4f258514b9be9601a2c3d4e5f6a7b8c9";
const USER: &str = "739a3ae986f466950a1b2c3d4e5f6a7b";
const TOKEN: &str = "tok-123";

fn calls(c: &mut Criterion) {
    // One worker thread: the client and the server share it, as a small service would, and the
    // measurement does not depend on how the scheduler spreads work over the 2 cores.
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => panic!("no tokio runtime: {e}"),
    };
    let address = match runtime.block_on(server::start("200 OK", "application/json", USER_ENVELOPE)) {
        Ok(address) => address,
        Err(e) => panic!("cannot listen on 127.0.0.1: {e}"),
    };
    let base = format!("http://{address}");

    // Default settings (retries, body limit, tracing span): the call as users make it.
    let generated = match vinix::Client::builder(&base).auth_token(TOKEN).build() {
        Ok(client) => client,
        Err(e) => panic!("client: {e}"),
    };
    let raw = reqwest::Client::new();
    let url = format!("{base}/accounts/{ACCOUNT}/users/{USER}");

    let generated_call = || {
        runtime.block_on(async {
            generated.get_user(black_box(ACCOUNT), black_box(USER)).await.map(|r| black_box(r.into_body())).is_ok()
        })
    };
    let raw_call = || {
        runtime.block_on(async {
            let response = match raw.get(black_box(url.as_str())).header("X-Auth-Token", TOKEN).send().await {
                Ok(response) if response.status().is_success() => response,
                _ => return false,
            };
            match response.bytes().await {
                Ok(bytes) => serde_json::from_slice::<UserEnvelope>(&bytes).map(black_box).is_ok(),
                Err(_) => false,
            }
        })
    };
    // A failing call is much cheaper than a successful one: measure only calls that succeed.
    assert!(generated_call(), "the generated client's call failed");
    assert!(raw_call(), "the raw reqwest call failed");

    // Measured in the order A B B A: on a shared machine the speed drifts over the seconds a
    // measurement takes, and the mean of each pair cancels a steady drift.
    let mut group = c.benchmark_group("get_user_call");
    group.bench_function("generated", |b| b.iter(generated_call));
    group.bench_function("raw_reqwest", |b| b.iter(raw_call));
    group.bench_function("raw_reqwest_again", |b| b.iter(raw_call));
    group.bench_function("generated_again", |b| b.iter(generated_call));
    group.finish();
}

criterion_group!(benches, calls);
criterion_main!(benches);
