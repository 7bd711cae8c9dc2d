//! The `<op>_stream` method of an operation whose success body can be read as it arrives: a
//! download (binary or text), server-sent events or JSON lines. It returns a `Stream` (or an
//! `AsyncStream`), a context manager that sends on entry and iterates the items.

use crate::ir::{Content, Operation, Payload, PrimitiveKind, Schema, StreamKind};
use crate::targets::python::{docs, names, Ctx};

/// What the operation's own method already settled that the stream method repeats.
pub(super) struct Method<'a> {
    pub(super) method: &'a str,
    /// The method's parameters after `self`, keyword-only ones last.
    pub(super) params: &'a [String],
    pub(super) call_fn: &'a str,
    pub(super) result_fn: &'a str,
    pub(super) call_args: &'a str,
    pub(super) arg_lines: &'a [String],
    pub(super) warn: &'a str,
}

/// The success content read as a stream: the first with a `stream` (events, lines), else the
/// first binary or text one (a download).
fn streamed(op: &Operation) -> Option<&Content> {
    let contents = || op.responses.iter().filter(|r| r.status.is_success()).flat_map(|r| r.contents.iter());
    contents()
        .find(|c| c.stream.is_some())
        .or_else(|| contents().find(|c| matches!(c.payload, Payload::Binary | Payload::Text)))
}

/// The function that decodes one event's data or one line into the item type `ty`.
fn item_decoder(ctx: &Ctx, item: &Schema, events: bool) -> String {
    let ty = ctx.ty(item, "models.");
    let text = matches!(item, Schema::Primitive(p) if p.kind == PrimitiveKind::String);
    if events && text {
        "_runtime.text_data".into()
    } else if ty == "typing.Any" {
        "_runtime.json_data".into()
    } else {
        format!("lambda data: typing.cast({}, _runtime.json_data(data))", docs::literal(&ty))
    }
}

/// The stream method for each client, `(sync, async)`, when the operation has a body to stream.
pub(super) fn emit(ctx: &Ctx, op: &Operation, m: &Method, methods: &mut names::Scope) -> Option<(String, String)> {
    let content = streamed(op)?;
    let media = docs::literal(&content.media_type);
    let (item, decoder, what) = match &content.stream {
        Some(s) if s.kind == StreamKind::Events => {
            let ty = ctx.ty(&s.item, "models.");
            let done = s.done.as_deref().map_or_else(|| "None".to_string(), docs::literal);
            (
                format!("_runtime.Event[{ty}] | _runtime.ItemError"),
                format!("_runtime.event_decoder({}, {done})", item_decoder(ctx, &s.item, true)),
                "Its server-sent events, each `data` decoded; data that does not decode is an `ItemError` item, and the stream goes on."
                    .to_string(),
            )
        }
        Some(s) => (
            format!("{} | _runtime.ItemError", ctx.ty(&s.item, "models.")),
            format!("_runtime.lines_decoder({}, {media})", item_decoder(ctx, &s.item, false)),
            "Its JSON lines, each decoded; a line that does not decode is an `ItemError` item, and the stream goes on."
                .to_string(),
        ),
        None => {
            ("bytes".to_string(), "_runtime.byte_decoder()".to_string(), "Its body's bytes as they arrive.".to_string())
        }
    };
    let events = matches!(&content.stream, Some(s) if s.kind == StreamKind::Events);
    let name = methods.snake(&format!("{} stream", m.method), "operation stream");
    let mut params: Vec<String> = vec!["self".into()];
    params.extend(m.params.iter().cloned());
    if !params.iter().any(|p| p == "*") {
        params.insert(params.len() - 3, "*".into());
    }
    let mut arg_lines = m.arg_lines.to_vec();
    let mut reconnects = "";
    if events {
        params.push("reconnects: int = 0".into());
        arg_lines.push(
            "    reconnects: how many times to reconnect (with `Last-Event-ID`) when the connection ends \
             before the stream does; none unless asked."
                .into(),
        );
        reconnects = ", reconnects";
    }
    let signature = format!("(\n{}    )", params.iter().map(|p| format!("        {p},\n")).collect::<String>());
    let doc_for = |kind: &str| {
        docs::docstring(
            &docs::paragraphs(vec![
                format!("`{}`, read as it arrives from `{}`. {what}", m.method, content.media_type),
                format!(
                    "Use it in `{kind}`: entering sends the request (retried only until the answer's head) and \
                     raises the documented errors of `{}`; leaving closes the response. The body limit bounds one \
                     item, not the stream, and the timeout is the longest silence between two chunks.",
                    m.method
                ),
                format!("Args:\n{}", arg_lines.join("\n")),
            ]),
            "        ",
        )
    };
    let body = |class: &str| {
        format!(
            "        return _runtime.{class}(\n            self._http,\n            self._core.for_call(headers, timeout, retry),\n            {}({}),\n            ({media},),\n            {},\n            {decoder}{reconnects},\n        )\n",
            m.call_fn, m.call_args, m.result_fn
        )
    };
    let sync = format!(
        "\n    def {name}{signature} -> _runtime.Stream[{item}]:\n{}{}{}",
        doc_for("a `with` block"),
        m.warn,
        body("Stream")
    );
    let asynchronous = format!(
        "\n    def {name}{signature} -> _runtime.AsyncStream[{item}]:\n{}{}{}",
        doc_for("an `async with` block"),
        m.warn,
        body("AsyncStream")
    );
    Some((sync, asynchronous))
}
