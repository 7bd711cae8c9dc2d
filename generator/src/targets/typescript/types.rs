//! `types.ts`: one exported type per named schema, in IR order.
//!
//! Objects are interfaces that keep keys the schema does not name (an index signature), enums are
//! literal unions open to values added later (`"a" | "b" | (string & {})`), unions are unions.
//! Nothing here exists at run time: values are what the server sent, untouched.

use serde_json::Value;

use super::docs::Doc;
use super::names;
use super::Ctx;
use crate::ir::{Additional, Enum, Field, PrimitiveKind, Schema, Struct, TypeDef, TypeKind, Union};

pub fn emit(ctx: &Ctx) -> String {
    let mut out = format!(
        "// Types of the {} API: one per schema, in the order they were found. They describe JSON as\n\
         // sent; nothing converts or checks values at run time.\n",
        crate::targets::escape::js_line_comment(&ctx.api.title)
    );
    if ctx.api.types.is_empty() {
        out.push_str("\nexport {};\n");
    }
    for (i, def) in ctx.api.types.iter().enumerate() {
        out.push('\n');
        out.push_str(&type_doc(def).render(""));
        let name = &ctx.type_names[i];
        match &def.kind {
            TypeKind::Struct(s) => out.push_str(&emit_struct(ctx, name, s)),
            TypeKind::Enum(e) => out.push_str(&format!("export type {name} ={};\n", alternatives(&enum_members(e)))),
            TypeKind::Union(u) => {
                out.push_str(&format!("export type {name} ={};\n", alternatives(&union_members(ctx, u))))
            }
            TypeKind::Alias(schema) => out.push_str(&format!("export type {name} = {};\n", ctx.ty(schema, "").text)),
        }
    }
    out
}

fn type_doc(def: &TypeDef) -> Doc {
    let mut doc = Doc::default();
    if let Some(d) = &def.description {
        doc.text(d);
    }
    if let Some(default) = &def.default {
        doc.text(&format!("Schema default: `{}`.", compact(default)));
    }
    doc.text(&format!("Schema: `{}`.", def.origin));
    if def.deprecated {
        doc.tag("@deprecated Deprecated by the schema.");
    }
    doc
}

/// ` A | B` on one line when short, else one alternative per line.
fn alternatives(members: &[String]) -> String {
    if members.is_empty() {
        return " never".into();
    }
    let one_line = members.join(" | ");
    if one_line.len() <= 80 && !one_line.contains('\n') {
        return format!(" {one_line}");
    }
    members.iter().map(|m| format!("\n  | {m}")).collect()
}

/// The enum's values as literal types, then the open end: a value added to the API later is
/// still accepted, while editors still suggest the known ones.
pub fn enum_members(e: &Enum) -> Vec<String> {
    let mut members: Vec<String> = e.values.iter().map(literal).collect();
    members.push(match e.base {
        PrimitiveKind::String => "(string & {})".into(),
        _ => "(number & {})".into(),
    });
    members
}

fn literal(value: &Value) -> String {
    match value {
        Value::String(s) => names::string_literal(s),
        other => other.to_string(),
    }
}

fn union_members(ctx: &Ctx, u: &Union) -> Vec<String> {
    let tag = u.discriminator.as_ref().map(|d| d.property.as_str());
    u.variants
        .iter()
        .map(|v| {
            let ty = ctx.ty(&v.schema, "");
            match tag {
                // The tag narrows the union in a `switch`: state it when the variant's own field
                // is a string (or absent), where intersecting with the literal is sound.
                Some(tag) if !v.tags.is_empty() && tag_is_string(ctx, &v.schema, tag) => {
                    let values: Vec<String> = v.tags.iter().map(|t| names::string_literal(t)).collect();
                    format!("({} & {{ {}: {} }})", ty.operand(), names::property(tag), values.join(" | "))
                }
                _ => ty.text,
            }
        })
        .collect()
}

