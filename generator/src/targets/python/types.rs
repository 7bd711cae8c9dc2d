//! `models.py`: one Python type per IR type, as TypedDicts and type aliases over decoded JSON.
//!
//! Values stay the dicts, lists and scalars `json.loads` returns, so unknown keys, unknown enum
//! values and the difference between `null` and an absent key survive a round trip untouched;
//! the types only tell the type checker (and the reader) what the schema promises.

use crate::ir::{Additional, Enum, Field, PrimitiveKind, Struct, TypeDef, TypeKind, Union};

use super::{docs, names, Ctx};

/// Field names that would shadow a name the annotations of a class-syntax TypedDict use.
const SHADOWING: &[&str] = &["str", "int", "float", "bool", "list", "dict", "bytes", "object", "typing"];

pub fn emit(ctx: &Ctx) -> String {
    let api = ctx.api;
    let mut out = super::header(&api.source);
    out.push_str(&docs::docstring(
        &format!(
            "Types of the {} (version {}), one per schema.\n\n\
             Objects are TypedDicts over the decoded JSON: keys the schema does not list stay in the \
             dict, enums accept values the schema does not list (`Literal[...] | str`), and a key set \
             to `None` (JSON `null`) stays distinct from an absent key.",
            ctx.api_name(),
            api.version
        ),
        "",
    ));
    out.push_str("\nfrom __future__ import annotations\n\nimport typing\n");
    let names: Vec<&str> = ctx.type_names.iter().map(String::as_str).collect();
    out.push_str(&format!("\n__all__ = [{}]\n", names.iter().map(|n| docs::literal(n)).collect::<Vec<_>>().join(", ")));
    for (i, def) in api.types.iter().enumerate() {
        out.push_str("\n\n");
        out.push_str(&emit_type(ctx, &ctx.type_names[i], def));
    }
    out
}

fn type_doc(def: &TypeDef, extra: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.push(def.description.clone().unwrap_or_else(|| format!("The `{}` schema.", def.name)));
    parts.extend(extra.iter().cloned());
    if let Some(default) = &def.default {
        parts.push(format!("Default: `{}` (documented, never filled in).", compact(default)));
    }
    if def.deprecated {
        parts.push("Deprecated by the API.".into());
    }
    parts.push(format!("Defined at `{}`.", def.origin));
    docs::paragraphs(parts)
}

fn emit_type(ctx: &Ctx, name: &str, def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(s) if s.fields.is_empty() => {
            let (expr, what) = match &s.additional {
                Additional::Any => ("dict[str, typing.Any]".to_string(), "An object with any keys."),
                Additional::Typed { value, .. } => {
                    (format!("dict[str, {}]", ctx.ty(value, "")), "An object whose values share one type.")
                }
                Additional::Forbidden => return class_typed_dict(ctx, name, def, s),
            };
            alias(ctx, name, &expr, &type_doc(def, &[what.to_string()]))
        }
        TypeKind::Struct(s) => {
            if functional_needed(ctx, s) {
                functional_typed_dict(ctx, name, def, s)
            } else {
                class_typed_dict(ctx, name, def, s)
            }
        }
        TypeKind::Enum(e) => alias(
            ctx,
            name,
            &enum_expr(e),
            &type_doc(def, &["Open: values the schema does not list are kept as they are.".into()]),
        ),
        TypeKind::Union(u) => {
            let expr = union_expr(ctx, u, "");
            alias(ctx, name, &expr, &type_doc(def, &union_notes(ctx, u)))
        }
        TypeKind::Alias(schema) => alias(ctx, name, &ctx.ty(schema, ""), &type_doc(def, &[])),
    }
}

/// `Name: typing.TypeAlias = expr`, quoted when it names other types (they may come later).
fn alias(ctx: &Ctx, name: &str, expr: &str, doc: &str) -> String {
    let value = if ctx.names_a_type(expr) { docs::literal(expr) } else { expr.to_string() };
    format!("{name}: typing.TypeAlias = {value}\n{}", docs::docstring(doc, ""))
}

pub fn union_expr(ctx: &Ctx, u: &Union, prefix: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for v in &u.variants {
        let t = ctx.ty(&v.schema, prefix);
        if !parts.contains(&t) {
            parts.push(t);
        }
    }
    if parts.is_empty() {
        "typing.Any".into()
    } else {
        parts.join(" | ")
    }
}

fn union_notes(ctx: &Ctx, u: &Union) -> Vec<String> {
    let mut notes = Vec::new();
    match &u.discriminator {
        Some(d) => notes.push(format!(
            "One of the variants below, chosen by the `{}` key; a value with an unknown tag is kept as it is.",
            d.property
        )),
        None => notes.push("One of the variants below.".into()),
    }
    let lines: Vec<String> = u
        .variants
        .iter()
        .map(|v| {
            let mut line = format!("- `{}`", ctx.ty(&v.schema, ""));
            if !v.tags.is_empty() {
                line.push_str(&format!(
                    " (tag {})",
                    v.tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
                ));
            }
            if let Some(d) = &v.description {
                line.push_str(&format!(": {}", docs::first_line(d)));
            }
            line
        })
        .collect();
    notes.push(lines.join("\n"));
    notes
}

