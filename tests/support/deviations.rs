//! The rows of docs/deviations.md, each with its id, for the oracle tests' declared lists.
//!
//! Every table row outside the native target's and the Apache operator's sections starts with
//! an anchor, `<a id="row-id"></a>`, naming the row. The oracle tests list, for every row of the
//! sections they cover, either how the row's difference shows when flink-render's output is
//! compared with the operator's, or why it cannot show there; and every entry of their lists
//! must name a row.

use std::collections::{BTreeMap, BTreeSet};

/// The section whose rows describe the native target, which no operator oracle covers.
pub const NATIVE_SECTION: &str = "The native target (`--target native`)";

/// The section whose rows describe the Apache operator's resources, which no oracle of
/// spotify's operator covers (tests/apache.rs and tests/native_flink.rs pin them).
pub const APACHE_SECTION: &str = "FlinkDeployments and FlinkSessionJobs (the Apache operator)";

/// One table row of docs/deviations.md.
#[derive(Clone, Debug)]
pub struct Row {
    /// The `## ` heading the row is under.
    pub section: String,
    /// Its id, if it has an anchor.
    pub id: Option<String>,
    /// Line number, from 1.
    pub line: usize,
}

/// Every data row of every table (header and separator rows left out).
pub fn rows() -> Vec<Row> {
    let text = super::read(&super::repo().join("docs/deviations.md"));
    let mut rows = Vec::new();
    let mut section = String::new();
    let mut previous_was_table = false;
    let mut table_line = 0;
    for (index, line) in text.lines().enumerate() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.trim().to_owned();
        }
        let in_table = line.starts_with('|');
        table_line = if in_table && previous_was_table {
            table_line + 1
        } else {
            0
        };
        previous_was_table = in_table;
        // Line 0 of a table is its header, line 1 the separator.
        if in_table && table_line >= 2 {
            rows.push(Row {
                section: section.clone(),
                id: anchor(line),
                line: index + 1,
            });
        }
    }
    rows
}

fn anchor(line: &str) -> Option<String> {
    let start = line.find("<a id=\"")? + "<a id=\"".len();
    let end = line[start..].find('"')? + start;
    Some(line[start..end].to_owned())
}

/// The ids of the rows in `sections` (all when `None`), with their lines; fails on rows outside
/// the native section without an id and on ids given twice.
pub fn ids_in(sections: Option<&[&str]>, except: &[&str]) -> BTreeMap<String, usize> {
    let mut ids = BTreeMap::new();
    let mut every: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for row in rows() {
        if row.section == NATIVE_SECTION || row.section == APACHE_SECTION {
            continue;
        }
        let Some(id) = row.id else {
            problems.push(format!(
                "docs/deviations.md:{}: a row without an id: start its first cell with <a id=\"some-id\"></a>",
                row.line
            ));
            continue;
        };
        let wanted = sections.is_none_or(|s| s.contains(&row.section.as_str()))
            && !except.contains(&row.section.as_str());
        if let Some(first) = every.insert(id.clone(), row.line) {
            problems.push(format!(
                "docs/deviations.md:{}: id {id} is already used on line {first}",
                row.line
            ));
        }
        if wanted {
            ids.insert(id, row.line);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    ids
}

/// The problems of a test's lists against the rows it covers: every row of `covered` must be
/// in `declared` or `not_shown` (not both); every declared id must be a row of docs/deviations.md
/// (`all`), every id said not to show a row of `covered`.
pub fn coverage_problems(
    test: &str,
    covered: &BTreeMap<String, usize>,
    all: &BTreeMap<String, usize>,
    declared: &[&str],
    not_shown: &[&str],
) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, line) in covered {
        let listed = declared.contains(&id.as_str()) || not_shown.contains(&id.as_str());
        if !listed {
            problems.push(format!(
                "docs/deviations.md:{line}: row {id} is neither in DECLARED (how its difference shows) nor in NOT_SHOWN (why it cannot) of {test}"
            ));
        }
    }
    for id in declared {
        if !all.contains_key(*id) {
            problems.push(format!(
                "{test} declares {id}, which is no row of docs/deviations.md"
            ));
        }
        if not_shown.contains(id) {
            problems.push(format!(
                "{test}: {id} is both declared and said not to show"
            ));
        }
    }
    for id in not_shown {
        if !covered.contains_key(*id) {
            problems.push(format!(
                "{test} names {id}, which is no row of the sections it covers"
            ));
        }
    }
    problems
}

/// The declarations whose example no longer shows their difference: `(id, example)` of every
/// declaration, the cases each id was seen in, and whether an example was compared at all.
pub fn unpinned(
    declarations: &[(&str, &str)],
    seen: &BTreeMap<&str, BTreeSet<String>>,
    compared: impl Fn(&str) -> bool,
) -> Vec<String> {
    declarations
        .iter()
        .filter(|(id, example)| {
            compared(example) && !seen.get(id).is_some_and(|cases| cases.contains(*example))
        })
        .map(|(id, example)| {
            format!(
                "{example}: the difference declared as {id} is not there any more; remove the declaration (or pick another example)"
            )
        })
        .collect()
}

/// Fails with every problem found.
pub fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
