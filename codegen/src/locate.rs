//! Finding the line and column of a JSON pointer in the spec text, for error messages.
//!
//! Loading reports positions for syntax errors; errors found later (a broken `$ref`, an
//! unsupported construct) know their JSON pointer. This walks the YAML event stream of the
//! same parser the loader uses ([`crate::load::yaml`]; JSON is YAML too) to the node the pointer
//! names. It runs only when there is an error to report.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// 1-based line and column of the node at `pointer`, or `None` if it cannot be found.
#[cfg(test)]
pub(crate) fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    find(text, pointer, false)
}

/// As [`locate`], but when the text lacks the node (one the 3.1 translation wrote, or a
/// missing key) the position of its nearest ancestor below the root, found in the same pass.
pub(crate) fn locate_nearest(text: &str, pointer: &str) -> Option<(usize, usize)> {
    find(text, pointer, true)
}

fn find(text: &str, pointer: &str, nearest: bool) -> Option<(usize, usize)> {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token().ok()?;
        match event {
            Event::StreamStart | Event::DocumentStart => continue,
            Event::StreamEnd => return None,
            event => {
                let mode = Mode {
                    nearest,
                    here: None,
                };
                let (line, column, exact) = walk(&mut parser, event, mark, &segments, mode)?;
                return Some(if exact {
                    (line, column)
                } else {
                    (line, first_column(text, line))
                });
            }
        }
    }
}

/// The column where a line's content starts (the parser marks a block collection late).
fn first_column(text: &str, line: usize) -> usize {
    let content = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
    let start = content.trim_start_matches([' ', '-']).len();
    content.len() - start + 1
}

/// Line, column, and whether the column is exact (a key's) or only the node's line is.
type Found = (usize, usize, bool);

/// What a walk answers when the next segment is not there.
#[derive(Clone, Copy)]
struct Mode {
    /// Answer with the node reached so far, rather than nothing.
    nearest: bool,
    /// Where the node being walked is (`None` for the root, which is never an answer).
    here: Option<Found>,
}

impl Mode {
    fn at(self, found: Found) -> Mode {
        Mode {
            here: self.nearest.then_some(found),
            ..self
        }
    }

    fn missing(self) -> Option<Found> {
        self.here
    }
}

fn walk(
    parser: &mut Parser<std::str::Chars<'_>>,
    node: Event,
    mark: Marker,
    segments: &[String],
    mode: Mode,
) -> Option<Found> {
    let Some((segment, rest)) = segments.split_first() else {
        return Some((mark.line(), mark.col() + 1, false));
    };
    match node {
        Event::MappingStart(..) => loop {
            let (key, key_mark) = parser.next_token().ok()?;
            if key == Event::MappingEnd {
                return mode.missing();
            }
            let found = matches!(&key, Event::Scalar(k, ..) if k == segment);
            skip(parser, key)?;
            let (value, value_mark) = parser.next_token().ok()?;
            if found {
                // Point at the key: that is the line a reader looks for.
                let key_at = (key_mark.line(), key_mark.col() + 1, true);
                return if rest.is_empty() {
                    Some(key_at)
                } else {
                    walk(parser, value, value_mark, rest, mode.at(key_at))
                };
            }
            skip(parser, value)?;
        },
        Event::SequenceStart(..) => {
            let Ok(index) = segment.parse::<usize>() else {
                return mode.missing();
            };
            for i in 0.. {
                let (item, item_mark) = parser.next_token().ok()?;
                if item == Event::SequenceEnd {
                    return mode.missing();
                }
                if i == index {
                    let item_at = (item_mark.line(), item_mark.col() + 1, false);
                    return walk(parser, item, item_mark, rest, mode.at(item_at));
                }
                skip(parser, item)?;
            }
            None
        }
        _ => mode.missing(),
    }
}

/// Consumes the rest of the node that `first` starts.
fn skip(parser: &mut Parser<std::str::Chars<'_>>, first: Event) -> Option<()> {
    let mut depth = usize::from(matches!(
        first,
        Event::MappingStart(..) | Event::SequenceStart(..)
    ));
    while depth > 0 {
        match parser.next_token().ok()?.0 {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth -= 1,
            Event::StreamEnd => return None,
            _ => {}
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::locate;

    const YAML: &str = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      parameters:\n      - name: id\n        in: path\n      - name: q\n        in: query\n";

    #[test]
    fn finds_yaml_nodes() {
        assert_eq!(locate(YAML, "/paths"), Some((2, 1)));
        assert_eq!(locate(YAML, "/paths/~1a~1{id}/get"), Some((4, 5)));
        assert_eq!(
            locate(YAML, "/paths/~1a~1{id}/get/parameters/1"),
            Some((8, 9))
        );
        assert_eq!(
            locate(YAML, "/paths/~1a~1{id}/get/parameters/1/in"),
            Some((9, 9))
        );
        assert_eq!(locate(YAML, "/paths/~1nope"), None);
        assert_eq!(locate(YAML, "/paths/~1a~1{id}/get/parameters/7"), None);
    }

    #[test]
    fn finds_json_nodes() {
        let json = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\"/x\": {\"get\": {\"operationId\": \"a\"}}}\n}";
        assert_eq!(locate(json, "/paths/~1x/get/operationId"), Some((3, 28)));
        assert_eq!(locate("{not yaml: [", "/a"), None);
    }

    #[test]
    fn nearest_finds_the_deepest_ancestor_in_the_text() {
        use super::locate_nearest;
        assert_eq!(
            locate_nearest(YAML, "/paths/~1a~1{id}/get/anyOf/0/type"),
            Some((4, 5))
        );
        assert_eq!(
            locate_nearest(YAML, "/paths/~1a~1{id}/get/parameters/1/in/deeper"),
            Some((9, 9))
        );
        assert_eq!(
            locate_nearest(YAML, "/paths/~1a~1{id}/get/parameters/9"),
            Some((5, 7))
        );
        // The root is no answer.
        assert_eq!(locate_nearest(YAML, "/nope/deeper"), None);
        assert_eq!(
            locate_nearest(YAML, "/paths/~1a~1{id}/get"),
            locate(YAML, "/paths/~1a~1{id}/get")
        );
    }
}
