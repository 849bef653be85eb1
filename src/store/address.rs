//! A team database's address, as libpq writes one: a URL
//! (`postgresql://user:password@host/dbname?sslmode=…`) or key=value pairs
//! (`host=… dbname=… password=…`). Telling one from a file's path, and
//! showing it without its password — in a message, in the next step to
//! take, in a robot's environment.

/// The keys a key=value address may start with (libpq's own).
const KEYS: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "application_name",
    "connect_timeout",
    "options",
    "target_session_attrs",
    "channel_binding",
];

/// Whether `db` names a PostgreSQL database rather than a file: a
/// `postgresql://` or `postgres://` URL, or libpq's key=value pairs.
pub fn is_address(db: &str) -> bool {
    let db = db.trim_start();
    db.starts_with("postgresql://") || db.starts_with("postgres://") || is_key_value(db)
}

fn is_key_value(db: &str) -> bool {
    db.split_once('=')
        .is_some_and(|(key, _)| KEYS.contains(&key.trim()))
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

/// `address` with its password, wherever it is, replaced by `with`
/// (`None`: left out).
fn password_as(address: &str, with: Option<&str>) -> String {
    if is_key_value(address.trim_start()) {
        return pairs_password_as(address, with);
    }
    let Some((scheme, rest)) = address.split_once("://") else {
        return address.to_string();
    };
    let (main, query) = match rest.split_once('?') {
        Some((main, query)) => (main, Some(query)),
        None => (rest, None),
    };
    // The user part ends at the last `@`: a password may hold one unencoded.
    let main = match main.rsplit_once('@') {
        Some((user, host)) => match (user.split_once(':'), with) {
            (Some((name, _)), Some(with)) => format!("{name}:{with}@{host}"),
            (Some((name, _)), None) => format!("{name}@{host}"),
            (None, _) => main.to_string(),
        },
        None => main.to_string(),
    };
    let query: Vec<String> = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter_map(|pair| match pair.split_once('=') {
            Some(("password", _)) => with.map(|with| format!("password={with}")),
            _ => Some(pair.to_string()),
        })
        .collect();
    match query.is_empty() {
        true => format!("{scheme}://{main}"),
        false => format!("{scheme}://{main}?{}", query.join("&")),
    }
}

/// Key=value pairs with the password's value replaced (or the pair left
/// out); a value may be quoted (`password='a b\'c'`).
fn pairs_password_as(address: &str, with: Option<&str>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut rest = address.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once('=') else {
            out.push(rest.to_string());
            break;
        };
        let key = key.trim();
        let after = after.trim_start();
        let end = match after.strip_prefix('\'') {
            Some(quoted) => {
                let mut escaped = false;
                let close = quoted.char_indices().find(|&(_, c)| {
                    let closes = c == '\'' && !escaped;
                    escaped = c == '\\' && !escaped;
                    closes
                });
                close.map_or(after.len(), |(i, _)| i + 2)
            }
            None => after.find(char::is_whitespace).unwrap_or(after.len()),
        };
        let (value, next) = after.split_at(end);
        match (key, with) {
            ("password", Some(with)) => out.push(format!("password={with}")),
            ("password", None) => {}
            _ => out.push(format!("{key}={value}")),
        }
        rest = next.trim_start();
    }
    out.join(" ")
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
}
