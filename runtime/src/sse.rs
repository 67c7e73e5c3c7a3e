//! The `text/event-stream` parser (WHATWG HTML, "Server-sent events", §9.2.6), incremental
//! over chunks that may split lines and UTF-8 characters anywhere.

use std::collections::VecDeque;

use crate::stream::Event;

pub(crate) struct Parser {
    /// Bytes of the current, unfinished line.
    line: Vec<u8>,
    /// The event being assembled.
    event: Event,
    has_data: bool,
    limit: usize,
    /// The previous chunk ended in `\r`: a `\n` starting the next one belongs to it.
    after_cr: bool,
    /// The stream's first line may start with a byte order mark.
    first_line: bool,
}

impl Parser {
    pub(crate) fn new(limit: usize) -> Self {
        Parser {
            line: Vec::new(),
            event: Event::default(),
            has_data: false,
            limit,
            after_cr: false,
            first_line: true,
        }
    }

    /// Feeds a chunk; finished events go to `out`. `Err(limit)` when one event outgrows it.
    pub(crate) fn feed(&mut self, chunk: &[u8], out: &mut VecDeque<Event>) -> Result<(), usize> {
        for &byte in chunk {
            let after_cr = std::mem::replace(&mut self.after_cr, false);
            match byte {
                b'\n' if after_cr => {}
                b'\n' | b'\r' => {
                    self.after_cr = byte == b'\r';
                    self.end_line(out);
                }
                _ => {
                    self.line.push(byte);
                    // What one event holds: its data so far and the line being read.
                    if self.line.len() + self.event.data.len() > self.limit {
                        return Err(self.limit);
                    }
                }
            }
        }
        Ok(())
    }

    fn end_line(&mut self, out: &mut VecDeque<Event>) {
        let line = std::mem::take(&mut self.line);
        let mut text = String::from_utf8_lossy(&line).into_owned();
        if std::mem::replace(&mut self.first_line, false) {
            if let Some(rest) = text.strip_prefix('\u{feff}') {
                text = rest.to_owned();
            }
        }
        if text.is_empty() {
            self.dispatch(out);
            return;
        }
        if text.starts_with(':') {
            return; // a comment (often a keep-alive)
        }
        let (field, value) = match text.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (text.as_str(), ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.event.data.push('\n');
                }
                self.event.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => self.event.id = Some(value.to_owned()),
            "retry" => {
                if let Ok(ms) = value.parse() {
                    self.event.retry = Some(ms);
                }
            }
            _ => {}
        }
    }

    /// A blank line ends an event; one without data is not dispatched (the format's rule).
    fn dispatch(&mut self, out: &mut VecDeque<Event>) {
        let event = std::mem::take(&mut self.event);
        if std::mem::replace(&mut self.has_data, false) {
            out.push_back(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]], limit: usize) -> Result<Vec<Event>, usize> {
        let mut parser = Parser::new(limit);
        let mut out = VecDeque::new();
        for chunk in chunks {
            parser.feed(chunk, &mut out)?;
        }
        Ok(out.into())
    }

    #[test]
    fn events_split_anywhere_parse_the_same() {
        let text = "\u{feff}: keep-alive\r\nevent: delta\ndata: {\"a\":1}\ndata: x\rid: 7\nretry: 50\n\ndata\n\nevent: lone\n\n";
        let whole = parse(&[text.as_bytes()], 1024);
        let bytes = text.as_bytes();
        for split in 0..bytes.len() {
            let parts = parse(&[&bytes[..split], &bytes[split..]], 1024);
            assert_eq!(parts, whole, "split at {split}");
        }
        let events = whole.unwrap_or_default();
        assert_eq!(events.len(), 2, "{events:?}");
        assert_eq!(events[0].event.as_deref(), Some("delta"));
        assert_eq!(events[0].data, "{\"a\":1}\nx");
        assert_eq!(events[0].id.as_deref(), Some("7"));
        assert_eq!(events[0].retry, Some(50));
        assert_eq!(events[1].data, "");
        assert_eq!(events[1].event, None);
    }

    #[test]
    fn an_endless_line_is_refused_at_the_limit() {
        let endless = vec![b'x'; 100];
        assert_eq!(parse(&[b"data: ", &endless], 64), Err(64));
        assert!(parse(&[b"data: ok\n\n"], 64).is_ok());
    }
}
