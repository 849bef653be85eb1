//! libpq's connection service file: `service=NAME` in the address (or
//! `PGSERVICE`) names a section of `~/.pg_service.conf` (`PGSERVICEFILE`),
//! else of the system's `pg_service.conf` (in `PGSYSCONFDIR`, Debian's
//! `/etc/postgresql-common` by default), whose settings fill in what the
//! address leaves out, ahead of the environment's — as libpq has it.

use std::path::{Path, PathBuf};

use super::passfile::refuse_if_open;
use crate::error::{Error, Result};

/// The system's directory of `pg_service.conf` when `PGSYSCONFDIR` is not
/// set: where Debian's libpq looks.
const SYSTEM_DIR: &str = "/etc/postgresql-common";

/// The settings of service `name`: the user's file first, then the
/// system's. A service in neither is refused, naming both files.
pub(super) fn settings(
    name: &str,
    env: impl Fn(&str) -> Option<String>,
    home: Option<&Path>,
) -> Result<Vec<(String, String)>> {
    let user = env("PGSERVICEFILE")
        .map(PathBuf::from)
        .or_else(|| home.map(|h| h.join(".pg_service.conf")));
    let system = PathBuf::from(env("PGSYSCONFDIR").unwrap_or_else(|| SYSTEM_DIR.into()))
        .join("pg_service.conf");
    let files: Vec<PathBuf> = user.into_iter().chain([system]).collect();
    for file in &files {
        let Ok(text) = crate::config::settings_text(file)? else {
            continue;
        };
        if let Some(found) = section(&text, name, file)? {
            // A password in it is the password file's: for no one else's eyes.
            if found.iter().any(|(k, _)| k == "password") {
                refuse_if_open(&std::fs::metadata(file)?, file)?;
            }
            return Ok(found);
        }
    }
    let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    Err(Error::NoService(name.to_string(), files.join(", ")))
}

/// The `key=value` lines of section `[name]` of a service file's `text`,
/// if it has one; a line that is neither (nor a comment) is refused.
fn section(text: &str, name: &str, file: &Path) -> Result<Option<Vec<(String, String)>>> {
    let mut inside = false;
    let mut found: Option<Vec<(String, String)>> = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(title) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = title.trim() == name;
            if inside && found.is_none() {
                found = Some(Vec::new());
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(Error::BadServiceFile(file.to_path_buf(), n + 1));
        };
        if inside && let Some(found) = found.as_mut() {
            found.push((key.trim().to_string(), value.trim().to_string()));
        }
    }
    Ok(found)
}

/// The environment variable libpq reads for a service's `key`, for the
/// keys konveyer reads (the others a service may hold are passed over).
pub(super) fn variable(key: &str) -> Option<&'static str> {
    Some(match key {
        "host" => "PGHOST",
        "hostaddr" => "PGHOSTADDR",
        "port" => "PGPORT",
        "dbname" => "PGDATABASE",
        "user" => "PGUSER",
        "password" => "PGPASSWORD",
        "passfile" => "PGPASSFILE",
        "sslmode" => "PGSSLMODE",
        "sslrootcert" => "PGSSLROOTCERT",
        "sslcrl" => "PGSSLCRL",
        "sslcert" => "PGSSLCERT",
        "sslkey" => "PGSSLKEY",
        "connect_timeout" => "PGCONNECT_TIMEOUT",
        "application_name" => "PGAPPNAME",
        "options" => "PGOPTIONS",
        "target_session_attrs" => "PGTARGETSESSIONATTRS",
        "channel_binding" => "PGCHANNELBINDING",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str =
        "# the team\n[team]\nhost=db.example\n dbname = konveyer \n\n[other]\nhost=x\n";

    #[test]
    fn a_section_is_read_whole_and_a_missing_one_is_none() {
        let file = Path::new("/f");
        let team = section(FILE, "team", file).unwrap().unwrap();
        assert_eq!(
            team,
            [
                ("host".to_string(), "db.example".to_string()),
                ("dbname".to_string(), "konveyer".to_string())
            ]
        );
        assert_eq!(section(FILE, "nobody", file).unwrap(), None);
        assert!(matches!(
            section("[team]\nhost db\n", "team", file),
            Err(Error::BadServiceFile(_, 2))
        ));
    }

    #[test]
    fn the_users_file_comes_before_the_systems_and_a_service_in_neither_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let (user, system) = (dir.path().join("mine.conf"), dir.path().join("etc"));
        std::fs::create_dir(&system).unwrap();
        std::fs::write(&user, "[team]\nhost=mine\n").unwrap();
        std::fs::write(
            system.join("pg_service.conf"),
            "[team]\nhost=theirs\n[sys]\nhost=s\n",
        )
        .unwrap();
        let env = |name: &str| match name {
            "PGSERVICEFILE" => Some(user.display().to_string()),
            "PGSYSCONFDIR" => Some(system.display().to_string()),
            _ => None,
        };
        assert_eq!(settings("team", env, None).unwrap()[0].1, "mine");
        assert_eq!(settings("sys", env, None).unwrap()[0].1, "s");
        let Err(Error::NoService(name, files)) = settings("gone", env, None) else {
            panic!("found");
        };
        assert_eq!(name, "gone");
        assert!(
            files.contains("mine.conf") && files.contains("pg_service.conf"),
            "{files}"
        );
    }

    #[test]
    fn a_service_holding_a_password_is_refused_while_others_may_read_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("svc.conf");
        std::fs::write(&file, "[team]\nhost=db\npassword=Secr3t\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let env = |name: &str| (name == "PGSERVICEFILE").then(|| file.display().to_string());
        assert!(matches!(
            settings("team", env, None),
            Err(Error::PasswordFileOpen(_))
        ));
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(settings("team", env, None).unwrap().len(), 2);
    }
}
