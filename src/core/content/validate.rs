//! Checks that go beyond TOML syntax and types: unique ids, references that
//! resolve, sensible numbers, and coverage of the framework.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use super::bank::{AnswerFormat, Bank, Question, QuestionKind, Target};
use super::catalogue::Catalogue;
use super::framework::{Framework, Horizon};
use super::problem::{LineStarts, Problem};
use super::{SourceFile, CATALOGUE_FILE, FRAMEWORK_FILE};
use crate::core::text::is_hostile_char;

pub(super) struct Report {
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// Validates what parsed and resolves each question's answer format. The
/// coverage checks need every file, so they run only when all parsed.
pub(super) fn validate(
    framework: &Framework,
    catalogue: Option<&Catalogue>,
    banks: &mut [Bank],
    all_parsed: bool,
    files: &[SourceFile],
) -> Report {
    let mut v = Validator {
        files: files.iter().map(|f| (f.path, IdIndex::new(f))).collect(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    v.framework(framework);
    if let Some(catalogue) = catalogue {
        v.catalogue(catalogue, framework);
    }
    let mut seen_questions = HashSet::new();
    for bank in banks.iter_mut() {
        v.bank(bank, framework, &mut seen_questions);
    }
    if let (true, Some(catalogue)) = (all_parsed, catalogue) {
        v.coverage(framework, catalogue, banks);
    }
    v.control_characters(files);
    Report {
        errors: v.errors,
        warnings: v.warnings,
    }
}

/// Where each `id = "..."` stands in a file, so problems can point at it.
/// The index is built at the first problem reported in the file, as valid
/// content needs none, and lines and columns only for the problems reported.
struct IdIndex<'f> {
    shown_as: &'f str,
    text: &'f str,
    positions: OnceCell<Positions<'f>>,
}

struct Positions<'f> {
    lines: LineStarts,
    offsets: HashMap<&'f str, Vec<usize>>,
    /// Where each `[[table]]` header starts, with the table's name, in order.
    headers: Vec<(usize, &'f str)>,
}

impl<'f> IdIndex<'f> {
    fn new(file: &'f SourceFile) -> Self {
        IdIndex {
            shown_as: &file.shown_as,
            text: &file.text,
            positions: OnceCell::new(),
        }
    }

    fn positions(&self) -> &Positions<'f> {
        self.positions.get_or_init(|| {
            let mut offsets: HashMap<&str, Vec<usize>> = HashMap::new();
            for (offset, id) in id_assignments(self.text) {
                offsets.entry(id).or_default().push(offset);
            }
            Positions {
                lines: LineStarts::new(self.text),
                offsets,
                headers: table_headers(self.text),
            }
        })
    }

    fn nth(&self, id: &str, n: usize) -> Option<(usize, usize)> {
        let positions = self.positions();
        let offset = *positions.offsets.get(id)?.get(n)?;
        Some(positions.lines.line_and_column(self.text, offset))
    }

    /// As [`nth`](Self::nth), counting only the ids written in `[[table]]`
    /// entries: the same id may stand for other things in other tables.
    fn nth_in(&self, table: &str, id: &str, n: usize) -> Option<(usize, usize)> {
        let positions = self.positions();
        let in_table = |&&offset: &&usize| {
            let before = positions.headers.partition_point(|&(h, _)| h < offset);
            before > 0 && positions.headers[before - 1].1 == table
        };
        match positions.offsets.get(id)?.iter().filter(in_table).nth(n) {
            Some(&offset) => Some(positions.lines.line_and_column(self.text, offset)),
            None => self.nth(id, n),
        }
    }
}

/// Offsets and names of the `[[table]]` headers in a TOML text.
fn table_headers(text: &str) -> Vec<(usize, &str)> {
    let mut offset = 0;
    let mut headers = Vec::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(name) = trimmed
            .strip_prefix("[[")
            .and_then(|r| r.strip_suffix("]]"))
        {
            headers.push((offset, name.trim()));
        }
        offset += line.len();
    }
    headers
}