/// `Literal[...] | base`: the listed values for the reader and the checker, and any other
/// value of the base type, because servers add values before schemas do.
fn enum_expr(e: &Enum) -> String {
    let mut literals = Vec::new();
    let mut nullable = false;
    for v in &e.values {
        let lit = match (e.base, v) {
            (_, serde_json::Value::Null) => {
                nullable = true;
                None
            }
            (PrimitiveKind::String, serde_json::Value::String(s)) => Some(docs::literal(s)),
            (PrimitiveKind::Integer, serde_json::Value::Number(n)) if n.is_i64() || n.is_u64() => Some(n.to_string()),
            (PrimitiveKind::Boolean, serde_json::Value::Bool(b)) => {
                Some(if *b { "True".into() } else { "False".into() })
            }
            _ => None,
        };
        if let Some(lit) = lit {
            if !literals.contains(&lit) {
                literals.push(lit);
            }
        }
    }
    let base = match e.base {
        PrimitiveKind::String => "str",
        PrimitiveKind::Integer => "int",
        PrimitiveKind::Number => "float",
        PrimitiveKind::Boolean => "bool",
    };
    let mut expr = if literals.is_empty() {
        base.to_string()
    } else {
        format!("typing.Literal[{}] | {base}", literals.join(", "))
    };
    if nullable {
        expr.push_str(" | None");
    }
    expr
}

fn functional_needed(ctx: &Ctx, s: &Struct) -> bool {
    s.fields.iter().any(|f| {
        !names::is_identifier(&f.name)
            || f.name.starts_with("__")
            || SHADOWING.contains(&f.name.as_str())
            || ctx.type_names.iter().any(|t| t == &f.name)
    })
}

/// The annotation of a field: `NotRequired[...]` unless the schema requires it, `| None` when
/// it may be `null`. A default never makes a field required.
fn field_ty(ctx: &Ctx, f: &Field) -> String {
    let mut t = ctx.ty(&f.schema, "");
    if f.nullable && !t.ends_with("| None") {
        t.push_str(" | None");
    }
    if f.required {
        t
    } else {
        format!("typing.NotRequired[{t}]")
    }
}

fn field_doc(f: &Field) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &f.description {
        parts.push(d.clone());
    }
    let mut notes = Vec::new();
    if f.read_only {
        notes.push("Read-only: sent by the server, not to be sent back.".to_string());
    }
    if f.write_only {
        notes.push("Write-only: sent to the server, never returned.".to_string());
    }
    if f.deprecated {
        notes.push("Deprecated.".to_string());
    }
    if let Some(default) = &f.default {
        notes.push(format!("Default: `{}` (when absent).", compact(default)));
    }
    if let Some(facts) = crate::targets::facts::sentence(&crate::targets::facts::constraints(&f.constraints)) {
        notes.push(facts);
    }
    if let Some(example) = &f.example {
        let text = compact(example);
        if text.len() <= 80 {
            notes.push(format!("Example: `{text}`."));
        }
    }
    if !notes.is_empty() {
        parts.push(notes.join(" "));
    }
    docs::paragraphs(parts)
}

fn struct_notes(ctx: &Ctx, s: &Struct) -> Vec<String> {
    let mut notes = Vec::new();
    if !s.parents.is_empty() {
        let parents: Vec<String> = s.parents.iter().map(|p| format!("`{}`", ctx.type_names[p.0])).collect();
        notes.push(format!("Includes the keys of {}.", parents.join(", ")));
    }
    match &s.additional {
        Additional::Any => notes.push("Keys the schema does not list are kept in the dict.".into()),
        Additional::Typed { value, pattern } => {
            let mut n = format!("Other keys carry `{}` values", ctx.ty(value, ""));
            if let Some(p) = pattern {
                n.push_str(&format!(" (keys match `{p}`)"));
            }
            n.push_str("; they are kept in the dict.");
            notes.push(n);
        }
        Additional::Forbidden => notes.push("The schema allows no other keys.".into()),
    }
    notes
}

fn class_typed_dict(ctx: &Ctx, name: &str, def: &TypeDef, s: &Struct) -> String {
    let mut out = format!("class {name}(typing.TypedDict):\n");
    out.push_str(&docs::docstring(&type_doc(def, &struct_notes(ctx, s)), "    "));
    for f in &s.fields {
        out.push('\n');
        out.push_str(&docs::comment(&field_doc(f), "    ").replace("    # ", "    #: ").replace("    #\n", "    #:\n"));
        out.push_str(&format!("    {}: {}\n", f.name, field_ty(ctx, f)));
    }
    out
}

/// The functional form, for keys that are not identifiers, are keywords or would shadow names.
fn functional_typed_dict(ctx: &Ctx, name: &str, def: &TypeDef, s: &Struct) -> String {
    let mut out = docs::comment(&type_doc(def, &struct_notes(ctx, s)), "");
    out.push_str(&format!("{name} = typing.TypedDict(\n    {},\n    {{\n", docs::literal(name)));
    for f in &s.fields {
        out.push_str(&docs::comment(&field_doc(f), "        "));
        // Quoted: the functional form is evaluated at import time, before later types exist.
        out.push_str(&format!("        {}: {},\n", docs::literal(&f.name), docs::literal(&field_ty(ctx, f))));
    }
    out.push_str("    },\n)\n");
    out
}

/// A JSON value on one line, for docs.
fn compact(v: &serde_json::Value) -> String {
    crate::ir::json_text(v).replace('`', "'")
}
