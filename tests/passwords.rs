//! A password never goes where it should not: a fake server that
//! refuses TLS and asks for the password in clear never gets it, however
//! the address names the server; no password in `--help` or in any error.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::Env;

use std::io::{Read, Write};

/// A server that answers TLS with "no", then asks for the password in
/// clear; returns everything the client sent after that, once two
/// seconds pass without a new connection.
fn fake_server() -> (u16, std::thread::JoinHandle<Vec<u8>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let handle = std::thread::spawn(move || {
        let mut heard = Vec::new();
        let mut last = std::time::Instant::now();
        loop {
            let mut s = match listener.accept() {
                Ok((s, _)) => s,
                Err(_) if last.elapsed() < std::time::Duration::from_secs(2) => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                    continue;
                }
                Err(_) => break,
            };
            s.set_nonblocking(false).unwrap();
            s.set_read_timeout(Some(std::time::Duration::from_secs(2)))
                .unwrap();
            let mut buf = [0u8; 4096];
            while let Ok(n) = s.read(&mut buf) {
                if n == 0 {
                    break;
                }
                // An SSLRequest (8 bytes, code 80877103): "no".
                if n == 8 && buf[4..8] == [0x04, 0xd2, 0x16, 0x2f] {
                    s.write_all(b"N").unwrap();
                    continue;
                }
                heard.extend_from_slice(&buf[..n]);
                // Anything else: ask for the password in clear.
                s.write_all(&[b'R', 0, 0, 0, 8, 0, 0, 0, 3]).unwrap();
            }
            last = std::time::Instant::now();
        }
        heard
    });
    (port, handle)
}

#[test]
fn a_fake_server_asking_for_the_password_in_clear_never_gets_it() {
    let k = Env::new();
    let (port, heard) = fake_server();
    let urls = ["", "?sslmode=disable", "?sslmode=prefer"]
        .map(|params| format!("postgresql://boris:Secr3t-pw@127.0.0.1:{port}/team{params}"));
    // An address that gives the server's network address alone (`hostaddr`,
    // no `host`) is no local socket: the password stays back there too.
    let by_address = [
        format!("hostaddr=127.0.0.1 port={port} dbname=team user=boris password=Secr3t-pw"),
        format!("postgresql://boris:Secr3t-pw@/team?hostaddr=127.0.0.1&port={port}"),
    ];
    for url in urls.iter().chain(&by_address) {
        let out = k.cmd(&["list"]).env("KONVEYER_DB", url).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("Secr3t"), "{err}");
        assert!(err.contains("was not sent"), "{err}");
    }
    let heard = heard.join().unwrap();
    assert!(
        !String::from_utf8_lossy(&heard).contains("Secr3t"),
        "the fake server heard the password"
    );
    assert!(!heard.is_empty(), "the fake server was asked");
}

#[test]
fn no_password_shows_in_help_or_in_an_error() {
    let k = Env::new();
    let secret = "Secr3t-pw";
    let addresses = [
        format!("postgresql://team:{secret}@127.0.0.1:1/team"),
        format!("postgresql://team@127.0.0.1:1/team?password={secret}"),
        format!("postgresql://team:{secret}@@127.0.0.1:1/team"),
        format!("postgresql://team:a@b{secret}@127.0.0.1:1/team"),
        format!("host=127.0.0.1 port=1 user=team password={secret} dbname=team"),
        format!("host=127.0.0.1 port=1 user=team password='{secret} x' dbname=team"),
    ];
    for address in &addresses {
        for args in [&["--help"][..], &["list"], &["user", "list"], &["report"]] {
            let out = k.cmd(args).env("KONVEYER_DB", address).output().unwrap();
            let said = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(!said.contains(secret), "{address} {args:?}: {said}");
        }
        // Nor on the command line's own --db.
        let out = k.cmd(&["--db", address, "list"]).output().unwrap();
        assert!(!String::from_utf8_lossy(&out.stderr).contains(secret));
    }
    // A libpq key=value address is an address, never a file name.
    assert!(
        !k.dir()
            .join(format!(
                "host=127.0.0.1 port=1 user=team password={secret} dbname=team"
            ))
            .exists()
    );
}
