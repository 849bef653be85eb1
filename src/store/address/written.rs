//! How an address is written: a URL with its parameters, or libpq's
//! key=value pairs with their quoting; the password wherever it stands in
//! either, and the settings taken out of them.

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
    "service",
];

/// Whether `db` starts as libpq's key=value pairs do.
pub(super) fn is_key_value(db: &str) -> bool {
    db.split_once('=')
        .is_some_and(|(key, _)| KEYS.contains(&key.trim()))
}

/// `address` with its password, wherever it is, replaced by `with`
/// (`None`: left out).
pub(super) fn password_as(address: &str, with: Option<&str>) -> String {
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
    for (key, value) in pairs(address) {
        match (key, with) {
            ("password", Some(with)) => out.push(format!("password={with}")),
            ("password", None) => {}
            ("", _) => out.push(value.to_string()),
            _ => out.push(format!("{key}={value}")),
        }
    }
    out.join(" ")
}

/// The key=value pairs of an address, each value as written (quoted or
/// not); text that is no pair comes with an empty key.
fn pairs(address: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = address.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once('=') else {
            out.push(("", rest));
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
        out.push((key, value));
        rest = next.trim_start();
    }
    out
}

/// `address` with `key` set to `value`, written as the address writes its
/// settings: a URL's parameter percent-encoded, a pair's value quoted.
pub(super) fn with_setting(address: &str, key: &str, value: &str) -> String {
    if address.trim().is_empty() || is_key_value(address.trim_start()) {
        let quoted = value.replace('\\', "\\\\").replace('\'', "\\'");
        return format!("{} {key}='{quoted}'", address.trim())
            .trim_start()
            .to_string();
    }
    let encoded: String = value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect();
    let joint = if address.contains('?') { '&' } else { '?' };
    format!("{address}{joint}{key}={encoded}")
}

/// A URL whose hosts are all left empty beside their ports
/// (`postgresql://ann@:5433/team`), as libpq reads it: the default host
/// (`PGHOST`, else the local socket) at those ports — not a host named "",
/// as the connection library would take it. Any other address as it is.
pub(super) fn default_host_at_ports(address: &str) -> String {
    let unchanged = || address.to_string();
    if is_key_value(address.trim_start()) || has_key(address, "port") {
        return unchanged();
    }
    let Some((scheme, rest)) = address.split_once("://") else {
        return unchanged();
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let (user, hosts) = match authority.rsplit_once('@') {
        Some((user, hosts)) => (format!("{user}@"), hosts),
        None => (String::new(), authority),
    };
    let ports: Option<Vec<&str>> = hosts.split(',').map(|h| h.strip_prefix(':')).collect();
    match ports {
        Some(ports) if !hosts.is_empty() => with_setting(
            &format!("{scheme}://{user}{tail}"),
            "port",
            &ports.join(","),
        ),
        _ => unchanged(),
    }
}

/// Whether the address names `key` (as a URL parameter or a pair).
pub(super) fn has_key(address: &str, key: &str) -> bool {
    !split_off(address, &[key]).1.is_empty()
}

/// `address` without the settings `keys` names, and their values (a URL's
/// percent-decoded, a pair's unquoted).
pub(super) fn split_off(address: &str, keys: &[&str]) -> (String, Vec<(String, String)>) {
    let mut taken = Vec::new();
    if is_key_value(address.trim_start()) {
        let mut kept = Vec::new();
        for (key, value) in pairs(address) {
            match keys.contains(&key) {
                true => taken.push((key.to_string(), unquoted(value))),
                false => kept.push(format!("{key}={value}")),
            }
        }
        return (kept.join(" "), taken);
    }
    let Some((main, query)) = address.split_once('?') else {
        return (address.to_string(), taken);
    };
    let mut kept = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some((key, value)) if keys.contains(&key) => {
                taken.push((key.to_string(), percent_decoded(value)));
            }
            _ => kept.push(pair),
        }
    }
    match kept.is_empty() {
        true => (main.to_string(), taken),
        false => (format!("{main}?{}", kept.join("&")), taken),
    }
}

/// `%2F` and the like as the characters they stand for.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A pair's value without its quotes and escapes (`'a b\'c'` → `a b'c`).
fn unquoted(value: &str) -> String {
    let Some(inner) = value
        .strip_prefix('\'')
        .map(|v| v.strip_suffix('\'').unwrap_or(v))
    else {
        return value.to_string();
    };
    let mut out = String::new();
    let mut escaped = false;
    for c in inner.chars() {
        match (c, escaped) {
            ('\\', false) => escaped = true,
            (c, _) => {
                out.push(c);
                escaped = false;
            }
        }
    }
    out
}
