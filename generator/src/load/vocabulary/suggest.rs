//! What to tell the author of a key that does not belong where it stands: the key it most likely
//! means at that place, or the place it belongs at ("`responses` belongs under an operation, not
//! a path item"), or what the place takes.

use serde_json::{Map, Value};

use super::table::{is_status, keys, lookup, Kind, ParameterIn, Version};

/// The help for the unknown `key` (holding `value`) in the object `parent` of kind `kind`.
pub fn help(
    version: Version,
    kind: Kind,
    at: ParameterIn,
    key: &str,
    value: &Value,
    parent: &Map<String, Value>,
) -> String {
    // `{description: a, b}` is the mapping `{description: a, b: null}`: a comma in an unquoted
    // flow-style value ends it, and what followed became a key.
    let texty = key.chars().any(|c| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '/')));
    if value.is_null() && texty {
        return "this looks like the end of a text cut at a comma: inside `{...}`, quote a value that holds `, `"
            .into();
    }
    if let Some(known) = known_mistake(version, kind, key) {
        return known;
    }
    // Writing one version's keyword in a document of an older one is a likelier reading than a
    // typo; an older version's keyword (`type` on an OpenAPI 3 parameter) is better answered by
    // where OpenAPI 3 put it.
    if let Some(newer) = other_version(version, kind, key).filter(|v| *v > version) {
        let name = newer_name(version, kind, key, newer);
        let how = if version == Version::V30 {
            "declare `openapi: 3.1.0` to use it".to_string()
        } else {
            format!("convert the document to {name} to use it")
        };
        return format!("`{key}` is {name}'s, not {}'s: {how}", version.name());
    }
    let here = candidates(version, kind, at);
    let near = closest(key, &here);
    // A slip of one letter (or of case) is the likeliest reading; a key valid one place over
    // comes before a looser match here.
    if let Some((distance, name)) = near {
        if distance <= 1 {
            return format!("did you mean `{name}`?");
        }
    }
    if let Some(place) = belongs(version, kind, key, value) {
        return format!("`{key}` belongs under {place}, not {}", kind.described());
    }
    if let Some((_, name)) = near {
        return format!("did you mean `{name}`?");
    }
    for (neighbor, place) in neighbors(version, kind) {
        if let Some((_, name)) = closest(key, &candidates(version, *neighbor, ParameterIn::Unknown)) {
            return format!("did you mean `{name}`? It belongs under {place}, not {}", kind.described());
        }
    }
    if let Some(older) = other_version(version, kind, key) {
        return format!("`{key}` is {}'s, not {}'s", older.name(), version.name());
    }
    if kind == Kind::Schema && looks_like_a_schema(value) && (parent.contains_key("properties") || is_object(parent)) {
        return format!("if `{key}` is a property, indent it under `properties:`; keys of your own start with `x-`");
    }
    if kind == Kind::Components && looks_like_a_schema(value) {
        return format!("if `{key}` is a schema, indent it under `schemas:`; keys of your own start with `x-`");
    }
    if here.len() <= 12 && !here.is_empty() {
        let list: Vec<String> = here.iter().map(|k| format!("`{k}`")).collect();
        return format!("{} takes {}; keys of your own start with `x-`", kind.described(), list.join(", "));
    }
    "remove it or correct it; keys of your own start with `x-`".into()
}

/// Mistakes with a better answer than a near key: keys of another version of the
/// specification, and the places OpenAPI 3 moved Swagger 2.0's keys to.
fn known_mistake(version: Version, kind: Kind, key: &str) -> Option<String> {
    let v3 = version != Version::V2;
    let text = match (kind, key) {
        (Kind::Schema, "nullable") if version == Version::V31 => {
            "OpenAPI 3.1 has no `nullable`: write `type: [<type>, 'null']`, or `oneOf` with `{type: 'null'}`"
        }
        (Kind::Schema, "examples") if version == Version::V30 => {
            "OpenAPI 3.0's schema has one `example`; `examples` (a list) is OpenAPI 3.1's"
        }
        (Kind::Root, "definitions") if v3 => "`definitions` is Swagger 2.0's; OpenAPI 3 has `components: {schemas: ...}`",
        (Kind::Root, "securityDefinitions") if v3 => {
            "`securityDefinitions` is Swagger 2.0's; OpenAPI 3 has `components: {securitySchemes: ...}`"
        }
        (Kind::Root, "parameters" | "responses") if v3 => {
            return Some(format!("`{key}` at the top level is Swagger 2.0's; OpenAPI 3 has `components: {{{key}: ...}}`"))
        }
        (Kind::Root, "host" | "basePath" | "schemes") if v3 => {
            return Some(format!("`{key}` is Swagger 2.0's; OpenAPI 3 has `servers: [{{url: https://host/base}}]`"))
        }
        (Kind::Root | Kind::Operation, "consumes" | "produces") if v3 => {
            return Some(format!(
                "`{key}` is Swagger 2.0's; in OpenAPI 3 each request body and response lists its media types under `content`"
            ))
        }
        (Kind::Parameter | Kind::Header, "collectionFormat") if v3 => {
            "`collectionFormat` is Swagger 2.0's; OpenAPI 3 has `style` and `explode`"
        }
        (Kind::Header, "name" | "in") if v3 => {
            return Some(format!("a header is named by its key under `headers`; remove `{key}`"))
        }
        (Kind::Parameter, "type" | "items" | "format" | "enum" | "default" | "pattern") if version == Version::V2 => {
            return Some(format!(
                "a body parameter has no `{key}`: its type is in `schema` (`schema: {{{key}: ...}}`)"
            ))
        }
        (Kind::Parameter, "schema") if version == Version::V2 => {
            "in Swagger 2.0 only a body parameter has a `schema`; write `type` (and `items`) on the parameter itself"
        }
        (Kind::Response, "schema") if v3 => {
            "`schema` belongs under a media type, not a response: `content: {application/json: {schema: ...}}`"
        }
        (Kind::Response, "examples") if v3 => {
            "`examples` belongs under a media type, not a response: `content: {application/json: {examples: ...}}`"
        }
        (Kind::RequestBody, "schema") => {
            "`schema` belongs under a media type, not a request body: `content: {application/json: {schema: ...}}`"
        }
        _ => return None,
    };
    Some(text.into())
}

