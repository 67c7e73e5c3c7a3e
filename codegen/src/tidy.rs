//! Stage 5's last touch: the runtime's `setter!` calls printed as a person writes them,
//! `rt::setter!(with_name => name = Some(Into<String>));` rather than `Some(Into < String >)`.
//!
//! prettyplease prints a macro's arguments token by token; it cannot tell a generic `<` from
//! a comparison, so it spaces every one and may even break a line inside `Into < String >`.
//! No formatter prints macro arguments by the macro's own grammar, so this pass does it for
//! the one macro whose arguments hold types. They are ours alone (an optional `#[deprecated]`,
//! a setter name, a field name and a type: never a string literal or a comparison), which is
//! what makes removing the spaces around `<` and `>` safe; a call with a `"` in it is left
//! as printed.

/// prettyplease's line width: a tightened call that fits goes on one line, as it would have.
const MARGIN: usize = 89;

/// How a setter call starts (generated modules import the runtime as `rt`).
const CALL: &str = "rt::setter!(";

/// `text` with every `setter!` call's type arguments tightened and the call re-flowed.
pub(crate) fn tighten_setters(text: String) -> String {
    if !text.contains(CALL) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if !trimmed.starts_with(CALL) {
            push_line(&mut out, line);
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        let mut printed = vec![line];
        let mut call = trimmed.to_owned();
        while !call.ends_with(");") {
            let Some(next) = lines.next() else { break };
            printed.push(next);
            let next = next.trim();
            if !(call.ends_with('(') || next.starts_with(')')) {
                call.push(' ');
            }
            call.push_str(next);
        }
        if !call.ends_with(");") || call.contains('"') {
            printed
                .into_iter()
                .for_each(|line| push_line(&mut out, line));
            continue;
        }
        write_call(&mut out, indent, &tighten(&call));
    }
    out
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// Drops the spaces beside `<` and before `>` (never the one before `=>`).
fn tighten(call: &str) -> String {
    let chars: Vec<char> = call.chars().collect();
    let mut out = String::with_capacity(call.len());
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let after_open = out.ends_with('<');
        if c == ' ' && (matches!(next, Some('<' | '>')) || after_open) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The call on one line when it fits, else its arguments on a line of their own between the
/// opening and the closing line (prettyplease's layout for a long call).
fn write_call(out: &mut String, indent: &str, call: &str) {
    if indent.len() + call.len() <= MARGIN {
        out.push_str(indent);
        push_line(out, call);
        return;
    }
    let arguments = &call[CALL.len()..call.len() - ");".len()];
    out.push_str(indent);
    push_line(out, CALL);
    out.push_str(indent);
    out.push_str("    ");
    push_line(out, arguments);
    out.push_str(indent);
    push_line(out, ");");
}

#[cfg(test)]
mod tests {
    use super::tighten_setters;

    #[test]
    fn a_setter_that_fits_is_one_tight_line() {
        let text =
            "    impl X {\n        rt::setter!(with_a => a = Some(Into < String >));\n    }\n";
        let expected =
            "    impl X {\n        rt::setter!(with_a => a = Some(Into<String>));\n    }\n";
        assert_eq!(tighten_setters(text.to_owned()), expected);
    }

    #[test]
    fn a_call_wrapped_inside_its_type_is_joined() {
        let text = concat!(
            "        rt::setter!(\n",
            "            with_traffic_mirror_filter_id => traffic_mirror_filter_id = Some(Into <\n",
            "            String >)\n",
            "        );\n",
            "        rt::setter!(\n",
            "            with_virtual_network_id => virtual_network_id = Some(Into < String >)\n",
            "        );\n",
        );
        let expected = concat!(
            "        rt::setter!(\n",
            "            with_traffic_mirror_filter_id => traffic_mirror_filter_id = Some(Into<String>)\n",
            "        );\n",
            "        rt::setter!(with_virtual_network_id => virtual_network_id = Some(Into<String>));\n",
        );
        assert_eq!(tighten_setters(text.to_owned()), expected);
    }

    #[test]
    fn nested_generics_and_attributes_keep_their_words() {
        let text = "rt::setter!(#[deprecated] box_ => b = Nullable(box Into < Vec < BTreeMap < String, i64 > > >));\n";
        let expected = "rt::setter!(#[deprecated] box_ => b = Nullable(box Into<Vec<BTreeMap<String, i64>>>));\n";
        assert_eq!(tighten_setters(text.to_owned()), expected);
    }

    #[test]
    fn other_code_and_unfinished_or_quoted_calls_are_left_alone() {
        let untouched = [
            "let x = a < b && c > d;\n/// rt::setter!(x => y = Some(Into < T >));\n",
            "rt::setter!(with_a => a = Some(Into < String >)\n",
            "rt::setter!(with_a => a = Some(Into < String >), \"s < t\");\n",
        ];
        for text in untouched {
            assert_eq!(tighten_setters(text.to_owned()), text);
        }
    }
}
