//! Nothing crosses the network in clear: a server of the tests' own with
//! TLS on (`hostssl … scram-sha-256`, a CA and a certificate made here),
//! reached as a person of a team would, with `verify-full` and a
//! `.pgpass`, or by a certificate of their own; a wrong host name and an
//! untrusted CA refused (a fake server asking for a password in clear, and
//! the password in help and errors: `passwords.rs`).

// A test may unwrap and panic: that is how it fails.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
use common::Env;

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

/// The serial number of the tests' server's certificate.
const SERVER_SERIAL: u64 = 4242;

/// The CA's list of revoked certificates (PEM), with `serial` on it.
fn revocation_list(issuer: &CertifiedIssuer<'static, KeyPair>, serial: u64) -> String {
    let now = time::OffsetDateTime::now_utc();
    let params = rcgen::CertificateRevocationListParams {
        this_update: now - time::Duration::days(1),
        next_update: now + time::Duration::days(30),
        crl_number: 1u64.into(),
        issuing_distribution_point: None,
        revoked_certs: vec![rcgen::RevokedCertParams {
            serial_number: serial.into(),
            revocation_time: now - time::Duration::hours(1),
            reason_code: Some(rcgen::RevocationReason::KeyCompromise),
            invalidity_date: None,
        }],
        key_identifier_method: rcgen::KeyIdMethod::Sha256,
    };
    params.signed_by(issuer).unwrap().pem().unwrap()
}

/// The server of this test process, its CA's certificate in a file, and a
/// CA nobody trusts.
struct World {
    server: TlsServer,
    /// What signs the server's certificate and the people's.
    issuer: CertifiedIssuer<'static, KeyPair>,
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
        params.serial_number = Some(SERVER_SERIAL.into());
        let cert = params.signed_by(&key, &ca).unwrap();
        let server = TlsServer::start(&cert.pem(), &key.serialize_pem(), &ca.pem());
        let ca_file = dir.path().join("root.crt");
        std::fs::write(&ca_file, ca.pem()).unwrap();
        let stranger = dir.path().join("stranger.crt");
        std::fs::write(&stranger, crate::ca("someone else's CA").pem()).unwrap();
        World {
            server,
            issuer: ca,
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
        self.list_at(url, &home, &[])
    }

