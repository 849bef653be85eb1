//! A team database's address, as libpq writes one: a URL
//! (`postgresql://user:password@host/dbname?sslmode=…`) or key=value pairs
//! (`host=… dbname=… password=…`). Telling one from a file's path,
//! showing it without its password — in a message, in the next step to
//! take, in a robot's environment — and connecting by libpq's conventions:
//! what the address leaves out comes from a connection service
//! (`service.rs`), then `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`,
//! `PGPASSWORD`, `PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCERT`, `PGSSLKEY`,
//! `PGCONNECT_TIMEOUT` and `PGAPPNAME`, else the password file
//! (`passfile`). How an address is written, and where its
//! password stands, is `written`'s.

use std::path::{Path, PathBuf};

use postgres::config::Host;

use super::tls::{ClientCert, SslMode, Tls};
use crate::error::{Error, Result};

mod passfile;
mod service;
mod written;

use passfile::from_password_file;
pub use passfile::refuse_if_open;
use written::{has_key, is_key_value, password_as, split_off};

/// Whether `db` names a PostgreSQL database rather than a file: a
/// `postgresql://` or `postgres://` URL, or libpq's key=value pairs.
pub fn is_address(db: &str) -> bool {
    let db = db.trim_start();
    db.starts_with("postgresql://") || db.starts_with("postgres://") || is_key_value(db)
}

/// `address` with any password hidden, for messages.
pub fn shown(address: &str) -> String {
    password_as(address, Some("***"))
}

/// `address` with the password left out: what a person may keep in
/// `KONVEYER_DB`, and what a robot's environment gets.
pub fn without_password(address: &str) -> String {
    password_as(address, None)
}
/// TCP keepalives: the first probe after this long without a word …
const KEEPALIVE_IDLE: std::time::Duration = std::time::Duration::from_secs(10);
/// … then one this often …
const KEEPALIVE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);
/// … and the connection is given up after this many unanswered.
const KEEPALIVE_RETRIES: u32 = 3;

/// A connection to the team database at `address`, by libpq's
/// conventions (see the module's words), TLS as `sslmode` asks; a refusal
/// names the address without its password.
///
/// A password goes only over an encrypted connection or the local socket:
/// `prefer` tries TLS first, and a server that does not offer it is
/// connected to without the password. Over TLS whose server is not
/// checked (`prefer`, `require`), it goes only by SCRAM with channel
/// binding, never in clear to whoever answers.
pub fn connect(address: &str) -> Result<postgres::Client> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let (address_alone, env) =
        with_service(address, |name| std::env::var(name).ok(), home.as_deref())?;
    let (plain, tls) = tls_settings(&address_alone, &env, home.as_deref())?;
    let (config, password) = config(&plain, &env, home.as_deref())?;
    let failed = |e: postgres::Error| {
        let why = why(&e);
        match refused_certificate(&why) {
            true => Error::CertificateRefused(shown(address), why),
            false => Error::NoServer(shown(address), why),
        }
    };
    let socket = config
        .get_hosts()
        .iter()
        .all(|h| matches!(h, Host::Unix(_)));
    let explicit_binding = has_key(&plain, "channel_binding");
    let with_password = |mut config: postgres::Config, binding: bool| {
        if let Some(password) = &password {
            config.password(password);
            if binding && !explicit_binding {
                config.channel_binding(postgres::config::ChannelBinding::Require);
            }
        }
        config
    };
    // Without TLS the password is held back (but over the socket): a
    // server that then asks for it is told nothing.
    let in_clear = |mut config: postgres::Config| {
        config.ssl_mode(postgres::config::SslMode::Disable);
        config.connect(postgres::NoTls).map_err(|e| {
            match !socket && password.is_some() && why(&e).contains("password missing") {
                true => Error::PasswordInClear(shown(address)),
                false => failed(e),
            }
        })
    };
    if socket {
        return in_clear(with_password(config, false));
    }
    if tls.mode == SslMode::Disable {
        return in_clear(config);
    }
    let connector = super::tls::connector(&tls)?;
    let mut encrypted = with_password(config.clone(), tls.mode != SslMode::VerifyFull);
    encrypted.ssl_mode(postgres::config::SslMode::Require);
    match encrypted.connect(connector) {
        Ok(client) => Ok(client),
        // `prefer`: a server without TLS is asked without the password.
        Err(e) if tls.mode == SslMode::Prefer && no_tls_offered(&e) => in_clear(config),
        Err(e) => Err(failed(e)),
    }
}

