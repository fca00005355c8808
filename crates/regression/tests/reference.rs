//! Published reference values: relaimpo's LMG on R's `swiss` data.
//! The data are a copy of R's `datasets::swiss` (fixtures/swiss.csv).
#![allow(clippy::needless_range_loop)]

use cximpact_regression::shapley_decomposition;

/// Reads a small numeric CSV whose first column is a row name.
fn read_fixture(name: &str) -> (Vec<String>, Vec<Vec<f64>>) {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .skip(1)
        .map(|s| s.trim_matches('"').to_string())
        .collect();
    let mut columns = vec![Vec::new(); header.len()];
    for line in lines.filter(|l| !l.trim().is_empty()) {
        for (j, cell) in line.split(',').skip(1).enumerate() {
            columns[j].push(cell.parse::<f64>().expect("numeric cell"));
        }
    }
    (header, columns)
}

/// relaimpo 2.2-7, `calc.relimp(Fertility ~ ., swiss, type = "lmg")`
/// (Grömping 2006, JSS 17(1)), unnormalised; R² = 0.706735001593.
#[test]
fn lmg_on_swiss_matches_relaimpo() {
    let (header, columns) = read_fixture("swiss.csv");
    assert_eq!(header[0], "Fertility");
    let y = &columns[0];
    let x: Vec<Vec<f64>> = columns[1..].to_vec();
    let groups: Vec<Vec<usize>> = (0..x.len()).map(|j| vec![j]).collect();
    let d = shapley_decomposition(&x, y, None, &groups).unwrap();
    let expected = [
        0.0570912207681,
        0.1711730289,
        0.260134678624,
        0.105570150373,
        0.112765922927,
    ];
    for (j, e) in expected.iter().enumerate() {
        assert!(
            (d.shapley[j] - e).abs() < 1e-9,
            "{}: {} vs {e}",
            header[j + 1],
            d.shapley[j]
        );
    }
    assert!((d.r2 - 0.706735001593).abs() < 1e-9);
    // relaimpo's "first" is each predictor's R² alone: conditional
    // dominance at subset size 0. "last" is the gain over all the others.
    let first = [
        0.124664909906,
        0.417164470501,
        0.440615646724,
        0.215003501619,
        0.173518927325,
    ];
    let last = [
        0.0428696071255,
        0.00738741851512,
        0.161962693077,
        0.0623726258274,
        0.0569452587325,
    ];
    for j in 0..5 {
        assert!((d.conditional[j][0] - first[j]).abs() < 1e-9);
        assert!((d.conditional[j][4] - last[j]).abs() < 1e-9);
    }
}

/// Integer weights equal duplicated rows: weight 2 on the first ten cantons
/// gives the same decomposition as listing them twice.
#[test]
fn integer_weights_equal_duplicated_rows() {
    let (_, columns) = read_fixture("swiss.csv");
    let n = columns[0].len();
    let weights: Vec<f64> = (0..n).map(|i| if i < 10 { 2.0 } else { 1.0 }).collect();
    let dup =
        |c: &Vec<f64>| -> Vec<f64> { c.iter().copied().chain(c[..10].iter().copied()).collect() };
    let groups: Vec<Vec<usize>> = vec![vec![0, 1], vec![2], vec![3, 4]];
    let x: Vec<Vec<f64>> = columns[1..].to_vec();
    let weighted = shapley_decomposition(&x, &columns[0], Some(&weights), &groups).unwrap();
    let xd: Vec<Vec<f64>> = x.iter().map(dup).collect();
    let duplicated = shapley_decomposition(&xd, &dup(&columns[0]), None, &groups).unwrap();
    for g in 0..3 {
        assert!((weighted.shapley[g] - duplicated.shapley[g]).abs() < 1e-12);
    }
}