/// Byte offsets and values of every `id = "value"` in a TOML text.
fn id_assignments(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    for (start, _) in text.match_indices("id") {
        let preceded_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == '{' || c == ',');
        let rest = text[start + 2..].trim_start_matches([' ', '\t']);
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start_matches([' ', '\t']);
        let Some(rest) = rest.strip_prefix('"') else {
            continue;
        };
        if let (true, Some(end)) = (preceded_ok, rest.find('"')) {
            found.push((start, &rest[..end]));
        }
    }
    found
}

struct Validator<'f> {
    files: HashMap<&'f str, IdIndex<'f>>,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl Validator<'_> {
    fn problem(&self, file: &str, id: &str, occurrence: usize, message: String) -> Problem {
        let index = &self.files[file];
        Problem::at(index.shown_as, index.nth(id, occurrence), message)
    }

    fn error(&mut self, file: &str, id: &str, message: String) {
        let p = self.problem(file, id, 0, message);
        self.errors.push(p);
    }

    fn warn(&mut self, file: &str, id: &str, message: String) {
        let p = self.problem(file, id, 0, message);
        self.warnings.push(p);
    }

    /// Reports ids that are malformed or repeated within one list, the
    /// entries of `[[table]]`.
    fn check_ids<'a>(
        &mut self,
        file: &str,
        (what, table): (&str, &str),
        ids: impl IntoIterator<Item = &'a str>,
    ) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for id in ids {
            if !is_valid_id(id) {
                self.error(
                    file,
                    id,
                    format!("{what} '{id}': ids use lowercase letters, digits and hyphens"),
                );
            }
            let count = seen.entry(id).or_insert(0);
            *count += 1;
            if *count == 2 {
                let index = &self.files[file];
                let at = index.nth_in(table, id, 1);
                let p = Problem::at(index.shown_as, at, format!("duplicate {what} id '{id}'"));
                self.errors.push(p);
            }
        }
    }

    fn framework(&mut self, fw: &Framework) {
        let f = FRAMEWORK_FILE;
        if fw.schema_version != 1 {
            self.errors.push(Problem::in_file(
                self.files[f].shown_as,
                format!("unsupported schema_version {}", fw.schema_version),
            ));
        }
        self.check_ids(
            f,
            ("component", "components"),
            fw.components.iter().map(|c| c.id.as_str()),
        );
        self.check_ids(
            f,
            ("indicator", "components.indicators"),
            fw.components
                .iter()
                .flat_map(|c| c.indicators.iter().map(|i| i.id.as_str())),
        );
        self.check_ids(
            f,
            ("key step", "key_steps"),
            fw.key_steps.iter().map(|s| s.id.as_str()),
        );
        self.check_ids(
            f,
            ("precondition", "preconditions"),
            fw.preconditions.iter().map(|p| p.id.as_str()),
        );
        self.check_ids(
            f,
            ("stage", "stages"),
            fw.stages.iter().map(|s| s.id.as_str()),
        );
        self.check_ids(f, ("band", "bands"), fw.bands.iter().map(|b| b.id.as_str()));
        self.check_ids(
            f,
            ("scale", "scales"),
            fw.scales.iter().map(|s| s.id.as_str()),
        );
        self.check_ids(
            f,
            ("option set", "option_sets"),
            fw.option_sets.iter().map(|s| s.id.as_str()),
        );
        self.check_ids(
            f,
            ("backbone function", "backbone_functions"),
            fw.backbone_functions.iter().map(|b| b.id.as_str()),
        );
        self.scoring_rules(fw);
        for scale in &fw.scales {
            if let Some(msg) = labels_problem(&scale.labels) {
                self.error(f, &scale.id, format!("scale '{}': {msg}", scale.id));
            }
        }
        for set in &fw.option_sets {
            for msg in options_problems(&set.options) {
                self.error(f, &set.id, format!("option set '{}': {msg}", set.id));
            }
        }
        for component in &fw.components {
            if component.indicators.is_empty() {
                self.error(
                    f,
                    &component.id,
                    format!("component '{}' has no indicators", component.id),
                );
            }
            for action in &component.actions {
                for ind in &action.indicators {
                    if component.indicator(ind).is_none() {
                        self.error(
                            f,
                            &component.id,
                            format!(
                                "component '{}': an action names indicator '{ind}', which is not one of its own",
                                component.id
                            ),
                        );
                    }
                }
            }
        }
        for stage in &fw.stages {
            if stage.key_steps_done > fw.key_steps.len() {
                self.error(
                    f,
                    &stage.id,
                    format!(
                        "stage '{}' asks for {} key steps done, but there are only {}",
                        stage.id,
                        stage.key_steps_done,
                        fw.key_steps.len()
                    ),
                );
            }
            if !(0.0..=100.0).contains(&stage.min_score) {
                self.error(
                    f,
                    &stage.id,
                    format!("stage '{}': min_score must be within 0-100", stage.id),
                );
            }
        }
        if fw.stages.is_empty() {
            self.error(f, "", "the framework has no stages".into());
        }
        self.stage_order(fw);
        self.framework_references(fw);
    }

    /// Stages are listed from the first to the furthest, and a partnership
    /// is placed at the furthest whose evidence it meets; a stage that asks
    /// less than the one before it would be reached past it.
    fn stage_order(&mut self, fw: &Framework) {
        let f = FRAMEWORK_FILE;
        for stage in &fw.stages {
            if !(0.0..=100.0).contains(&stage.min_each_component) {
                self.error(
                    f,
                    &stage.id,
                    format!(
                        "stage '{}': min_each_component must be within 0-100",
                        stage.id
                    ),
                );
            }
        }
        for pair in fw.stages.windows(2) {
            let (before, stage) = (&pair[0], &pair[1]);
            let asks_less = [
                (
                    "key_steps_done",
                    stage.key_steps_done < before.key_steps_done,
                ),
                ("min_score", stage.min_score < before.min_score),
                (
                    "min_each_component",
                    stage.min_each_component < before.min_each_component,
                ),
            ];
            for (field, less) in asks_less {
                if less {
                    self.error(
                        f,
                        &stage.id,
                        format!(
                            "stage '{}' asks for a lower {field} than '{}' before it; list stages from the first to the furthest",
                            stage.id, before.id
                        ),
                    );
                }
            }
        }
        let capped: Vec<&str> = fw
            .stages
            .iter()
            .filter(|s| s.furthest_without_steps)
            .map(|s| s.id.as_str())
            .collect();
        match capped.as_slice() {
            [] if !fw.stages.is_empty() => self.warn(
                f,
                "",
                "no stage has furthest_without_steps: a partnership whose key steps were not assessed can be placed at any stage".into(),
            ),
            [_, second, ..] => self.error(
                f,
                second,
                format!(
                    "only one stage may have furthest_without_steps; '{}' and '{second}' both do",
                    capped[0]
                ),
            ),
            _ => {}
        }
    }

    /// Ids the framework's rules name must be ones it defines.
    fn framework_references(&mut self, fw: &Framework) {
        let f = FRAMEWORK_FILE;
        for stage in &fw.suggestions.quick_win_stages {
            if fw.stage(stage).is_none() {
                self.error(
                    f,
                    "",
                    format!("suggestions.quick_win_stages names '{stage}', which is not a stage"),
                );
            }
        }
        for step in &fw.key_steps {
            if let Some(p) = step.precondition.as_deref() {
                if fw.precondition(p).is_none() {
                    self.error(
                        f,
                        &step.id,
                        format!(
                            "key step '{}' names precondition '{p}', which is not a precondition",
                            step.id
                        ),
                    );
                }
            }
        }
        for (verdict, rules) in &fw.readiness.verdicts {
            for stage in rules.advice_by_stage.keys() {
                if fw.stage(stage).is_none() {
                    self.error(
                        f,
                        "",
                        format!(
                            "readiness.verdicts.{}.advice_by_stage names '{stage}', which is not a stage",
                            verdict.as_str()
                        ),
                    );
                }
            }
        }
    }

    fn scoring_rules(&mut self, fw: &Framework) {
        let f = FRAMEWORK_FILE;
        let shown_as = self.files[f].shown_as;
        let mut rule = |ok: bool, msg: &str| {
            if !ok {
                self.errors.push(Problem::in_file(shown_as, msg));
            }
        };
        let s = &fw.scoring;
        rule(
            (0.0..=1.0).contains(&s.min_coverage),
            "scoring.min_coverage must be within 0-1",
        );
        rule(
            s.disagreement_threshold > 0.0 && s.disagreement_threshold <= 1.0,
            "scoring.disagreement_threshold must be above 0 and at most 1",
        );
        rule(
            s.disagreement_share > 0.0 && s.disagreement_share <= 0.5,
            "scoring.disagreement_share must be above 0 and at most 0.5",
        );
        rule(
            (0.0..=1.0).contains(&s.follow_up_at_most),
            "scoring.follow_up_at_most must be within 0-1",
        );
        for (name, v) in [("yes", s.yes), ("no", s.no)] {
            rule(
                (0.0..=1.0).contains(&v),
                &format!("scoring.{name} must be within 0-1"),
            );
        }
        rule(!fw.bands.is_empty(), "the framework has no score bands");
        rule(
            fw.bands.is_empty() || fw.bands.iter().any(|b| b.min == 0.0),
            "one band must start at 0 so every score has a band",
        );
        rule(
            fw.bands.iter().all(|b| (0.0..=100.0).contains(&b.min)),
            "band minimums must be within 0-100",
        );
        // A score takes the band with the highest minimum not above it, so a
        // band sharing its minimum with another could never be reached, and
        // reports list the bands in the order written.
        rule(
            fw.bands.windows(2).all(|pair| pair[0].min < pair[1].min),
            "bands must be listed from the lowest minimum to the highest, each above the one before",
        );
        rule(
            (0.0..=100.0).contains(&s.stage_questions_min),
            "scoring.stage_questions_min must be within 0-100",
        );
        rule(
            fw.suggestions.max_resources >= 1,
            "suggestions.max_resources must be at least 1",
        );
        rule(
            fw.suggestions.max_actions >= 1,
            "suggestions.max_actions must be at least 1",
        );
        rule(
            fw.band(&fw.readiness.ready_band).is_some(),
            &format!(
                "readiness.ready_band '{}' is not a band",
                fw.readiness.ready_band
            ),
        );
        rule(
            (0.0..=100.0).contains(&fw.readiness.fit_threshold),
            "readiness.fit_threshold must be within 0-100",
        );
        for verdict in super::framework::VerdictId::ALL {
            rule(
                fw.readiness.verdicts.contains_key(&verdict),
                &format!("readiness.verdicts.{} is missing", verdict.as_str()),
            );
        }
    }

    fn bank(&mut self, bank: &mut Bank, fw: &Framework, seen: &mut HashSet<String>) {
        let file = bank.id.file();
        let file = file.as_str();
        if bank.schema_version != 1 {
            self.errors.push(Problem::in_file(
                self.files[file].shown_as,
                format!("unsupported schema_version {}", bank.schema_version),
            ));
        }
        if bank.questions.is_empty() {
            self.errors.push(Problem::in_file(
                self.files[file].shown_as,
                "the bank has no questions",
            ));
        }
        let mut occurrences: HashMap<String, usize> = HashMap::new();
        for q in &mut bank.questions {
            let n = occurrences.entry(q.id.clone()).or_insert(0);
            if !seen.insert(q.id.clone()) {
                let p = self.problem(file, &q.id, *n, format!("duplicate question id '{}'", q.id));
                self.errors.push(p);
            }
            *n += 1;
            if !is_valid_id(&q.id) {
                self.error(
                    file,
                    &q.id,
                    format!(
                        "question '{}': ids use lowercase letters, digits and hyphens",
                        q.id
                    ),
                );
            }
            for msg in question_problems(q, fw) {
                self.error(file, &q.id, format!("question '{}': {msg}", q.id));
            }
            if let Some(format) = resolve_format(q, fw) {
                q.format = format;
            }
        }
    }

    fn catalogue(&mut self, cat: &Catalogue, fw: &Framework) {
        let f = CATALOGUE_FILE;
        if cat.schema_version != 1 {
            self.errors.push(Problem::in_file(
                self.files[f].shown_as,
                format!("unsupported schema_version {}", cat.schema_version),
            ));
        }
        self.check_ids(
            f,
            ("resource", "resources"),
            cat.resources.iter().map(|r| r.id.as_str()),
        );
        for r in &cat.resources {
            let mut msgs = Vec::new();
            for c in &r.components {
                if fw.component(c).is_none() {
                    msgs.push(format!("unknown component '{c}'"));
                }
            }
            for i in &r.indicators {
                match fw.component_of_indicator(i) {
                    None => msgs.push(format!("unknown indicator '{i}'")),
                    Some(c) if !r.components.contains(&c.id) => msgs.push(format!(
                        "indicator '{i}' belongs to component '{}', which the resource does not list",
                        c.id
                    )),
                    Some(_) => {}
                }
            }
            for p in &r.preconditions {
                if fw.precondition(p).is_none() {
                    msgs.push(format!("unknown precondition '{p}'"));
                }
            }
            for s in &r.steps {
                if fw.key_step(s).is_none() {
                    msgs.push(format!("unknown key step '{s}'"));
                }
            }
            for s in &r.stages {
                if fw.stage(s).is_none() {
                    msgs.push(format!("unknown stage '{s}'"));
                }
            }
            if !r.serves_anything() {
                msgs.push("serves no component, precondition, key step or stage".into());
            }
            if let Some(msg) = r.url.as_deref().and_then(url_problem) {
                msgs.push(msg);
            }
            if r.title.trim().is_empty() || r.when.trim().is_empty() {
                msgs.push("title and when must not be empty".into());
            }
            for msg in msgs {
                self.error(f, &r.id, format!("resource '{}': {msg}", r.id));
            }
        }
    }

    /// Content text reaches terminals and reports, so it may break lines and
    /// hold tabs but carry no other control character (an escape sequence
    /// could clear a screen or write to a clipboard).
    fn control_characters(&mut self, files: &[SourceFile]) {
        for file in files {
            // TOML refuses raw control characters; only an escape such as
            // \u001b can put one in a string.
            if !file.text.contains('\\') {
                continue;
            }
            // Parsing again costs as much as the first parse, and most files
            // escape nothing but quotes and line ends.
            if !may_write_control_characters(&file.text) {
                continue;
            }
            let Ok(table) = toml::from_str::<toml::Table>(&file.text) else {
                continue;
            };
            let mut found = Vec::new();
            find_control_characters(&toml::Value::Table(table), "", "", &mut found);
            for (path, id) in found {
                self.error(
                    file.path,
                    &id,
                    format!("{path} holds a control character; content text may hold only line breaks and tabs"),
                );
            }
        }
    }

    /// Warns about parts of the framework that no question measures or no resource serves.
    fn coverage(&mut self, fw: &Framework, cat: &Catalogue, banks: &[Bank]) {
        let questions: Vec<&Question> = banks.iter().flat_map(|b| &b.questions).collect();
        let measured = |pred: &dyn Fn(Target) -> bool| {
            questions
                .iter()
                .any(|q| q.measures.iter().filter_map(|m| m.target()).any(pred))
        };
        let f = FRAMEWORK_FILE;
        let mut gaps: Vec<(String, String)> = Vec::new();
        for c in &fw.components {
            if !measured(&|t| matches!(t, Target::Component { component, .. } if component == c.id))
            {
                gaps.push((
                    c.id.clone(),
                    format!("no question measures component '{}'", c.id),
                ));
            }
            if !cat.resources.iter().any(|r| r.components.contains(&c.id)) {
                gaps.push((
                    c.id.clone(),
                    format!("no resource serves component '{}'", c.id),
                ));
            }
            for horizon in [Horizon::QuickWin, Horizon::LongerTerm] {
                if !c.actions.iter().any(|a| a.horizon == horizon) {
                    gaps.push((
                        c.id.clone(),
                        format!(
                            "component '{}' has no {horizon:?} action for the action plan",
                            c.id
                        ),
                    ));
                }
            }
            for i in &c.indicators {
                if !measured(
                    &|t| matches!(t, Target::Component { indicator: Some(ind), .. } if ind == i.id),
                ) {
                    gaps.push((
                        i.id.clone(),
                        format!("no question measures indicator '{}'", i.id),
                    ));
                }
                if !cat.resources.iter().any(|r| r.indicators.contains(&i.id)) {
                    gaps.push((
                        i.id.clone(),
                        format!("no resource serves indicator '{}'", i.id),
                    ));
                }
            }
        }
        for p in &fw.preconditions {
            if !measured(&|t| t == Target::Precondition(&p.id)) {
                gaps.push((
                    p.id.clone(),
                    format!("no question measures precondition '{}'", p.id),
                ));
            }
            if !cat
                .resources
                .iter()
                .any(|r| r.preconditions.contains(&p.id))
            {
                gaps.push((
                    p.id.clone(),
                    format!("no resource serves precondition '{}'", p.id),
                ));
            }
        }
        for s in &fw.key_steps {
            if !measured(&|t| t == Target::Step(&s.id)) {
                gaps.push((
                    s.id.clone(),
                    format!("no question measures key step '{}'", s.id),
                ));
            }
            if !cat.resources.iter().any(|r| r.steps.contains(&s.id)) {
                gaps.push((
                    s.id.clone(),
                    format!("no resource serves key step '{}'", s.id),
                ));
            }
        }
        for s in &fw.stages {
            if !questions.iter().any(|q| q.stages.contains(&s.id)) {
                gaps.push((
                    s.id.clone(),
                    format!("no question speaks to stage '{}'", s.id),
                ));
            }
            if !cat.resources.iter().any(|r| r.stages.contains(&s.id)) {
                gaps.push((s.id.clone(), format!("no resource serves stage '{}'", s.id)));
            }
        }
        for (id, msg) in gaps {
            self.warn(f, &id, msg);
        }
    }
}

