//! The completeness check: every language defines every message and attribute of the base with
//! the same variables, and nothing the base lacks. Fluent itself falls back silently, so without
//! this a missing translation or a dropped `$date` would only show up in front of a citizen.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use fluent_syntax::ast;

use crate::error::I18nError;
use crate::source::{self, LocaleSource, Merged};

/// One difference between a language and the base locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The language with the gap.
    pub language: String,
    /// The file to fix (for a missing message, the file of that language it belongs in).
    pub file: PathBuf,
    /// The message id.
    pub message: String,
    /// The attribute, when the gap is in one.
    pub attribute: Option<String>,
    /// What is missing or extra.
    pub kind: GapKind,
}

/// What a [`Gap`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GapKind {
    /// The base has the message, the language does not.
    MissingMessage,
    /// The base message has a value, the language's has only attributes.
    MissingValue,
    /// The base message has this attribute, the language's does not.
    MissingAttribute,
    /// The base uses this variable (without `$`), the translation does not.
    MissingVariable(String),
    /// The translation uses this variable (without `$`), the base does not: callers never pass it.
    ExtraVariable(String),
    /// The language has a message the base lacks.
    OrphanMessage,
    /// The language has an attribute the base message lacks.
    OrphanAttribute,
    /// The translation refers to a message or term (`-name`) that its language does not define.
    UnknownReference(String),
    /// A profile's own translation reads exactly as the base: likely not translated yet (a
    /// warning, see [`same_as_base`]).
    SameAsBase,
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)?;
        if let Some(attribute) = &self.attribute {
            write!(f, ".{attribute}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl fmt::Display for GapKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingMessage => f.write_str("missing message"),
            Self::MissingValue => f.write_str("missing value (only attributes are translated)"),
            Self::MissingAttribute => f.write_str("missing attribute"),
            Self::MissingVariable(name) => write!(f, "missing variable ${name}"),
            Self::ExtraVariable(name) => write!(f, "extra variable ${name}, not in the base"),
            Self::OrphanMessage => f.write_str("message not in the base"),
            Self::OrphanAttribute => f.write_str("attribute not in the base"),
            Self::UnknownReference(id) => write!(f, "refers to {id}, which is not defined"),
            Self::SameAsBase => f.write_str("reads exactly as the base language: not translated?"),
        }
    }
}

/// Compares each of `languages` with `base` (normally [`crate::BASE_LANGUAGE`]), shipped files
/// merged with the profile's; an empty result means complete.
pub fn check_completeness<S: AsRef<str>>(
    profile_dir: Option<&Path>,
    languages: &[S],
    base: &str,
) -> Result<Vec<Gap>, I18nError> {
    compare(profile_dir, languages, base, Mode::Completeness)
}

/// The messages of a profile's own locale files (in another language than `base`) that read
/// exactly as the base's: an untranslated message there is otherwise invisible, since it is
/// complete. Warnings, not failures: a name or a code may rightly read the same.
pub fn same_as_base<S: AsRef<str>>(
    profile_dir: &Path,
    languages: &[S],
    base: &str,
) -> Result<Vec<Gap>, I18nError> {
    compare(Some(profile_dir), languages, base, Mode::SameAsBase)
}

/// What a comparison looks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Every gap that makes a language incomplete.
    Completeness,
    /// Profile messages that read as the base.
    SameAsBase,
}

fn compare<S: AsRef<str>>(
    profile_dir: Option<&Path>,
    languages: &[S],
    base: &str,
    mode: Mode,
) -> Result<Vec<Gap>, I18nError> {
    let mut wanted = vec![base];
    for language in languages {
        if !wanted.contains(&language.as_ref()) {
            wanted.push(language.as_ref());
        }
    }
    let sources = source::load_sources(profile_dir, &wanted)?;
    let merged = sources
        .iter()
        .map(source::merge)
        .collect::<Result<Vec<_>, _>>()?;
    let mut gaps = Vec::new();
    let mut pairs = sources.iter().zip(&merged);
    let Some((base_source, base_merged)) = pairs.next() else {
        return Ok(gaps);
    };
    for (target_source, target_merged) in pairs {
        let mut check = Check {
            base: base_merged,
            base_source,
            target: target_merged,
            target_source,
            profile_dir,
            gaps: &mut gaps,
        };
        match mode {
            Mode::Completeness => check.run(),
            Mode::SameAsBase => check.same_as_base(),
        }
    }
    Ok(gaps)
}

