//! Clock and calendar arithmetic, without a date crate: the server needs only "now", the
//! vendor's timestamp format and the signer's `X-Sdk-Date` format.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch; a clock before 1970 reads as the epoch.
pub(crate) fn unix_now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> i64 {
    unix_now_millis() / 1000
}

/// Formats a time the way the seed page's example does: `2023-02-23T06:57:39.000+00:00`.
pub(crate) fn vendor_timestamp(unix_millis: i64) -> String {
    let unix = unix_millis.div_euclid(1000);
    let millis = unix_millis.rem_euclid(1000);
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}+00:00",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The current time in the vendor's format.
pub(crate) fn now_timestamp() -> String {
    vendor_timestamp(unix_now_millis())
}

/// Parses `YYYYMMDDTHHMMSSZ` (the signer's `X-Sdk-Date`, ref §3 step 3) into Unix
/// seconds, rejecting impossible dates.
pub(crate) fn parse_sdk_date(value: &str) -> Option<i64> {
    let bytes = value.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = &bytes[range];
        digits.iter().all(u8::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0, |acc, digit| acc * 10 + i64::from(digit - b'0'))
        })
    };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    valid.then(|| days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Inverse of [`days_from_civil`]: `(year, month, day)` for days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Number of days in `month` of `year`, for rejecting dates like `20230230`.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_seed_example() {
        // 2023-02-23T06:57:39Z
        assert_eq!(
            vendor_timestamp(1_677_135_459_000),
            "2023-02-23T06:57:39.000+00:00"
        );
        assert_eq!(
            vendor_timestamp(1_677_135_459_042),
            "2023-02-23T06:57:39.042+00:00"
        );
    }

    #[test]
    fn parses_sdk_dates_and_rejects_impossible_ones() {
        assert_eq!(parse_sdk_date("20230223T065739Z"), Some(1_677_135_459));
        assert!(parse_sdk_date("20240229T000000Z").is_some());
        for bad in [
            "20230229T000000Z",
            "20231301T000000Z",
            "2023-02-23T06:57",
            "20230223T245739Z",
        ] {
            assert_eq!(parse_sdk_date(bad), None, "{bad}");
        }
    }
}
