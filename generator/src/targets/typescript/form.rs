//! Typed `multipart/form-data` bodies: the `<Operation>Form` interface (one member per part, files
//! as `rt.FilePart`) and the part list the runtime writes the body from.

use super::docs::{first_line, Doc};
use super::names;
use super::Ctx;
use crate::ir::{Content, FormPart, PartKind};

/// The form interface named `name` and the `parts` field of the body's description.
pub fn emit(ctx: &Ctx, content: &Content, method: &str, name: &str) -> (String, String) {
    let mut members = String::new();
    let mut specs = Vec::new();
    for part in &content.parts {
        members.push_str(&member_doc(part).render("  "));
        let one = match part.kind {
            PartKind::File => "rt.FilePart".to_string(),
            _ => ctx.ty(&part.schema, "types.").text,
        };
        let ty = match (part.repeated, one.contains(['|', ' '])) {
            (true, true) => format!("({one})[]"),
            (true, false) => format!("{one}[]"),
            (false, _) => one,
        };
        let optional = if part.required { "" } else { "?" };
        members.push_str(&format!("  {}{optional}: {ty};\n", names::property(&part.name)));
        let kind = match part.kind {
            PartKind::File => "file",
            PartKind::Text => "text",
            PartKind::Json => "json",
        };
        let content_type = match &part.content_type {
            Some(ct) => format!(", contentType: {}", names::string_literal(ct)),
            None => String::new(),
        };
        specs.push(format!(
            "{{ name: {}, kind: \"{kind}\", repeated: {}{content_type} }}",
            names::string_literal(&part.name),
            part.repeated
        ));
    }
    let interface = format!(
        "/** The parts of `{method}`'s `multipart/form-data` body, sent in this order (`FormData` is taken as it is). */\nexport interface {name} {{\n{members}}}\n\n"
    );
    (interface, format!(", parts: [\n    {},\n  ]", specs.join(",\n    ")))
}

fn member_doc(part: &FormPart) -> Doc {
    let mut doc = Doc::default();
    let mut text = format!("Part `{}`", part.name);
    if part.repeated {
        text.push_str(", one per item");
    }
    match &part.content_type {
        Some(ct) if part.kind == PartKind::File => {
            text.push_str(&format!(", sent as `{ct}` unless the file has a type of its own"))
        }
        Some(ct) => text.push_str(&format!(", sent as `{ct}`")),
        None => {}
    }
    match &part.description {
        Some(d) => text.push_str(&format!(": {}", first_line(d))),
        None => text.push('.'),
    }
    doc.text(&text);
    doc
}
