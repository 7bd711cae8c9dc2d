//! The walks of a paginated operation (`x-switchboard-pagination`): `<method>_pages` (every
//! page, as the operation's `Response`) and `<method>_items` (every item), an iterator on
//! `Client` and an async iterator on `AsyncClient`, over the runtime's `Walk`.

use crate::ir::{Operation, PageStyle};
use crate::targets::python::{docs, names, Ctx};

/// Whether `op` gets the walks: the IR finds its items, and one success status (the one a page
/// is read from), as the Rust target requires.
pub(super) fn applies(ctx: &Ctx, op: &Operation) -> bool {
    op.pagination.is_some()
        && ctx.api.pagination_item(op).is_some()
        && op.responses.iter().filter(|r| r.status.is_success()).count() == 1
}

/// What the operation's own method was built from.
pub(super) struct Method<'a> {
    pub(super) method: &'a str,
    /// The method's parameters after `self`, `max_pages` not yet among them.
    pub(super) params: &'a [String],
    pub(super) call_fn: &'a str,
    pub(super) result_fn: &'a str,
    /// The arguments `call_fn` takes, comma-separated.
    pub(super) call_args: &'a str,
    /// The names of the keyword arguments (to pass from `_items` to `_pages`), and the positional ones.
    pub(super) keyword: &'a [String],
    pub(super) positional: &'a [String],
    pub(super) success: &'a str,
    /// The `Args:` lines of the method's docstring.
    pub(super) arg_lines: &'a [String],
    pub(super) warn: &'a str,
}

/// The walks: (module-level constant, sync methods, async methods), or nothing.
pub(super) fn emit(
    ctx: &Ctx,
    op: &Operation,
    m: &Method,
    methods: &mut names::Scope,
) -> Option<(String, String, String)> {
    if !applies(ctx, op) {
        return None;
    }
    let p = op.pagination.as_ref()?;
    let item = ctx.ty(ctx.api.pagination_item(op)?, "models.");
    let lit = |s: &str| docs::literal(s);
    let opt = |name: &str, v: &Option<String>| v.as_ref().map(|v| format!(", {name}={}", lit(v))).unwrap_or_default();
    let (style, how) = match &p.style {
        PageStyle::Cursor { param, next } => (
            format!("\"cursor\", param={}, next={}", lit(param), lit(next)),
            format!("the cursor at `{next}` of each page is sent back as `{param}`"),
        ),
        PageStyle::Page { param, first, total_pages, last } => (
            format!(
                "\"page\", param={}, first={first}{}{}",
                lit(param),
                opt("total_pages", total_pages),
                opt("last", last)
            ),
            format!("pages are numbered in `{param}` from {first}"),
        ),
        PageStyle::Offset { param, total } => (
            format!("\"offset\", param={}{}", lit(param), opt("total", total)),
            format!("the offset in `{param}` advances by the items received"),
        ),
        PageStyle::LinkHeader => ("\"link\"".to_string(), "the next page is the `Link` header's `rel=\"next\"`".into()),
        PageStyle::NextUrl { next } => {
            (format!("\"next_url\", next={}", lit(next)), format!("the next page is the URL at `{next}` of each page"))
        }
    };
    let constant = format!("_{}_pagination", m.method);
    let module = format!("\n\n{constant}: typing.Final = _runtime.Pagination({}, {style})\n", lit(&p.items));
    let pages = methods.snake(&format!("{} pages", m.method), "pages");
    let items = methods.snake(&format!("{} items", m.method), "items");

    let mut params = vec!["self".to_string()];
    params.extend(m.params.iter().cloned());
    params.push("max_pages: int | None = None".into());
    let signature = format!("(\n{}    )", params.iter().map(|p| format!("        {p},\n")).collect::<String>());
    let mut forward: Vec<String> = m.positional.to_vec();
    forward.extend(m.keyword.iter().map(|k| format!("{k}={k}")));
    forward.extend([
        "headers=headers".into(),
        "timeout=timeout".into(),
        "retry=retry".into(),
        "max_pages=max_pages".into(),
    ]);
    let forward = forward.join(", ");

    let rules = format!(
        "Pages are fetched one at a time, only as the iterator is advanced; {how}. Arguments set here go with \
         every page (the paging parameter is replaced). The walk ends after a page without a next one, an empty \
         page or the last page the body names; a repeated next page, one on another origin, or more pages than \
         `max_pages` raise `PaginationError`."
    );
    let mut arg_lines = m.arg_lines.to_vec();
    arg_lines.push(format!("    max_pages: the most pages fetched (default `DEFAULT_MAX_PAGES`, {}).", "10,000"));
    let args_doc = format!("Args:\n{}", arg_lines.join("\n"));
    let raises =
        format!("Raises:\n    PaginationError: as above.\n    The exceptions of `{}`, for any page.", m.method);
    let item_list = if p.items.is_empty() { "the body".to_string() } else { format!("`{}` of the body", p.items) };
    let pages_doc = docs::docstring(
        &docs::paragraphs([
            format!("Every page of `{}` as its `Response[{}]` (status, headers, body).", m.method, m.success),
            rules.clone(),
            args_doc.clone(),
            raises.clone(),
        ]),
        "        ",
    );
    let items_doc = docs::docstring(
        &docs::paragraphs([
            format!("Every item ({item_list}) of every page of `{}`.", m.method),
            rules,
            args_doc,
            raises,
        ]),
        "        ",
    );
    let (warn, call_fn, result_fn, call_args, success) = (m.warn, m.call_fn, m.result_fn, m.call_args, m.success);
    let walk = format!(
        "{warn}        _walk = _runtime.Walk({call_fn}({call_args}), {constant}, max_pages)\n        _core = self._core.for_call(headers, timeout, retry)\n        while _walk.next_page():\n"
    );
    let sync = format!(
        "\n    def {pages}{signature} -> typing.Iterator[Response[{success}]]:\n{pages_doc}{walk}\
         \x20           _page = {result_fn}(_runtime.exchange(self._http, _core, _walk.call.security, lambda: _walk.build(_core)))\n            _walk.advance(_page)\n            yield _page\n\
         \n    def {items}{signature} -> typing.Iterator[{item}]:\n{items_doc}\
         \x20       for _page in self.{pages}({forward}):\n            yield from _runtime.page_items({op_id}, _page.body, {constant})\n",
        op_id = lit(&op.id),
    );
    let asynchronous = format!(
        "\n    async def {pages}{signature} -> typing.AsyncIterator[Response[{success}]]:\n{pages_doc}{walk}\
         \x20           _page = {result_fn}(await _runtime.exchange_async(self._http, _core, _walk.call.security, lambda: _walk.build(_core)))\n            _walk.advance(_page)\n            yield _page\n\
         \n    async def {items}{signature} -> typing.AsyncIterator[{item}]:\n{items_doc}\
         \x20       async for _page in self.{pages}({forward}):\n            for _item in _runtime.page_items({op_id}, _page.body, {constant}):\n                yield _item\n",
        op_id = lit(&op.id),
    );
    Some((module, sync, asynchronous))
}
