//! TLS to the team server, as libpq's `sslmode` asks: `disable`, `prefer`
//! (the default), `require`, `verify-ca` and `verify-full`, the server's
//! certificate checked against the CAs of `sslrootcert` where the mode says
//! so, and the person's own certificate (`sslcert`, `sslkey`) shown to a
//! server that asks for one. rustls, not the system's OpenSSL.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{
    ResolvesClientCert, VerifierBuilderError, WantsClientCert, WebPkiServerVerifier,
};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{
    CertificateDer, CertificateRevocationListDer, PrivateKeyDer, ServerName, UnixTime,
};
use rustls::sign::CertifiedKey;
use rustls::{
    CertificateError, ClientConfig, ConfigBuilder, DigitallySignedStruct, InconsistentKeys,
    SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::secret::others_may_read;
use crate::error::{Error, PemFault, Result};

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SslMode {
    /// Never TLS.
    Disable,
    /// TLS when the server offers it (libpq's default; `allow` too); the
    /// certificate checked (not its name) when there is a CA file.
    Prefer,
    /// TLS or nothing; the certificate checked as `prefer`'s.
    Require,
    /// TLS with a certificate signed by a trusted CA, for any host name.
    VerifyCa,
    /// TLS with a certificate signed by a trusted CA for this very host.
    VerifyFull,
}

impl SslMode {
    pub(super) fn parse(text: &str) -> Option<SslMode> {
        Some(match text.trim() {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
}

/// The TLS settings of an address: the mode, and the CAs' certificates
/// the server's is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tls {
    pub(super) mode: SslMode,
    /// Named, or `~/.postgresql/root.crt` when there is one: `prefer` and
    /// `require` then check the server's certificate against it too (not
    /// its name), as libpq does whenever it has a CA file.
    pub(super) root_cert: Option<Roots>,
    /// The person's certificate, for a server that signs people in by
    /// theirs (`cert` in its `pg_hba.conf`).
    pub(super) client: Option<ClientCert>,
    /// The CA's list of the certificates it revoked (PEM): named, or
    /// `~/.postgresql/root.crl` when there is one; read whenever the
    /// server's certificate is checked.
    pub(super) crl: Option<PathBuf>,
}

/// Where the CAs the server's certificate is checked against are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Roots {
    /// A PEM file of them (`sslrootcert=FILE`, `~/.postgresql/root.crt`).
    File(PathBuf),
    /// The system's own (`sslrootcert=system`, as libpq 16 reads it: a
    /// hosted server whose certificate a public CA signed).
    System,
}

impl Roots {
    /// The CAs as rustls holds them.
    fn store(&self) -> Result<rustls::RootCertStore> {
        match self {
            Roots::File(path) => roots(path),
            Roots::System => {
                let found = rustls_native_certs::load_native_certs();
                let mut store = rustls::RootCertStore::empty();
                store.add_parsable_certificates(found.certs);
                if store.is_empty() {
                    let why: Vec<String> = found.errors.iter().map(|e| e.to_string()).collect();
                    return Err(Error::NoSystemRoots(why.join("; ")));
                }
                Ok(store)
            }
        }
    }

    /// As a person wrote it.
    fn shown(&self) -> PathBuf {
        match self {
            Roots::File(path) => path.clone(),
            Roots::System => PathBuf::from("system"),
        }
    }
}

/// A person's certificate (PEM, the chain up to the CA the server trusts)
/// and its private key (PEM, unencrypted, readable by its owner alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ClientCert {
    pub(super) cert: PathBuf,
    pub(super) key: PathBuf,
}

/// The certificate and key of `client`, refused as libpq refuses them (a
/// key others may read, or one encrypted with a password it would ask
/// for) and when the key is not the certificate's. The certificate is
/// otherwise shown as it is, for the server to judge: rustls's own check
/// would refuse one of X.509's first version, which `openssl x509 -req`
/// still makes and PostgreSQL takes.
fn own_certificate(client: &ClientCert) -> Result<CertifiedKey> {
    let bad_cert = |why: PemFault| Error::ClientCert(client.cert.clone(), why);
    let chain = CertificateDer::pem_slice_iter(&pem_bytes(&client.cert).map_err(bad_cert)?)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| bad_cert(said(e)))?;
    if chain.is_empty() {
        return Err(bad_cert(PemFault::Nothing));
    }
    let bad_key = |why: PemFault| Error::ClientKey(client.key.clone(), why);
    let meta = std::fs::metadata(&client.key).map_err(|e| bad_key(said(e)))?;
    if others_may_read(&meta) {
        return Err(Error::ClientKeyOpen(client.key.clone()));
    }
    let pem = pem_bytes(&client.key).map_err(bad_key)?;
    if pem.windows(9).any(|w| w == b"ENCRYPTED") {
        return Err(Error::ClientKeyEncrypted(client.key.clone()));
    }
    let key = PrivateKeyDer::from_pem_slice(&pem).map_err(|e| match e {
        rustls::pki_types::pem::Error::NoItemsFound => bad_key(PemFault::Nothing),
        e => bad_key(said(e)),
    })?;
    let key = provider()
        .key_provider
        .load_private_key(key)
        .map_err(|e| bad_key(said(e)))?;
    let certified = CertifiedKey::new(chain, key);
    if let Err(rustls::Error::InconsistentKeys(InconsistentKeys::KeyMismatch)) =
        certified.keys_match()
    {
        return Err(Error::ClientKeyMismatch(
            client.key.clone(),
            client.cert.clone(),
        ));
    }
    Ok(certified)
}

