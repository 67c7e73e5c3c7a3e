//! Checks on server variables: a value list from the spec's `enum`, and an environment
//! variable per value that overrides the endpoint (the vendor's
//! `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`, `huaweicloudsdkcore/region/provider.py`).

use crate::error::Error;

/// The error for a value not in a variable's list: it names the valid ones.
pub fn unknown_server_variable_value(name: &str, value: &str, allowed: &[&str]) -> Error {
    let mut sorted = allowed.to_vec();
    sorted.sort_unstable();
    Error::Config(format!(
        "server variable `{name}` = {value:?} is not one of the {} supported values: {}",
        allowed.len(),
        sorted.join(", ")
    ))
}

/// Fails when `value` is not in `allowed` (compared exactly: `CN-NORTH-4` is not `cn-north-4`).
pub(crate) fn check_allowed(name: &str, value: &str, allowed: &[&str]) -> Result<(), Error> {
    match allowed.contains(&value) {
        true => Ok(()),
        false => Err(unknown_server_variable_value(name, value, allowed)),
    }
}

/// The environment variable that overrides the endpoint for `value`: `<prefix>_<VALUE>`, the
/// value upper-cased with `-` as `_` (`cn-north-4` -> `..._CN_NORTH_4`).
pub(crate) fn env_override_name(prefix: &str, value: &str) -> String {
    format!("{prefix}_{}", value.to_ascii_uppercase().replace('-', "_"))
}

/// The endpoint an override variable gives: its first comma-separated entry (the vendor's SDK
/// accepts a list and uses the first), with `https://` added when no scheme is given.
pub(crate) fn endpoint_from_override(value: &str) -> Option<String> {
    let first = value.split(',').map(str::trim).find(|e| !e.is_empty())?;
    Some(match first.contains("://") {
        true => first.to_owned(),
        false => format!("https://{first}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_refused_with_the_valid_ones_listed() {
        let allowed = ["cn-north-4", "af-south-1"];
        assert!(check_allowed("region", "cn-north-4", &allowed).is_ok());
        let message = check_allowed("region", "CN-NORTH-4", &allowed)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("\"CN-NORTH-4\""), "{message}");
        assert!(message.contains("af-south-1, cn-north-4"), "{message}");
    }

    #[test]
    fn override_names_and_values_follow_the_vendor() {
        assert_eq!(
            env_override_name("HUAWEICLOUD_SDK_REGION_VPC", "cn-north-4"),
            "HUAWEICLOUD_SDK_REGION_VPC_CN_NORTH_4"
        );
        assert_eq!(
            endpoint_from_override(" https://a.example:8443 , https://b.example").as_deref(),
            Some("https://a.example:8443")
        );
        assert_eq!(
            endpoint_from_override("vpc.example.com").as_deref(),
            Some("https://vpc.example.com")
        );
        assert_eq!(endpoint_from_override(" , "), None);
    }
}