/// Whether a TOML text could put a control character in a string or key:
/// with an escape other than those for a quote, a backslash, a line break, a
/// tab or a line continuation, or written as it is (TOML lets a carriage
/// return and the bidirectional controls through).
fn may_write_control_characters(text: &str) -> bool {
    let harmless_escape = |next: Option<&u8>| {
        matches!(
            next,
            Some(b'"' | b'\\' | b'n' | b't' | b' ' | b'\t' | b'\n' | b'\r')
        )
    };
    text.match_indices('\\')
        .any(|(at, _)| !harmless_escape(text.as_bytes().get(at + 1)))
        || text
            .chars()
            .any(|c| is_hostile_char(c) && !matches!(c, '\n' | '\t'))
}

/// Every string (and key) under `value` that holds a control character other
/// than a line break or tab, as its dotted path and the id of the nearest
/// table with one, so the problem can point at a line.
fn find_control_characters(
    value: &toml::Value,
    path: &str,
    id: &str,
    found: &mut Vec<(String, String)>,
) {
    let hostile = |s: &str| {
        s.chars()
            .any(|c| is_hostile_char(c) && !matches!(c, '\n' | '\t'))
    };
    match value {
        toml::Value::String(s) if hostile(s) => found.push((path.to_string(), id.to_string())),
        toml::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                find_control_characters(item, &format!("{path}[{}]", i + 1), id, found);
            }
        }
        toml::Value::Table(table) => {
            let id = table.get("id").and_then(toml::Value::as_str).unwrap_or(id);
            for (key, item) in table {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if hostile(key) {
                    found.push((path.clone(), id.to_string()));
                }
                find_control_characters(item, &path, id, found);
            }
        }
        _ => {}
    }
}