/// One language compared with the base.
struct Check<'a, 'g> {
    base: &'a Merged<'a>,
    base_source: &'a LocaleSource,
    target: &'a Merged<'a>,
    target_source: &'a LocaleSource,
    profile_dir: Option<&'a Path>,
    gaps: &'g mut Vec<Gap>,
}

impl Check<'_, '_> {
    /// Records the target's profile messages whose text is the base's, word for word.
    fn same_as_base(&mut self) {
        for &id in &self.target.order {
            let (Some(target), Some(base)) =
                (self.target.messages.get(id), self.base.messages.get(id))
            else {
                continue;
            };
            let from_profile = self
                .target_source
                .files
                .get(target.file)
                .is_some_and(|f| f.from_profile);
            if from_profile
                && target.message.value.is_some()
                && target.message.value == base.message.value
                && target.message.value.as_ref().is_some_and(has_words)
            {
                let file = self.target_path(target.file);
                self.push(file, id, None, GapKind::SameAsBase);
            }
        }
    }

    /// Records every gap of the target language.
    fn run(&mut self) {
        for &id in &self.base.order {
            let Some(base) = self.base.messages.get(id) else {
                continue;
            };
            match self.target.messages.get(id) {
                None => {
                    let file = self.home_of_missing(base.file);
                    self.push(file, id, None, GapKind::MissingMessage);
                }
                Some(target) => self.compare(id, base.message, target.message, target.file),
            }
        }
        for &id in &self.target.order {
            let Some(target) = self.target.messages.get(id) else {
                continue;
            };
            let file = self.target_path(target.file);
            if !self.base.messages.contains_key(id) {
                self.push(file.clone(), id, None, GapKind::OrphanMessage);
            }
            for (attribute, pattern) in parts(target.message) {
                let refs = References::of(pattern);
                for message in refs.messages {
                    if !self.target.messages.contains_key(message) {
                        let kind = GapKind::UnknownReference(message.to_owned());
                        self.push(file.clone(), id, attribute, kind);
                    }
                }
                for term in refs.terms {
                    if !self.target.terms.contains_key(term) {
                        let kind = GapKind::UnknownReference(format!("-{term}"));
                        self.push(file.clone(), id, attribute, kind);
                    }
                }
            }
        }
    }

    /// Compares the value and the attributes of one message present in both.
    fn compare(
        &mut self,
        id: &str,
        base: &ast::Message<&str>,
        target: &ast::Message<&str>,
        target_file: usize,
    ) {
        let file = self.target_path(target_file);
        match (&base.value, &target.value) {
            (Some(base_value), Some(target_value)) => {
                self.compare_variables(&file, id, None, base_value, target_value);
            }
            (Some(_), None) => self.push(file.clone(), id, None, GapKind::MissingValue),
            // A value the base lacks is harmless: nothing asks for it.
            (None, _) => {}
        }
        for base_attribute in &base.attributes {
            let name = base_attribute.id.name;
            match target.attributes.iter().find(|a| a.id.name == name) {
                Some(target_attribute) => self.compare_variables(
                    &file,
                    id,
                    Some(name),
                    &base_attribute.value,
                    &target_attribute.value,
                ),
                None => self.push(file.clone(), id, Some(name), GapKind::MissingAttribute),
            }
        }
        for target_attribute in &target.attributes {
            let name = target_attribute.id.name;
            if !base.attributes.iter().any(|a| a.id.name == name) {
                self.push(file.clone(), id, Some(name), GapKind::OrphanAttribute);
            }
        }
    }

    /// Records variables missing from or added to one translated pattern.
    fn compare_variables(
        &mut self,
        file: &Path,
        id: &str,
        attribute: Option<&str>,
        base: &ast::Pattern<&str>,
        target: &ast::Pattern<&str>,
    ) {
        let base = References::of(base).variables;
        let target = References::of(target).variables;
        for name in base.difference(&target) {
            let kind = GapKind::MissingVariable((*name).to_owned());
            self.push(file.to_owned(), id, attribute, kind);
        }
        for name in target.difference(&base) {
            let kind = GapKind::ExtraVariable((*name).to_owned());
            self.push(file.to_owned(), id, attribute, kind);
        }
    }