/// The client's side of `builder`: the person's certificate when there is
/// one, else none.
fn finish(
    builder: ConfigBuilder<ClientConfig, WantsClientCert>,
    client: Option<&ClientCert>,
) -> Result<ClientConfig> {
    Ok(match client {
        Some(client) => builder.with_client_cert_resolver(Arc::new(OwnCertificate(Arc::new(
            own_certificate(client)?,
        )))),
        None => builder.with_no_client_auth(),
    })
}

/// The person's certificate, shown to a server that asks for one.
#[derive(Debug)]
struct OwnCertificate(Arc<CertifiedKey>);

impl ResolvesClientCert for OwnCertificate {
    fn resolve(
        &self,
        _root_hint_subjects: &[&[u8]],
        _schemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        Some(Arc::clone(&self.0))
    }

    fn has_certs(&self) -> bool {
        true
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The most a PEM file of certificates or of a key holds here (a system's
/// whole bundle of CAs is a quarter of it).
const PEM_MAX: u64 = 1 << 20;

/// A PEM file's bytes: of a regular file no larger than [`PEM_MAX`], so
/// that a pipe or a device named by mistake is not read on and on.
fn pem_bytes(path: &Path) -> std::result::Result<Vec<u8>, PemFault> {
    let meta = std::fs::metadata(path).map_err(said)?;
    if !meta.is_file() {
        return Err(PemFault::NotAFile);
    }
    if meta.len() > PEM_MAX {
        return Err(PemFault::TooLarge(meta.len()));
    }
    std::fs::read(path).map_err(said)
}

/// What the system or a reader said of a PEM file.
fn said(e: impl std::fmt::Display) -> PemFault {
    PemFault::Said(e.to_string())
}

/// The revocation lists of the PEM file `path`.
fn revoked(path: &Path) -> Result<Vec<CertificateRevocationListDer<'static>>> {
    let bad = |why: PemFault| Error::TlsCrl(path.to_path_buf(), why);
    let lists = CertificateRevocationListDer::pem_slice_iter(&pem_bytes(path).map_err(bad)?)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| bad(said(e)))?;
    if lists.is_empty() {
        return Err(bad(PemFault::Nothing));
    }
    Ok(lists)
}

/// The CAs of the PEM file `path`.
fn roots(path: &Path) -> Result<rustls::RootCertStore> {
    let bad = |why: PemFault| Error::TlsRootCert(path.to_path_buf(), why);
    let mut store = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&pem_bytes(path).map_err(bad)?) {
        store
            .add(cert.map_err(|e| bad(said(e)))?)
            .map_err(|e| bad(said(e)))?;
    }
    if store.is_empty() {
        return Err(bad(PemFault::Nothing));
    }
    Ok(store)
}

/// The connector for `tls`: the server's certificate checked as its mode
/// says (refused when a mode that checks has no CA to check against).
pub(super) fn connector(tls: &Tls) -> Result<MakeRustlsConnect> {
    let checks = match tls.mode {
        SslMode::VerifyCa | SslMode::VerifyFull => true,
        SslMode::Prefer | SslMode::Require => tls.root_cert.is_some(),
        SslMode::Disable => false,
    };
    let builder = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::NoServer(String::new(), e.to_string()))?;
    let client = tls.client.as_ref();
    let config = match (checks, &tls.root_cert) {
        (false, _) => finish(
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(Unchecked(provider()))),
            client,
        )?,
        (true, None) => return Err(Error::NoRootCert),
        (true, Some(root)) => {
            let revoked = match &tls.crl {
                Some(path) => revoked(path)?,
                None => Vec::new(),
            };
            let verifier =
                WebPkiServerVerifier::builder_with_provider(Arc::new(root.store()?), provider())
                    .with_crls(revoked)
                    .build()
                    .map_err(|e| match (e, &tls.crl) {
                        (VerifierBuilderError::InvalidCrl(e), Some(path)) => {
                            Error::TlsCrl(path.clone(), PemFault::Said(format!("{e:?}")))
                        }
                        (e, _) => Error::TlsRootCert(root.shown(), said(e)),
                    })?;
            match tls.mode {
                SslMode::VerifyFull => finish(builder.with_webpki_verifier(verifier), client)?,
                _ => finish(
                    builder
                        .dangerous()
                        .with_custom_certificate_verifier(Arc::new(AnyHostName(verifier))),
                    client,
                )?,
            }
        }
    };
    Ok(MakeRustlsConnect::new(config))
}

/// `verify-ca`: a certificate signed by a trusted CA, whatever host name
/// it was made for.
#[derive(Debug)]
struct AnyHostName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyHostName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `prefer` and `require` without a CA: encrypted, the server not checked
/// (libpq's own meaning). The handshake's signatures are still checked,
/// and a password then goes only by SCRAM with channel binding (see
/// `address::connect`), so a server in the middle learns nothing.
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
