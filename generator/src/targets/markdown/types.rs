//! Types: type expressions as linked text, and one section per named type.

use serde_json::Value;

use crate::ir::{Additional, Api, Field, PrimitiveKind, Schema, Struct, TypeDef, TypeKind, Union};

use super::text::{cell, code, label};
use super::{heading, Links};

/// A type expression with every named type linked: `array of [User](#user)`.
pub fn expression(api: &Api, links: &Links, schema: &Schema) -> String {
    match schema {
        Schema::Named(id) => format!("[{}](#{})", label(&api.ty(*id).name), links.types[id.0]),
        Schema::Primitive(p) => {
            let kind = match p.kind {
                PrimitiveKind::String => "string",
                PrimitiveKind::Integer => "integer",
                PrimitiveKind::Number => "number",
                PrimitiveKind::Boolean => "boolean",
            };
            match &p.format {
                Some(f) => format!("{kind} ({})", code(f)),
                None => kind.to_string(),
            }
        }
        Schema::List(item) => format!("array of {}", expression(api, links, item)),
        Schema::Map { value, pattern } => match pattern {
            Some(p) => format!("map of keys matching {} to {}", code(p), expression(api, links, value)),
            None => format!("map of string to {}", expression(api, links, value)),
        },
        Schema::Any => "any JSON value".into(),
        Schema::Nullable(inner) => format!("{} or null", expression(api, links, inner)),
    }
}

/// A JSON value shown compactly in code.
pub fn value(v: &Value) -> String {
    code(&crate::ir::json_text(v))
}

pub fn section(out: &mut String, api: &Api, links: &Links) {
    if api.types.is_empty() {
        out.push_str("The API has no named types.\n\n");
        return;
    }
    for (i, def) in api.types.iter().enumerate() {
        heading(out, 3, &label(&def.name), &links.types[i]);
        type_def(out, api, links, def);
    }
}

fn type_def(out: &mut String, api: &Api, links: &Links, def: &TypeDef) {
    if def.deprecated {
        out.push_str("**Deprecated.**\n\n");
    }
    if let Some(d) = &def.description {
        out.push_str(&format!("{}\n\n", links.prose(d.trim())));
    }
    if let Some(default) = &def.default {
        out.push_str(&format!("Default: {}\n\n", value(default)));
    }
    match &def.kind {
        TypeKind::Struct(s) => structure(out, api, links, s),
        TypeKind::Enum(e) => {
            let kind = if e.base == PrimitiveKind::Integer { "integer" } else { "string" };
            out.push_str(&format!("Enumeration of {kind} values:\n\n"));
            for v in &e.values {
                out.push_str(&format!("- {}\n", value(v)));
            }
            out.push('\n');
        }
        TypeKind::Union(u) => union(out, api, links, u),
        TypeKind::Alias(schema) => out.push_str(&format!("Type: {}\n\n", expression(api, links, schema))),
    }
}

fn structure(out: &mut String, api: &Api, links: &Links, s: &Struct) {
    if !s.parents.is_empty() {
        let mut parents: Vec<String> = Vec::new();
        for p in &s.parents {
            let link = expression(api, links, &Schema::Named(*p));
            if !parents.contains(&link) {
                parents.push(link);
            }
        }
        out.push_str(&format!("Includes the fields of {}.\n\n", parents.join(", ")));
    }
    if s.fields.is_empty() {
        out.push_str("No named fields.\n\n");
    } else {
        out.push_str("| Field | Type | Required | Description | Default |\n| --- | --- | --- | --- | --- |\n");
        for f in &s.fields {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                cell(&code(&f.name)),
                cell(&field_type(api, links, f)),
                if f.required { "yes" } else { "no" },
                cell(&field_notes(links, f)),
                cell(&f.default.as_ref().map(value).unwrap_or_default())
            ));
        }
        out.push('\n');
    }
    match &s.additional {
        Additional::Any => {}
        Additional::Forbidden => out.push_str("No other fields are allowed.\n\n"),
        Additional::Typed { value, pattern } => {
            let keys = pattern.as_deref().map(|p| format!(" (keys matching {})", code(p))).unwrap_or_default();
            out.push_str(&format!("Other fields{keys} hold {}.\n\n", expression(api, links, value)));
        }
    }
}

fn field_type(api: &Api, links: &Links, f: &Field) -> String {
    let ty = expression(api, links, &f.schema);
    if f.nullable {
        format!("{ty} or null")
    } else {
        ty
    }
}

/// The description, then what the flags say, then the example.
fn field_notes(links: &Links, f: &Field) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = &f.description {
        parts.push(links.prose(d.trim()));
    }
    for (set, note) in [
        (f.deprecated, "Deprecated."),
        (f.read_only, "Read-only (sent by the server)."),
        (f.write_only, "Write-only (never returned)."),
    ] {
        if set {
            parts.push(note.to_string());
        }
    }
    if let Some(facts) = crate::targets::facts::sentence(&crate::targets::facts::constraints(&f.constraints)) {
        parts.push(facts);
    }
    if let Some(example) = &f.example {
        parts.push(format!("Example: {}", value(example)));
    }
    parts.join("\n\n")
}

fn union(out: &mut String, api: &Api, links: &Links, u: &Union) {
    match &u.discriminator {
        Some(d) => out
            .push_str(&format!("One of the following, chosen by the value of the property {}:\n\n", code(&d.property))),
        None => out.push_str("One of the following, tried in this order:\n\n"),
    }
    let tagged = u.discriminator.is_some();
    out.push_str(if tagged {
        "| Variant | Type | Tag values | Description |\n| --- | --- | --- | --- |\n"
    } else {
        "| Variant | Type | Description |\n| --- | --- | --- |\n"
    });
    for v in &u.variants {
        let description = cell(&links.prose(v.description.as_deref().unwrap_or("")));
        if tagged {
            let tags: Vec<String> = v.tags.iter().map(|t| code(t)).collect();
            out.push_str(&format!(
                "| {} | {} | {} | {description} |\n",
                cell(&label(&v.name)),
                cell(&expression(api, links, &v.schema)),
                cell(&tags.join(", "))
            ));
        } else {
            out.push_str(&format!(
                "| {} | {} | {description} |\n",
                cell(&label(&v.name)),
                cell(&expression(api, links, &v.schema))
            ));
        }
    }
    out.push('\n');
}
