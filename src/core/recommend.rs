//! Recommendations from the resource catalogue and an action plan from the
//! framework, both aimed at the gaps a result shows. Pure functions.

use crate::core::content::catalogue::Resource;
use crate::core::content::framework::{Framework, Horizon};
use crate::core::content::Content;
use crate::core::model::result::{
    ComponentActions, ComponentScore, Named, Readiness, Recommendation, StageSuggestion,
};
use crate::core::scoring::is_strength;

/// At most this many resources are suggested for one weak area.
pub(crate) const PER_AREA: usize = 3;

/// Something a recommendation can address.
#[derive(Debug, Clone)]
struct Area {
    /// e.g. `component:shared-measurement`.
    tag: String,
    reason: String,
    /// How well a resource fits this area; 0 means not at all.
    fit: FitRule,
}

#[derive(Debug, Clone)]
enum FitRule {
    Component {
        id: String,
        weak_indicators: Vec<String>,
    },
    Precondition(String),
    Step(String),
    Stage(String),
}

impl FitRule {
    fn fit(&self, r: &Resource) -> usize {
        match self {
            FitRule::Component {
                id,
                weak_indicators,
            } => {
                if !r.components.contains(id) {
                    return 0;
                }
                let served = weak_indicators
                    .iter()
                    .filter(|i| r.indicators.contains(i))
                    .count();
                2 + 3 * served
            }
            FitRule::Precondition(id) => usize::from(r.preconditions.contains(id)) * 4,
            FitRule::Step(id) => usize::from(r.steps.contains(id)) * 4,
            FitRule::Stage(id) => usize::from(r.stages.contains(id)) * 2,
        }
    }