/// The address without its `service=NAME`, and the environment as the
/// connection reads it: that service's settings (`service.rs`; the
/// address's, else `PGSERVICE`'s) ahead of the variables libpq reads for
/// them, so that the address comes first, the service next and the
/// environment last.
fn with_service(
    address: &str,
    env: impl Fn(&str) -> Option<String>,
    home: Option<&Path>,
) -> Result<(String, impl Fn(&str) -> Option<String>)> {
    let (alone, named) = split_off(address, &["service"]);
    let name = named
        .into_iter()
        .next()
        .map(|(_, v)| v)
        .or_else(|| env("PGSERVICE"));
    let settings: Vec<(&'static str, String)> = match name {
        Some(name) => service::settings(&name, &env, home)?
            .into_iter()
            .filter_map(|(key, value)| service::variable(&key).map(|v| (v, value)))
            .collect(),
        None => Vec::new(),
    };
    let env = move |name: &str| {
        settings
            .iter()
            .find(|(variable, _)| *variable == name)
            .map(|(_, value)| value.clone())
            .or_else(|| env(name))
    };
    Ok((alone, env))
}

/// Whether the server answered a request for TLS with "no".
fn no_tls_offered(e: &postgres::Error) -> bool {
    why(e).contains("server does not support TLS")
}

/// Whether the server's words (`why`) say it wanted a person's certificate
/// or did not take the one shown: its own refusal, or a TLS alert it sent
/// (a check of the server's certificate failing here says "invalid peer
/// certificate" instead).
fn refused_certificate(why: &str) -> bool {
    let alert = why.contains("received fatal alert")
        && ["Certificate", "UnknownCA", "AccessDenied", "DecryptError"]
            .iter()
            .any(|name| why.contains(name));
    alert || why.contains("client certificate") || why.contains("certificate authentication failed")
}

/// The server's own words, else the error with its causes ("invalid
/// configuration: password missing").
fn why(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut why = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        why.push_str(&format!(": {c}"));
        cause = c.source();
    }
    why
}

/// The address without its TLS settings (which the connection library
/// does not know all of), and those settings: from the address, else
/// `PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCERT` and `PGSSLKEY`, else
/// `prefer`, `~/.postgresql/root.crt` and the person's certificate in
/// `~/.postgresql/postgresql.crt` (its key in `postgresql.key`) when there
/// is one.
fn tls_settings(
    address: &str,
    env: impl Fn(&str) -> Option<String>,
    home: Option<&Path>,
) -> Result<(String, Tls)> {
    let (plain, taken) = split_off(address, &["sslmode", "sslrootcert", "sslcert", "sslkey"]);
    let named = |key: &str| taken.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let mode_text = named("sslmode").or_else(|| env("PGSSLMODE"));
    let mode = match mode_text {
        Some(text) => SslMode::parse(&text).ok_or(Error::BadSslMode(text))?,
        None => SslMode::Prefer,
    };
    let root_named = named("sslrootcert").or_else(|| env("PGSSLROOTCERT"));
    let root_cert = match &root_named {
        Some(path) => Some(PathBuf::from(path)),
        None => home
            .map(|h| h.join(".postgresql").join("root.crt"))
            .filter(|p| p.exists()),
    };
    let in_home = |name: &str| {
        home.unwrap_or(Path::new("~"))
            .join(".postgresql")
            .join(name)
    };
    let cert = match named("sslcert").or_else(|| env("PGSSLCERT")) {
        Some(path) => Some(PathBuf::from(path)),
        None => Some(in_home("postgresql.crt")).filter(|p| p.exists()),
    };
    let client = cert.map(|cert| ClientCert {
        cert,
        key: named("sslkey")
            .or_else(|| env("PGSSLKEY"))
            .map_or_else(|| in_home("postgresql.key"), PathBuf::from),
    });
    let tls = Tls {
        mode,
        root_cert,
        root_named: root_named.is_some(),
        client,
    };
    Ok((plain, tls))
}

