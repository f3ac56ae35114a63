//! A small, fixed set of content for unit tests, independent of the bundled banks.

use crate::core::answer::{Answer, Response};
use crate::core::assess::{assess, Subject};
use crate::core::content::{self, BankId, Content, SourceFile};
use crate::core::model::result::AssessmentResult;

const RESOURCES: &str = r#"
schema_version = 1

[[resources]]
id = "res-steering"
title = "Steering guide"
publisher = "P"
kind = "guide"
components = ["common-agenda"]
indicators = ["ca-steering-committee"]
stages = ["define"]
when = "W"

[[resources]]
id = "res-agenda"
title = "Agenda tool"
publisher = "P"
kind = "tool"
components = ["common-agenda"]
when = "W"

[[resources]]
id = "res-data"
title = "Data portal"
publisher = "P"
kind = "tool"
components = ["shared-measurement"]
indicators = ["sm-shared-data"]
when = "W"

[[resources]]
id = "res-champions"
title = "Champions"
publisher = "P"
kind = "programme"
preconditions = ["influential-champions"]
steps = ["champions-and-partnership", "scope-and-segment"]
when = "W"

[[resources]]
id = "res-discover"
title = "Discovery"
publisher = "P"
kind = "report"
stages = ["discover"]
when = "W"
"#;

const SELF_REFLECTION: &str = r#"
schema_version = 1
id = "self-reflection"
name = "S"
summary = "S"

[[questions]]
id = "q-vision"
kind = "scale"
scale = "agreement"
text = "Vision"
[[questions.measures]]
component = "common-agenda"
indicator = "ca-vision-and-goal"
weight = 1.0

[[questions]]
id = "q-steering"
kind = "scale"
scale = "agreement"
text = "Steering"
[[questions.measures]]
component = "common-agenda"
indicator = "ca-steering-committee"
weight = 2.0

[[questions]]
id = "q-data-hoarded"
kind = "yes-no"
reverse = true
text = "Partners keep data to themselves"
[[questions.measures]]
component = "shared-measurement"
indicator = "sm-shared-data"
weight = 1.0

[[questions]]
id = "q-free"
kind = "text"
text = "Anything else?"

[[questions]]
id = "q-plan"
kind = "scale"
labels = ["No plan", "Draft", "Agreed"]
text = "Plan"
[[questions.measures]]
component = "mutually-reinforcing-activities"
weight = 1.0
"#;

const READINESS: &str = r#"
schema_version = 1
id = "readiness"
name = "R"
summary = "R"

[[questions]]
id = "r-fit"
kind = "yes-no"
text = "Fit"
[[questions.measures]]
precondition = "approach-fit"
weight = 1.0

[[questions]]
id = "r-champions"
kind = "choice"
text = "Champions"
options = [
  { id = "none", label = "None", score = 0.0 },
  { id = "some", label = "Some", score = 0.6 },
  { id = "strong", label = "Strong", score = 1.0 },
]
[[questions.measures]]
precondition = "influential-champions"
weight = 1.0
"#;

const KEY_STEPS: &str = r#"
schema_version = 1
id = "key-steps"
name = "K"
summary = "K"

[[questions]]
id = "k-champions"
kind = "choice"
option_set = "progress"
text = "Champions found"
[[questions.measures]]
step = "champions-and-partnership"
weight = 1.0

[[questions]]
id = "k-scope"
kind = "choice"
option_set = "progress"
text = "Scope"
[[questions.measures]]
step = "scope-and-segment"
weight = 1.0
"#;

/// The bundled framework with the small banks and catalogue above.
pub(crate) fn content() -> Content {
    let framework = content::bundled_files()
        .into_iter()
        .find(|f| f.path == content::FRAMEWORK_FILE)
        .expect("framework is bundled");
    let file = |path: &'static str, text: &str| SourceFile {
        path,
        shown_as: path.to_string(),
        text: text.to_string(),
    };
    content::parse(&[
        framework,
        file(content::CATALOGUE_FILE, RESOURCES),
        file("questions/self-reflection.toml", SELF_REFLECTION),
        file("questions/readiness.toml", READINESS),
        file("questions/key-steps.toml", KEY_STEPS),
    ])
    .unwrap_or_else(|problems| panic!("fixture is invalid: {problems:?}"))
}

/// One person's answers, by question id.
pub(crate) fn response(pairs: &[(&str, Answer)]) -> Response {
    Response {
        answers: pairs
            .iter()
            .map(|(id, answer)| (id.to_string(), answer.clone()))
            .collect(),
        ..Response::default()
    }
}

/// The result of one person's answers over every part.
pub(crate) fn result(content: &Content, pairs: &[(&str, Answer)]) -> AssessmentResult {
    let meta = Subject {
        partnership: "P".into(),
        member: None,
        date: None,
        parts: BankId::ALL.to_vec(),
    };
    assess(content, &meta, &[response(pairs)])
}