/// Johnson's relative weights as the R package rwa (0.1.0) prints them for
/// `rwa(mtcars, "mpg", c("cyl", "disp", "hp", "wt"))`: raw weights and
/// rescaled percentages. The data are a copy of R's `datasets::mtcars`
/// (fixtures/mtcars.csv).
#[test]
fn relative_weights_on_mtcars_match_rwa() {
    use cximpact_regression::relative_weights;
    let (header, columns) = read_fixture("mtcars.csv");
    let col = |name: &str| {
        let j = header.iter().position(|h| h == name).expect("column");
        columns[j].clone()
    };
    let x: Vec<Vec<f64>> = ["cyl", "disp", "hp", "wt"].iter().map(|n| col(n)).collect();
    let groups: Vec<Vec<usize>> = (0..4).map(|j| vec![j]).collect();
    let rw = relative_weights(&x, &col("mpg"), None, &groups).unwrap();
    let raw = [0.2096904, 0.1883043, 0.1799590, 0.2706812];
    let rescaled = [24.70914, 22.18908, 21.20570, 31.89607];
    for j in 0..4 {
        assert!(
            (rw.weights[j] - raw[j]).abs() < 1e-6,
            "raw {j}: {}",
            rw.weights[j]
        );
        assert!((rw.raw[j] - raw[j]).abs() < 1e-6);
        assert!(
            (rw.rescaled[j] - rescaled[j]).abs() < 1e-5,
            "rescaled {j}: {}",
            rw.rescaled[j]
        );
    }
    // rwa's R² is that of lm(mpg ~ cyl + disp + hp + wt): 0.8486348.
    assert!((rw.r2 - 0.8486348).abs() < 1e-6, "{}", rw.r2);
    let total: f64 = rw.weights.iter().sum();
    assert!((total - rw.r2).abs() < 1e-12);
    // The predictors are strongly correlated: the condition number shows it.
    assert!(rw.condition_number > 10.0 && rw.condition_number.is_finite());
}

/// The what-if gains against statsmodels 0.15.0 on a seeded survey of 400
/// weighted respondents (fixtures/whatif.csv: three touchpoints rated 1-5,
/// blank = not experienced, the third rated by everyone): the same design
/// fitted by `sm.WLS(y, Z, weights=w)` and `sm.GLM(y, Z,
/// family=Binomial(), freq_weights=w)`, and the gains computed from those
/// coefficients as `add_gains` defines them (linear: `b * sum w h / W`,
/// `-0.1 c f`; logistic: weighted means of `p(eta + b h) - p(eta)` and
/// `0.1 (p(eta - c - b q) - p(eta))` over the experiencers).
#[test]
fn what_if_gains_match_statsmodels() {
    let path = format!("{}/tests/fixtures/whatif.csv", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').collect())
        .collect();
    let num = |s: &str| s.parse::<f64>().expect("numeric cell");
    let touchpoints: Vec<Vec<Option<f64>>> = (4..7)
        .map(|c| {
            rows.iter()
                .map(|r| (!r[c].is_empty()).then(|| num(r[c])))
                .collect()
        })
        .collect();
    let weights = Some(rows.iter().map(|r| num(r[3])).collect());
    let opts = cximpact_regression::ModelOptions::default();
    let expected_linear = [
        (0.334769200992, Some(-0.035082591340)),
        (0.062652535984, Some(0.051088504870)),
        (0.183876242168, None),
    ];
    let expected_logistic = [
        (0.062050631584, Some(-0.007120721841)),
        (0.024106576784, Some(0.011009917399)),
        (0.049570669769, None),
    ];
    for (column, expected, logistic) in [(1, expected_linear, false), (2, expected_logistic, true)]
    {
        let data = cximpact_regression::DriverData {
            kpi: rows.iter().map(|r| num(r[column])).collect(),
            touchpoints: touchpoints.clone(),
            weights: weights.clone(),
        };
        let mut model = if logistic {
            cximpact_regression::fit_kpi_logistic(&data, &opts).unwrap()
        } else {
            cximpact_regression::fit_kpi(&data, &opts).unwrap()
        };
        cximpact_regression::add_gains(&mut model, &data, &[5.0; 3]).unwrap();
        for (t, (one, prevent)) in model.touchpoints.iter().zip(expected) {
            let got = t.gain_one_point.unwrap();
            assert!((got - one).abs() < 1e-7, "one point: {got} vs {one}");
            match (t.gain_prevent, prevent) {
                (Some(got), Some(want)) => {
                    assert!((got - want).abs() < 1e-7, "prevent: {got} vs {want}")
                }
                (got, want) => assert_eq!(got, want),
            }
        }
    }
}
