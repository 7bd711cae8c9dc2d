//! Responses: how a body decodes into its Python type, and `errors.py`, with one exception class
//! per documented error status.

use crate::ir::{Content, Payload, Response, Status};

use super::tuple;
use crate::targets::python::{docs, names, Ctx};

/// `errors.py`, filled operation by operation.
pub(super) struct ErrorModule<'a> {
    ctx: &'a Ctx<'a>,
    scope: names::Scope,
    code: String,
    pub(super) names: Vec<String>,
}

impl<'a> ErrorModule<'a> {
    pub(super) fn new(ctx: &'a Ctx<'a>) -> Self {
        ErrorModule {
            ctx,
            scope: names::Scope::with(&["typing", "models", "ApiError"]),
            code: String::new(),
            names: Vec::new(),
        }
    }

    pub(super) fn class(&mut self, hint: &str, base: &str, doc: &str) -> String {
        let name = self.scope.pascal(hint, "OperationError");
        self.code.push_str(&format!("\n\nclass {name}({base}):\n{}", docs::docstring(doc, "    ")));
        self.names.push(name.clone());
        name
    }

    pub(super) fn finish(self) -> String {
        let mut out = crate::targets::python::header(&self.ctx.api.source);
        out.push_str(&docs::docstring(
            &format!(
                "Exceptions for the documented error statuses of the {} (version {}).\n\n\
                 Each operation with documented errors has a base class (`<Operation>Error`) and one subclass per \
                 status, whose `body` has that status's schema type. All are `ApiError`s.",
                self.ctx.api_name(),
                self.ctx.api.version
            ),
            "",
        ));
        out.push_str("\nfrom __future__ import annotations\n\nimport typing\n\nfrom . import models\nfrom ._runtime import ApiError\n");
        out.push_str(&format!(
            "\n__all__ = [{}]\n",
            self.names.iter().map(|n| docs::literal(n)).collect::<Vec<_>>().join(", ")
        ));
        out.push_str("\n_B = typing.TypeVar(\"_B\")\n");
        out.push_str(&self.code);
        out
    }
}

pub(super) fn status_name(status: Status) -> String {
    match status {
        // 407 was unnamed here when these class names were published: naming it now would rename them.
        Status::Code(407) => "Status 407".into(),
        Status::Code(c) => status.reason().map_or_else(|| format!("Status {c}"), str::to_string),
        Status::Range(1) => "Informational".into(),
        Status::Range(2) => "Success".into(),
        Status::Range(3) => "Redirection".into(),
        Status::Range(4) => "Client Error".into(),
        Status::Range(5) => "Server Error".into(),
        Status::Range(r) => format!("Status {r}xx"),
        Status::Default => "Default".into(),
    }
}

/// Contents that decode to the same Python type, and how.
struct Shape {
    media: Vec<usize>,
    ty: String,
    /// The decoding call, with `{expected}` standing for the media types to check.
    decode: String,
}

fn shapes(ctx: &Ctx, contents: &[Content]) -> Vec<Shape> {
    let mut out: Vec<Shape> = Vec::new();
    for (i, c) in contents.iter().enumerate() {
        let (ty, decode) = match &c.payload {
            Payload::Json(schema) => {
                let ty = ctx.ty(schema, "models.");
                let decode = if ty == "typing.Any" {
                    "_runtime.json_body(response{expected})".to_string()
                } else {
                    format!("typing.cast({}, _runtime.json_body(response{{expected}}))", docs::literal(&ty))
                };
                (ty, decode)
            }
            Payload::Text | Payload::Form(_) => {
                ("str".to_string(), "_runtime.text_body(response{expected})".to_string())
            }
            Payload::Binary | Payload::Multipart(_) => {
                ("bytes".to_string(), "_runtime.binary_body(response{expected})".to_string())
            }
        };
        match out.iter_mut().find(|s| s.ty == ty) {
            Some(shape) => shape.media.push(i),
            None => out.push(Shape { media: vec![i], ty, decode }),
        }
    }
    out
}

/// The Python type of a response's body (`None` without one) and the statements that decode
/// it, each handing the value to `finish` (a `return ...` or `raise ...` template over `{}`).
pub(super) fn decode_response(ctx: &Ctx, r: &Response, finish: &str, indent: &str) -> (String, String) {
    let shapes = shapes(ctx, &r.contents);
    let media: Vec<String> = r.contents.iter().map(|c| docs::literal(&c.media_type)).collect();
    let expected = tuple(&media);
    match shapes.len() {
        0 => ("None".into(), format!("{indent}{}\n", finish.replace("{}", "None"))),
        1 => {
            let decode = shapes[0].decode.replace("{expected}", &format!(", {expected}"));
            (shapes[0].ty.clone(), format!("{indent}{}\n", finish.replace("{}", &decode)))
        }
        _ => {
            let mut code = format!("{indent}index = _runtime.matched(response, {expected})\n");
            let mut types = Vec::new();
            for (n, shape) in shapes.iter().enumerate() {
                let decode = shape.decode.replace("{expected}", "");
                let stmt = finish.replace("{}", &decode);
                if n + 1 < shapes.len() {
                    let set: Vec<String> = shape.media.iter().map(|i| i.to_string()).collect();
                    code.push_str(&format!("{indent}if index in {}:\n{indent}    {stmt}\n", tuple(&set)));
                } else {
                    code.push_str(&format!("{indent}{stmt}\n"));
                }
                types.push(shape.ty.clone());
            }
            (types.join(" | "), code)
        }
    }
}
