//! Files that hold a secret (a password file, a private key): refused, as
//! libpq refuses them, when others may read them.

/// Whether a file's group or others may read or write it (`meta` its
/// metadata).
pub(super) fn others_may_read(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o077 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}
