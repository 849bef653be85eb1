//! Nothing crosses the network in clear: a server of the tests' own with
//! TLS on (`hostssl … scram-sha-256`, a CA and a certificate made here),
//! reached as a person of a team would, with `verify-full` and a
//! `.pgpass`; a wrong host name and an untrusted CA refused; a fake
//! server asking for a password in clear never gets it; no password in
//! `--help` or in any error.

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::Env;

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use konveyer::store::test_server::TlsServer;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};

/// A CA: its certificate as PEM, and what signs with it.
fn ca(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap()
}

/// The server of this test process, its CA's certificate in a file, and a
/// CA nobody trusts.
struct World {
    server: TlsServer,
    ca: PathBuf,
    stranger: PathBuf,
    _dir: tempfile::TempDir,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let ca = ca("konveyer test CA");
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        let cert = params.signed_by(&key, &ca).unwrap();
        let server = TlsServer::start(&cert.pem(), &key.serialize_pem());
        let ca_file = dir.path().join("root.crt");
        std::fs::write(&ca_file, ca.pem()).unwrap();
        let stranger = dir.path().join("stranger.crt");
        std::fs::write(&stranger, crate::ca("someone else's CA").pem()).unwrap();
        World {
            server,
            ca: ca_file,
            stranger,
            _dir: dir,
        }
    })
}

/// A team on the TLS server: anna heads it, boris with a password.
struct Team {
    k: Env,
    /// The person reaching the server from elsewhere (a role of their own
    /// per test: roles belong to the whole server).
    who: &'static str,
    /// The admin's address (the local socket).
    admin: String,
    db: String,
}

const BORIS_PASSWORD: &str = "Tr0ub4dor&3-boris";

impl Team {
    fn new(who: &'static str) -> Team {
        let w = world();
        let admin = w.server.fresh_url();
        let db = admin
            .split('?')
            .next()
            .and_then(|main| main.rsplit_once('/'))
            .unwrap()
            .1
            .to_string();
        let t = Team {
            k: Env::new(),
            who,
            admin,
            db,
        };
        let run = |args: &[&str]| {
            let out = t.k.cmd(args).env("KONVEYER_DB", &t.admin).output().unwrap();
            assert!(out.status.success(), "{args:?}: {out:?}");
        };
        run(&[
            "init-team",
            "--head",
            "anna",
            "--name",
            "Anna",
            "--no-password",
        ]);
        let pw = t.k.dir().join("boris.pw");
        std::fs::write(&pw, BORIS_PASSWORD).unwrap();
        std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600)).unwrap();
        // The head adds boris; she is on the server's machine (its socket).
        let out =
            t.k.cmd(&[
                "user",
                "add",
                who,
                "--login",
                who,
                "--stations",
                "q",
                "--password-file",
                pw.to_str().unwrap(),
            ])
            .env(
                "KONVEYER_DB",
                konveyer::store::test_server::url_as(&t.admin, "anna"),
            )
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        t
    }

    /// boris's address over TCP to `host`, with `params`.
    fn url(&self, host: &str, params: &str) -> String {
        format!(
            "postgresql://{}@{host}:{}/{}?{params}",
            self.who,
            world().server.port,
            self.db
        )
    }

    /// `konveyer list --json` as boris at `url`, his password in a private
    /// `.pgpass` under a home of his own.
    fn list(&self, url: &str) -> std::process::Output {
        let home = self.k.dir().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let pgpass = home.join(".pgpass");
        std::fs::write(&pgpass, format!("*:*:*:{}:{BORIS_PASSWORD}\n", self.who)).unwrap();
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
        self.k
            .cmd(&["list", "--json"])
            .env("KONVEYER_DB", url)
            .env("HOME", &home)
            .env_remove("PGPASSWORD")
            .env_remove("PGPASSFILE")
            .env_remove("PGSSLMODE")
            .env_remove("PGSSLROOTCERT")
            .output()
            .unwrap()
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn verify_full_with_a_pgpass_connects_encrypted() {
    let t = Team::new("boris");
    let url = t.url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", path(&world().ca)),
    );
    let out = t.list(&url);
    assert!(out.status.success(), "{out:?}");
    // The session the server sees is encrypted, and is boris's.
    let client = konveyer::store::address::connect(&format!(
        "{url}&password={}",
        BORIS_PASSWORD.replace('&', "%26")
    ))
    .map(|mut c| {
        c.query_one(
            "SELECT ssl, session_user::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
    })
    .unwrap();
    assert!(client.get::<_, bool>(0));
    assert_eq!(client.get::<_, String>(1), t.who);
    // PGSSLMODE and PGSSLROOTCERT say the same from the environment.
    let plain = t.url("localhost", "application_name=k");
    let out =
        t.k.cmd(&["list", "--json"])
            .env("KONVEYER_DB", &plain)
            .env("PGSSLMODE", "verify-full")
            .env("PGSSLROOTCERT", &world().ca)
            .env("PGPASSWORD", BORIS_PASSWORD)
            .output()
            .unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn a_wrong_host_name_or_an_untrusted_ca_is_refused() {
    let t = Team::new("bob");
    // The certificate is for localhost, not for 127.0.0.1.
    let url = t.url(
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={}", path(&world().ca)),
    );
    let out = t.list(&url);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot reach the team database"), "{err}");
    // verify-ca does not ask for the name.
    let url = t.url(
        "127.0.0.1",
        &format!("sslmode=verify-ca&sslrootcert={}", path(&world().ca)),
    );
    assert!(t.list(&url).status.success());
    // Someone else's CA.
    let url = t.url(
        "localhost",
        &format!(
            "sslmode=verify-full&sslrootcert={}",
            path(&world().stranger)
        ),
    );
    let out = t.list(&url);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("certificate"));
    // A mode that checks, and no CA to check with.
    let out = t.list(&t.url("localhost", "sslmode=verify-full"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no CA certificate"), "{err}");
    let out = t.list(&t.url("localhost", "sslmode=sometimes"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sslmode 'sometimes'"));
    // require (and the default, prefer) encrypt without a CA.
    assert!(
        t.list(&t.url("localhost", "sslmode=require"))
            .status
            .success()
    );
    assert!(
        t.list(&t.url("localhost", "application_name=k"))
            .status
            .success()
    );
}

/// A server that answers TLS with "no", then asks for the password in
/// clear; returns everything the client sent after that.
fn fake_server() -> (u16, std::thread::JoinHandle<Vec<u8>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut heard = Vec::new();
        for _ in 0..5 {
            let Ok((mut s, _)) = listener.accept() else {
                break;
            };
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
        }
        heard
    });
    (port, handle)
}

#[test]
fn a_fake_server_asking_for_the_password_in_clear_never_gets_it() {
    let k = Env::new();
    let (port, heard) = fake_server();
    for params in ["", "?sslmode=disable", "?sslmode=prefer"] {
        let url = format!("postgresql://boris:Secr3t-pw@127.0.0.1:{port}/team{params}");
        let out = k.cmd(&["list"]).env("KONVEYER_DB", &url).output().unwrap();
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
