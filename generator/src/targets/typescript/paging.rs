//! The two walks of a paginated operation (`x-switchboard-pagination`) on `Client`:
//! `<method>Pages` (every page, as the operation's result) and `<method>Items` (every item),
//! async iterators over `rt.pages` / `rt.items`, with the operation's own arguments.

use super::docs::Doc;
use super::names::{self, Scope};
use super::Ctx;
use crate::ir::{Operation, PageStyle};

/// Whether `op` gets the walks: the IR finds its items, and one success status (the one a page
/// is read from), as the Rust target requires.
pub fn applies(ctx: &Ctx, op: &Operation) -> bool {
    op.pagination.is_some()
        && ctx.api.pagination_item(op).is_some()
        && op.responses.iter().filter(|r| r.status.is_success()).count() == 1
}

/// What the operation's own method was built from.
pub struct Method<'a> {
    pub method: &'a str,
    pub spec_name: &'a str,
    pub result_name: &'a str,
    /// The path arguments, `name: type`, and their names.
    pub path_args: &'a [String],
    pub path_names: &'a [String],
    /// The options type and whether the options are required (some parameter or the body is).
    pub options_type: &'a str,
    pub options_required: bool,
    /// Whether an option shadows a member of `Object.prototype` (the `{}` default then needs a cast).
    pub shadows_object: bool,
    /// The options property of each query parameter, by wire name.
    pub query_keys: &'a [(String, String)],
}

/// The module-level pagination constant and the two methods, or nothing.
pub fn emit(ctx: &Ctx, op: &Operation, m: &Method, root: &mut Scope, methods: &mut Scope) -> Option<(String, String)> {
    if !applies(ctx, op) {
        return None;
    }
    let p = op.pagination.as_ref()?;
    let item = ctx.ty(ctx.api.pagination_item(op)?, "types.").text;
    let key = |param: &str| m.query_keys.iter().find(|(wire, _)| wire == param).map(|(_, key)| key.clone());
    let lit = |s: &str| names::string_literal(s);
    let opt = |name: &str, v: &Option<String>| v.as_ref().map(|v| format!(", {name}: {}", lit(v))).unwrap_or_default();
    let (style, how) = match &p.style {
        PageStyle::Cursor { param, next } => (
            format!("{{ kind: \"cursor\", key: {}, next: {} }}", lit(&key(param)?), lit(next)),
            format!("the cursor at `{next}` of each page is sent back as `{param}`"),
        ),
        PageStyle::Page { param, first, total_pages, last } => (
            format!(
                "{{ kind: \"page\", key: {}, first: {first}{}{} }}",
                lit(&key(param)?),
                opt("totalPages", total_pages),
                opt("last", last)
            ),
            format!("pages are numbered in `{param}` from {first}"),
        ),
        PageStyle::Offset { param, total } => (
            format!("{{ kind: \"offset\", key: {}{} }}", lit(&key(param)?), opt("total", total)),
            format!("the offset in `{param}` advances by the items received"),
        ),
        PageStyle::LinkHeader => {
            ("{ kind: \"link\" }".to_string(), "the next page is the `Link` header's `rel=\"next\"`".into())
        }
        PageStyle::NextUrl { next } => (
            format!("{{ kind: \"nextUrl\", next: {} }}", lit(next)),
            format!("the next page is the URL at `{next}` of each page"),
        ),
    };
    let constant = root.camel(&format!("{} pagination", m.method), "pagination");
    let items_method = methods.camel(&format!("{} items", m.method), "items");
    let pages_method = methods.camel(&format!("{} pages", m.method), "pages");
    let item_list = if p.items.is_empty() { "the body".to_string() } else { format!("`{}` of the body", p.items) };
    let module = format!("const {constant}: rt.PaginationSpec = {{ items: {}, style: {style} }};\n\n", lit(&p.items));

    let options_type = format!("{} & rt.PageOptions", m.options_type);
    let options_arg = if m.options_required {
        format!("options: {options_type}")
    } else {
        let cast = if m.shadows_object { format!(" as {options_type}") } else { String::new() };
        format!("options: {options_type} = {{}}{cast}")
    };
    let mut args: Vec<String> = m.path_args.to_vec();
    args.push(options_arg);
    let args = args.join(", ");
    let path_names = m.path_names.join(", ");
    let rules = format!(
        "Pages are fetched one at a time, only as the iterator is advanced; {how}. Options set here go with \
         every page (the paging parameter is replaced). The walk ends after a page without a next one, an empty \
         page or the last page the body names; a repeated next page, one on another origin, or more pages than \
         `maxPages` throw a `PaginationError`."
    );
    let mut items_doc = Doc::default();
    items_doc.text(&format!("Every item ({item_list}) of every page of `{}`.", m.method));
    items_doc.text(&rules);
    items_doc.tag(&format!("@param options As for `{}`, and `maxPages`.", m.method));
    items_doc.tag(&format!("@throws As `{}` does, for any page; `PaginationError` as above.", m.method));
    let mut pages_doc = Doc::default();
    pages_doc.text(&format!("Every page of `{}` as its result (status, headers, body), for `for await`.", m.method));
    pages_doc.text(&rules);
    pages_doc.tag(&format!("@param options As for `{}`, and `maxPages`.", m.method));
    pages_doc.tag(&format!("@throws As `{}` does, for any page; `PaginationError` as above.", m.method));
    let (spec, result) = (m.spec_name, m.result_name);
    let methods_text = format!(
        "\n{}  {items_method}({args}): AsyncGenerator<{item}, void, undefined> {{\n    return rt.items<{item}>(this.#config, {spec}, {constant}, [{path_names}], options);\n  }}\n\
         \n{}  {pages_method}({args}): AsyncGenerator<{result}, void, undefined> {{\n    return rt.pages<{result}>(this.#config, {spec}, {constant}, [{path_names}], options);\n  }}\n",
        items_doc.render("  "),
        pages_doc.render("  "),
    );
    Some((module, methods_text))
}
