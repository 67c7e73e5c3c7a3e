//! Documents without paths (`webhooks_only.yaml`, `components_only.yaml`): their models are
//! generated — webhook payloads decode, and models no webhook carries are kept too.

use fixture_crate::{components_only, defaults_webhooks_only, webhooks_only};

#[test]
fn a_webhook_payload_decodes_into_its_types() {
    let payload = r#"{"type":"balancePlatform.transfer.created","environment":"test",
        "data":{"id":"t-1","amount":{"currency":"EUR","value":1250},"reference":null}}"#;
    let notification: webhooks_only::models::TransferNotification =
        serde_json::from_str(payload).expect("a payload the document describes");
    assert!(matches!(
        notification.type_,
        webhooks_only::models::TransferNotificationType::BalancePlatformTransferCreated
    ));
    assert_eq!(notification.data.amount.value, 1250);
    assert_eq!(notification.data.amount.currency, "EUR");
    // With the default settings (only what is reached) the payload is kept as well.
    let again: defaults_webhooks_only::models::TransferNotification =
        serde_json::from_str(payload).expect("decodes with default settings");
    assert_eq!(again.data.id, "t-1");
}

#[test]
fn an_inline_payload_is_a_type_named_after_its_webhook() {
    let payload = r#"{"reportId":"r-9","status":"ready","downloadUrl":null}"#;
    let report: defaults_webhooks_only::models::ReportGeneratedPayload =
        serde_json::from_str(payload).expect("the inline payload");
    assert_eq!(report.report_id, "r-9");
    assert!(matches!(
        report.status,
        defaults_webhooks_only::models::ReportGeneratedPayloadStatus::Ready
    ));
    assert!(matches!(
        report.download_url,
        specforge_runtime::Nullable::Null
    ));
}

#[test]
fn models_no_webhook_carries_are_kept_with_default_settings() {
    let balance: defaults_webhooks_only::models::Balance =
        serde_json::from_str(r#"{"available":7}"#).expect("balance");
    assert_eq!(balance.available, Some(7));
    let money: components_only::models::Money =
        serde_json::from_str(r#"{"amount":"1.5","currency":"USD"}"#).expect("money");
    assert!(matches!(
        money.currency,
        components_only::models::Currency::Usd
    ));
}
