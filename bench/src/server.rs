//! A minimal HTTP/1.1 server on 127.0.0.1 that answers every request with one fixed response,
//! keeping connections alive: the call benchmark measures the client, so the server must cost
//! as little and vary as little as possible, and both clients talk to the same one.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Starts the server on the current tokio runtime; returns its address.
pub async fn start(
    status_line: &'static str,
    content_type: &'static str,
    body: &'static [u8],
) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let address = listener.local_addr()?;
    let mut response =
        format!("HTTP/1.1 {status_line}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n", body.len())
            .into_bytes();
    response.extend_from_slice(body);
    let response: &'static [u8] = Vec::leak(response);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, response));
        }
    });
    Ok(address)
}

/// Answers each request on one connection. Requests without a body are all it expects (the
/// benchmark sends GETs): a request ends at its blank line.
async fn serve(mut stream: tokio::net::TcpStream, response: &'static [u8]) {
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
        while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            buffer.drain(..end + 4);
            if stream.write_all(response).await.is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn answers_two_requests_on_one_connection_with_the_fixed_body() {
        let address = start("200 OK", "application/json", b"{\"a\":1}").await.expect("binds");
        let client = reqwest::Client::new();
        for _ in 0..2 {
            let response = client.get(format!("http://{address}/x")).send().await.expect("answers");
            assert_eq!(response.status(), 200);
            assert_eq!(response.bytes().await.expect("body").as_ref(), b"{\"a\":1}");
        }
    }
}
