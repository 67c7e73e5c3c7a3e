//! The vendor's HMAC signing algorithms: which hash, which key, and how the result is named.
//!
//! Each follows a class of the vendor's Python SDK (`huaweicloudsdkcore/signer/signer.py`):
//! `Signer` (`SDK-HMAC-SHA256`), `SM3Signer` (`SDK-HMAC-SM3`) and `DerivationAKSKSigner`
//! (`V11-HMAC-SHA256`, whose key is derived with HKDF-SHA256 from the AK/SK, the day, the
//! region and the service, see `huaweicloudsdkcore/signer/hkdf.py`).

use hkdf::Hkdf;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use sm3::Sm3;

/// How requests are signed. The default, `SDK-HMAC-SHA256`, is what every vendor gateway accepts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SigningAlgorithm {
    /// `SDK-HMAC-SHA256`: HMAC-SHA256 keyed by the secret key.
    #[default]
    HmacSha256,
    /// `SDK-HMAC-SM3`: the same scheme with the Chinese national hash SM3 (GB/T 32905-2016).
    HmacSm3,
    /// `V11-HMAC-SHA256`: HMAC-SHA256 keyed by a per-day key derived from the AK/SK for one
    /// region and service (the vendor's "derived AK/SK" authentication).
    DerivedHmacSha256 {
        /// The region ID, e.g. `cn-north-4`.
        region: String,
        /// The service name the gateway expects, e.g. `vpc`.
        service: String,
    },
}

impl SigningAlgorithm {
    /// The name that starts the string to sign and the `Authorization` header.
    pub fn name(&self) -> &'static str {
        match self {
            SigningAlgorithm::HmacSha256 => "SDK-HMAC-SHA256",
            SigningAlgorithm::HmacSm3 => "SDK-HMAC-SM3",
            SigningAlgorithm::DerivedHmacSha256 { .. } => "V11-HMAC-SHA256",
        }
    }

    /// The header that, when present, replaces the body hash (added for bodies not JSON).
    pub fn content_hash_header(&self) -> &'static str {
        match self {
            SigningAlgorithm::HmacSm3 => "X-Sdk-Content-Sm3",
            _ => "X-Sdk-Content-Sha256",
        }
    }

    /// Lower-hex digest of `data` with this algorithm's hash.
    pub(crate) fn hash_hex(&self, data: &[u8]) -> String {
        match self {
            SigningAlgorithm::HmacSm3 => hex::encode(Sm3::digest(data)),
            _ => hex::encode(Sha256::digest(data)),
        }
    }

    /// The credential scope of the derived algorithm: `YYYYMMDD/region/service`.
    pub(crate) fn scope(&self, sdk_date: &str) -> Option<String> {
        match self {
            SigningAlgorithm::DerivedHmacSha256 { region, service } => {
                let day = sdk_date.get(..8).unwrap_or(sdk_date);
                Some(format!("{day}/{region}/{service}"))
            }
            _ => None,
        }
    }

    /// The lower-hex signature of `string_to_sign`.
    pub(crate) fn signature(
        &self,
        access_key: &str,
        secret_key: &str,
        scope: Option<&str>,
        string_to_sign: &str,
    ) -> String {
        match (self, scope) {
            (SigningAlgorithm::HmacSm3, _) => {
                hmac_hex::<Hmac<Sm3>>(secret_key.as_bytes(), string_to_sign)
            }
            (SigningAlgorithm::DerivedHmacSha256 { .. }, Some(scope)) => {
                let key = derived_key(access_key, secret_key, scope);
                hmac_hex::<Hmac<Sha256>>(key.as_bytes(), string_to_sign)
            }
            _ => hmac_hex::<Hmac<Sha256>>(secret_key.as_bytes(), string_to_sign),
        }
    }
}

/// HKDF-SHA256 with the access key as salt, the secret key as input key material and the scope
/// as info, 32 bytes, hex-encoded: the SDK then uses that hex text (not the bytes) as HMAC key.
fn derived_key(access_key: &str, secret_key: &str, scope: &str) -> String {
    let hkdf = Hkdf::<Sha256>::new(Some(access_key.as_bytes()), secret_key.as_bytes());
    let mut key = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's limit of 255 * 32, so expanding cannot fail.
    match hkdf.expand(scope.as_bytes(), &mut key) {
        Ok(()) => hex::encode(key),
        Err(_) => String::new(),
    }
}

fn hmac_hex<M: Mac + KeyInit>(key: &[u8], message: &str) -> String {
    // HMAC accepts keys of any length, so this never fails; an empty MAC would only fail
    // verification at the server.
    match <M as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sm3_is_the_standard_hash() {
        // GB/T 32905-2016, example 1.
        assert_eq!(
            SigningAlgorithm::HmacSm3.hash_hex(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    #[test]
    fn the_derived_scope_uses_the_day_region_and_service() {
        let derived = SigningAlgorithm::DerivedHmacSha256 {
            region: "cn-north-4".into(),
            service: "vpc".into(),
        };
        assert_eq!(
            derived.scope("20240102T030405Z").as_deref(),
            Some("20240102/cn-north-4/vpc")
        );
        assert_eq!(SigningAlgorithm::HmacSm3.scope("20240102T030405Z"), None);
    }
}
