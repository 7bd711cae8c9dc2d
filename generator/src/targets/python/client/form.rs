//! A typed `multipart/form-data` request body: `<Op>Form`, a `TypedDict` with one key per
//! part (files as `_runtime.Upload`), and the parts' wire description `_runtime.form_parts`
//! writes from.

use crate::ir::{Content, PartKind};
use crate::targets::python::{docs, names, Ctx};

use super::tuple;

/// The form's type name, its definition for client.py and the statement that sends `arg`;
/// `None` when the content has no typed parts (the form is then taken untyped).
pub(super) fn emit(ctx: &Ctx, op_id: &str, content: &Content, arg: &str) -> Option<(String, String, String)> {
    if content.parts.is_empty() {
        return None;
    }
    let name =
        names::Scope::with(&["Client", "AsyncClient", "Response"]).pascal(&format!("{op_id} form"), "OperationForm");
    let mut fields = Vec::new();
    let mut parts = Vec::new();
    for part in &content.parts {
        let (kind, mut ty) = match part.kind {
            PartKind::File => ("file", "_runtime.Upload".to_string()),
            PartKind::Text => ("text", ctx.ty(&part.schema, "models.")),
            PartKind::Json => ("json", ctx.ty(&part.schema, "models.")),
        };
        if part.repeated {
            ty = format!("list[{ty}]");
        }
        if !part.required {
            ty = format!("typing.NotRequired[{ty}]");
        }
        // A string annotation: `from __future__ import annotations` does not reach a call's arguments.
        fields.push(format!("{}: {}", docs::literal(&part.name), docs::literal(&ty)));
        let content_type = part.content_type.as_deref().map_or_else(|| "None".to_string(), docs::literal);
        let repeated = if part.repeated { "True" } else { "False" };
        parts.push(format!("({}, {}, {repeated}, {content_type})", docs::literal(&part.name), docs::literal(kind)));
    }
    let definition = format!(
        "\n\n{name} = typing.TypedDict({}, {{{}}})\n{}",
        docs::literal(&name),
        fields.join(", "),
        docs::docstring(
            &format!(
                "The `multipart/form-data` body of `{op_id}`: one part per key, files as bytes, a file opened `\"rb\"` or a `FilePart` (streamed as the request is sent)."
            ),
            ""
        ),
    );
    let send = format!("_runtime.form_parts(call, {arg}, {})", tuple(&parts));
    Some((name, definition, send))
}