/// Links are shown in reports and opened by readers: web addresses only,
/// with nothing that could end a link early in Markdown or HTML.
fn url_problem(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        None => Some(format!("url '{url}' must start with https:// or http://")),
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            Some(format!("url '{url}' names no host"))
        }
        Some(_) if url.chars().any(|c| c.is_whitespace() || is_hostile_char(c) || "<>\"\\`".contains(c)) => Some(format!(
            "url '{url}' holds a space, a control character or one of < > \" \\ `; write them percent-encoded"
        )),
        Some(_) => None,
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

fn labels_problem(labels: &[String]) -> Option<&'static str> {
    if labels.len() < 2 {
        Some("a scale needs at least 2 labels, one for each point")
    } else if labels.len() > 10 {
        Some("a scale has at most 10 points")
    } else if labels.iter().any(|l| l.trim().is_empty()) {
        Some("every point of a scale needs a label")
    } else {
        None
    }
}

/// More options than a facilitator can read out or a screen can list.
const MAX_OPTIONS: usize = 20;

fn options_problems(options: &[super::framework::ChoiceOption]) -> Vec<String> {
    let mut msgs = Vec::new();
    if options.len() < 2 {
        msgs.push("a choice needs at least 2 options".to_string());
    } else if options.len() > MAX_OPTIONS {
        msgs.push(format!("a choice has at most {MAX_OPTIONS} options"));
    }
    let mut seen = HashSet::new();
    for o in options {
        if !seen.insert(o.id.as_str()) {
            msgs.push(format!("duplicate option id '{}'", o.id));
        }
        if o.id == super::DONT_KNOW {
            msgs.push(format!(
                "option id '{}' is reserved for \"don't know\"",
                o.id
            ));
        }
        if !is_valid_id(&o.id) {
            msgs.push(format!(
                "option '{}': ids use lowercase letters, digits and hyphens",
                o.id
            ));
        }
        if o.label.trim().is_empty() {
            msgs.push(format!("option '{}' needs a label", o.id));
        }
        if !(0.0..=1.0).contains(&o.score) {
            msgs.push(format!("option '{}': score must be within 0-1", o.id));
        }
    }
    msgs
}