/// Whether the variant is an object whose `tag` property is a string, an open string enum, or
/// not declared.
fn tag_is_string(ctx: &Ctx, schema: &Schema, tag: &str) -> bool {
    let Schema::Named(id) = schema else { return false };
    let TypeKind::Struct(s) = &ctx.api.ty(*id).kind else { return false };
    match s.fields.iter().find(|f| f.name == tag) {
        None => true,
        Some(f) if f.nullable => false,
        Some(f) => is_string(ctx, &f.schema),
    }
}

fn is_string(ctx: &Ctx, schema: &Schema) -> bool {
    match schema {
        Schema::Primitive(p) => p.kind == PrimitiveKind::String,
        Schema::Named(id) => match &ctx.api.ty(*id).kind {
            TypeKind::Enum(e) => e.base == PrimitiveKind::String,
            TypeKind::Alias(inner) => is_string(ctx, inner),
            _ => false,
        },
        _ => false,
    }
}

fn emit_struct(ctx: &Ctx, name: &str, s: &Struct) -> String {
    let mut body = String::new();
    for field in &s.fields {
        body.push_str(&field_doc(field).render("  "));
        let optional = if field.required { "" } else { "?" };
        let mut ty = ctx.ty(&field.schema, "").text;
        if field.nullable && ty != "unknown" {
            ty.push_str(" | null");
        }
        body.push_str(&format!("  {}{optional}: {ty};\n", names::property(&field.name)));
    }
    let (value, doc) = match &s.additional {
        // Without named fields the typed value can be the index signature's own type; beside
        // fields of other types it cannot, so it is documented instead.
        Additional::Typed { value, pattern } if s.fields.is_empty() => {
            let doc = match pattern {
                Some(p) => format!("Entries keyed by names matching `{p}`."),
                None => "Entries under any key (the schema's `additionalProperties`).".into(),
            };
            (ctx.ty(value, "").text, doc)
        }
        Additional::Typed { value, .. } => (
            "unknown".to_string(),
            format!("Keys the schema does not name, whose values are `{}`; kept as sent.", ctx.ty(value, "").text),
        ),
        Additional::Any | Additional::Forbidden => (
            "unknown".to_string(),
            "Keys the schema does not name, kept as sent so that a round trip loses nothing.".into(),
        ),
    };
    let mut doc_block = Doc::default();
    doc_block.text(&doc);
    body.push_str(&doc_block.render("  "));
    body.push_str(&format!("  [key: string]: {value};\n"));
    format!("export interface {name} {{\n{body}}}\n")
}

fn field_doc(field: &Field) -> Doc {
    let mut doc = Doc::default();
    if let Some(d) = &field.description {
        doc.text(d);
    }
    let mut facts = vec![if field.required { "Required".to_string() } else { "Optional".to_string() }];
    if field.nullable {
        facts.push("may be `null`".into());
    }
    if let Some(default) = &field.default {
        facts.push(format!("schema default `{}` (the server's, not filled in here)", compact(default)));
    }
    facts.extend(crate::targets::facts::constraints(&field.constraints));
    if field.read_only {
        facts.push("read-only: sent by the server, ignored in requests".into());
    }
    if field.write_only {
        facts.push("write-only: accepted in requests, never returned".into());
    }
    doc.text(&format!("{}.", facts.join("; ")));
    if let Some(example) = &field.example {
        doc.text(&format!("Example: `{}`.", compact(example)));
    }
    if field.deprecated {
        doc.tag("@deprecated Deprecated by the schema.");
    }
    doc
}

/// JSON on one line, shortened when long (defaults and examples can be whole documents).
fn compact(value: &Value) -> String {
    let text = crate::ir::json_text(value).replace('`', "'");
    if text.chars().count() > 120 {
        let cut: String = text.chars().take(117).collect();
        format!("{cut}...")
    } else {
        text
    }
}