    /// `konveyer list --json` at `url` with `env`, under a home of
    /// `home`, no `PG*` or `SSL_CERT_*` variable set but those of `env`.
    fn list_at(&self, url: &str, home: &Path, env: &[(&str, &Path)]) -> std::process::Output {
        let mut cmd = self.k.cmd(&["list", "--json"]);
        cmd.env("KONVEYER_DB", url).env("HOME", home);
        for name in [
            "PGHOSTADDR",
            "PGPASSWORD",
            "PGPASSFILE",
            "PGSSLMODE",
            "PGSSLROOTCERT",
            "PGSSLCERT",
            "PGSSLKEY",
            "PGSERVICE",
            "PGSERVICEFILE",
            "SSL_CERT_FILE",
            "SSL_CERT_DIR",
        ] {
            cmd.env_remove(name);
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.output().unwrap()
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
    assert!(
        err.contains("showed a certificate this connection does not trust")
            && err.contains("not valid for name"),
        "{err}"
    );
    // A network address beside the name (`hostaddr`, also from
    // PGHOSTADDR): reached by it, checked by the name, as libpq.
    let ca = path(&world().ca);
    let by_both = format!("sslmode=verify-full&sslrootcert={ca}&hostaddr=127.0.0.1");
    assert!(t.list(&t.url("localhost", &by_both)).status.success());
    let home = t.k.dir().join("home");
    let url = t.url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    let out = t.list_at(&url, &home, &[("PGHOSTADDR", Path::new("127.0.0.1"))]);
    assert!(out.status.success(), "{out:?}");
    // The address alone is the name checked: not the certificate's.
    let alone = format!(
        "postgresql://{}@/{}?port={}&hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert={ca}",
        t.who,
        t.db,
        world().server.port
    );
    let out = t.list(&alone);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not valid for name"), "{err}");
    // A network address that is none is refused, naming it.
    let out = t.list_at(&url, &home, &[("PGHOSTADDR", Path::new("db.example"))]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hostaddr"), "{err}");
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
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not trust"));
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
    // With a CA file in ~/.postgresql, as libpq, they check the server's
    // certificate against it (not its name): another CA's is refused.
    let own = t.k.dir().join("home").join(".postgresql");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::copy(&world().stranger, own.join("root.crt")).unwrap();
    for params in ["sslmode=require", "application_name=k"] {
        let out = t.list(&t.url("localhost", params));
        assert_eq!(out.status.code(), Some(1), "{params}: {out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("does not trust"));
    }
    std::fs::copy(&world().ca, own.join("root.crt")).unwrap();
    for params in ["sslmode=require", "application_name=k"] {
        let out = t.list(&t.url("127.0.0.1", params));
        assert!(out.status.success(), "{params}: {out:?}");
    }
}

/// `sslrootcert=system` checks the server against the system's CAs (here
/// the tests' CA, as `SSL_CERT_FILE` names the system's for OpenSSL and
/// rustls alike), and only with `verify-full`, which it makes the mode.
#[test]
fn the_systems_cas_check_a_hosted_server_by_its_name() {
    let w = world();
    let t = Team::new("sysroots");
    // Her password in ~/.pgpass under this home (the listing itself is
    // `prefer`'s, unchecked).
    let home = t.k.dir().join("home");
    assert!(
        t.list(&t.url("localhost", "application_name=k"))
            .status
            .success()
    );
    let trusts = |ca: &Path| [("SSL_CERT_FILE", ca.to_path_buf())];
    let list = |host: &str, params: &str, ca: &Path| {
        let env = trusts(ca);
        let env: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
        t.list_at(&t.url(host, params), &home, &env)
    };
    let out = list("localhost", "sslrootcert=system", &w.ca);
    assert!(out.status.success(), "{out:?}");
    // verify-full, unasked: the name is checked.
    let out = list("127.0.0.1", "sslrootcert=system", &w.ca);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    // A system that trusts another CA.
    let out = list("localhost", "sslrootcert=system", &w.stranger);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("certificate"));
    // A weaker mode is refused before a word to the server.
    let out = list("localhost", "sslrootcert=system&sslmode=require", &w.ca);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("use it with sslmode=verify-full, not 'require'"),
        "{err}"
    );
}

/// The CA's revocation list (`sslcrl`, `PGSSLCRL`, `~/.postgresql/root.crl`)
/// is read whenever the server's certificate is checked: a server whose
/// certificate the CA revoked is refused; a list without it lets it in.
#[test]
fn a_server_certificate_the_ca_revoked_is_refused() {
    let w = world();
    let t = Team::new("crl");
    let home = t.k.dir().join("home");
    assert!(
        t.list(&t.url("localhost", "application_name=k"))
            .status
            .success()
    );
    let lists = t.k.dir().join("crl");
    std::fs::create_dir_all(&lists).unwrap();
    let (revoked, other) = (lists.join("revoked.crl"), lists.join("other.crl"));
    std::fs::write(&revoked, revocation_list(&w.issuer, SERVER_SERIAL)).unwrap();
    std::fs::write(&other, revocation_list(&w.issuer, SERVER_SERIAL + 1)).unwrap();
    let verify = format!("sslmode=verify-full&sslrootcert={}", path(&w.ca));
    let with = |crl: &Path| t.url("localhost", &format!("{verify}&sslcrl={}", path(crl)));
    let out = t.list_at(&with(&revoked), &home, &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not trust") && err.contains("Revoked"),
        "{err}"
    );
    assert!(t.list_at(&with(&other), &home, &[]).status.success());
    // PGSSLCRL; and the one in ~/.postgresql, found without a word, for
    // `require` too.
    let plain = t.url("localhost", &verify);
    let out = t.list_at(&plain, &home, &[("PGSSLCRL", revoked.as_path())]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let own = home.join(".postgresql");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::copy(&w.ca, own.join("root.crt")).unwrap();
    std::fs::copy(&revoked, own.join("root.crl")).unwrap();
    let out = t.list_at(&t.url("localhost", "sslmode=require"), &home, &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    std::fs::remove_dir_all(&own).unwrap();
    // A file that is no revocation list says so.
    let out = t.list_at(&with(&w.ca), &home, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot use the revocation list"), "{err}");
}

/// A certificate for login `cn` signed by `issuer`, and its key (yours
/// alone), written as `NAME.crt` and `NAME.key` in `dir`.
fn certificate(
    issuer: &CertifiedIssuer<'static, KeyPair>,
    cn: &str,
    dir: &Path,
    name: &str,
) -> (PathBuf, PathBuf) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(DnType::CommonName, cn);
    let cert = params.signed_by(&key, issuer).unwrap();
    let (cert_file, key_file) = (
        dir.join(format!("{name}.crt")),
        dir.join(format!("{name}.key")),
    );
    std::fs::write(&cert_file, cert.pem()).unwrap();
    std::fs::write(&key_file, key.serialize_pem()).unwrap();
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    (cert_file, key_file)
}

#[test]
fn a_person_signs_in_by_a_certificate_of_their_own_and_no_password() {
    let w = world();
    let t = Team::new("carol");
    // The server's admin lets carol in by her certificate (`cert` in
    // pg_hba.conf for the members of a role); she has no password file.
    let mut admin = postgres::Client::connect(&t.admin, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "GRANT {} TO carol",
            konveyer::store::test_server::BY_CERTIFICATE
        ))
        .unwrap();
    let dir = t.k.dir().join("certs");
    let home = t.k.dir().join("carol-home");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let (cert, key) = certificate(&w.issuer, "carol", &dir, "carol");
    let verify = format!("sslmode=verify-full&sslrootcert={}", path(&w.ca));
    let with = |cert: &Path, key: &Path| {
        t.url(
            "localhost",
            &format!("{verify}&sslcert={}&sslkey={}", path(cert), path(key)),
        )
    };
    let out = t.list_at(&with(&cert, &key), &home, &[]);
    assert!(out.status.success(), "{out:?}");
    // The server knows her by her certificate, over TLS.
    let mut c = konveyer::store::address::connect(&with(&cert, &key)).unwrap();
    let row = c
        .query_one(
            "SELECT ssl, client_dn, session_user::text FROM pg_stat_ssl
             WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap();
    assert!(row.get::<_, bool>(0));
    assert_eq!(row.get::<_, String>(1), "/CN=carol");
    assert_eq!(row.get::<_, String>(2), "carol");
    // PGSSLCERT and PGSSLKEY say the same; so do the files in
    // ~/.postgresql, found without a word.
    let plain = t.url("localhost", &verify);
    let out = t.list_at(&plain, &home, &[("PGSSLCERT", &cert), ("PGSSLKEY", &key)]);
    assert!(out.status.success(), "{out:?}");
    let own = home.join(".postgresql");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::copy(&cert, own.join("postgresql.crt")).unwrap();
    std::fs::copy(&key, own.join("postgresql.key")).unwrap();
    std::fs::copy(&w.ca, own.join("root.crt")).unwrap();
    let out = t.list_at(&t.url("localhost", "sslmode=verify-full"), &home, &[]);
    assert!(out.status.success(), "{out:?}");
    std::fs::remove_dir_all(&own).unwrap();

    // The server decides: no certificate, anna's, or one another CA signed.
    let refused = |out: std::process::Output, what: &str| {
        assert_eq!(out.status.code(), Some(1), "{what}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("did not let you in by your certificate"),
            "{what}: {err}"
        );
    };
    refused(t.list_at(&plain, &home, &[]), "none");
    let (annas, annas_key) = certificate(&w.issuer, "anna", &dir, "anna");
    refused(t.list_at(&with(&annas, &annas_key), &home, &[]), "anna's");
    let (forged, forged_key) = certificate(&ca("someone else's CA"), "carol", &dir, "forged");
    refused(t.list_at(&with(&forged, &forged_key), &home, &[]), "forged");

    // Refused before a word to the server, each saying what to do.
    let said = |out: std::process::Output| {
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = said(t.list_at(&with(&cert, &key), &home, &[]));
    assert!(
        err.contains("may be read by others") && err.contains("chmod 600"),
        "{err}"
    );
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let locked = dir.join("locked.key");
    std::fs::write(
        &locked,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n",
    )
    .unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o600)).unwrap();
    let err = said(t.list_at(&with(&cert, &locked), &home, &[]));
    assert!(err.contains("is encrypted"), "{err}");
    let (_, other_key) = certificate(&w.issuer, "carol", &dir, "other");
    let err = said(t.list_at(&with(&cert, &other_key), &home, &[]));
    assert!(err.contains("is not the key of your certificate"), "{err}");
    let err = said(t.list_at(&with(&dir.join("gone.crt"), &key), &home, &[]));
    assert!(
        err.contains("cannot use your certificate") && err.contains("gone.crt"),
        "{err}"
    );
    // A device named by mistake is not read on and on.
    let err = said(t.list_at(&with(Path::new("/dev/zero"), &key), &home, &[]));
    assert!(err.contains("not a regular file"), "{err}");
    let err = said(t.list_at(&with(&cert, &dir.join("gone.key")), &home, &[]));
    assert!(
        err.contains("cannot use the key of your certificate"),
        "{err}"
    );
}
