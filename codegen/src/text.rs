//! Text hygiene shared by emit (doc comments) and render (the file header): what must never
//! reach generated code from a spec, whatever stage writes it.

/// Characters that reorder how text is displayed (rustc denies them in comments: they can
/// make code read differently from how it compiles).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}