    /// Where a message missing from the target belongs: the target's file with the same name as
    /// the base file, in the profile if the base message came from the profile or the target
    /// language is not shipped.
    fn home_of_missing(&self, base_file: usize) -> PathBuf {
        let base_file = self.base_source.files.get(base_file);
        let name = base_file
            .and_then(|file| file.path.file_name())
            .map(PathBuf::from)
            .unwrap_or_default();
        let shipped_target = self.target_source.files.iter().any(|f| !f.from_profile);
        let in_profile = base_file.is_some_and(|file| file.from_profile) || !shipped_target;
        let language = &self.target_source.language;
        match self.profile_dir {
            Some(profile) if in_profile => profile.join("locales").join(language).join(name),
            _ => Path::new("locales").join(language).join(name),
        }
    }

    /// The shown path of one of the target's files.
    fn target_path(&self, index: usize) -> PathBuf {
        self.target_source
            .files
            .get(index)
            .map(|file| file.path.clone())
            .unwrap_or_default()
    }

    /// Adds a gap of the target language.
    fn push(&mut self, file: PathBuf, id: &str, attribute: Option<&str>, kind: GapKind) {
        self.gaps.push(Gap {
            language: self.target_source.language.clone(),
            file,
            message: id.to_owned(),
            attribute: attribute.map(str::to_owned),
            kind,
        });
    }
}

/// Whether a pattern has words of its own (not only placeables, digits or punctuation).
fn has_words(pattern: &ast::Pattern<&str>) -> bool {
    pattern.elements.iter().any(|e| match e {
        ast::PatternElement::TextElement { value } => value.chars().any(char::is_alphabetic),
        ast::PatternElement::Placeable { .. } => false,
    })
}

/// The value (attribute `None`) and the attributes of a message.
fn parts<'m>(
    message: &'m ast::Message<&'m str>,
) -> impl Iterator<Item = (Option<&'m str>, &'m ast::Pattern<&'m str>)> {
    let value = message.value.as_ref().map(|value| (None, value));
    let attributes = message
        .attributes
        .iter()
        .map(|attribute| (Some(attribute.id.name), &attribute.value));
    value.into_iter().chain(attributes)
}

/// Everything a pattern refers to, found by walking all of it: placeables, selectors, every
/// variant of a select expression and the arguments of function and term calls.
#[derive(Default)]
struct References<'s> {
    /// `$name` references, without `$`.
    variables: BTreeSet<&'s str>,
    /// Message references.
    messages: BTreeSet<&'s str>,
    /// Term references, without `-`.
    terms: BTreeSet<&'s str>,
}

impl<'s> References<'s> {
    /// The references of one pattern.
    fn of(pattern: &ast::Pattern<&'s str>) -> Self {
        let mut references = Self::default();
        references.pattern(pattern);
        references
    }

    fn pattern(&mut self, pattern: &ast::Pattern<&'s str>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                self.expression(expression);
            }
        }
    }

    fn expression(&mut self, expression: &ast::Expression<&'s str>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                self.inline(selector);
                for variant in variants {
                    self.pattern(&variant.value);
                }
            }
            ast::Expression::Inline(inline) => self.inline(inline),
        }
    }

    fn inline(&mut self, inline: &ast::InlineExpression<&'s str>) {
        match inline {
            ast::InlineExpression::StringLiteral { .. }
            | ast::InlineExpression::NumberLiteral { .. } => {}
            ast::InlineExpression::FunctionReference { arguments, .. } => self.arguments(arguments),
            ast::InlineExpression::MessageReference { id, .. } => {
                let _ = self.messages.insert(id.name);
            }
            ast::InlineExpression::TermReference { id, arguments, .. } => {
                let _ = self.terms.insert(id.name);
                if let Some(arguments) = arguments {
                    self.arguments(arguments);
                }
            }
            ast::InlineExpression::VariableReference { id } => {
                let _ = self.variables.insert(id.name);
            }
            ast::InlineExpression::Placeable { expression } => self.expression(expression),
        }
    }

    fn arguments(&mut self, arguments: &ast::CallArguments<&'s str>) {
        for positional in &arguments.positional {
            self.inline(positional);
        }
        for named in &arguments.named {
            self.inline(&named.value);
        }
    }
}
