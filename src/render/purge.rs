//! Drops the rules of a stylesheet that no page can match.
//!
//! Bootstrap Italia's CSS is 600 kB; a portal page uses a small part of it.
//! The test is conservative: a selector is dropped only when it names, outside
//! any functional pseudo-class such as `:not(...)`, a class that appears
//! nowhere in the templates or scripts (`words`). Everything else — element,
//! attribute and id selectors, `:root` variables, keyframes — is kept.
//! `@font-face` rules are dropped: the portal writes its own.

use cssparser::{ParseError, Parser, Token};
use std::collections::BTreeSet;

/// Every word (`[A-Za-z0-9_-]+`) of `text`: the candidate class names.
pub fn words(text: &str, into: &mut BTreeSet<String>) {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    for word in text.split(|c: char| !is_word(c)) {
        if !word.is_empty() {
            into.insert(word.to_string());
        }
    }
}

/// The rules of `css` that can match a page using the classes in `used`.
pub(crate) fn purge(css: &str, used: &BTreeSet<String>) -> String {
    let mut parser = Parser::new(css.trim_start_matches('\u{feff}'));
    let mut out = String::with_capacity(css.len() / 4);
    rules(&mut parser, used, &mut out);
    out
}

type NoError = ParseError<()>;

/// At-rules whose block holds more rules, purged recursively.
const GROUPING: [&str; 5] = ["media", "supports", "container", "layer", "document"];

fn rules(parser: &mut Parser<'_>, used: &BTreeSet<String>, out: &mut String) {
    loop {
        let start = parser.position();
        let mut at_rule: Option<String> = None;
        let mut block_start = None;
        let mut first = true;
        loop {
            let before = parser.position();
            let Ok(token) = parser.next_including_whitespace_and_comments() else {
                return;
            };
            match token {
                Token::Comment(text) if first => {
                    // Licence banners (`/*! ... */`) must travel with the code.
                    if text.starts_with('!') {
                        out.push_str(&format!("/*{text}*/"));
                    }
                    break;
                }
                Token::WhiteSpace(_) if first => break,
                Token::AtKeyword(name) if first => at_rule = Some(name.to_ascii_lowercase()),
                Token::Semicolon => {
                    out.push_str(parser.slice_from(start));
                    break;
                }
                Token::CurlyBracketBlock => {
                    block_start = Some(before);
                    break;
                }
                Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock => {
                    skip_block(parser);
                }
                _ => {}
            }
            first = false;
        }
        let Some(block_start) = block_start else {
            continue;
        };
        let prelude = parser.slice(start..block_start).trim();
        let body: Result<String, NoError> = parser.parse_nested_block(|inner| {
            let body_start = inner.position();
            match &at_rule {
                Some(name) if GROUPING.contains(&name.as_str()) => {
                    let mut nested = String::new();
                    rules(inner, used, &mut nested);
                    Ok(nested)
                }
                _ => {
                    while inner.next_including_whitespace_and_comments().is_ok() {}
                    Ok(inner.slice_from(body_start).to_string())
                }
            }
        });
        let body = body.unwrap_or_default();
        match at_rule.as_deref() {
            Some("font-face") => {}
            Some(name) if GROUPING.contains(&name) => {
                if !body.is_empty() {
                    out.push_str(&format!("{prelude}{{{body}}}"));
                }
            }
            Some(_) => out.push_str(&format!("{prelude}{{{body}}}")),
            None => {
                let kept: Vec<&str> = split_selectors(prelude)
                    .into_iter()
                    .filter(|s| selector_is_used(s, used))
                    .collect();
                if !kept.is_empty() {
                    out.push_str(&format!("{}{{{body}}}", kept.join(",")));
                }
            }
        }
    }
}

/// Consumes the block just opened, so that `position()` moves past it
/// (cssparser skips it lazily, on the next token).
fn skip_block(parser: &mut Parser<'_>) {
    let _: Result<(), NoError> = parser.parse_nested_block(|inner| {
        while inner.next_including_whitespace_and_comments().is_ok() {}
        Ok(())
    });
}

/// Splits a selector list at its top-level commas.
fn split_selectors(list: &str) -> Vec<&str> {
    let mut parser = Parser::new(list);
    let mut parts = Vec::new();
    let mut start = parser.position();
    loop {
        let before = parser.position();
        match parser.next_including_whitespace_and_comments() {
            Ok(Token::Comma) => {
                parts.push(parser.slice(start..before).trim());
                start = parser.position();
            }
            Ok(Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock) => {
                skip_block(&mut parser)
            }
            Ok(_) => {}
            Err(_) => {
                parts.push(parser.slice_from(start).trim());
                return parts;
            }
        }
    }
}

/// False when the selector needs a class that no template uses.
fn selector_is_used(selector: &str, used: &BTreeSet<String>) -> bool {
    let mut parser = Parser::new(selector);
    let mut after_dot = false;
    while let Ok(token) = parser.next_including_whitespace_and_comments() {
        match token {
            Token::Ident(name) if after_dot => {
                if !used.contains(name.as_ref()) {
                    return false;
                }
                after_dot = false;
            }
            Token::Delim('.') => after_dot = true,
            _ => after_dot = false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn unused_classes_are_dropped_and_the_rest_kept() {
        let css = "\u{feff}/*! licence */:root{--x:1}.btn,.vjs-x{color:red}\
                   a:not(.nope){color:blue}.unused .btn{margin:0}\
                   @media (min-width:576px){.container{width:1px}.gone{x:y}}\
                   @media print{.gone{x:y}}@font-face{font-family:X;src:url(x)}\
                   @keyframes spin{from{opacity:0}to{opacity:1}}table>tr{x:y}";
        let out = purge(css, &used(&["btn", "container"]));
        assert_eq!(
            out,
            "/*! licence */:root{--x:1}.btn{color:red}a:not(.nope){color:blue}\
             @media (min-width:576px){.container{width:1px}}\
             @keyframes spin{from{opacity:0}to{opacity:1}}table>tr{x:y}"
        );
    }

    #[test]
    fn commas_inside_functions_do_not_split_selectors() {
        assert_eq!(
            split_selectors(".a:is(.b, .c) , .d"),
            vec![".a:is(.b, .c)", ".d"]
        );
    }

    #[test]
    fn words_are_the_class_candidates() {
        let mut set = BTreeSet::new();
        words(
            r#"<div class="it-header-wrapper {{ x }}">col-lg-4"#,
            &mut set,
        );
        assert!(set.contains("it-header-wrapper"));
        assert!(set.contains("col-lg-4"));
        assert!(!set.contains("it-header"));
    }
}