    fn served_indicators(&self, r: &Resource) -> Vec<String> {
        match self {
            FitRule::Component {
                weak_indicators, ..
            } => weak_indicators
                .iter()
                .filter(|i| r.indicators.contains(i))
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The weak areas in priority order: components and preconditions from the
/// lowest score up, then the next key step, then the current stage.
fn weak_areas(
    fw: &Framework,
    components: &[ComponentScore],
    readiness: &Readiness,
    next_step: Option<&Named>,
    stage: &StageSuggestion,
) -> Vec<Area> {
    let mut scored: Vec<(f64, Area)> = Vec::new();
    for c in components {
        let Some(score) = c.score else { continue };
        if is_strength(fw, score) {
            continue;
        }
        scored.push((
            score,
            Area {
                tag: format!("component:{}", c.id),
                reason: format!("{} scored {score:.0} ({})", c.name, c.band),
                fit: FitRule::Component {
                    id: c.id.clone(),
                    weak_indicators: c.weak_indicators.iter().map(|i| i.id.clone()).collect(),
                },
            },
        ));
    }
    for b in &readiness.blocking {
        let score = readiness
            .preconditions
            .iter()
            .find(|p| p.id == b.id)
            .and_then(|p| p.score)
            .unwrap_or(f64::MAX);
        scored.push((
            score,
            Area {
                tag: format!("precondition:{}", b.id),
                reason: format!("readiness: {} {}", b.name, b.reason),
                fit: FitRule::Precondition(b.id.clone()),
            },
        ));
    }
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut areas: Vec<Area> = scored.into_iter().map(|(_, a)| a).collect();
    if let Some(step) = next_step {
        areas.push(Area {
            tag: format!("step:{}", step.id),
            reason: format!("next key step: {}", step.name),
            fit: FitRule::Step(step.id.clone()),
        });
    }
    areas.push(Area {
        tag: format!("stage:{}", stage.id),
        reason: format!("fits the {} stage", stage.name),
        fit: FitRule::Stage(stage.id.clone()),
    });
    areas
}

/// Resources ranked by fit to each weak area, at most [`PER_AREA`] per area,
/// each listed once with every area it addresses and why.
pub(crate) fn recommendations(
    content: &Content,
    components: &[ComponentScore],
    readiness: &Readiness,
    next_step: Option<&Named>,
    stage: &StageSuggestion,
) -> Vec<Recommendation> {
    let fw = &content.framework;
    let stage_rule = FitRule::Stage(stage.id.clone());
    let mut picked: Vec<Recommendation> = Vec::new();
    for area in weak_areas(fw, components, readiness, next_step, stage) {
        let mut ranked: Vec<(usize, &Resource)> = content
            .catalogue
            .resources
            .iter()
            .map(|r| (area.fit.fit(r), r))
            .filter(|(fit, _)| *fit > 0)
            .map(|(fit, r)| (fit + stage_rule.fit(r) / 2, r))
            .collect();
        // Stable sort: equal fits keep the catalogue's order.
        ranked.sort_by_key(|(fit, _)| std::cmp::Reverse(*fit));
        for (_, r) in ranked.into_iter().take(PER_AREA) {
            let served = area.fit.served_indicators(r);
            let reason = if served.is_empty() {
                area.reason.clone()
            } else {
                format!("{}; covers {}", area.reason, served.join(", "))
            };
            match picked.iter_mut().find(|p| p.resource == r.id) {
                Some(existing) => {
                    existing.addresses.push(area.tag.clone());
                    existing.reason = format!("{}; {reason}", existing.reason);
                }
                None => picked.push(Recommendation {
                    resource: r.id.clone(),
                    title: r.title.clone(),
                    publisher: r.publisher.clone(),
                    kind: r.kind.as_str().to_string(),
                    url: r.url.clone(),
                    when: r.when.clone(),
                    reason,
                    addresses: vec![area.tag.clone()],
                }),
            }
        }
    }
    picked
}

/// Actions from the framework for every component below the top band: the
/// quick wins and longer-term actions that touch its weakest indicators first.
pub(crate) fn action_plan(fw: &Framework, components: &[ComponentScore]) -> Vec<ComponentActions> {
    let mut weak: Vec<&ComponentScore> = components
        .iter()
        .filter(|c| c.score.is_some_and(|s| !is_strength(fw, s)))
        .collect();
    weak.sort_by(|a, b| a.score.unwrap_or(0.0).total_cmp(&b.score.unwrap_or(0.0)));
    weak.into_iter()
        .filter_map(|c| {
            let component = fw.component(&c.id)?;
            let weak_ids: Vec<&str> = c.weak_indicators.iter().map(|i| i.id.as_str()).collect();
            let pick = |horizon: Horizon| {
                let mut actions: Vec<_> = component
                    .actions
                    .iter()
                    .filter(|a| a.horizon == horizon)
                    .collect();
                actions.sort_by_key(|a| {
                    std::cmp::Reverse(
                        a.indicators
                            .iter()
                            .filter(|i| weak_ids.contains(&i.as_str()))
                            .count(),
                    )
                });
                actions
                    .into_iter()
                    .take(2)
                    .map(|a| a.text.clone())
                    .collect::<Vec<_>>()
            };
            Some(ComponentActions {
                component: c.id.clone(),
                name: c.name.clone(),
                band: c.band.clone(),
                quick_wins: pick(Horizon::QuickWin),
                longer_term: pick(Horizon::LongerTerm),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::core::answer::{Answer, YesNo};
    use crate::core::fixture;

    fn result_for(pairs: &[(&str, Answer)]) -> crate::core::model::result::AssessmentResult {
        fixture::result(&fixture::content(), pairs)
    }

    #[test]
    fn weakest_component_gets_resources_for_its_weak_indicators_first() {
        let r = result_for(&[
            ("q-vision", Answer::Point(4)),
            ("q-steering", Answer::Point(1)),
            ("q-data-hoarded", Answer::YesNo(YesNo::No)),
        ]);
        let ids: Vec<&str> = r
            .recommendations
            .iter()
            .map(|x| x.resource.as_str())
            .collect();
        assert_eq!(&ids[..2], ["res-steering", "res-agenda"]);
        assert!(
            !ids.contains(&"res-data"),
            "shared measurement is a strength, so it needs no resource"
        );
        let first = &r.recommendations[0];
        assert!(
            first.reason.contains("Common agenda scored"),
            "{}",
            first.reason
        );
        assert!(first.reason.contains("ca-steering-committee"));
        assert!(first
            .addresses
            .contains(&"component:common-agenda".to_string()));
    }

    #[test]
    fn every_recommendation_has_a_reason_and_none_repeats() {
        let r = result_for(&[
            ("q-vision", Answer::Point(1)),
            ("q-steering", Answer::Point(1)),
            ("q-data-hoarded", Answer::YesNo(YesNo::Yes)),
            ("r-fit", Answer::YesNo(YesNo::Yes)),
            ("r-champions", Answer::Choice("none".into())),
            ("k-champions", Answer::Choice("not-started".into())),
        ]);
        let mut ids: Vec<&str> = r
            .recommendations
            .iter()
            .map(|x| x.resource.as_str())
            .collect();
        assert!(r
            .recommendations
            .iter()
            .all(|x| !x.reason.is_empty() && !x.addresses.is_empty()));
        let total = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), total, "no resource is suggested twice");
        // The champions programme serves both the blocking precondition and the next step.
        let champions = r
            .recommendations
            .iter()
            .find(|x| x.resource == "res-champions")
            .unwrap();
        assert!(champions
            .addresses
            .contains(&"precondition:influential-champions".to_string()));
        assert!(champions
            .addresses
            .contains(&"step:champions-and-partnership".to_string()));
    }

    #[test]
    fn action_plan_has_a_quick_win_and_a_longer_term_action_per_weak_component() {
        let r = result_for(&[
            ("q-vision", Answer::Point(2)),
            ("q-steering", Answer::Point(1)),
            ("q-data-hoarded", Answer::YesNo(YesNo::No)),
        ]);
        assert_eq!(r.action_plan.len(), 1);
        let plan = &r.action_plan[0];
        assert_eq!(plan.component, "common-agenda");
        assert!(!plan.quick_wins.is_empty() && !plan.longer_term.is_empty());
        assert!(
            plan.quick_wins[0].contains("steering group"),
            "{:?}",
            plan.quick_wins
        );
    }
}
