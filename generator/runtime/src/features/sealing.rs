//! `SealedSecret`: encrypting a secret value for GitHub's secrets API.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use crypto_box::PublicKey;
use crypto_box::aead::OsRng;
use zeroize::Zeroizing;

use crate::vocabulary::error::Error;

/// A secret value sealed with a repository, environment or organisation
/// public key, ready for the `encrypted_value` and `key_id` of a
/// create-or-update-secret request.
///
/// Sealing is libsodium's sealed box (X25519, XSalsa20-Poly1305), which
/// is what GitHub decrypts; only GitHub, holding the private key, can open
/// the result.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedSecret {
    key_id: String,
    encrypted_value: String,
}

impl SealedSecret {
    /// Seals `plaintext` with the public key GitHub returned (`key_id` and
    /// the base64 `key` of the get-public-key operations).
    ///
    /// No copy of the plaintext outlives this call: the only buffer it is
    /// written to is encrypted in place. To have your own copy wiped, pass a
    /// `zeroize::Zeroizing<String>`.
    pub fn seal(
        key_id: &str,
        public_key_base64: &str,
        plaintext: impl AsRef<[u8]>,
    ) -> Result<SealedSecret, Error> {
        let key_bytes =
            Zeroizing::new(
                STANDARD
                    .decode(public_key_base64.trim())
                    .map_err(|e| Error::Seal {
                        reason: format!("public key `{key_id}` is not base64: {e}"),
                    })?,
            );
        let key: [u8; crypto_box::KEY_SIZE] =
            key_bytes.as_slice().try_into().map_err(|_| Error::Seal {
                reason: format!(
                    "public key `{key_id}` has {} bytes, expected {}",
                    key_bytes.len(),
                    crypto_box::KEY_SIZE
                ),
            })?;
        let sealed = PublicKey::from(key)
            .seal(&mut OsRng, plaintext.as_ref())
            .map_err(|_| Error::Seal {
                reason: "encryption failed".to_owned(),
            })?;
        Ok(SealedSecret {
            key_id: key_id.to_owned(),
            encrypted_value: STANDARD.encode(sealed),
        })
    }

    /// The id of the public key used, to send as `key_id`.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The sealed value in standard base64, to send as `encrypted_value`.
    pub fn encrypted_value(&self) -> &str {
        &self.encrypted_value
    }
}

impl fmt::Debug for SealedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealedSecret")
            .field("key_id", &self.key_id)
            .field(
                "encrypted_value",
                &format_args!("<{} base64 chars>", self.encrypted_value.len()),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crypto_box::SecretKey;

    fn key_pair() -> (SecretKey, String) {
        let secret = SecretKey::generate(&mut OsRng);
        let public = STANDARD.encode(secret.public_key().as_bytes());
        (secret, public)
    }

    #[test]
    fn sealed_value_opens_with_the_matching_secret_key() {
        let (secret, public) = key_pair();
        let sealed = SealedSecret::seal("568250167242549743", &public, "hunter2 ✓").unwrap();
        assert_eq!(sealed.key_id(), "568250167242549743");
        let bytes = STANDARD.decode(sealed.encrypted_value()).unwrap();
        // 32-byte ephemeral public key + 16-byte tag + plaintext.
        assert_eq!(bytes.len(), 32 + 16 + "hunter2 ✓".len());
        assert_eq!(secret.unseal(&bytes).unwrap(), "hunter2 ✓".as_bytes());
    }

    #[test]
    fn a_box_sealed_by_libsodium_opens_with_the_same_construction() {
        // Made with libsodium's crypto_box_seal (through PyNaCl) for the
        // secret key 01 02 .. 20; opening it proves the formats agree.
        let secret = SecretKey::from(std::array::from_fn::<u8, 32, _>(|i| i as u8 + 1));
        assert_eq!(
            STANDARD.encode(secret.public_key().as_bytes()),
            "B6N8vBQgk8i3VdwbEOhstCY3StFqqFPtC9/AsrhtHHw="
        );
        let sealed = STANDARD
            .decode("t/V48HjV/9GO5IH3lnV9wW2DRlGd9onNJiHpMzRtEnOVPajuzGWaIspSUA1Q6ZfVvToHKWbHMXxcOzxKrq/+F59K6g==")
            .unwrap();
        assert_eq!(secret.unseal(&sealed).unwrap(), b"sealed by libsodium");
    }

    #[test]
    fn each_seal_uses_a_fresh_ephemeral_key() {
        let (_, public) = key_pair();
        let a = SealedSecret::seal("1", &public, b"same").unwrap();
        let b = SealedSecret::seal("1", &public, b"same").unwrap();
        assert_ne!(a.encrypted_value(), b.encrypted_value());
    }

    #[test]
    fn zeroizing_plaintext_is_accepted() {
        let (secret, public) = key_pair();
        let value = Zeroizing::new(String::from("from a vault"));
        let sealed = SealedSecret::seal("1", &public, &*value).unwrap();
        let sealed_again = SealedSecret::seal("1", &public, value).unwrap();
        for s in [sealed, sealed_again] {
            let bytes = STANDARD.decode(s.encrypted_value()).unwrap();
            assert_eq!(secret.unseal(&bytes).unwrap(), b"from a vault");
        }
    }

    #[test]
    fn malformed_keys_are_errors() {
        assert!(matches!(
            SealedSecret::seal("1", "not base64!", "x"),
            Err(Error::Seal { .. })
        ));
        let short = STANDARD.encode([0u8; 16]);
        let err = SealedSecret::seal("1", &short, "x").unwrap_err();
        assert!(err.to_string().contains("16 bytes"), "{err}");
    }

    #[test]
    fn debug_hides_the_ciphertext() {
        let (_, public) = key_pair();
        let sealed = SealedSecret::seal("1", &public, "x").unwrap();
        assert!(!format!("{sealed:?}").contains(sealed.encrypted_value()));
    }
}