/// The places a key misplaced at `kind` most likely belongs to, in the order they are tried, as
/// the help names them.
fn neighbors(version: Version, kind: Kind) -> &'static [(Kind, &'static str)] {
    const TOP: &str = "the document's top level";
    match (kind, version) {
        (Kind::Root, Version::V2) => &[(Kind::Info, "`info`")],
        (Kind::Root, _) => &[(Kind::Info, "`info`"), (Kind::Components, "`components`")],
        (Kind::Info, _) => &[(Kind::Root, TOP), (Kind::Contact, "`info.contact`"), (Kind::License, "`info.license`")],
        (Kind::Paths, _) => &[(Kind::PathItem, "a path (`/users:`)"), (Kind::Root, TOP)],
        (Kind::PathItem, _) => &[(Kind::Operation, "an operation (`get:`, `post:`, ...)"), (Kind::Root, TOP)],
        (Kind::Operation, Version::V2) => &[
            (Kind::PathItem, "a path item"),
            (Kind::Parameter, "a parameter of `parameters`"),
            (Kind::Response, "a response (`'200':`)"),
        ],
        (Kind::Operation, _) => &[
            (Kind::PathItem, "a path item"),
            (Kind::Parameter, "a parameter of `parameters`"),
            (Kind::RequestBody, "`requestBody`"),
            (Kind::Response, "a response (`'200':`)"),
        ],
        (Kind::Parameter, Version::V2) => &[(Kind::Operation, "the operation")],
        (Kind::Parameter, _) => {
            &[(Kind::Schema, "`schema` (`schema: {type: string}`)"), (Kind::Operation, "the operation")]
        }
        (Kind::Header, Version::V2) => &[],
        (Kind::Header, _) => &[(Kind::Schema, "`schema` (`schema: {type: string}`)")],
        (Kind::RequestBody, _) => &[
            (Kind::MediaType, "a media type (`content: {application/json: {...}}`)"),
            (Kind::Schema, "a media type's `schema` (`content: {application/json: {schema: ...}}`)"),
        ],
        (Kind::MediaType, _) => &[(Kind::Schema, "`schema`"), (Kind::RequestBody, "the request body or response")],
        (Kind::Responses, _) => &[(Kind::Response, "a status code (`'200':`)"), (Kind::Operation, "the operation")],
        (Kind::Response, Version::V2) => &[(Kind::Operation, "the operation")],
        (Kind::Response, _) => &[
            (Kind::MediaType, "a media type (`content: {application/json: {...}}`)"),
            (Kind::Operation, "the operation"),
        ],
        (Kind::Schema, Version::V2) => &[(Kind::Xml, "`xml`")],
        (Kind::Schema, _) => &[(Kind::Discriminator, "`discriminator`"), (Kind::Xml, "`xml`")],
        (Kind::Components, _) => &[(Kind::Root, TOP)],
        (Kind::SecurityScheme, Version::V2) => &[],
        (Kind::SecurityScheme, _) => &[
            (Kind::OAuthFlows, "`flows`"),
            (Kind::OAuthFlow, "a flow of `flows` (`authorizationCode:`, `clientCredentials:`, ...)"),
        ],
        (Kind::OAuthFlows, _) => &[(Kind::OAuthFlow, "a flow (`authorizationCode:`, `clientCredentials:`, ...)")],
        (Kind::Server, _) => &[(Kind::ServerVariable, "a variable of `variables`")],
        _ => &[],
    }
}

