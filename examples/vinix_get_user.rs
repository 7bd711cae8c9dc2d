//! Fetch a Vinix user and tell a missing user apart from other failures (the README's example).
//!
//! `cargo run --example vinix_get_user -- <base-url> <token> <account-id> <user-id>`

use switchboard::runtime::Error;
use switchboard::vinix::{self, Client, GetUserError};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let base_url = args.next().unwrap_or_else(|| vinix::DEFAULT_SERVER_URL.to_string());
    let token = args.next().unwrap_or_default();
    let account_id = args.next().unwrap_or_default();
    let user_id = args.next().unwrap_or_default();

    let client = Client::builder(base_url).auth_token(token).timeout(std::time::Duration::from_secs(30)).build()?;

    match client.get_user(&account_id, &user_id).await {
        Ok(response) => println!("{} {}", response.data.first_name, response.data.last_name),
        Err(Error::Api { body: GetUserError::NotFound(e), .. }) => println!("no such user: {:?}", e.message),
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