/// The connection settings of `address`, what it leaves out taken from
/// the environment (`env`) and the password file under `home`.
/// The password comes apart from the settings: `connect` decides whether
/// it may be sent.
fn config(
    address: &str,
    env: impl Fn(&str) -> Option<String>,
    home: Option<&Path>,
) -> Result<(postgres::Config, Option<Vec<u8>>)> {
    let parse = |text: &str| {
        text.parse::<postgres::Config>()
            .map_err(|e| Error::NoServer(shown(address), e.to_string()))
    };
    let given = parse(address)?.get_password().map(<[u8]>::to_vec);
    let mut config = parse(&without_password(address))?;
    if config.get_hosts().is_empty() {
        // No host anywhere: the server's local socket, as libpq (Debian's
        // directory, else /tmp).
        let host = env("PGHOST").unwrap_or_else(|| {
            let debian = Path::new("/var/run/postgresql");
            let dir = if debian.is_dir() {
                debian
            } else {
                Path::new("/tmp")
            };
            dir.display().to_string()
        });
        match host.starts_with('/') {
            true => config.host_path(host),
            false => config.host(&host),
        };
    }
    if config.get_ports().is_empty()
        && let Some(port) = env("PGPORT").and_then(|p| p.parse::<u16>().ok())
    {
        config.port(port);
    }
    if config.get_user().is_none()
        && let Some(user) = env("PGUSER")
            .or_else(|| env("USER"))
            .or_else(|| env("LOGNAME"))
    {
        config.user(&user);
    }
    if config.get_dbname().is_none()
        && let Some(dbname) = env("PGDATABASE").or_else(|| config.get_user().map(String::from))
    {
        config.dbname(&dbname);
    }
    if config.get_connect_timeout().is_none()
        && let Some(seconds) = env("PGCONNECT_TIMEOUT").and_then(|s| s.trim().parse::<u64>().ok())
        && seconds > 0
    {
        config.connect_timeout(std::time::Duration::from_secs(seconds));
    }
    if config.get_application_name().is_none()
        && let Some(name) = env("PGAPPNAME")
    {
        config.application_name(&name);
    }
    // A laptop that drops mid-write is noticed in seconds, not hours: the
    // server ends its session and lets go of what it held.
    config
        .keepalives(true)
        .keepalives_idle(KEEPALIVE_IDLE)
        .keepalives_interval(KEEPALIVE_INTERVAL)
        .keepalives_retries(KEEPALIVE_RETRIES);
    let mut password = given;
    if password.is_none() {
        let found = match env("PGPASSWORD") {
            Some(password) => Some(password),
            None => {
                let file = env("PGPASSFILE")
                    .map(PathBuf::from)
                    .or_else(|| home.map(|h| h.join(".pgpass")));
                match file {
                    Some(file) => from_password_file(&file, &config)?,
                    None => None,
                }
            }
        };
        password = found.map(String::into_bytes);
    }
    Ok((config, password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_shows_wherever_the_address_holds_it() {
        let cases = [
            (
                "postgresql://ann:Secr3t@db.example/team",
                "postgresql://ann:***@db.example/team",
                "postgresql://ann@db.example/team",
            ),
            (
                "postgresql://ann:Se@cr3t@db.example:5432/team",
                "postgresql://ann:***@db.example:5432/team",
                "postgresql://ann@db.example:5432/team",
            ),
            (
                "postgres://db.example/team?sslmode=require&password=Secr3t",
                "postgres://db.example/team?sslmode=require&password=***",
                "postgres://db.example/team?sslmode=require",
            ),
            (
                "host=db.example dbname=team password=Secr3t user=ann",
                "host=db.example dbname=team password=*** user=ann",
                "host=db.example dbname=team user=ann",
            ),
            (
                "host=db.example password='Se cr\\'3t' dbname=team",
                "host=db.example password=*** dbname=team",
                "host=db.example dbname=team",
            ),
            (
                "postgresql://ann@db.example/team",
                "postgresql://ann@db.example/team",
                "postgresql://ann@db.example/team",
            ),
        ];
        for (address, hidden, left_out) in cases {
            assert_eq!(shown(address), hidden, "{address}");
            assert_eq!(without_password(address), left_out, "{address}");
            for word in ["Secr3t", "cr3t", "Se@"] {
                assert!(!shown(address).contains(word), "{address}");
            }
        }
    }

    #[test]
    fn an_address_is_told_from_a_files_path() {
        for address in [
            "postgresql://db.example/team",
            "postgres://ann@db.example/team",
            "host=db.example dbname=team",
            "  dbname=team",
        ] {
            assert!(is_address(address), "{address}");
        }
        for path in ["konveyer.db", "/tmp/a=b.db", "team", "./host.db"] {
            assert!(!is_address(path), "{path}");
        }
    }

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn private_file(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("pgpass");
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        path
    }

    #[test]
    fn what_the_address_leaves_out_comes_from_the_environment() {
        let vars = env(&[
            ("PGHOST", "db.example"),
            ("PGPORT", "6543"),
            ("PGUSER", "ann"),
            ("PGDATABASE", "team"),
            ("PGPASSWORD", "Secr3t"),
            ("PGCONNECT_TIMEOUT", "5"),
            ("PGAPPNAME", "konveyer-tests"),
        ]);
        let (c, password) = config("postgresql://", &vars, None).unwrap();
        assert_eq!(
            c.get_connect_timeout(),
            Some(&std::time::Duration::from_secs(5))
        );
        assert_eq!(c.get_application_name(), Some("konveyer-tests"));
        assert_eq!(c.get_hosts(), [Host::Tcp("db.example".into())]);
        assert_eq!(c.get_ports(), [6543]);
        assert_eq!(c.get_user(), Some("ann"));
        assert_eq!(c.get_dbname(), Some("team"));
        assert_eq!(password.as_deref(), Some(&b"Secr3t"[..]));
        assert!(c.get_keepalives());
        assert_eq!(c.get_keepalives_idle(), KEEPALIVE_IDLE);
        // What the address says wins.
        let (c, password) = config("postgresql://bob:own@other/db", &vars, None).unwrap();
        assert_eq!(c.get_hosts(), [Host::Tcp("other".into())]);
        assert_eq!(
            (c.get_user(), c.get_dbname(), password.as_deref()),
            (Some("bob"), Some("db"), Some(&b"own"[..]))
        );
    }

    #[test]
    fn the_password_file_gives_the_first_line_that_fits() {
        let dir = tempfile::tempdir().unwrap();
        let file = private_file(
            dir.path(),
            "# a comment\n\
             other:5432:*:ann:wrong\n\
             db.example:5432:team:ann:pa\\:ss\n\
             *:*:*:*:fallback\n",
        );
        let vars = env(&[("PGPASSFILE", file.to_str().unwrap())]);
        let (_, password) = config("postgresql://ann@db.example/team", &vars, None).unwrap();
        assert_eq!(password.as_deref(), Some(&b"pa:ss"[..]));
        let (_, password) = config("host=elsewhere user=bob dbname=x", &vars, None).unwrap();
        assert_eq!(password.as_deref(), Some(&b"fallback"[..]));
        // ~/.pgpass when PGPASSFILE is not set.
        std::fs::rename(&file, dir.path().join(".pgpass")).unwrap();
        let (_, password) = config(
            "postgresql://ann@db.example/team",
            env(&[]),
            Some(dir.path()),
        )
        .unwrap();
        assert_eq!(password.as_deref(), Some(&b"pa:ss"[..]));
    }

    #[cfg(unix)]
    #[test]
    fn a_password_file_others_may_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = private_file(dir.path(), "*:*:*:*:Secr3t\n");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let vars = env(&[("PGPASSFILE", file.to_str().unwrap())]);
        let refused = config("postgresql://ann@db.example/team", &vars, None);
        assert!(matches!(refused, Err(Error::PasswordFileOpen(p)) if p == file));
    }

    #[test]
    fn a_persons_certificate_comes_from_the_address_the_environment_or_home() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path();
        let cert = |tls: &Tls| tls.client.as_ref().map(|c| (c.cert.clone(), c.key.clone()));
        let pair = |c: &str, k: &str| Some((PathBuf::from(c), PathBuf::from(k)));
        let (plain, tls) = tls_settings(
            "postgresql://ann@db.example/team?sslcert=/a.crt&sslkey=/a.key",
            env(&[("PGSSLCERT", "/e.crt"), ("PGSSLKEY", "/e.key")]),
            Some(home),
        )
        .unwrap();
        assert_eq!(plain, "postgresql://ann@db.example/team");
        assert_eq!(cert(&tls), pair("/a.crt", "/a.key"));
        let (_, tls) =
            tls_settings("host=db", env(&[("PGSSLCERT", "/e.crt")]), Some(home)).unwrap();
        let own_key = home.join(".postgresql/postgresql.key");
        assert_eq!(cert(&tls), pair("/e.crt", own_key.to_str().unwrap()));
        // None named and none in ~/.postgresql: no certificate shown.
        let (_, tls) = tls_settings("host=db", env(&[]), Some(home)).unwrap();
        assert_eq!(cert(&tls), None);
        std::fs::create_dir(home.join(".postgresql")).unwrap();
        let own = home.join(".postgresql/postgresql.crt");
        std::fs::write(&own, "").unwrap();
        let (_, tls) = tls_settings("host=db", env(&[]), Some(home)).unwrap();
        assert_eq!(
            cert(&tls),
            pair(own.to_str().unwrap(), own_key.to_str().unwrap())
        );
        // A service's, ahead of the environment's.
        let file = home.join("services");
        std::fs::write(&file, "[team]\nhost=db\nsslcert=/s.crt\nsslkey=/s.key\n").unwrap();
        let vars = env(&[
            ("PGSERVICEFILE", file.to_str().unwrap()),
            ("PGSSLCERT", "/e.crt"),
        ]);
        let (alone, vars) = with_service("service=team", vars, None).unwrap();
        let (_, tls) = tls_settings(&alone, &vars, Some(home)).unwrap();
        assert_eq!(cert(&tls), pair("/s.crt", "/s.key"));
    }

    #[test]
    fn a_refusal_of_the_persons_certificate_is_told_from_a_doubt_about_the_servers() {
        for why in [
            "connection requires a valid client certificate",
            "certificate authentication failed for user \"carol\"",
            "error communicating with the server: received fatal alert: UnknownCA",
            "error communicating with the server: received fatal alert: CertificateRequired",
            "error communicating with the server: received fatal alert: DecryptError",
        ] {
            assert!(refused_certificate(why), "{why}");
        }
        for why in [
            "error performing TLS handshake: invalid peer certificate: UnknownIssuer",
            "error communicating with the server: received fatal alert: ProtocolVersion",
            "password authentication failed for user \"carol\"",
        ] {
            assert!(!refused_certificate(why), "{why}");
        }
    }

    #[test]
    fn a_service_fills_in_what_the_address_leaves_out_ahead_of_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("services");
        std::fs::write(
            &file,
            "[team]\nhost=svc.example\nport=6543\ndbname=konveyer\nuser=boris\n\
             sslmode=verify-full\napplication_name=crm\nconnect_timeout=7\n",
        )
        .unwrap();
        let file = file.to_str().unwrap();
        let vars = env(&[
            ("PGSERVICEFILE", file),
            ("PGHOST", "env.example"),
            ("PGUSER", "envuser"),
            ("PGSSLMODE", "disable"),
        ]);
        for (address, alone) in [
            ("service=team user=anna", "user=anna"),
            ("postgresql://anna@/?service=team", "postgresql://anna@/"),
        ] {
            let (plain, vars) = with_service(address, &vars, None).unwrap();
            assert_eq!(plain, alone);
            let (_, tls) = tls_settings(&plain, &vars, None).unwrap();
            assert_eq!(
                tls.mode,
                SslMode::VerifyFull,
                "the service's, not PGSSLMODE"
            );
            let (c, _) = config(&plain, &vars, None).unwrap();
            assert_eq!(c.get_hosts(), [Host::Tcp("svc.example".into())]);
            assert_eq!(c.get_ports(), [6543]);
            assert_eq!(c.get_application_name(), Some("crm"));
            assert_eq!(
                c.get_connect_timeout(),
                Some(&std::time::Duration::from_secs(7))
            );
            assert_eq!(
                (c.get_user(), c.get_dbname()),
                (Some("anna"), Some("konveyer"))
            );
        }
        // PGSERVICE names it when the address does not.
        let vars = env(&[("PGSERVICEFILE", file), ("PGSERVICE", "team")]);
        let (plain, vars) = with_service("dbname=other", &vars, None).unwrap();
        let (c, _) = config(&plain, &vars, None).unwrap();
        assert_eq!(
            (c.get_user(), c.get_dbname()),
            (Some("boris"), Some("other"))
        );
        // One nobody wrote down is named, with where it was looked for.
        let vars = env(&[("PGSERVICEFILE", file)]);
        let refused = with_service("service=gone", &vars, None).map(|(a, _)| a);
        assert!(
            matches!(refused, Err(Error::NoService(name, files)) if name == "gone" && files.contains(file))
        );
        assert!(is_address("service=team"));
    }
}