/// The largest weight a measure may carry: far above any sensible weighting,
/// and low enough that a component's weighted sum cannot overflow.
const MAX_WEIGHT: f64 = 1000.0;

fn question_problems(q: &Question, fw: &Framework) -> Vec<String> {
    let mut msgs = Vec::new();
    if q.text.trim().is_empty() {
        msgs.push("text must not be empty".to_string());
    }
    let has_scale = q.scale.is_some() || q.labels.is_some();
    let has_options = q.options.is_some() || q.option_set.is_some();
    match q.kind {
        QuestionKind::Scale => {
            match (&q.scale, &q.labels) {
                (None, None) => msgs.push(
                    "a scale question needs labels: name a scale (scale = \"agreement\") or give labels".into(),
                ),
                (Some(_), Some(_)) => msgs.push("give either scale or labels, not both".into()),
                (Some(name), None) if fw.scale(name).is_none() => {
                    msgs.push(format!("unknown scale '{name}'"))
                }
                (None, Some(labels)) => msgs.extend(labels_problem(labels).map(String::from)),
                _ => {}
            }
            if has_options {
                msgs.push("a scale question takes no options".into());
            }
        }
        QuestionKind::Choice => {
            match (&q.option_set, &q.options) {
                (None, None) => {
                    msgs.push("a choice question needs options or an option_set".into())
                }
                (Some(_), Some(_)) => {
                    msgs.push("give either option_set or options, not both".into())
                }
                (Some(name), None) if fw.option_set(name).is_none() => {
                    msgs.push(format!("unknown option set '{name}'"))
                }
                (None, Some(options)) => msgs.extend(options_problems(options)),
                _ => {}
            }
            if has_scale {
                msgs.push("a choice question takes no scale or labels".into());
            }
        }
        QuestionKind::YesNo | QuestionKind::Text => {
            if has_scale || has_options {
                msgs.push(format!(
                    "a {} question takes no scale, labels or options",
                    q.kind.as_str()
                ));
            }
        }
    }
    if q.reverse && !matches!(q.kind, QuestionKind::Scale | QuestionKind::YesNo) {
        msgs.push("reverse applies only to scale and yes-no questions".into());
    }
    if q.kind == QuestionKind::Text && !q.measures.is_empty() {
        msgs.push("a text question is never scored, so it takes no measures".into());
    }
    if q.is_scored() && q.measures.is_empty() {
        msgs.push("a scored question needs at least one measure".into());
    }
    for m in &q.measures {
        if !(m.weight > 0.0 && m.weight <= MAX_WEIGHT) {
            // Written out whole, 1e308 would be 309 digits long.
            let weight = if m.weight.abs() >= 1e9 {
                format!("{:e}", m.weight)
            } else {
                m.weight.to_string()
            };
            msgs.push(format!(
                "weight {weight} must be more than 0 and at most {MAX_WEIGHT}"
            ));
        }
        match m.target() {
            None => msgs.push(
                "a measure names exactly one of component (with an optional indicator), precondition or step".into(),
            ),
            Some(Target::Component { component, indicator }) => match fw.component(component) {
                None => msgs.push(format!("unknown component '{component}'")),
                Some(c) => {
                    if let Some(ind) = indicator {
                        if c.indicator(ind).is_none() {
                            msgs.push(format!(
                                "indicator '{ind}' is not an indicator of component '{component}'"
                            ));
                        }
                    }
                }
            },
            Some(Target::Precondition(p)) if fw.precondition(p).is_none() => {
                msgs.push(format!("unknown precondition '{p}'"))
            }
            Some(Target::Step(s)) if fw.key_step(s).is_none() => {
                msgs.push(format!("unknown key step '{s}'"))
            }
            Some(_) => {}
        }
    }
    for s in &q.stages {
        if fw.stage(s).is_none() {
            msgs.push(format!("unknown stage '{s}'"));
        }
    }
    msgs
}

