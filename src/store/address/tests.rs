//! The address's tests: how it is written, the environment, the password
//! file, a service, TLS settings and a person's certificate.

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

/// A password or service file named by mistake as a device is refused
/// once it passes what such a file holds, not read on until memory runs
/// out; a pipe's password is read as a file's.
#[cfg(unix)]
#[test]
fn a_device_as_the_password_or_service_file_is_refused_not_read_on() {
    let zero =
        |r: &Result<_>| matches!(r, Err(Error::TooLarge(p, _)) if p == Path::new("/dev/zero"));
    let vars = env(&[("PGPASSFILE", "/dev/zero")]);
    let refused = config("postgresql://ann@db.example/team", &vars, None);
    assert!(zero(&refused), "{refused:?}");
    let vars = env(&[("PGSERVICEFILE", "/dev/zero")]);
    let refused = with_service("service=team", &vars, None).map(|(plain, _)| plain);
    assert!(
        matches!(&refused, Err(Error::TooLarge(p, _)) if p == Path::new("/dev/zero")),
        "{refused:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pass");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fifo, std::fs::Permissions::from_mode(0o600)).unwrap();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, "*:*:*:*:fr0m-a-pipe\n").unwrap())
    };
    let vars = env(&[("PGPASSFILE", fifo.to_str().unwrap())]);
    let (_, password) = config("postgresql://ann@db.example/team", &vars, None).unwrap();
    writer.join().unwrap();
    assert_eq!(password.as_deref(), Some(&b"fr0m-a-pipe"[..]));
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
    let (_, tls) = tls_settings("host=db", env(&[("PGSSLCERT", "/e.crt")]), Some(home)).unwrap();
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
fn the_systems_cas_are_for_verify_full_alone_and_make_it_the_mode() {
    let settings = |address: &str| tls_settings(address, env(&[]), None);
    let (_, tls) = settings("host=db sslrootcert=system").unwrap();
    assert_eq!(
        (tls.mode, tls.root_cert),
        (SslMode::VerifyFull, Some(Roots::System))
    );
    let (_, tls) = tls_settings(
        "host=db",
        env(&[("PGSSLROOTCERT", "system"), ("PGSSLMODE", "verify-full")]),
        None,
    )
    .unwrap();
    assert_eq!(tls.root_cert, Some(Roots::System));
    for weak in ["require", "verify-ca", "prefer", "disable"] {
        let refused = settings(&format!("host=db sslrootcert=system sslmode={weak}"));
        assert!(
            matches!(&refused, Err(Error::SystemRootsWeak(m)) if m == weak),
            "{weak}: {refused:?}"
        );
    }
    let (_, tls) = settings("host=db sslrootcert=/ca.pem").unwrap();
    assert_eq!(
        (tls.mode, tls.root_cert),
        (SslMode::Prefer, Some(Roots::File("/ca.pem".into())))
    );
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

#[test]
fn options_and_the_sessions_wanted_come_from_a_service_or_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("services");
    std::fs::write(
        &file,
        "[team]\nhost=db\noptions=-c statement_timeout=5s\ntarget_session_attrs=read-write\n\
         hostaddr=10.0.0.5\n",
    )
    .unwrap();
    let configured = |address: &str, vars: &[(&str, &str)]| {
        let (alone, env) = with_service(address, env(vars), None).unwrap();
        let plain = passed_on(&alone, &env);
        config(&plain, &env, None).unwrap().0
    };
    let service = [("PGSERVICEFILE", file.to_str().unwrap())];
    let c = configured("service=team", &service);
    assert_eq!(c.get_options(), Some("-c statement_timeout=5s"));
    assert_eq!(
        c.get_target_session_attrs(),
        postgres::config::TargetSessionAttrs::ReadWrite
    );
    // Reached at the network address, named (and checked) as the host.
    assert_eq!(
        c.get_hostaddrs(),
        ["10.0.0.5".parse::<std::net::IpAddr>().unwrap()]
    );
    assert!(matches!(c.get_hosts(), [postgres::config::Host::Tcp(h)] if h == "db"));
    // A network address alone is the name too: no local socket.
    let c = configured("hostaddr=10.0.0.6 user=ann", &[]);
    assert!(matches!(c.get_hosts(), [postgres::config::Host::Tcp(h)] if h == "10.0.0.6"));
    // A URL's host left empty beside its port is the default host there,
    // as libpq reads it, not a host named "".
    for (given, read) in [
        ("postgresql://:5433/team", "postgresql:///team?port=5433"),
        (
            "postgresql://ann:pw@:5433?x=1",
            "postgresql://ann:pw@?x=1&port=5433",
        ),
        ("postgresql://h:5433/team", "postgresql://h:5433/team"),
        (
            "postgresql://:5433/team?port=1",
            "postgresql://:5433/team?port=1",
        ),
        ("host= port=5433", "host= port=5433"),
    ] {
        assert_eq!(super::written::default_host_at_ports(given), read);
    }
    for (vars, host) in [(vec![("PGHOST", "/run/pg")], "/run/pg"), (vec![], "")] {
        let c = configured("postgresql://ann@:5433/team?sslmode=disable", &vars);
        assert_eq!(c.get_ports(), [5433]);
        assert!(
            matches!(c.get_hosts(), [postgres::config::Host::Unix(p)] if host.is_empty() || p == Path::new(host)),
            "{:?}",
            c.get_hosts()
        );
    }
    // From the environment, into a URL (encoded) and into pairs (quoted).
    let vars = [
        ("PGOPTIONS", "-c search_path='a b'"),
        ("PGTARGETSESSIONATTRS", "read-only"),
    ];
    for address in ["postgresql://ann@db/team", "host=db user=ann"] {
        let c = configured(address, &vars);
        assert_eq!(c.get_options(), Some("-c search_path='a b'"), "{address}");
        assert_eq!(
            c.get_target_session_attrs(),
            postgres::config::TargetSessionAttrs::ReadOnly
        );
    }
    // What the address says itself wins.
    let c = configured("host=db options='-c work_mem=1MB'", &vars);
    assert_eq!(c.get_options(), Some("-c work_mem=1MB"));
}
