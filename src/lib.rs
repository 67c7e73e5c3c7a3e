//! A typed, signed, async client for Huawei Cloud VPC v3 traffic mirroring.
//!
//! The code is generated at build time from `spec/vpc.yaml` by `specforge` (see `build.rs`);
//! a reviewable copy is committed as `generated/vpc.rs`.
//!
//! ```no_run
//! use vpc_traffic_mirror::{models, AkSkCredentials, Client};
//!
//! # async fn example() -> Result<(), vpc_traffic_mirror::Error> {
//! let client = Client::builder()
//!     .region("cn-north-4")
//!     .project_id("7365fcd452924e398ec4cc1fe39c0d12")
//!     .credentials(AkSkCredentials::from_env().expect("HUAWEICLOUD_SDK_AK/SK are set"))
//!     .build()?;
//! let body = models::RemoveSourcesFromTrafficMirrorSessionRequestBody {
//!     traffic_mirror_session: models::TrafficMirrorSourcesOption {
//!         traffic_mirror_sources: vec!["6134900d-31a6-4b71-8453-dbca7f26982a".into()],
//!     },
//! };
//! let response = client
//!     .remove_sources_from_traffic_mirror_session("e15a6e40-2580-4949-bf2a-55ee7cd49392", &body)
//!     .await?;
//! println!("{:?} (request {:?})", response.traffic_mirror_session.traffic_mirror_sources, response.request_id());
//! # Ok(())
//! # }
//! ```

include!(concat!(env!("OUT_DIR"), "/vpc.rs"));
