//! Streamed successes: the `<operation>Stream` method of an operation whose success body can be
//! read as it arrives (server-sent events, JSON lines, bytes or text), and what its description
//! tells the runtime about each streamed media type.

use super::docs::Doc;
use super::names::{self, Scope};
use super::Ctx;
use crate::ir::{Content, Operation, Payload, Primitive, PrimitiveKind, Schema, StreamKind};

/// Extra fields of a content's description: how event data decodes and the end sentinel.
pub fn spec_fields(content: &Content) -> String {
    let Some(stream) = &content.stream else { return String::new() };
    if stream.kind != StreamKind::Events {
        return String::new();
    }
    let data = if text_item(&stream.item) { "text" } else { "json" };
    let mut out = format!(", data: \"{data}\"");
    if let Some(done) = &stream.done {
        out.push_str(&format!(", done: {}", names::string_literal(done)));
    }
    out
}

/// Event data that is a plain string is the text itself, not JSON (as the Rust target reads it).
fn text_item(schema: &Schema) -> bool {
    matches!(schema, Schema::Primitive(Primitive { kind: PrimitiveKind::String, format: None }))
}

/// What one streamed success content yields, if it can be streamed.
fn item_type(ctx: &Ctx, content: &Content) -> Option<String> {
    if let Some(stream) = &content.stream {
        let item = ctx.ty(&stream.item, "types.").text;
        return Some(match stream.kind {
            StreamKind::Events => format!("rt.StreamItem<rt.ServerEvent<{item}>>"),
            StreamKind::JsonLines => format!("rt.StreamItem<{item}>"),
        });
    }
    match content.payload {
        Payload::Binary | Payload::Text => Some("Uint8Array".into()),
        _ => None,
    }
}

/// The `<operation>Stream` method, for an operation with a success body that can be streamed.
#[allow(clippy::too_many_arguments)]
pub fn method(
    ctx: &Ctx,
    op: &Operation,
    method: &str,
    spec_name: &str,
    path_args: &[String],
    path_names: &[String],
    options_type: &str,
    options_required: bool,
    methods: &mut Scope,
) -> Option<String> {
    let mut items: Vec<String> = Vec::new();
    let mut media = Vec::new();
    for r in op.responses.iter().filter(|r| r.status.is_success()) {
        for c in &r.contents {
            if let Some(ty) = item_type(ctx, c) {
                media.push(format!("`{}`", c.media_type));
                if !items.contains(&ty) {
                    items.push(ty);
                }
            }
        }
    }
    if items.is_empty() {
        return None;
    }
    let name = methods.camel(&format!("{} stream", op.id), "operationStream");
    let item = items.join(" | ");
    let options = format!("{options_type} & rt.StreamOptions");
    let options_arg =
        if options_required { format!("options: {options}") } else { format!("options: {options} = {{}}") };
    let mut args = path_args.to_vec();
    args.push(options_arg);
    // Media types are document text: they reach the comment only through `Doc`.
    let mut doc = Doc::default();
    doc.text(&format!(
        "`{method}`, its success body ({}) read as it arrives: iterate the answer with `for await`. Not subject to `maxBodyBytes`; each chunk must come within the call's timeout of the one before; documented errors are thrown as by `{method}`.",
        media.join(", ")
    ));
    Some(format!(
        "{}  {name}({}): Promise<rt.StreamResponse<{item}>> {{\n    return rt.executeStream<{item}>(this.#config, {spec_name}, [{}], options);\n  }}\n",
        doc.render("  "),
        args.join(", "),
        path_names.join(", ")
    ))
}
