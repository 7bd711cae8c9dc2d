//! Instruction counts of one call, for `valgrind --tool=callgrind` (bench/call-count.sh): the
//! loopback timings of `benches/call.rs` swing by a third on a shared machine, a count does not.
//! `call_count KIND N` makes N calls of one kind after one warm-up call: `generated`
//! (`vinix::Client::get_user` with default settings), `raw` (plain reqwest, same request and
//! decode) or `raw_timeouts` (plain reqwest with the generated client's default timeouts: 30 s
//! between reads, 60 s for the exchange).

use std::hint::black_box;
use std::time::Duration;

use switchboard::vinix::{self, types::UserEnvelope};
use switchboard_bench::{server, USER_ENVELOPE};

const ACCOUNT: &str = "4f258514b9be9601a2c3d4e5f6a7b8c9";
const USER: &str = "739a3ae986f466950a1b2c3d4e5f6a7b";
const TOKEN: &str = "tok-123";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_else(|| "generated".into());
    let n: usize = args.next().as_deref().unwrap_or("1000").parse()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let address = runtime.block_on(server::start("200 OK", "application/json", USER_ENVELOPE))?;
    let base = format!("http://{address}");
    let url = format!("{base}/accounts/{ACCOUNT}/users/{USER}");
    let generated = vinix::Client::builder(&base).auth_token(TOKEN).build()?;
    let raw = match kind.as_str() {
        "raw_timeouts" => reqwest::Client::builder().read_timeout(Duration::from_secs(30)).build()?,
        _ => reqwest::Client::new(),
    };
    let total = (kind == "raw_timeouts").then_some(Duration::from_secs(60));
    let call = || -> Result<(), Box<dyn std::error::Error>> {
        runtime.block_on(async {
            if kind == "generated" {
                let user = generated.get_user(black_box(ACCOUNT), black_box(USER)).await?;
                black_box(user.into_body());
                return Ok(());
            }
            let mut request = raw.get(black_box(url.as_str())).header("X-Auth-Token", TOKEN);
            if let Some(limit) = total {
                request = request.timeout(limit);
            }
            let response = request.send().await?.error_for_status()?;
            let bytes = response.bytes().await?;
            black_box(serde_json::from_slice::<UserEnvelope>(&bytes)?);
            Ok(())
        })
    };
    for _ in 0..=n {
        call()?;
    }
    Ok(())
}
