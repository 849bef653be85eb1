//! A team database's address, as libpq writes one: a URL
//! (`postgresql://user:password@host/dbname?sslmode=…`) or key=value pairs
//! (`host=… dbname=… password=…`). Telling one from a file's path,
//! showing it without its password — in a message, in the next step to
//! take, in a robot's environment — and connecting by libpq's conventions:
//! what the address leaves out comes from a connection service
//! (`service.rs`), then `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`,
//! `PGPASSWORD`, `PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCRL`, `PGSSLCERT`, `PGSSLKEY`,
//! `PGHOSTADDR`, `PGCONNECT_TIMEOUT`, `PGAPPNAME`, `PGOPTIONS`, `PGTARGETSESSIONATTRS`
//! and `PGCHANNELBINDING`, else the password file
//! (`passfile`). How an address is written, and where its
//! password stands, is `written`'s.

use std::path::{Path, PathBuf};

use postgres::config::Host;

use super::tls::{ClientCert, Roots, SslMode, Tls};
use crate::error::{Error, Result};

mod passfile;
mod service;
mod written;

use passfile::from_password_file;
pub use passfile::refuse_if_open;
use written::{default_host_at_ports, has_key, is_key_value, password_as, split_off, with_setting};

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
    // Only the address itself may ask for less than channel binding over
    // an unchecked TLS: a PGCHANNELBINDING set for other programs, or a
    // service's, may ask for it, not waive it.
    let explicit_binding = has_key(&plain, "channel_binding");
    let plain = passed_on(&plain, &env);
    let (config, password) = config(&plain, &env, home.as_deref())?;
    let failed = |e: postgres::Error| {
        let why = why(&e);
        if refused_certificate(&why) {
            Error::CertificateRefused(shown(address), why)
        } else if why.contains("invalid peer certificate") {
            Error::ServerNotTrusted(shown(address), why)
        } else {
            Error::NoServer(shown(address), why)
        }
    };
    // The local socket only when no network address is given beside it:
    // `hostaddr` is reached over the network whatever `host` says.
    let socket = config.get_hostaddrs().is_empty()
        && config
            .get_hosts()
            .iter()
            .all(|h| matches!(h, Host::Unix(_)));
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

/// libpq's settings the connection library reads from an address itself,
/// and the variables that give them where the address does not.
const PASSED_ON: [(&str, &str); 4] = [
    ("hostaddr", "PGHOSTADDR"),
    ("options", "PGOPTIONS"),
    ("target_session_attrs", "PGTARGETSESSIONATTRS"),
    ("channel_binding", "PGCHANNELBINDING"),
];

/// `address` with what [`PASSED_ON`] names filled in from the environment
/// (a service's settings among it) where it leaves them out.
fn passed_on(address: &str, env: impl Fn(&str) -> Option<String>) -> String {
    let mut address = address.to_string();
    for (key, variable) in PASSED_ON {
        if !has_key(&address, key)
            && let Some(value) = env(variable)
        {
            address = with_setting(&address, key, &value);
        }
    }
    address
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
    let (plain, taken) = split_off(
        address,
        &["sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl"],
    );
    let named = |key: &str| taken.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let root_named = named("sslrootcert").or_else(|| env("PGSSLROOTCERT"));
    // The system's CAs vouch for whatever name they signed: libpq takes
    // them for verify-full alone, and makes that the mode.
    let system = root_named.as_deref() == Some("system");
    let mode = match named("sslmode").or_else(|| env("PGSSLMODE")) {
        Some(text) => match SslMode::parse(&text) {
            None => return Err(Error::BadSslMode(text)),
            Some(SslMode::VerifyFull) => SslMode::VerifyFull,
            Some(_) if system => return Err(Error::SystemRootsWeak(text)),
            Some(mode) => mode,
        },
        None if system => SslMode::VerifyFull,
        None => SslMode::Prefer,
    };
    let root_cert = match &root_named {
        Some(_) if system => Some(Roots::System),
        Some(path) => Some(Roots::File(PathBuf::from(path))),
        None => home
            .map(|h| h.join(".postgresql").join("root.crt"))
            .filter(|p| p.exists())
            .map(Roots::File),
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
    let crl = match named("sslcrl").or_else(|| env("PGSSLCRL")) {
        Some(path) => Some(PathBuf::from(path)),
        None => Some(in_home("root.crl")).filter(|p| p.exists()),
    };
    let tls = Tls {
        mode,
        root_cert,
        client,
        crl,
    };
    Ok((plain, tls))
}

/// The server's host where the address names none: `PGHOST`; else a
/// network address given alone (`hostaddr`) names the server by itself, as
/// libpq (the TLS check and the password file see the address); else the
/// local socket (Debian's directory, else /tmp).
fn fill_host(config: &mut postgres::Config, env: &impl Fn(&str) -> Option<String>) {
    if !config.get_hosts().is_empty() {
        return;
    }
    let host = match env("PGHOST") {
        Some(host) => host,
        None if !config.get_hostaddrs().is_empty() => {
            let named: Vec<String> = config
                .get_hostaddrs()
                .iter()
                .map(|a| a.to_string())
                .collect();
            for address in &named {
                config.host(address);
            }
            return;
        }
        None => {
            let debian = Path::new("/var/run/postgresql");
            let dir = if debian.is_dir() {
                debian
            } else {
                Path::new("/tmp")
            };
            dir.display().to_string()
        }
    };
    match host.starts_with('/') {
        true => config.host_path(host),
        false => config.host(&host),
    };
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
    let address = &default_host_at_ports(address);
    let parse = |text: &str| {
        text.parse::<postgres::Config>()
            .map_err(|e| Error::NoServer(shown(address), e.to_string()))
    };
    let given = parse(address)?.get_password().map(<[u8]>::to_vec);
    let mut config = parse(&without_password(address))?;
    fill_host(&mut config, &env);
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
mod tests;
