//! The YAML writer against its reference: `flink_render::yaml::to_yaml` (a single-pass writer
//! for what manifests are made of) must give the same bytes as serde-saphyr with the product's
//! options (`yaml::emit::reference_to_string`), for every rendered fixture and for generated
//! values full of strings that look like numbers, booleans, timestamps, markers, comments,
//! block scalars with leading spaces and odd line breaks.

mod support;

use flink_render::yaml::emit::reference_to_string;
use flink_render::yaml::to_yaml;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Strings drawn from the characters that decide quoting and block style.
fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9]{0,6}",
        "[-+._:0-9eExXoObBnNyYaflsu~<=T ]{0,8}",
        "[0-9]{1,4}(-[0-9]{1,2}){0,2}([Tt ][0-9]{1,2}(:[0-9]{2}){0,2})?",
        "[-a-z0-9#:'\" \\t./@`!&*|>%{}\\[\\],?]{0,10}",
        "( {0,3}[a-z#:-]{0,5}\\n){1,4}\\n{0,2}",
        "[a-z \\n\\t\\r]{0,8}",
        "[\u{0}-\u{1f}\u{7f}\u{85}\u{a0}\u{feff}\u{2028}é字]{0,4}",
        prop::sample::select(vec![
            "",
            "~",
            "null",
            "Null",
            "TRUE",
            "yes",
            "Off",
            "y",
            "n",
            "<<",
            "=",
            "---",
            "...",
            "--- x",
            "... x",
            ".inf",
            "-.INF",
            ".NaN",
            "0x1F",
            "0o17",
            "0b101",
            "1_000",
            "1:20",
            "1:20.5",
            "2001-12-14",
            "2001-12-14t21:59:43.10-05:00",
            "1e3",
            "6.8523015e+5",
            "-",
            "?",
            "- a",
            "? a",
            "a: b",
            "a:",
            "a #b",
            "a#b",
            "#a",
            " a",
            "a ",
            "500m",
            "2Gi",
            "flink:1.14.2",
            "--input",
            "./README.txt",
            "|",
            ">",
            "@x",
            "`x",
            "%x",
            "!x",
            "&x",
            "*x",
            "\"x\"",
            "'x'",
            "\n",
            "\n\n",
            " \n x",
            "a\n",
            "a\n\n",
            "a\r\nb",
        ])
        .prop_map(str::to_owned),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        tricky_string().prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(tricky_string(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

fn assert_same(value: &Value) -> Result<(), TestCaseError> {
    let fast = to_yaml(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let reference = reference_to_string(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(fast, reference, "for {:?}", value);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn strings_in_every_position_come_out_as_the_reference_writes_them(
        key in tricky_string(),
        text in tricky_string(),
    ) {
        let object = |v: Value| Value::Object(Map::from_iter([(key.clone(), v)]));
        let string = Value::String(text.clone());
        for value in [
            object(string.clone()),
            object(Value::Array(vec![string.clone(), string.clone()])),
            object(Value::Array(vec![object(string.clone())])),
            Value::Array(vec![object(object(string.clone()))]),
            Value::Array(vec![string.clone()]),
        ] {
            assert_same(&value)?;
        }
    }

    #[test]
    fn nested_values_come_out_as_the_reference_writes_them(value in value()) {
        assert_same(&value)?;
    }
}

#[test]
fn every_rendered_fixture_comes_out_as_the_reference_writes_it() {
    let mut objects = 0;
    for path in support::fixtures("render") {
        let rendered = support::render_fixture(&path);
        for object in &rendered {
            let fast = to_yaml(object).expect("writes");
            let reference = reference_to_string(object).expect("writes");
            assert_eq!(fast, reference, "{} in {}", object.kind(), path.display());
            objects += 1;
        }
    }
    assert!(objects > 100, "only {objects} objects compared");
}
