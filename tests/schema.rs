//! The JSON Schemas of the input kinds are generated from the Rust types and committed; these
//! tests fail when the two drift apart.

mod support;

/// `generated` is what `schema/<file>` holds; with `FLINK_RENDER_UPDATE_SCHEMA` set, a changed
/// schema is written instead.
fn committed_schema_matches(file: &str, generated: serde_json::Value) {
    let generated = serde_json::to_string_pretty(&generated).expect("json") + "\n";
    let path = support::repo().join("schema").join(file);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated && std::env::var_os("FLINK_RENDER_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("writes the schema");
        return;
    }
    assert!(
        committed == generated,
        "schema/{file} is out of date; review the change and regenerate it with \
         `FLINK_RENDER_UPDATE_SCHEMA=1 cargo test --test schema` (or `flink-render schema`)"
    );
}

#[test]
fn committed_schema_matches_the_types() {
    committed_schema_matches(
        "flinkcluster.schema.json",
        flink_render::spec::json_schema(),
    );
}

#[test]
fn committed_flinkdeployment_schema_matches_the_types() {
    committed_schema_matches(
        "flinkdeployment.schema.json",
        flink_render::apache_spec::deployment_json_schema(),
    );
}

#[test]
fn committed_flinksessionjob_schema_matches_the_types() {
    committed_schema_matches(
        "flinksessionjob.schema.json",
        flink_render::apache_spec::session_job_json_schema(),
    );
}

#[test]
fn the_schema_command_prints_the_committed_schema() {
    let output = support::cli(&["schema"], "");
    assert!(output.status.success());
    let committed = support::read(&support::repo().join("schema/flinkcluster.schema.json"));
    assert_eq!(support::text(&output.stdout), committed);
}
