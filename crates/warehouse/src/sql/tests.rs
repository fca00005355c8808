//! The query's text per dialect on a small config that uses every cell
//! meaning the query applies (snapshots), and the errors of configs and
//! tables it cannot serve.

use super::*;

const CONFIG: &str = r#"
[survey]
id = "resp id"
weight = "w"
decimal = ","
not_experienced = ["n.v.t."]
[survey.values]
"Zeer tevreden" = 5
[[touchpoint]]
column = "tp_shop"
scale = [1, 5]
not_experienced = ["99"]
[[touchpoint]]
column = "tp_call"
scale = [1, 5]
reverse = true
[[kpi]]
column = "nps"
kind = "nps"
analyse_as = ["score", "detractor"]
model = "linear"
[[kpi]]
column = "stays"
kind = "binary"
positive = ["ja", "o'k"]
model = "linear"
[segments]
columns = ["region"]
"#;

fn config() -> Config {
    Config::from_toml_str(CONFIG, "survey.toml").unwrap()
}

#[test]
fn duckdb_query() {
    insta::assert_snapshot!(query(&config(), "responses", Dialect::DuckDb, 32).unwrap());
}

#[test]
fn spark_query() {
    insta::assert_snapshot!(query(&config(), "db.responses", Dialect::Spark, 32).unwrap());
}

#[test]
fn postgres_query() {
    insta::assert_snapshot!(query(&config(), "responses", Dialect::Postgres, 32).unwrap());
}

#[test]
fn every_number_of_the_layout_has_one_aggregate() {
    let layout = Layout::new(&config(), 32).unwrap();
    assert_eq!(aggregates(&layout).len(), layout.len());
}

#[test]
fn what_the_query_cannot_serve_is_a_clear_error() {
    let err = |config: &str, table: &str, blocks: usize| {
        let config = Config::from_toml_str(config, "survey.toml").unwrap();
        query(&config, table, Dialect::DuckDb, blocks)
            .unwrap_err()
            .to_string()
    };
    let no_id = CONFIG.replace("id = \"resp id\"\n", "");
    assert!(err(&no_id, "t", 32).contains("survey.toml: [survey] id is not set"));
    assert!(err(CONFIG, "t; DROP TABLE x", 32).contains("--table"));
    assert!(err(CONFIG, "t", 0).contains("--blocks 0"));
    assert!(err(CONFIG, "t", 31).contains("use 32 to 1000000 blocks"));
    let wide = CONFIG.replace("scale = [1, 5]\nnot", "scale = [0, 1000]\nnot");
    assert!(err(&wide, "t", 32).contains("more than 101 points"));
    assert_eq!(
        Dialect::parse("Oracle").unwrap_err().to_string(),
        "dialect \"Oracle\" is not supported; use duckdb, spark or postgres"
    );
    assert_eq!(Dialect::parse(" Spark ").unwrap(), Dialect::Spark);
}
