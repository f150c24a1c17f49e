//! The JSON Schema of the FlinkCluster resource is generated from the Rust types and committed;
//! this test fails when the two drift apart.

mod support;

#[test]
fn committed_schema_matches_the_types() {
    let generated =
        serde_json::to_string_pretty(&flink_render::spec::json_schema()).expect("json") + "\n";
    let path = support::repo().join("schema/flinkcluster.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated && std::env::var_os("FLINK_RENDER_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("writes the schema");
        return;
    }
    assert!(
        committed == generated,
        "schema/flinkcluster.schema.json is out of date; review the change and regenerate it with \
         `FLINK_RENDER_UPDATE_SCHEMA=1 cargo test --test schema` (or `flink-render schema`)"
    );
}

#[test]
fn the_schema_command_prints_the_committed_schema() {
    let output = support::cli(&["schema"], "");
    assert!(output.status.success());
    let committed = support::read(&support::repo().join("schema/flinkcluster.schema.json"));
    assert_eq!(support::text(&output.stdout), committed);
}
