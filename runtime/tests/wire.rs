//! The wire format of query and cookie parameters (docs/wire-format.md), as `Prepared` writes
//! them: what the TypeScript and Python targets must write too (tests/wire/ checks all three).

use switchboard_runtime::*;

fn prepared() -> Prepared {
    Prepared::new(&reqwest::Client::new(), reqwest::Method::GET, "http://127.0.0.1:1", &[PathPart::Literal("/s")])
}

fn query(prepared: Prepared) -> Option<String> {
    prepared.target_url().and_then(|url| url.query().map(str::to_owned))
}

#[derive(serde::Serialize)]
struct Filter {
    zone: &'static str,
    age: u32,
}

#[test]
fn a_space_in_a_query_value_is_percent_20_not_plus() {
    assert_eq!(query(prepared().query(0, "q", &["a b+c"], true)).as_deref(), Some("q=a%20b%2Bc"));
}

#[test]
fn query_values_encode_everything_but_unreserved_characters() {
    let q = query(prepared().query(0, "q", &["!$'()*,;:@/?~-._"], true));
    assert_eq!(q.as_deref(), Some("q=%21%24%27%28%29%2A%2C%3B%3A%40%2F%3F~-._"));
}

#[test]
fn a_non_exploded_list_joins_with_literal_commas_and_encodes_commas_inside_items() {
    assert_eq!(query(prepared().query(0, "tags", &["a", "b,c"], false)).as_deref(), Some("tags=a,b%2Cc"));
}

#[test]
fn space_delimited_lists_join_with_percent_20() {
    let q = query(prepared().query_joined(0, "w", &["a", "b c"], ParamStyle::SpaceDelimited));
    assert_eq!(q.as_deref(), Some("w=a%20b%20c"));
}

#[test]
fn pipe_delimited_lists_join_with_percent_7c() {
    let q = query(prepared().query_joined(0, "p", &["a", "b|c"], ParamStyle::PipeDelimited));
    assert_eq!(q.as_deref(), Some("p=a%7Cb%7Cc"));
}

#[test]
fn deep_object_keys_go_in_the_order_the_value_serializes_them() {
    let filter = Filter { zone: "eu west", age: 30 };
    let q = query(prepared().query_object(0, "filter", &filter, ParamStyle::DeepObject, true));
    assert_eq!(q.as_deref(), Some("filter%5Bzone%5D=eu%20west&filter%5Bage%5D=30"));
}

#[test]
fn a_non_exploded_form_object_is_name_then_key_value_pairs_with_literal_commas() {
    let filter = Filter { zone: "a,b", age: 1 };
    let q = query(prepared().query_object(0, "f", &filter, ParamStyle::Form, false));
    assert_eq!(q.as_deref(), Some("f=zone,a%2Cb,age,1"));
}

#[test]
fn query_parameters_go_in_their_places_order() {
    let q = query(prepared().query(1, "b", &["2"], true).query(0, "a", &["1"], true));
    assert_eq!(q.as_deref(), Some("a=1&b=2"));
}

#[test]
fn simple_style_objects_keep_their_key_order() {
    assert_eq!(simple_param(&Filter { zone: "z", age: 1 }), "zone,z,age,1");
}

#[test]
fn header_values_refuse_non_ascii_text() {
    assert!(header_value::<std::convert::Infallible>("X-A", "café").is_err());
    assert!(header_value::<std::convert::Infallible>("X-A", "tab\tand \"quotes\"").is_ok());
}

#[test]
fn cookie_values_are_percent_encoded_and_joined_by_semicolon_space() {
    let request = prepared().cookie(0, "session", "abc").cookie(1, "theme", "dark mode; admin=1,x");
    let built = request.finish::<std::convert::Infallible>().ok().and_then(|r| r.build().ok());
    let cookie = built.as_ref().and_then(|r| r.headers().get("cookie")).and_then(|v| v.to_str().ok());
    assert_eq!(cookie, Some("session=abc; theme=dark%20mode%3B%20admin%3D1%2Cx"));
}
