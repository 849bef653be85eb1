//! ABC(D) segments (docs/terms.md): the classes, and each paying client's
//! class computed from its revenue in the window.

use serde::Serialize;

/// ABC(D) classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Segment {
    A,
    B,
    C,
    D,
}

impl Segment {
    pub fn key(self) -> &'static str {
        match self {
            Segment::A => "A",
            Segment::B => "B",
            Segment::C => "C",
            Segment::D => "D",
        }
    }

    pub fn parse(input: &str) -> Option<Segment> {
        match input.trim().to_uppercase().as_str() {
            "A" | "А" => Some(Segment::A),
            "B" | "В" | "Б" => Some(Segment::B),
            "C" | "С" => Some(Segment::C),
            "D" | "Д" => Some(Segment::D),
            _ => None,
        }
    }
}

/// The computed class of every client that ever paid, from its revenue in
/// the window: ranked by revenue, highest first (ties: lower id first); A
/// while the revenue of the clients ranked above is below `a` of the total,
/// B below `b`, C otherwise; D with no revenue in the window.
pub fn classify(revenues: &[(i64, i64)], a: f64, b: f64) -> Vec<(i64, Segment)> {
    let mut ranked: Vec<(i64, i64)> = revenues.to_vec();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let total: i128 = ranked.iter().map(|(_, r)| i128::from((*r).max(0))).sum();
    let mut above: i128 = 0;
    ranked
        .into_iter()
        .map(|(id, revenue)| {
            let share = if total > 0 {
                above as f64 / total as f64
            } else {
                1.0
            };
            let class = if revenue <= 0 {
                Segment::D
            } else if share < a {
                Segment::A
            } else if share < b {
                Segment::B
            } else {
                Segment::C
            };
            above += i128::from(revenue.max(0));
            (id, class)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abc_boundaries_ties_and_no_revenue() {
        // Total 100: 50 (A), 30 (A: 50 above < 80), 15 (B: 80 above), 5 (C: 95).
        let classes = classify(&[(1, 50), (2, 30), (3, 15), (4, 5), (5, 0)], 0.8, 0.95);
        assert_eq!(
            classes,
            vec![
                (1, Segment::A),
                (2, Segment::A),
                (3, Segment::B),
                (4, Segment::C),
                (5, Segment::D)
            ]
        );
        // Ties: the lower id ranks first.
        let tie = classify(&[(9, 40), (3, 40), (5, 20)], 0.5, 0.9);
        assert_eq!(tie, vec![(3, Segment::A), (9, Segment::A), (5, Segment::B)]);
        // Exactly at 80 % above: not A.
        let edge = classify(&[(1, 80), (2, 20)], 0.8, 0.95);
        assert_eq!(edge[1], (2, Segment::B));
    }
}
