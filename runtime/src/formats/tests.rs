use super::*;

fn decode<T: TextFormat>(json: &str) -> Formatted<T> {
    match serde_json::from_str(json) {
        Ok(value) => value,
        Err(e) => panic!("{json} did not decode: {e}"),
    }
}

fn encode<T: TextFormat>(value: &Formatted<T>) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[test]
fn the_vendor_timestamp_parses_and_travels_back_unchanged() {
    let text = r#""2023-02-23T06:57:39.000+00:00""#;
    let value: DateTime = decode(text);
    let expected = time::macros::datetime!(2023-02-23 06:57:39 UTC);
    assert_eq!(value.value(), Ok(&expected));
    assert_eq!(encode(&value), text, "not rewritten as `…Z`");
    assert_eq!(value, DateTime::new(expected), "equal as instants");
}

#[test]
fn near_misses_of_rfc_3339_parse() {
    for (text, expected) in [
        (
            "2024-01-02 03:04:05Z",
            time::macros::datetime!(2024-01-02 03:04:05 UTC),
        ),
        (
            "2024-01-02t03:04:05z",
            time::macros::datetime!(2024-01-02 03:04:05 UTC),
        ),
        (
            "2024-01-02T03:04:05",
            time::macros::datetime!(2024-01-02 03:04:05 UTC),
        ),
        (
            "2024-01-02T11:04:05+0800",
            time::macros::datetime!(2024-01-02 03:04:05 UTC),
        ),
        (
            "2024-01-02T11:04:05.5+08",
            time::macros::datetime!(2024-01-02 03:04:05.5 UTC),
        ),
    ] {
        let value = DateTime::from_text(text);
        assert_eq!(value.get(), Some(&expected), "{text}");
        assert_eq!(value.as_text(), text, "kept as received");
    }
}

#[test]
fn garbage_decodes_keeps_its_text_and_fails_only_when_read_strictly() {
    for text in [
        "",
        "yesterday",
        "2023-13-45T99:00:00Z",
        "0000-00-00 00:00:00",
        "1700000000",
    ] {
        let value: DateTime = decode(&serde_json::to_string(text).unwrap_or_default());
        assert!(!value.is_valid(), "{text:?}");
        assert_eq!(value.as_text(), text);
        let error = value
            .value()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("date-time") && error.contains(&format!("{text:?}")),
            "{error}"
        );
        assert_eq!(
            encode(&value),
            serde_json::to_string(text).unwrap_or_default()
        );
    }
    assert!(
        "yesterday".parse::<DateTime>().is_err(),
        "FromStr is strict"
    );
    // Not a string at all is still a type error, as for a `String` field.
    assert!(serde_json::from_str::<DateTime>("1700000000").is_err());
}

#[test]
fn values_built_in_code_are_written_canonically() {
    let at = time::macros::datetime!(2024-02-29 12:00:00.25 +01:00);
    assert_eq!(DateTime::from(at).as_text(), "2024-02-29T12:00:00.25+01:00");
    let day = time::macros::date!(2024 - 02 - 29);
    assert_eq!(Date::from(day).as_text(), "2024-02-29");
    assert_eq!(Date::from_text("2024-02-29T23:00:00Z").get(), Some(&day));
    assert!(!Date::from_text("2023-02-29").is_valid(), "not a leap year");
    let id = uuid::Uuid::from_u128(0x6134900d_31a6_4b71_8453_dbca7f26982a);
    assert_eq!(
        Uuid::from(id).as_text(),
        "6134900d-31a6-4b71-8453-dbca7f26982a"
    );
    assert_eq!(
        Uuid::from_text("{6134900D-31A6-4B71-8453-DBCA7F26982A}").get(),
        Some(&id)
    );
    assert_eq!(
        Base64::from(Bytes64(b"hi?>".to_vec())).as_text(),
        "aGk/Pg=="
    );
}

#[test]
fn other_formats_parse_leniently() {
    assert_eq!(
        Base64::from_text("aGk_Pg").get().map(|b| b.0.clone()),
        Some(b"hi?>".to_vec())
    );
    assert_eq!(
        Base64::from_text("aGk/\nPg==").get().map(|b| b.0.clone()),
        Some(b"hi?>".to_vec())
    );
    assert!(!Base64::from_text("not base64!").is_valid());
    assert_eq!(
        Ipv4Addr::from_text("10.0.0.1").get(),
        Some(&std::net::Ipv4Addr::new(10, 0, 0, 1))
    );
    assert!(!Ipv4Addr::from_text("10.0.0.256").is_valid());
    assert!(Ipv6Addr::from_text("::1").is_valid());
    assert!(!Ipv6Addr::from_text("10.0.0.1").is_valid());
    let url = Url::from_text("HTTPS://Example.com");
    assert_eq!(
        url.get().map(url::Url::as_str),
        Some("https://example.com/")
    );
    assert_eq!(url.as_text(), "HTTPS://Example.com", "kept as received");
    assert!(!Url::from_text("/relative/path").is_valid());
}

#[test]
fn debug_shows_the_value_or_the_invalid_text() {
    assert_eq!(format!("{:?}", Ipv4Addr::from_text("1.2.3.4")), "1.2.3.4");
    assert_eq!(
        format!("{:?}", Ipv4Addr::from_text("x")),
        "Invalid(\"ipv4\", \"x\")"
    );
}
