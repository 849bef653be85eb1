//! A throwaway PostgreSQL server for the tests: the conformance suite runs
//! every store test on it as on SQLite. `KONVEYER_TEST_PG_URL` names a
//! server to use instead (a database is made per test on it). Otherwise
//! one server per test process is started from PostgreSQL's own programs
//! (`initdb`, `postgres`; as the `postgres` user when run as root), in a
//! temporary directory, listening on a socket there only; it stops and
//! its directory goes when the process ends. Without PostgreSQL the tests
//! fail and say how to get it: a suite that skips is no suite.
// Test support: a harness that cannot start fails the test that asked.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
// The server's watcher outlives the tests on purpose: it stops the server.
#![allow(clippy::zombie_processes)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The server's address without a database: `postgresql://USER@localhost`
/// plus `?host=SOCKET_DIR` for the own server.
struct Server {
    base: String,
    query: String,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// The address of a new, empty database of its own for one test.
pub fn fresh_url() -> String {
    fresh_on(SERVER.get_or_init(start))
}

/// A new, empty database on `server`.
fn fresh_on(server: &Server) -> String {
    let name = format!(
        "t{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    );
    let admin = format!("{}/postgres{}", server.base, server.query);
    let mut client = connect_retrying(&admin, Duration::from_secs(30));
    client
        .batch_execute(&format!(
            "CREATE DATABASE {name} TEMPLATE template0 LOCALE 'C' ENCODING 'UTF8'"
        ))
        .unwrap_or_else(|e| panic!("cannot create a test database on {admin}: {e}"));
    format!("{}/{name}{}", server.base, server.query)
}

/// `url` with `login` as its user (and no password): a person of a team
/// signing in to the same database.
pub fn url_as(url: &str, login: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[after_scheme..];
    let host_at = rest.find('@').map_or(0, |i| i + 1);
    format!("{}{login}@{}", &url[..after_scheme], &rest[host_at..])
}

fn connect_retrying(url: &str, wait: Duration) -> postgres::Client {
    let start = Instant::now();
    loop {
        match postgres::Client::connect(url, postgres::NoTls) {
            Ok(c) => return c,
            Err(e) if start.elapsed() > wait => {
                panic!("the test PostgreSQL server at {url} does not answer: {e}")
            }
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn start() -> Server {
    if let Ok(url) = std::env::var("KONVEYER_TEST_PG_URL") {
        // postgresql://user@host[:port][/db][?params] → the part up to the
        // database, and the parameters.
        let (url, query) = match url.split_once('?') {
            Some((u, q)) => (u.to_string(), format!("?{q}")),
            None => (url.clone(), String::new()),
        };
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let base = match url[after_scheme..].find('/') {
            Some(slash) => url[..after_scheme + slash].to_string(),
            None => url.clone(),
        };
        return Server { base, query };
    }
    launch(None).0
}

/// A server of its own that also listens on `127.0.0.1` with TLS on (the
/// certificate and key given as PEM, the CA's made by the test), as a
/// team's server is set up: `hostssl … scram-sha-256` for TCP, nothing in
/// clear; its socket trusts the test's admin as before. The members of
/// role [`BY_CERTIFICATE`] sign in by a certificate of their own (`cert`),
/// signed by the CA given.
pub struct TlsServer {
    /// The admin's address over the socket, without a database.
    admin: Server,
    pub port: u16,
}

/// The role whose members sign in to a [`TlsServer`] by their certificate.
pub const BY_CERTIFICATE: &str = "signs_in_by_certificate";

impl TlsServer {
    /// The server with this certificate and key, trusting the people's
    /// certificates `client_ca_pem` signed.
    pub fn start(cert_pem: &str, key_pem: &str, client_ca_pem: &str) -> TlsServer {
        let (admin, port) = launch(Some((cert_pem, key_pem, client_ca_pem)));
        let url = format!("{}/postgres{}", admin.base, admin.query);
        let mut c = connect_retrying(&url, Duration::from_secs(30));
        c.batch_execute(&format!("CREATE ROLE {BY_CERTIFICATE} NOLOGIN"))
            .expect("the role of those who sign in by certificate");
        TlsServer {
            admin,
            port: port.expect("a TCP port"),
        }
    }

    /// A new, empty database on it: the admin's socket address.
    pub fn fresh_url(&self) -> String {
        fresh_on(&self.admin)
    }
}

/// Starts a server in a directory of its own; with `tls`, also on a free
/// TCP port of 127.0.0.1 with that certificate and key, trusting the
/// people's certificates of that CA.
fn launch(tls: Option<(&str, &str, &str)>) -> (Server, Option<u16>) {
    let bin = find_bin().unwrap_or_else(|| {
        panic!(
            "PostgreSQL's server programs (initdb, postgres) were not found: install them \
             (Debian: apt-get install postgresql) or set KONVEYER_TEST_PG_URL to a server's address"
        )
    });
    let root = is_root();
    let dir = std::env::temp_dir().join(format!(
        "konveyer-pg-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory for the test server");
    let give_to_server = |path: &Path| {
        if root {
            let status = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(path)
                .status()
                .expect("chown");
            assert!(
                status.success(),
                "cannot give {} to the postgres user",
                path.display()
            );
        }
    };
    give_to_server(&dir);
    let data = dir.join("data");
    let log = dir.join("initdb.log");
    let initdb = format!(
        "'{}' -D '{}' -U konveyer -A trust -E UTF8 --locale=C --no-sync > '{}' 2>&1",
        bin.join("initdb").display(),
        data.display(),
        log.display()
    );
    let ok = as_server_user(root, &initdb)
        .status()
        .expect("initdb")
        .success();
    assert!(
        ok,
        "initdb failed: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    let mut listen = "-c listen_addresses=''".to_string();
    let mut port = None;
    if let Some((cert, key, client_ca)) = tls {
        use std::os::unix::fs::PermissionsExt;
        let free = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let p = free.local_addr().expect("its address").port();
        drop(free);
        for (name, text) in [
            ("server.crt", cert),
            ("server.key", key),
            ("people.crt", client_ca),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, text).expect("write the server's certificate");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            give_to_server(&path);
        }
        let hba = dir.join("pg_hba.conf");
        std::fs::write(
            &hba,
            format!(
                "local all all trust\n\
                 hostssl all +{BY_CERTIFICATE} 127.0.0.1/32 cert\n\
                 hostssl all all 127.0.0.1/32 scram-sha-256\n\
                 hostnossl all all 127.0.0.1/32 reject\n"
            ),
        )
        .unwrap();
        give_to_server(&hba);
        listen = format!(
            "-c listen_addresses=127.0.0.1 -p {p} -c ssl=on -c ssl_cert_file='{d}/server.crt' \
             -c ssl_key_file='{d}/server.key' -c ssl_ca_file='{d}/people.crt' \
             -c hba_file='{d}/pg_hba.conf' \
             -c password_encryption=scram-sha-256",
            d = dir.display()
        );
        port = Some(p);
    }
    // The server stops when this test process is gone (watched by its
    // /proc entry), and its directory is removed.
    let watch = format!(
        "'{postgres}' -D '{data}' -k '{dir}' {listen} -c fsync=off \
           -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 \
           > '{dir}/server.log' 2>&1 &
         pg=$!
         while [ -d /proc/{parent} ] && kill -0 $pg 2>/dev/null; do sleep 0.5; done
         kill -INT $pg 2>/dev/null; wait $pg; rm -rf '{dir}'",
        postgres = bin.join("postgres").display(),
        data = data.display(),
        dir = dir.display(),
        parent = std::process::id(),
    );
    as_server_user(root, &watch)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the test PostgreSQL server");
    // The socket's name carries the port.
    let base = match port {
        Some(p) => format!("postgresql://konveyer@localhost:{p}"),
        None => "postgresql://konveyer@localhost".to_string(),
    };
    let query = format!("?host={}", dir.display());
    let admin = format!("{base}/postgres{query}");
    drop(connect_retrying(&admin, Duration::from_secs(30)));
    (Server { base, query }, port)
}

/// `sh -c script`, as the `postgres` user when this process is root
/// (PostgreSQL's programs refuse to run as root).
fn as_server_user(root: bool, script: &str) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--", "sh", "-c", script]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The directory holding `initdb` and `postgres`: on PATH, or Debian's
/// `/usr/lib/postgresql/N/bin` (the newest).
fn find_bin() -> Option<PathBuf> {
    let has = |d: &Path| d.join("initdb").is_file() && d.join("postgres").is_file();
    if let Some(path) = std::env::var_os("PATH") {
        for d in std::env::split_paths(&path) {
            if has(&d) {
                return Some(d);
            }
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|d| has(d))
        .collect();
    versions.sort_by_key(|d| {
        d.parent()
            .and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions.pop()
}

/// Which engine a conformance test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

thread_local! {
    static BACKEND: std::cell::Cell<Backend> = const { std::cell::Cell::new(Backend::Sqlite) };
}

/// A new, empty store on the engine of the test running on this thread:
/// SQLite in memory, or a database of its own on the test server.
pub fn test_store() -> super::Store {
    match BACKEND.with(|b| b.get()) {
        Backend::Sqlite => super::Store::open_in_memory().expect("an in-memory store"),
        Backend::Postgres => {
            super::Store::open_pg(&fresh_url()).expect("a store on the test PostgreSQL server")
        }
    }
}

/// The engine a conformance test runs on, chosen as the test starts: the
/// stores [`test_store`] gives on this thread are of it.
pub struct Engine(pub Backend);

/// Chooses `backend` for the test running on this thread.
pub fn engine(backend: Backend) -> Engine {
    BACKEND.with(|b| b.set(backend));
    Engine(backend)
}

/// The conformance suite: a test marked `#[apply(engines)]` (its one
/// argument `_engine: Engine`) runs on SQLite (`NAME::case_1_sqlite`) and
/// on PostgreSQL (`NAME::case_2_postgres`), its stores from [`test_store`].
#[cfg(test)]
#[rstest_reuse::template]
#[rstest::rstest]
#[case::sqlite(crate::store::test_server::engine(crate::store::test_server::Backend::Sqlite))]
#[case::postgres(crate::store::test_server::engine(crate::store::test_server::Backend::Postgres))]
pub(crate) fn engines(#[case] _engine: crate::store::test_server::Engine) {}
