//! Behaviour of the real service that its reference page does not show, kept by the spec, the
//! client and `local-vpc` alike (see the enum comments in spec/vpc.yaml).

use local_vpc::{LocalVpc, Options};
use vpc_traffic_mirror::models::*;
use vpc_traffic_mirror::{AkSkCredentials, Client, Config};

#[tokio::test]
async fn lower_case_protocols_are_sent_stored_and_read_back_unchanged() {
    let options = Options::default();
    let service = LocalVpc::start(options.clone())
        .await
        .expect("the local service starts");
    let client = Client::builder()
        .endpoint(service.base_url())
        .config(Config::default().with_allow_http(true))
        .credentials(AkSkCredentials::new(options.ak.clone(), options.sk.clone()))
        .project_id(options.project_id.clone())
        .build()
        .expect("valid settings");
    let filter = client
        .create_traffic_mirror_filter(&CreateTrafficMirrorFilterRequestBody {
            traffic_mirror_filter: CreateTrafficMirrorFilterOption {
                name: "lower-case".into(),
                description: None,
            },
        })
        .await
        .expect("filter created")
        .into_body()
        .traffic_mirror_filter;

    // What the vendor's Terraform acceptance test sends, with the ethertype it pairs them with.
    let cases = [
        (
            TrafficMirrorFilterRuleProtocol::TcpLower,
            "tcp",
            TrafficMirrorFilterRuleEthertype::IPv4,
        ),
        (
            TrafficMirrorFilterRuleProtocol::UdpLower,
            "udp",
            TrafficMirrorFilterRuleEthertype::IPv4,
        ),
        (
            TrafficMirrorFilterRuleProtocol::Icmpv6Lower,
            "icmpv6",
            TrafficMirrorFilterRuleEthertype::IPv6,
        ),
        (
            TrafficMirrorFilterRuleProtocol::AllLower,
            "all",
            TrafficMirrorFilterRuleEthertype::IPv4,
        ),
        (
            TrafficMirrorFilterRuleProtocol::Tcp,
            "TCP",
            TrafficMirrorFilterRuleEthertype::IPv4,
        ),
    ];
    for (priority, (protocol, wire, ethertype)) in (1..).zip(cases) {
        let created = client
            .create_traffic_mirror_filter_rule(&CreateTrafficMirrorFilterRuleRequestBody {
                traffic_mirror_filter_rule: CreateTrafficMirrorFilterRuleOption {
                    description: None,
                    traffic_mirror_filter_id: filter.id.clone(),
                    direction: TrafficMirrorFilterRuleDirection::Ingress,
                    protocol: protocol.clone(),
                    ethertype,
                    source_cidr_block: None,
                    destination_cidr_block: None,
                    source_port_range: None,
                    destination_port_range: None,
                    action: TrafficMirrorFilterRuleAction::Accept,
                    priority,
                },
            })
            .await
            .unwrap_or_else(|e| panic!("the client and the service accept {wire}: {e}"))
            .into_body()
            .traffic_mirror_filter_rule;
        assert_eq!(created.protocol.as_str(), protocol.as_str());
        let shown = client
            .show_traffic_mirror_filter_rule(&created.id)
            .await
            .expect("the rule reads back")
            .into_body()
            .traffic_mirror_filter_rule;
        assert_eq!(
            shown.protocol.as_str(),
            protocol.as_str(),
            "{wire} reads back as sent"
        );
        let sent = service
            .requests()
            .iter()
            .rev()
            .find(|r| r.method == "POST")
            .map(|r| String::from_utf8_lossy(&r.body).into_owned())
            .unwrap_or_default();
        assert!(sent.contains(&format!("\"protocol\":\"{wire}\"")), "{sent}");
    }
}
