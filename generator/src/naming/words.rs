//! Text to cased words: folding to ASCII, where words break, and how each case joins them.

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::Breaks;

/// snake_case words of `raw`, joined by single underscores.
pub(super) fn snake(raw: &str, ascii: bool, before_fold: bool) -> String {
    let cased = match (ascii, before_fold) {
        (false, _) => raw.to_snake_case(),
        (true, true) => fold(&raw.to_snake_case()),
        (true, false) => fold(raw).to_snake_case(),
    };
    cased.split('_').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("_")
}

/// PascalCase words of `raw`. Digit runs that would touch across a word break stay apart
/// (`G7221@32000h` → `G7221_32000h`), since `G722132000h` reads as one number.
pub(super) fn pascal(raw: &str, ascii: bool, breaks: Breaks) -> String {
    let folded;
    let text = if ascii {
        folded = fold(raw);
        folded.as_str()
    } else {
        raw
    };
    let mut out = String::new();
    for chunk in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let word = match breaks {
            Breaks::Case => chunk.to_upper_camel_case(),
            Breaks::CaseAndDigits => split_case(chunk).iter().map(|w| capitalise(w)).collect(),
        };
        if out.ends_with(|c: char| c.is_ascii_digit()) && word.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        out.push_str(&word);
    }
    out
}

/// camelCase: every PascalCase word is already capitalised, so lowering the first letter is
/// enough (`HTTPServer` → `HttpServer` → `httpServer`).
pub(super) fn camel(raw: &str, ascii: bool, breaks: Breaks) -> String {
    let pascal = pascal(raw, ascii, breaks);
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The words of a run of letters and digits under [`Breaks::CaseAndDigits`].
fn split_case(chunk: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = chunk.char_indices().collect();
    let mut words = Vec::new();
    let mut start = 0;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(i + 1).map(|&(_, n)| n);
        let boundary = match prev {
            Some(p) if c.is_uppercase() && (p.is_lowercase() || p.is_numeric()) => true,
            Some(p) if c.is_uppercase() && p.is_uppercase() => next.is_some_and(char::is_lowercase),
            _ => false,
        };
        if boundary && at > start {
            words.push(&chunk[start..at]);
            start = at;
        }
    }
    if start < chunk.len() {
        words.push(&chunk[start..]);
    }
    words
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}

/// ASCII letters, digits and `_` as they are; common accented Latin letters without their
/// accent; anything else becomes `_`, which every case treats as a word break.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if let Some(folded) = fold_latin(c) {
            out.push_str(folded);
        } else {
            out.push('_');
        }
    }
    out
}

/// ASCII for common accented Latin letters, so that `größe` reads `groesse` in each language.
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => "a",
        'ä' | 'æ' => "ae",
        'ç' | 'č' | 'ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
        'ö' | 'œ' => "oe",
        'ù' | 'ú' | 'û' => "u",
        'ü' => "ue",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'š' | 'ś' => "s",
        'ž' | 'ź' | 'ż' => "z",
        'ł' => "l",
        'Ä' => "Ae",
        'Ö' => "Oe",
        'Ü' => "Ue",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_digit_breaks_add_one_rule_to_hecks() {
        assert_eq!(split_case("getUserById"), ["get", "User", "By", "Id"]);
        assert_eq!(split_case("HTTPServer"), ["HTTP", "Server"]);
        assert_eq!(split_case("AB1C"), ["AB1", "C"]);
        assert_eq!(split_case("ID"), ["ID"]);
    }

    #[test]
    fn folding_keeps_ascii_and_breaks_words_elsewhere() {
        assert_eq!(fold("größe"), "groesse");
        assert_eq!(fold("Über_名"), "Ueber__");
        assert_eq!(snake("Über-Größe", true, false), "ueber_groesse");
    }
}