/// The place `key` belongs to, when it is valid as it is one place over.
fn belongs(version: Version, kind: Kind, key: &str, value: &Value) -> Option<&'static str> {
    if key.starts_with('/') && matches!(kind, Kind::Root | Kind::PathItem | Kind::Operation) {
        return Some("`paths`");
    }
    if is_status(key) && matches!(kind, Kind::Operation | Kind::Response) {
        return Some("`responses`");
    }
    neighbors(version, kind).iter().find_map(|(neighbor, place)| {
        lookup(version, *neighbor, ParameterIn::Unknown, key)?;
        // `required: true` is a parameter's or a body's flag; a schema's `required` is a list.
        let schema_required = *neighbor == Kind::Schema && key == "required";
        (!schema_required || value.is_array()).then_some(*place)
    })
}

/// The keys `kind` takes, in the order the specification lists them.
fn candidates(version: Version, kind: Kind, at: ParameterIn) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = keys(version, kind, at).into_iter().flatten().map(|(k, _)| *k).collect();
    if kind == Kind::Responses {
        out.push("default");
    }
    out
}

/// The version of the specification (the newest) whose `kind` has `key`, when this one's does not.
fn other_version(version: Version, kind: Kind, key: &str) -> Option<Version> {
    [Version::V31, Version::V30, Version::V2]
        .into_iter()
        .filter(|v| *v != version)
        .find(|v| lookup(*v, kind, ParameterIn::Unknown, key).is_some())
}

/// The name of the newer version that has `key`: "OpenAPI 3" when both 3.0 and 3.1 do.
fn newer_name(version: Version, kind: Kind, key: &str, newer: Version) -> &'static str {
    let both = version == Version::V2 && lookup(Version::V30, kind, ParameterIn::Unknown, key).is_some();
    if both {
        "OpenAPI 3"
    } else {
        newer.name()
    }
}

/// The candidate nearest to `key`, if near enough to be what was meant: a difference of case, or
/// an edit distance (transpositions counted once) of at most a third of the shorter word.
fn closest(key: &str, candidates: &[&'static str]) -> Option<(usize, &'static str)> {
    let lower = key.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| {
            let d = if c.to_ascii_lowercase() == lower { 0 } else { distance(key, c) };
            (d, *c)
        })
        .filter(|(d, c)| *d <= (key.chars().count().min(c.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
}

/// Edit distance with adjacent transpositions (optimal string alignment): `tpye` is one edit
/// from `type`, where plain Levenshtein counts two.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best =
                (d[(i - 1) * width + j] + 1).min(d[i * width + j - 1] + 1).min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// Whether a value looks like a schema written in the wrong place (a property at the level of
/// its object's keywords).
fn looks_like_a_schema(value: &Value) -> bool {
    value.as_object().is_some_and(|m| {
        ["type", "$ref", "properties", "items", "allOf", "oneOf", "anyOf", "enum"].iter().any(|k| m.contains_key(*k))
    })
}

fn is_object(schema: &Map<String, Value>) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help_for(version: Version, kind: Kind, key: &str) -> String {
        help(version, kind, ParameterIn::Unknown, key, &Value::Null, &Map::new())
    }

    #[test]
    fn transpositions_are_one_edit() {
        assert_eq!(distance("tpye", "type"), 1);
        assert_eq!(distance("requried", "required"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn a_misspelled_key_gets_the_key_it_means() {
        assert_eq!(help_for(Version::V30, Kind::Schema, "requried"), "did you mean `required`?");
        assert_eq!(help_for(Version::V31, Kind::Schema, "tpye"), "did you mean `type`?");
        assert_eq!(help_for(Version::V30, Kind::Operation, "operationID"), "did you mean `operationId`?");
    }

    #[test]
    fn a_misplaced_key_gets_the_place_it_belongs_to() {
        assert_eq!(
            help_for(Version::V30, Kind::PathItem, "responses"),
            "`responses` belongs under an operation (`get:`, `post:`, ...), not a path item"
        );
        assert_eq!(help_for(Version::V31, Kind::MediaType, "type"), "`type` belongs under `schema`, not a media type");
        assert_eq!(
            help_for(Version::V2, Kind::PathItem, "responses"),
            "`responses` belongs under an operation (`get:`, `post:`, ...), not a path item"
        );
    }

    #[test]
    fn keys_of_another_version_say_so() {
        assert_eq!(
            help_for(Version::V30, Kind::Schema, "unevaluatedProperties"),
            "`unevaluatedProperties` is OpenAPI 3.1's, not OpenAPI 3.0's: declare `openapi: 3.1.0` to use it"
        );
        assert_eq!(
            help_for(Version::V2, Kind::Schema, "oneOf"),
            "`oneOf` is OpenAPI 3's, not Swagger 2.0's: convert the document to OpenAPI 3 to use it"
        );
        assert_eq!(
            help_for(Version::V31, Kind::Parameter, "type"),
            "`type` belongs under `schema` (`schema: {type: string}`), not a parameter"
        );
        assert!(help_for(Version::V31, Kind::Schema, "nullable").contains("type: [<type>, 'null']"));
    }
}
