//! libpq's password file (`~/.pgpass`, `PGPASSFILE`): the first line that
//! fits a connection, refused when others may read it.

use std::path::Path;

use postgres::config::Host;

use crate::error::{Error, Result};
use crate::store::secret::others_may_read;

/// The password `file` holds for this connection (libpq's format:
/// `host:port:database:user:password`, `*` for any, `\:` for a colon),
/// the first line that matches; none when there is no file. A file that
/// others may read is refused, as libpq ignores one.
pub(super) fn from_password_file(file: &Path, config: &postgres::Config) -> Result<Option<String>> {
    let Ok(text) = crate::config::settings_text(file)? else {
        return Ok(None);
    };
    refuse_if_open(&std::fs::metadata(file)?, file)?;
    // A socket's directory is `localhost` in the file, as libpq has it.
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let wanted = [
        host.as_str(),
        port.as_str(),
        config.get_dbname().unwrap_or_default(),
        config.get_user().unwrap_or_default(),
    ];
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = password_fields(line);
        let [h, p, d, u, password] = fields.as_slice() else {
            continue;
        };
        let fits = [h, p, d, u]
            .iter()
            .zip(wanted)
            .all(|(field, want)| field.as_str() == "*" || field.as_str() == want);
        if fits {
            return Ok(Some(password.clone()));
        }
    }
    Ok(None)
}

/// A password file's line split at its unescaped colons, `\:` and `\\`
/// read as a colon and a backslash.
fn password_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

/// Refuses a file that holds a password when its group or others may read
/// it (`meta` its metadata), as libpq ignores such a password file.
pub fn refuse_if_open(meta: &std::fs::Metadata, file: &Path) -> Result<()> {
    match others_may_read(meta) {
        true => Err(Error::PasswordFileOpen(file.to_path_buf())),
        false => Ok(()),
    }
}
