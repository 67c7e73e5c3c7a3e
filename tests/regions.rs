//! Regions: the spec's `enum` of the vendor's 34 VPC regions becomes `Region`, the builder
//! refuses other IDs with the valid ones listed, and both the explicit endpoint and the
//! vendor's `HUAWEICLOUD_SDK_REGION_VPC_<REGION>` variable still override the endpoint.
//!
//! One test function: it sets an environment variable, and `build` reads the environment, so
//! nothing else in this binary may run at the same time.

mod support;

use std::str::FromStr;

use support::fake_vpc::FakeVpc;
use vpc_traffic_mirror::{models, AkSkCredentials, Client, Config, Region};

fn builder() -> vpc_traffic_mirror::ClientBuilder {
    Client::builder()
        .credentials(AkSkCredentials::new(FakeVpc::AK, FakeVpc::SK))
        .project_id(FakeVpc::PROJECT_ID)
}

fn build_error(builder: vpc_traffic_mirror::ClientBuilder) -> String {
    builder
        .build()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn regions_are_checked_listed_and_overridable() {
    // The vendor's list, typed.
    assert_eq!(Region::ALL.len(), 34);
    assert_eq!(Region::VALUES.len(), 34);
    assert_eq!(Region::CnNorth4.as_str(), "cn-north-4");
    assert_eq!(
        Region::from_str("ap-southeast-1").ok(),
        Some(Region::ApSoutheast1)
    );
    for region in Region::ALL {
        assert_eq!(Region::from_str(region.as_str()).ok(), Some(*region));
        assert!(builder().region(*region).build().is_ok(), "{region}");
    }

    // Unknown and wrongly cased IDs are refused, naming the valid ones.
    for bad in ["xx-nowhere-1", "CN-NORTH-4"] {
        let message = build_error(builder().region(bad));
        assert!(message.contains(&format!("{bad:?}")), "{message}");
        assert!(
            message.contains("af-north-1, af-south-1, ap-southeast-1"),
            "{message}"
        );
        let parsed = Region::from_str(bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(parsed.contains("cn-north-4"), "{parsed}");
    }

    // An explicit endpoint wins over the region check.
    let fake = FakeVpc::start().await;
    let local =
        |b: vpc_traffic_mirror::ClientBuilder| b.config(Config::default().with_allow_http(true));
    let client = local(builder().region("xx-nowhere-1").endpoint(fake.base_url()))
        .build()
        .expect("an explicit endpoint needs no listed region");
    client
        .list_traffic_mirror_sessions(&models::ListTrafficMirrorSessionsParams::default())
        .await
        .expect("sent to the explicit endpoint");

    // The vendor's environment override gives the endpoint of a region, listed or not.
    let variable = "HUAWEICLOUD_SDK_REGION_VPC_XX_NOWHERE_1";
    std::env::set_var(
        variable,
        format!("{},https://unused.example", fake.base_url()),
    );
    let client = local(builder().region("xx-nowhere-1")).build();
    std::env::remove_var(variable);
    let before = fake.requests().len();
    client
        .expect("the override makes the region usable")
        .list_traffic_mirror_sessions(&models::ListTrafficMirrorSessionsParams::default())
        .await
        .expect("sent to the overriding endpoint");
    assert_eq!(fake.requests().len(), before + 1);
    assert!(build_error(builder().region("xx-nowhere-1")).contains("xx-nowhere-1"));
}
