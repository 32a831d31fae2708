//! The crypto behind TLS. reqwest 0.13 with rustls needs a process-wide
//! crypto provider unless it brings aws-lc-rs, whose build needs a C
//! toolchain; this crate installs rustls' `ring` provider instead, once,
//! before it builds an HTTP client. A provider the application installed
//! first is kept.

use std::sync::Once;

/// Installs the ring provider as the process default, unless one is set.
pub fn ensure_crypto_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            // Losing a race to another installer is fine: a provider is set.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
    });
}