pub(super) fn resolve_format(q: &Question, fw: &Framework) -> Option<AnswerFormat> {
    Some(match q.kind {
        QuestionKind::Scale => AnswerFormat::Scale {
            labels: match (&q.labels, &q.scale) {
                (Some(labels), _) => labels.clone(),
                (None, Some(name)) => fw.scale(name)?.labels.clone(),
                (None, None) => return None,
            },
        },
        QuestionKind::YesNo => AnswerFormat::YesNo,
        QuestionKind::Choice => AnswerFormat::Choice {
            options: match (&q.options, &q.option_set) {
                (Some(options), _) => options.clone(),
                (None, Some(name)) => fw.option_set(name)?.options.clone(),
                (None, None) => return None,
            },
        },
        QuestionKind::Text => AnswerFormat::Text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_id_assignments_in_tables_and_inline_tables() {
        let text = "id = \"a\"\n[[x]]\n  id=\"b\"\nopts = [{ id = \"c\", label = \"C\" }]\nvalid = \"no\"\n";
        let ids: Vec<&str> = id_assignments(text).into_iter().map(|(_, id)| id).collect();
        assert_eq!(ids, ["a", "b", "c"]);
    }

    #[test]
    fn only_some_escapes_can_write_a_control_character() {
        let harmless = "a = \"say \\\"hi\\\"\\\\\\n\\t\"\nb = \"\"\"one \\\n two\"\"\"\n";
        assert!(!may_write_control_characters(harmless), "{harmless}");
        for risky in [
            "a = \"\\u001b\"",
            "a = \"\\U0000001b\"",
            "a = \"\\b\\f\"",
            "a = \"\\\\\\r\"",
            "a = \"\\e\"",
            "a = \"\u{202e}\" # \\",
            "a = \"\"\"one \\\r\n two\"\"\"",
        ] {
            assert!(may_write_control_characters(risky), "{risky}");
        }
    }

    #[test]
    fn ids_are_lowercase_kebab() {
        assert!(is_valid_id("sr-trust-2"));
        assert!(!is_valid_id("Sr-trust"));
        assert!(!is_valid_id("sr_trust"));
        assert!(!is_valid_id("-sr"));
        assert!(!is_valid_id(""));
    }
}
